package io.cloudexfil.hunt.cli;

import io.cloudexfil.hunt.pipeline.ClusterTarget;
import io.cloudexfil.hunt.pipeline.FlinkSettings;

import org.apache.flink.table.api.ValidationException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code hunt}: T1567.002 hunting over Defender telemetry with Flink SQL. */
@Command(
        name = "hunt",
        mixinStandardHelpOptions = true,
        version = "hunt 0.1.0",
        usageHelpWidth = 100,
        description = {
            "Hunts for exfiltration to cloud storage (MITRE ATT&CK T1567.002) in Microsoft Defender for "
                    + "Endpoint telemetry with Flink SQL: the same SQL over archived telemetry (batch) and "
                    + "continuously over a folder or a Kafka / Azure Event Hubs topic (stream), in this "
                    + "process or on a Flink session cluster (--jobmanager).",
            "",
            "'bin/hunt COMMAND --help' describes each command."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  bin/hunt batch --input test-data/sample/input --output out --overwrite \\",
            "      --from 2026-11-20T00:00:00Z --to 2026-11-21T00:00:00Z",
            "  bin/hunt stream --input /data/incoming --output /data/hunt",
            "  bin/hunt query \"select count(*) from DeviceProcessEvents\" --input test-data/sample/input",
            "  bin/hunt detections",
            "  bin/hunt generate --events 1000000 --out /tmp/fleet",
            "  bin/hunt batch --jobmanager localhost:8081 --input s3://telemetry/defender \\",
            "      --output s3://hunts/nov --from 2026-11-01 --to 2026-12-01"
        },
        subcommands = {BatchCommand.class, StreamCommand.class, QueryCommand.class, DetectionsCommand.class, ExplainCommand.class, GenerateCommand.class,
                JobControl.Cancel.class, JobControl.Stop.class, CommandLine.HelpCommand.class})
public final class HuntCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final RunHost host;

    public HuntCli() {
        this(RunHost.OWN_JVM);
    }

    private HuntCli(RunHost host) {
        this.host = host;
    }

    /** The process this command runs in (its subcommands reach it as their parent command). */
    RunHost host() {
        return host;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: batch, stream, query, detections, explain, generate, cancel or stop");
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HuntCli.class);

    /** Runs the CLI; every error is one line on {@code err} (its whole chain in the log) and a non-zero exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(args, out, err, RunHost.OWN_JVM);
    }

    /** {@link #execute(String[], PrintWriter, PrintWriter)} for a caller in another process (the warm JVM's). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, RunHost host) {
        CommandLine cli = new CommandLine(new HuntCli(host));
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println(e.getCommandLine().getCommandName().equals("hunt")
                    ? "hunt: " + e.getMessage()
                    : "hunt " + e.getCommandLine().getCommandName() + ": " + e.getMessage());
            return 2;
        });
        cli.setExecutionExceptionHandler((e, c, parseResult) -> {
            LOG.error("hunt {} failed", c.getCommandName(), e); // the whole chain, for the log file
            err.println("hunt " + c.getCommandName() + ": " + oneLine(e) + details());
            return 1;
        });
        cli.setExecutionStrategy(parseResult -> {
            resolveRelativePaths(parseResult, host.workingDir());
            prepareFileSystems(parseResult);
            return new CommandLine.RunLast().execute(parseResult);
        });
        try {
            return cli.execute(args);
        } catch (Throwable e) { // errors (a broken class path, out of memory) still get one line
            LOG.error("hunt failed", e);
            err.println("hunt: " + oneLine(e) + details());
            return 1;
        }
    }

    /** Options whose values are Flink paths: a local path or a URI of any Flink file system. */
    private static final Set<String> PATH_OPTIONS = Set.of("--input", "--output", "--rejected", "--restore");

    /** Options whose values are local files or folders when they have no scheme. */
    private static final Set<String> LOCAL_PATH_OPTIONS = Set.of("--input", "--output", "--rejected", "--restore", "--config");

    /** A URI scheme ({@code s3:}, {@code file:}): not a path relative to a working directory. */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    /**
     * For a caller in another directory (the warm JVM's): each relative local path given becomes
     * that directory's, before anything reads it.
     */
    private static void resolveRelativePaths(CommandLine.ParseResult parseResult, Path workingDir) {
        if (workingDir == null) {
            return;
        }
        CommandLine.ParseResult command = parseResult;
        while (command.hasSubcommand()) {
            command = command.subcommand();
        }
        for (CommandLine.Model.OptionSpec option : command.matchedOptions()) {
            if (!LOCAL_PATH_OPTIONS.contains(option.longestName())) {
                continue;
            }
            Object value = option.getValue();
            if (value instanceof String text) {
                option.setValue(resolve(workingDir, text));
            } else if (value instanceof Path path && !path.isAbsolute()) {
                option.setValue(workingDir.resolve(path));
            }
        }
    }

    /** {@code value} against {@code workingDir} when it is a relative local path; otherwise as given. */
    static String resolve(Path workingDir, String value) {
        if (value.isBlank() || SCHEME.matcher(value).find()) {
            return value;
        }
        try {
            Path path = Path.of(value);
            return path.isAbsolute() ? value : workingDir.resolve(path).toString();
        } catch (InvalidPathException e) {
            return value; // reported by the command as for any bad path
        }
    }

    /**
     * Before a command with Flink paths runs: Flink's configuration and file systems are set up
     * (FLINK_CONF_DIR, FLINK_PLUGINS_DIR; {@link FlinkSettings}), and each path given must have a
     * file system: a scheme without one is one line now (exit 2 for an unknown scheme, 1 for a
     * missing plugin), not a failed task later.
     */
    private static void prepareFileSystems(CommandLine.ParseResult parseResult) {
        CommandLine.ParseResult command = parseResult;
        while (command.hasSubcommand()) {
            command = command.subcommand();
        }
        CommandLine.Model.CommandSpec spec = command.commandSpec();
        if (command.isUsageHelpRequested() || command.isVersionHelpRequested()
                || PATH_OPTIONS.stream().noneMatch(name -> spec.findOption(name) != null)) {
            return;
        }
        List<CommandLine.Model.OptionSpec> paths = command.matchedOptions().stream()
                .filter(option -> PATH_OPTIONS.contains(option.longestName())).toList();
        try {
            FlinkSettings.initialize(paths.stream().map(option -> option.<String>getValue()).toList());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ExecutionException(spec.commandLine(), e.getMessage(), e);
        }
        for (CommandLine.Model.OptionSpec option : paths) {
            String value = option.getValue();
            try {
                FlinkSettings.requireFileSystem(value);
            } catch (FlinkSettings.NoFileSystemException e) {
                if (!e.pluginMissing()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e, option, value);
                }
                throw new CommandLine.ExecutionException(spec.commandLine(), e.getMessage(), e);
            } catch (IOException e) {
                String message = "cannot open the file system of " + value + ": " + e.getMessage();
                throw new CommandLine.ExecutionException(spec.commandLine(), message, new IOException(message, e));
            }
        }
    }

    /**
     * The cluster of a --jobmanager option: a malformed address is a usage error (exit 2), a
     * cluster that does not answer a run-time one (exit 1), both before anything is planned.
     */
    static ClusterTarget cluster(CommandLine command, String jobmanager) {
        if (jobmanager == null) {
            return null;
        }
        ClusterTarget cluster;
        try {
            cluster = ClusterTarget.parse(jobmanager);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(command, e.getMessage());
        }
        String version = cluster.requireReachable();
        String ours = org.apache.flink.runtime.util.EnvironmentInformation.getVersion();
        if (!version.equals(ours) && !ours.equals("<unknown>")) {
            command.getErr().printf("hunt %s: warning: the cluster at %s runs Flink %s, this client %s%n",
                    command.getCommandName(), cluster, version, ours);
        }
        return cluster;
    }

    /** This run's log file, which bin/hunt sets (one per run), or null. */
    static String logFile() {
        String f = System.getProperty("hunt.log.file");
        return f == null || f.isBlank() ? null : f;
    }

    /** Where the whole error is: {@code "; details: <log>"}, or nothing when there is no log file. */
    static String details() {
        return logFile() == null ? "" : "; details: " + logFile();
    }

    /**
     * The most telling message of an exception chain, on one line: the first IllegalArgumentException's,
     * else the innermost ValidationException's (Flink wraps a table factory's in its own "Unable to
     * create a source"), else the outermost message.
     */
    static String oneLine(Throwable e) {
        Throwable t = e;
        String message = null;
        while (t != null) {
            if (t instanceof IllegalArgumentException || t instanceof ValidationException || message == null) {
                message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            }
            if (t instanceof IllegalArgumentException) {
                break;
            }
            t = t.getCause();
        }
        String m = message == null ? e.toString() : message;
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
