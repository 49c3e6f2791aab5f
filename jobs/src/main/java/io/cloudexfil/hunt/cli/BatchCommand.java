package io.cloudexfil.hunt.cli;

import io.cloudexfil.hunt.functions.CountedSignal;
import io.cloudexfil.hunt.functions.HuntWindow;
import io.cloudexfil.hunt.pipeline.BatchHunt;
import io.cloudexfil.hunt.pipeline.PlanCache;
import io.cloudexfil.hunt.pipeline.ClusterTarget;
import io.cloudexfil.hunt.pipeline.HuntPipeline;
import io.cloudexfil.hunt.source.file.InputLayout;
import io.cloudexfil.hunt.source.stats.RunStats;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

@Command(
        name = "batch",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 100,
        description = {
            "Runs the detections over archived telemetry and writes their alerts to OUT/alerts.jsonl, "
                    + "sorted by Timestamp, newest first: every shipped detection ('bin/hunt detections' "
                    + "lists them), or those named with --detection. Each alert names its Detection and Signal.",
            "",
            "ROOT holds one folder (files at any depth) or one file per table, such as DeviceProcessEvents/ "
                    + "and DeviceNetworkEvents/ with *.json, *.jsonl or *.gz files of one row per line, or a "
                    + "Defender or Sentinel export (insights-logs-advancedhunting-*/, am-*/).",
            "",
            "The window is --from/--to, half-open: [from, to). Or --as-of T --lookback D, KQL's "
                    + "Timestamp > ago(D) evaluated at T. Without either, the last 24 hours before now.",
            "",
            "With --jobmanager the job runs on a Flink session cluster (deploy/local-cluster/ starts one "
                    + "here): the same summary and alerts, and ROOT and OUT must be paths every TaskManager "
                    + "reaches (a shared file system, or s3://, abfss://, gs://)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  bin/hunt batch --input test-data/sample/input --output out --overwrite \\",
            "      --from 2026-11-20T00:00:00Z --to 2026-11-21T00:00:00Z",
            "  bin/hunt batch --input test-data/sample/input --output out-seed --overwrite \\",
            "      --from 2026-11-20T00:00:00Z --to 2026-11-21T00:00:00Z --detection exfiltration_cloud_storage",
            "  bin/hunt batch --jobmanager localhost:8081 --input s3://telemetry/defender \\",
            "      --output s3://hunts/2026-11 --from 2026-11-01 --to 2026-12-01"
        })
final class BatchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    HuntCli hunt;

    @Option(names = "--input", required = true, paramLabel = "ROOT",
            description = "Input root: local path or any Flink file system URI.")
    String input;

    @Option(names = "--output", required = true, paramLabel = "OUT", description = "Output folder.")
    String output;

    @Option(names = "--from", paramLabel = "ISO", converter = TimeArguments.InstantConverter.class,
            description = "Window start, inclusive (ISO-8601, e.g. 2026-11-20T00:00:00Z).")
    Instant from;

    @Option(names = "--to", paramLabel = "ISO", converter = TimeArguments.InstantConverter.class,
            description = "Window end, exclusive. Needs --from.")
    Instant to;

    @Option(names = "--as-of", paramLabel = "ISO", converter = TimeArguments.InstantConverter.class,
            description = "The 'now' of KQL's ago() (default: the current time).")
    Instant asOf;

    @Option(names = "--lookback", paramLabel = "DURATION", converter = TimeArguments.DurationConverter.class,
            description = "KQL's ago() span: 24h, 30m, 7d, PT24H (default: 24h).")
    Duration lookback;

    @CommandLine.Mixin
    DetectionOptions detectionOptions = new DetectionOptions();

    @Option(names = "--rejected", paramLabel = "DIR", description = "Dead-letter folder (default: OUT/_rejected).")
    String rejected;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "0",
            description = "Parallelism (default: the number of cores; on a cluster, its parallelism.default).")
    int parallelism;

    @Option(names = "--overwrite", description = "Replace the alerts of an earlier run in OUT.")
    boolean overwrite;

    @Option(names = "--keep-duplicates",
            description = "Keep every alert of a re-delivered event (default: one per DeviceId, ReportId, Timestamp, Signal).")
    boolean keepDuplicates;

    @Option(names = "--parse-all",
            description = "Parse and check every line. By default a line holding none of the terms the detection "
                    + "needs is passed over unparsed (and counted): it cannot raise an alert, but a malformed row "
                    + "among such lines is then not reported.")
    boolean parseAll;

    @Option(names = "--explain", description = "Print the query plan (with each source's prefilter) and exit.")
    boolean explain;

    @Option(names = "--show-suppressed",
            description = "Write the alerts the tuning file's allowlist suppressed to OUT/_suppressed/, each "
                    + "with the entry that matched (they are counted per entry in any case).")
    boolean showSuppressed;

    @Option(names = "--jobmanager", paramLabel = "HOST:PORT",
            description = "Run on this Flink session cluster (its REST address) instead of a local cluster in "
                    + "this process.")
    String jobmanager;

    @Override
    public Integer call() throws Exception {
        HuntWindow window = window();
        io.cloudexfil.hunt.detection.DetectionPack detections = detectionOptions.pack(spec.commandLine());
        if (parallelism < 0 || (parallelism == 0 && spec.commandLine().getParseResult().hasMatchedOption("--parallelism"))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--parallelism must be 1 or more");
        }
        ClusterTarget cluster = HuntCli.cluster(spec.commandLine(), jobmanager);
        // on a cluster, its own parallelism.default unless given
        int p = parallelism > 0 ? parallelism : cluster != null ? 0 : Runtime.getRuntime().availableProcessors();
        BatchHunt.Options options = new BatchHunt.Options(
                input, output, window, detections, p, rejected, overwrite, keepDuplicates, parseAll, cluster, showSuppressed)
                .withPlanCache(planCache());
        PrintWriter out = spec.commandLine().getOut();
        if (explain) {
            out.println(BatchHunt.explain(options));
            return 0;
        }
        // the local cluster starts while the planner works (this process runs one job);
        // -Dhunt.early-cluster=false (in HUNT_JAVA_OPTS) lets Flink start it after planning
        BatchHunt.Result result;
        Progress progress = new Progress(cluster);
        // a warm JVM's cluster, kept between runs
        MiniCluster warm = cluster == null ? host().localCluster(p) : null;
        try (progress) {
            if (warm != null) {
                LocalClusterContext.install(warm);
                try {
                    result = BatchHunt.run(options, progress);
                } finally {
                    LocalClusterContext.uninstall();
                }
            } else if (cluster == null && Boolean.parseBoolean(System.getProperty("hunt.early-cluster", "true"))) {
                try (EarlyCluster early = EarlyCluster.startForNextJob(HuntPipeline.baseConfiguration(p), p)) {
                    result = BatchHunt.run(options, progress);
                }
            } else {
                result = BatchHunt.run(options, progress);
            }
        }
        Summary.print(out, spec.commandLine().getErr(), "batch", window, result);
        Summary.printTuning(out, detections, result.suppressedByEntry(),
                showSuppressed ? new org.apache.flink.core.fs.Path(new org.apache.flink.core.fs.Path(output),
                        BatchHunt.SUPPRESSED_DIR).toString() : null, result.foldedBySignal());
        return 0;
    }

    private RunHost host() {
        return hunt == null ? RunHost.OWN_JVM : hunt.host(); // null when run without the top command (tests)
    }

    /**
     * Where compiled plans are kept between runs: {@code -Dhunt.plan-cache=DIR} (bin/hunt:
     * jobs/target/plan-cache, or $HUNT_PLAN_CACHE); none when unset or {@code off}.
     */
    private static PlanCache planCache() {
        String dir = System.getProperty("hunt.plan-cache", "");
        return dir.isBlank() || dir.equals("off") ? null : new PlanCache(java.nio.file.Path.of(dir));
    }

    /**
     * Starts the progress line once the job is submitted, when stderr is a terminal (bin/hunt tells:
     * -Dhunt.progress=true); embedded, from this JVM's counters, on a cluster from its REST metrics.
     */
    private final class Progress implements BatchHunt.Submitted, AutoCloseable {

        private final ClusterTarget cluster;
        private ProgressLine line;

        Progress(ClusterTarget cluster) {
            this.cluster = cluster;
        }

        @Override
        public void submitted(InputLayout layout, JobClient job) {
            host().submitted(job);
            if (!Boolean.getBoolean("hunt.progress")) {
                return;
            }
            long files = 0;
            long bytes = 0;
            for (String table : layout.tables()) {
                for (InputLayout.DataFile f : layout.files(table)) {
                    files++;
                    bytes += f.size();
                }
            }
            long alertsBefore = CountedSignal.inThisJvm();
            Supplier<ProgressLine.Done> done = cluster != null ? new ClusterProgress(cluster, job.getJobID()) : () -> {
                Map<String, Long> c = RunStats.liveInThisJvm();
                return new ProgressLine.Done(sum(c, "files."), sum(c, "bytes."), sum(c, "events.") + sum(c, "unparsed."),
                        CountedSignal.inThisJvm() - alertsBefore);
            };
            line = new ProgressLine(spec.commandLine().getErr(), files, bytes, done);
        }

        private static long sum(Map<String, Long> counters, String prefix) {
            return counters.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(Map.Entry::getValue).sum();
        }

        @Override
        public void close() {
            if (line != null) {
                line.close();
            }
        }
    }

    private HuntWindow window() {
        boolean range = from != null || to != null;
        boolean relative = asOf != null || lookback != null;
        if (range && relative) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "use either --from/--to or --as-of/--lookback, not both");
        }
        if (to != null && from == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--to needs --from");
        }
        if (range) {
            try {
                return HuntWindow.between(from, to);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        try {
            return HuntWindow.lookback(asOf != null ? asOf : Instant.now(),
                    lookback != null ? lookback : Duration.ofHours(24));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
