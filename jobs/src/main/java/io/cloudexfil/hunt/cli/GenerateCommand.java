package io.cloudexfil.hunt.cli;

import io.cloudexfil.hunt.generate.TelemetryGenerator;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 100,
        description = {
            "Writes seeded synthetic Defender telemetry (5,000 Windows, macOS and Linux devices, 24 h of "
                    + TelemetryGenerator.DAY + " UTC, 60%% DeviceProcessEvents, 40%% DeviceNetworkEvents) "
                    + "with every column the agent fills (rows of about 3.4 KB and 2.1 KB), in a layout "
                    + "'batch' reads: flat, DIR/DeviceProcessEvents/part-00000.jsonl ..., or envelope, "
                    + "the streaming API's storage export (DIR/insights-logs-advancedhunting-<table>/"
                    + "tenantId=.../y=/m=/d=/h=/m=00/PT1H.json, CRLF).",
            "",
            "About 0.05%% of rows raise a signal of the detection; others are near misses. The same "
                    + "--events, --seed and --layout always give the same bytes. DIR must be new or empty."
        },
        footerHeading = "%nExample:%n",
        footer = "  bin/hunt generate --events 1000000 --out /tmp/fleet")
final class GenerateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--events", required = true, paramLabel = "N", description = "Rows over both tables.")
    long events;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (new or empty).")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed (default: 1).")
    long seed;

    @Option(names = "--files", paramLabel = "K", defaultValue = "0",
            description = "Files per table (default: files of about 256 MB).")
    int files;

    @Option(names = "--layout", paramLabel = "L", defaultValue = "flat",
            description = "flat (DIR/<Table>/part-NNNNN.jsonl) or envelope (hourly PT1H.json blobs of the "
                    + "streaming API's storage export; --files does not apply). Default: flat.")
    String layout;

    @Override
    public Integer call() throws Exception {
        if (events < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--events must be at least 1");
        }
        if (files < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--files must be at least 1");
        }
        TelemetryGenerator.Layout l;
        try {
            l = TelemetryGenerator.Layout.parse(layout);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--" + e.getMessage());
        }
        TelemetryGenerator.Result r = TelemetryGenerator.generate(TelemetryGenerator.Options.of(events, out, seed, files, l));
        PrintWriter o = spec.commandLine().getOut();
        o.printf("hunt generate: %d events, seed %d, %s layout -> %s%n", r.events(), seed,
                l.name().toLowerCase(java.util.Locale.ROOT), out);
        for (TelemetryGenerator.TableResult t : new TelemetryGenerator.TableResult[] {r.process(), r.network()}) {
            o.printf("  %-20s files %d, events %d, bytes %d (%.0f per line)%n", t.table(), t.files().size(), t.rows(),
                    t.bytes(), t.rows() == 0 ? 0.0 : (double) t.bytes() / t.rows());
        }
        o.printf("rows raising a signal %d (%.3f%%), near misses %d%n", r.hitRows(), 100.0 * r.hitRows() / r.events(),
                r.nearMisses());
        long raised = r.hitsBySignal().values().stream().mapToLong(Long::longValue).sum();
        o.printf("alerts the detection must raise %d (a row may raise more than one signal)%n", raised);
        for (Map.Entry<String, Long> e : r.hitsBySignal().entrySet()) {
            o.printf("  %-20s %d%n", e.getKey(), e.getValue());
        }
        o.printf("elapsed %.1f s%n", r.elapsed().toMillis() / 1000.0);
        return 0;
    }
}
