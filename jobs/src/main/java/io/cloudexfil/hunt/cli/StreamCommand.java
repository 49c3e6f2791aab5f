package io.cloudexfil.hunt.cli;

import io.cloudexfil.hunt.functions.HuntWindow;
import io.cloudexfil.hunt.pipeline.Checkpoints;
import io.cloudexfil.hunt.pipeline.ClusterTarget;
import io.cloudexfil.hunt.pipeline.StreamHunt;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.TableResult;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

@Command(
        name = "stream",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 100,
        description = {
            "Continuous detection with the same SQL as batch. It watches a folder (--input, the layouts "
                    + "batch reads) or reads a Kafka or Azure Event Hubs topic (--kafka-bootstrap, --topic), "
                    + "and appends alerts in arrival order to committed files under OUT/alerts/ or to a topic "
                    + "(--output-topic). A file dropped in the folder gives its alerts within a few seconds "
                    + "of the next checkpoint. Writers must make files appear atomically: write a hidden "
                    + "name, then rename.",
            "",
            "Checkpoints are kept under OUT/_checkpoints/. Started again with the same OUT (after Ctrl-C or "
                    + "a crash), the stream resumes from the newest of them and says so: no file is read "
                    + "again, no alert is lost and none is written twice (with --delivery at-least-once, alerts "
                    + "since the last checkpoint come again, with the same AlertId). --fresh starts over instead.",
            "",
            "With --jobmanager the job is submitted to a Flink session cluster and runs there detached: "
                    + "the command prints the job id once the job runs, and exits. Stop it with "
                    + "'bin/hunt stop --savepoint DIR' and resume it with --restore and the savepoint, or "
                    + "end it with 'bin/hunt cancel'."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  bin/hunt stream --input /data/incoming --output /data/hunt",
            "  bin/hunt stream --kafka-bootstrap myhub.servicebus.windows.net:9093 --topic defender \\",
            "      --output /data/hunt --output-topic alerts",
            "  bin/hunt stream --jobmanager localhost:8081 --input /shared/incoming --output /shared/hunt",
            "  bin/hunt stop --jobmanager localhost:8081 --savepoint /shared/savepoints JOBID",
            "  bin/hunt stream --jobmanager localhost:8081 --input /shared/incoming --output /shared/hunt \\",
            "      --restore /shared/savepoints/savepoint-1a2b3c-0123456789ab"
        })
final class StreamCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--input", paramLabel = "DIR", description = "Folder to watch.")
    String input;

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT",
            description = "Read a Kafka topic instead (Azure Event Hubs: <namespace>.servicebus.windows.net:9093).")
    String kafkaBootstrap;

    @Option(names = "--topic", paramLabel = "T | Table=T",
            description = "Input topic: T holds envelopes / {\"records\":[...]} messages of every table; "
                    + "Table=T (repeatable) a topic of one table's flat rows.")
    java.util.List<String> topics;

    @Option(names = "--group", paramLabel = "G", defaultValue = "cloudexfil-hunt",
            description = "Consumer group prefix (one group per table; default: cloudexfil-hunt).")
    String group;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties (SASL, TLS). For Event Hubs, setting the environment variable "
                    + "EVENTHUBS_CONNECTION_STRING is enough. Secrets never go on the command line.")
    String kafkaConfig;

    @Option(names = "--output-topic", paramLabel = "T2",
            description = "Write alerts to this topic (transactional, exactly once; see --delivery) instead of OUT/alerts/.")
    String outputTopic;

    @Option(names = "--delivery", paramLabel = "exactly-once|at-least-once", defaultValue = "exactly-once",
            converter = DeliveryConverter.class,
            description = "How alerts reach --output-topic (default: exactly-once, in transactions committed at "
                    + "checkpoints). at-least-once: each alert is visible at once; after a failure the alerts since the "
                    + "last checkpoint come again, with the same AlertId, by which consumers drop repeats. Files under "
                    + "OUT/alerts/ are committed at checkpoints in either mode.")
    StreamHunt.Delivery delivery;

    static final class DeliveryConverter implements CommandLine.ITypeConverter<StreamHunt.Delivery> {
        @Override
        public StreamHunt.Delivery convert(String value) {
            try {
                return StreamHunt.Delivery.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not exactly-once or at-least-once");
            }
        }
    }

    @Option(names = "--output", required = true, paramLabel = "OUT",
            description = "Output folder: alerts (unless --output-topic), checkpoints, dead letters, counters.")
    String output;

    @Option(names = "--checkpoint-interval", paramLabel = "DURATION", defaultValue = "10s",
            converter = TimeArguments.DurationConverter.class, description = "Checkpoint (and commit) interval (default: 10s).")
    Duration checkpointInterval;

    @Option(names = "--out-of-orderness", paramLabel = "DURATION", defaultValue = "5m",
            converter = TimeArguments.DurationConverter.class,
            description = "Allowed event-time lateness of the watermark (default: 5m; Defender publishes 1.5-7 min late).")
    Duration outOfOrderness;

    @Option(names = "--monitor-interval", paramLabel = "DURATION", defaultValue = "2s",
            converter = TimeArguments.DurationConverter.class, description = "How often the input is listed (default: 2s).")
    Duration monitorInterval;

    @Option(names = "--from", paramLabel = "ISO", converter = TimeArguments.InstantConverter.class,
            description = "Ignore events before this time (default: none; a replay of old files alerts).")
    Instant from;

    @Option(names = "--restore", paramLabel = "PATH",
            description = "Resume from a savepoint or a retained checkpoint: chk-N, or a folder of them (the newest "
                    + "is used). Default: the newest checkpoint of an earlier run under OUT/_checkpoints.")
    String restore;

    @Option(names = "--fresh",
            description = "Start over, ignoring the checkpoints of an earlier run in OUT: every file is read again "
                    + "and its alerts are written again.")
    boolean fresh;

    @Option(names = "--dedupe-ttl", paramLabel = "DURATION", defaultValue = "24h",
            converter = TimeArguments.DurationConverter.class,
            description = "How long an alert's key is remembered for de-duplication (default: 24h).")
    Duration dedupeTtl;

    @Option(names = "--keep-duplicates", description = "Do not de-duplicate re-delivered events.")
    boolean keepDuplicates;

    @CommandLine.Mixin
    DetectionOptions detectionOptions = new DetectionOptions();

    @Option(names = "--show-suppressed",
            description = "Also write the alerts the tuning file's allowlist suppressed to OUT/_suppressed/, each "
                    + "with the entry that matched (they are counted per entry as metrics in any case).")
    boolean showSuppressed;

    @Option(names = "--rejected", paramLabel = "DIR", description = "Dead-letter folder (default: OUT/_rejected).")
    String rejected;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "0",
            description = "Parallelism (default: the number of cores; on a cluster, its parallelism.default).")
    int parallelism;

    @Option(names = "--jobmanager", paramLabel = "HOST:PORT",
            description = "Submit to this Flink session cluster (its REST address) and exit once the job runs.")
    String jobmanager;

    private StreamHunt.KafkaIn kafkaIn() {
        java.util.Map<String, String> byTable = new java.util.HashMap<>();
        boolean plain = false;
        for (String t : topics) {
            int eq = t.indexOf('=');
            if (eq < 0) {
                io.cloudexfil.hunt.source.DefenderTables.READ.forEach(table -> byTable.put(table, t));
            } else {
                String table = t.substring(0, eq);
                if (!io.cloudexfil.hunt.source.DefenderTables.isRead(table)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--topic " + t + ": unknown table " + table);
                }
                byTable.put(table, t.substring(eq + 1));
                plain = true;
            }
        }
        if (plain && topics.stream().anyMatch(t -> t.indexOf('=') < 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "use either one --topic T for envelopes or --topic Table=T per table, not both");
        }
        return new StreamHunt.KafkaIn(kafkaBootstrap, byTable, plain, group, kafkaConfig);
    }

    @Override
    public Integer call() throws Exception {
        io.cloudexfil.hunt.detection.DetectionPack detections = detectionOptions.pack(spec.commandLine());
        if (fresh && restore != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "use either --restore or --fresh, not both");
        }
        if ((input == null) == (kafkaBootstrap == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give either --input DIR or --kafka-bootstrap HOST:PORT");
        }
        if (kafkaBootstrap != null && (topics == null || topics.isEmpty())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--kafka-bootstrap needs --topic");
        }
        if (outputTopic != null && kafkaBootstrap == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--output-topic needs --kafka-bootstrap");
        }
        StreamHunt.KafkaIn kafkaIn = kafkaBootstrap == null ? null : kafkaIn();
        StreamHunt.KafkaOut kafkaOut = outputTopic == null ? null
                : new StreamHunt.KafkaOut(kafkaBootstrap, outputTopic, kafkaConfig);
        if (parallelism < 0 || (parallelism == 0 && spec.commandLine().getParseResult().hasMatchedOption("--parallelism"))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--parallelism must be 1 or more");
        }
        String resumed = restore == null ? resumePoint(jobmanager != null) : null; // local checks before the cluster's
        ClusterTarget cluster = HuntCli.cluster(spec.commandLine(), jobmanager);
        String restorePath = restore == null ? null : Checkpoints.latest(restore);
        if (resumed != null) {
            restorePath = resumed;
        }
        HuntWindow window = from == null ? HuntWindow.unbounded() : HuntWindow.between(from, null);
        int p = parallelism > 0 ? parallelism : cluster != null ? 0 : Runtime.getRuntime().availableProcessors();
        TableResult job = StreamHunt.start(new StreamHunt.Options(input, output, window, detections, p,
                checkpointInterval, outOfOrderness, monitorInterval, dedupeTtl, restorePath, rejected, keepDuplicates, false,
                kafkaIn, kafkaOut, cluster, showSuppressed, delivery));
        PrintWriter out = spec.commandLine().getOut();
        if (cluster != null) {
            JobClient client = job.getJobClient().orElseThrow();
            awaitRunning(client, cluster);
            out.printf("job %s%n", client.getJobID());
            out.printf("  on %s; stop it with: bin/hunt stop --jobmanager %s --savepoint DIR %s%n", cluster, cluster,
                    client.getJobID());
            if (restore != null) {
                out.printf("  restored from %s%n", restorePath);
            }
            return 0;
        }
        String id = job.getJobClient().map(c -> c.getJobID().toString()).orElse("?");
        out.printf("hunt stream: job %s reading %s%n", id, input != null ? input : "kafka topics " + topics);
        if (outputTopic != null && delivery == StreamHunt.Delivery.AT_LEAST_ONCE) {
            out.printf("  alerts      -> topic %s (at least once: each alert at once; drop repeats by AlertId)%n", outputTopic);
        } else {
            out.printf("  alerts      -> %s (committed every %s)%n",
                    outputTopic != null ? "topic " + outputTopic : new Path(output, StreamHunt.ALERTS_DIR),
                    TimeArguments.format(checkpointInterval));
        }
        out.printf("  checkpoints -> %s%n", new Path(new Path(output, StreamHunt.CHECKPOINTS_DIR), id));
        if (HuntCli.logFile() != null) {
            out.printf("  log         -> %s%n", HuntCli.logFile());
        }
        if (restore != null) {
            out.printf("  restored from %s%n", restorePath);
        } else if (resumed != null) {
            out.printf("  resumed from %s (the newest checkpoint of an earlier run in OUT; --fresh starts over)%n", resumed);
        }
        out.flush();
        StreamWatch watch = new StreamWatch(input, monitorInterval, out, spec.commandLine().getErr(),
                job.getJobClient().orElseThrow(), output, outputTopic == null, window);
        Thread onStop = inApplicationMode() ? null : new Thread(() -> {
            out.printf("hunt stream: %s%n", watch.summary());
            out.printf("hunt stream: stopped; run the same command again to resume from the newest checkpoint under %s "
                    + "(--fresh starts over)%n", new Path(output, StreamHunt.CHECKPOINTS_DIR));
            out.flush();
        }, "hunt-stream-stop");
        if (onStop != null) {
            Runtime.getRuntime().addShutdownHook(onStop); // Ctrl-C, kill: the job stops with the JVM
        }
        try (StreamWatch running = watch.start()) {
            job.await();
        } finally {
            if (onStop != null) {
                Runtime.getRuntime().removeShutdownHook(onStop); // the job ended on its own
            }
        }
        return 0;
    }

    /**
     * Where a stream started without --restore resumes: the newest checkpoint of an earlier run in
     * OUT (null: none, or --fresh). On a session cluster, where 'bin/hunt stop' leaves a savepoint
     * newer than any checkpoint, the user says which; in application mode the Kubernetes operator
     * restores the job itself.
     */
    private String resumePoint(boolean onACluster) throws java.io.IOException {
        if (fresh || inApplicationMode()) {
            return null;
        }
        String earlier = Checkpoints.ofEarlierRun(output);
        if (earlier != null && onACluster) {
            throw new IllegalArgumentException("output " + output + " holds checkpoints of an earlier job (newest "
                    + earlier + "): resume with --restore and the savepoint 'bin/hunt stop' printed (after a crash: "
                    + "--restore " + new Path(output, StreamHunt.CHECKPOINTS_DIR) + "), or start over with --fresh");
        }
        return earlier;
    }

    /** Run by {@link HuntJob} inside a cluster's JobManager (application mode). */
    private static boolean inApplicationMode() {
        return Boolean.getBoolean(HuntJob.APPLICATION_MODE);
    }

    /** Waits until a submitted job runs; a job that failed instead is an error naming its cause. */
    private static void awaitRunning(JobClient client, ClusterTarget cluster) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            JobStatus status = client.getJobStatus().get();
            if (status == JobStatus.RUNNING) {
                return;
            }
            if (status.isGloballyTerminalState()) {
                String cause = "";
                try {
                    client.getJobExecutionResult().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    cause = ": " + HuntCli.oneLine(e);
                }
                throw new IllegalStateException("job " + client.getJobID() + " is " + status + " on " + cluster + cause);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + client.getJobID() + " is still " + status + " on " + cluster
                        + " after 2 minutes (not enough free task slots?)");
            }
            Thread.sleep(200);
        }
    }
}
