package io.cloudexfil.hunt.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

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
            "  bin/hunt generate --events 1000000 --out /tmp/fleet",
            "  bin/hunt batch --jobmanager localhost:8081 --input s3://telemetry/defender \\",
            "      --output s3://hunts/nov --from 2026-11-01 --to 2026-12-01"
        },
        subcommands = {BatchCommand.class, StreamCommand.class, QueryCommand.class, GenerateCommand.class,
                JobControl.Cancel.class, JobControl.Stop.class, CommandLine.HelpCommand.class})
public final class HuntCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: batch, stream, query, generate, cancel or stop");
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HuntCli.class);

    /** Runs the CLI; every error is one line on {@code err} (its whole chain in the log) and a non-zero exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new HuntCli());
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
        try {
            return cli.execute(args);
        } catch (Throwable e) { // errors (a broken class path, out of memory) still get one line
            LOG.error("hunt failed", e);
            err.println("hunt: " + oneLine(e) + details());
            return 1;
        }
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

    /** The most telling message of an exception chain, on one line. */
    static String oneLine(Throwable e) {
        Throwable t = e;
        String message = null;
        while (t != null) {
            if (t instanceof IllegalArgumentException || message == null) {
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
