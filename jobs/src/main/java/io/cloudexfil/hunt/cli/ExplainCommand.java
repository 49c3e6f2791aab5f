package io.cloudexfil.hunt.cli;

import io.cloudexfil.hunt.detection.Detection;
import io.cloudexfil.hunt.detection.DetectionPack;
import io.cloudexfil.hunt.functions.HuntWindow;
import io.cloudexfil.hunt.pipeline.BatchHunt;
import io.cloudexfil.hunt.tuning.AllowEntry;
import io.cloudexfil.hunt.tuning.RepeatRule;
import io.cloudexfil.hunt.tuning.Pattern;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code hunt explain}: what a tuning file does, before it ships. */
@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 100,
        description = {
            "Prints what the chosen detections run with under a tuning file (--config): every list and "
                    + "threshold as it takes effect (the shipped defaults with the file's changes), and the "
                    + "allowlist, entry by entry, with its reason, its conditions and whether it has expired.",
            "",
            "With --input and a window it also runs the detections over that telemetry, as batch does, "
                    + "into a temporary folder, and prints how many alerts each entry suppressed: a reviewer "
                    + "sees what a change to the file does before it ships."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  bin/hunt explain --config deploy/tuning.example.yml",
            "  bin/hunt explain --config deploy/tuning.example.yml --input test-data/sample/input \\",
            "      --from 2026-11-20T00:00:00Z --to 2026-11-21T00:00:00Z"
        })
final class ExplainCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    DetectionOptions detectionOptions = new DetectionOptions();

    @Option(names = "--input", paramLabel = "ROOT", description = "Telemetry to count the suppressed alerts in.")
    String input;

    @Option(names = "--from", paramLabel = "ISO", converter = TimeArguments.InstantConverter.class,
            description = "Window start, inclusive (with --input).")
    Instant from;

    @Option(names = "--to", paramLabel = "ISO", converter = TimeArguments.InstantConverter.class,
            description = "Window end, exclusive.")
    Instant to;

    @Override
    public Integer call() throws Exception {
        if (detectionOptions.config == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--config FILE is required");
        }
        if (input != null && from == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--input needs a window: --from (and --to)");
        }
        DetectionPack pack = detectionOptions.pack(spec.commandLine());
        PrintWriter out = spec.commandLine().getOut();
        out.printf("tuning %s sha256 %s%n", pack.tuning().file(), pack.tuning().sha256());
        DetectionPack defaults = DetectionPack.select(pack.ids());
        for (Detection d : pack.detections()) {
            out.printf("%n%s%n", d.id());
            Detection shipped = defaults.detections().get(pack.ids().indexOf(d.id()));
            for (Map.Entry<String, List<String>> e : d.lists().entrySet()) {
                List<String> before = shipped.lists().get(e.getKey());
                List<String> added = e.getValue().stream().filter(v -> !before.contains(v)).toList();
                List<String> removed = before.stream().filter(v -> !e.getValue().contains(v)).toList();
                out.printf("  %s (%d)%s%n", e.getKey(), e.getValue().size(),
                        added.isEmpty() && removed.isEmpty() ? " = shipped" : changes(added, removed));
                out.printf("    %s%n", String.join(", ", e.getValue()));
            }
            for (Map.Entry<String, Long> e : d.longs().entrySet()) {
                long before = shipped.longs().get(e.getKey());
                out.printf("  %s = %d%s%n", e.getKey(), e.getValue(), before == e.getValue() ? " (shipped)" : " (shipped " + before + ")");
            }
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        out.printf("%nallowlist (%d entries)%n", pack.allowlist().size());
        for (AllowEntry e : pack.allowlist()) {
            out.printf("  %s%s  (%s:%d)%n", e.id(), e.expiredOn(today) ? " [EXPIRED " + e.expires() + ", not applied]"
                    : e.expires() != null ? " [until " + e.expires() + "]" : "", pack.tuning().file(), e.line());
            out.printf("    reason: %s%n", e.reason());
            for (String c : conditions(e)) {
                out.printf("    %s%n", c);
            }
        }
        out.printf("%nrepeats (%d rules)%n", pack.repeats().size());
        for (RepeatRule r : pack.repeats()) {
            out.printf("  %s%s  (%s:%d)%n", r.id(), r.expiredOn(today) ? " [EXPIRED " + r.expires() + ", not applied]"
                    : r.expires() != null ? " [until " + r.expires() + "]" : "", pack.tuning().file(), r.line());
            out.printf("    reason: %s%n", r.reason());
            out.printf("    one alert per device, signal%s per %s%n", r.key().stream().map(k -> ", " + k.yamlName)
                    .collect(java.util.stream.Collectors.joining()), period(r.period()));
            if (!r.detections().isEmpty()) {
                out.printf("    detections: %s%n", String.join(", ", r.detections()));
            }
            if (!r.signals().isEmpty()) {
                out.printf("    signals: %s%n", String.join(", ", r.signals()));
            }
        }
        if (input != null) {
            Path tmp = Files.createTempDirectory("hunt-explain-");
            try {
                BatchHunt.Result r = BatchHunt.run(new BatchHunt.Options(input, tmp.resolve("out").toString(),
                        HuntWindow.between(from, to), pack, Runtime.getRuntime().availableProcessors(), null, false,
                        false, false, null, false));
                out.printf("%nover %s in %s: alerts %d%n", input, HuntWindow.between(from, to), r.alerts());
                r.alertsBySignal().forEach((s, n) -> out.printf("  %-28s %d%n", s, n));
                Summary.printTuning(out, pack, r.suppressedByEntry(), null, r.foldedBySignal());
            } finally {
                try (var files = Files.walk(tmp)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        out.flush();
        return 0;
    }

    private static String period(java.time.Duration p) {
        return p.toDays() >= 1 ? p.toDays() + "d" : p.toMinutes() % 60 == 0 ? p.toHours() + "h" : p.toMinutes() + "m";
    }

    private static String changes(List<String> added, List<String> removed) {
        StringBuilder s = new StringBuilder();
        if (!added.isEmpty()) {
            s.append(" + ").append(String.join(", ", added));
        }
        if (!removed.isEmpty()) {
            s.append(" - ").append(String.join(", ", removed));
        }
        return s.toString();
    }

    private static List<String> conditions(AllowEntry e) {
        List<String> c = new ArrayList<>();
        add(c, "detections", e.detections());
        add(c, "signals", e.signals());
        add(c, "device", e.device());
        add(c, "device_name", e.deviceName());
        add(c, "account", e.account());
        add(c, "initiating_process", e.initiatingProcess());
        add(c, "initiating_process_folder", e.initiatingProcessFolder());
        add(c, "parent_process", e.parentProcess());
        add(c, "process_folder", e.processFolder());
        add(c, "command_line_has", e.commandLineHas());
        add(c, "remote_host", e.remoteHost());
        add(c, "signer", e.signer());
        add(c, "signature_status", e.signatureStatus());
        return c;
    }

    private static void add(List<String> out, String name, List<?> values) {
        if (!values.isEmpty()) {
            out.add(name + ": " + String.join(" | ", values.stream().map(v -> v instanceof Pattern p ? p.toString() : String.valueOf(v)).toList()));
        }
    }
}
