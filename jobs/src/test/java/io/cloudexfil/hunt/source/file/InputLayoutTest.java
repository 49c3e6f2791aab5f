package io.cloudexfil.hunt.source.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InputLayoutTest {

    static void touch(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, "{}\n");
    }

    @Test
    void tableFoldersAtAnyDepthAndTableFiles(@TempDir Path root) throws IOException {
        touch(root.resolve("DeviceProcessEvents/y=2026/m=11/a.json"));
        touch(root.resolve("DeviceProcessEvents/b.jsonl.gz"));
        touch(root.resolve("DeviceProcessEvents/notes.txt"));
        touch(root.resolve("DeviceProcessEvents/_SUCCESS.json"));
        touch(root.resolve("DeviceProcessEvents/.part.json.inprogress"));
        touch(root.resolve("DeviceNetworkEvents.jsonl"));
        touch(root.resolve("DeviceEvents/x.json"));
        touch(root.resolve("case.yml"));
        Files.writeString(root.resolve("dump.jsonl"), "{\"records\":[]}\n");
        Files.createDirectories(root.resolve("eventhub/p0"));
        Files.writeString(root.resolve("eventhub/p0/1.json"), "{\"category\":\"AdvancedHunting-DeviceNetworkEvents\",\"properties\":{}}\n");
        InputLayout layout = InputLayout.scan(root.toString());
        assertThat(layout.files("DeviceProcessEvents")).extracting(f -> Path.of(f.path()).getFileName().toString())
                .containsSubsequence("b.jsonl.gz", "a.json");
        assertThat(layout.files("DeviceNetworkEvents")).extracting(f -> Path.of(f.path()).getFileName().toString())
                .containsExactlyInAnyOrder("DeviceNetworkEvents.jsonl", "dump.jsonl", "1.json");
        assertThat(layout.files("DeviceProcessEvents")).hasSize(4); // plus the two mixed files
        assertThat(layout.skipped()).anyMatch(s -> s.startsWith("DeviceEvents/")).anyMatch(s -> s.startsWith("case.yml"));
    }

    static java.util.List<String> names(InputLayout layout, String table) {
        return layout.files(table).stream().map(f -> Path.of(f.path()).getFileName().toString()).toList();
    }

    static final String TENANT = "tenantId=4b8c18bd-0c1f-4a8e-9d53-2f1e6a7b9c01/y=2026/m=11/d=20/h=10/m=00/";
    static final String WORKSPACE = "WorkspaceResourceId=/subscriptions/0/resourcegroups/soc/providers/"
            + "microsoft.operationalinsights/workspaces/ws/y=2026/m=11/d=20/h=10/m=05/";

    @Test
    void fileEventsAreReadInEveryLayout(@TempDir Path root) throws IOException {
        touch(root.resolve("DeviceFileEvents/2026/11/20/flat.json"));
        touch(root.resolve("DeviceFileEvents.jsonl"));
        touch(root.resolve("insights-logs-advancedhunting-devicefileevents/" + TENANT + "PT1H.json"));
        touch(root.resolve("am-DeviceFileEvents/" + WORKSPACE + "PT05M.json"));
        Files.createDirectories(root.resolve("eventhub-capture"));
        Files.writeString(root.resolve("eventhub-capture/partition-0.jsonl"),
                "{\"records\":[{\"category\":\"AdvancedHunting-DeviceFileEvents\",\"properties\":{}}]}\n");
        InputLayout layout = InputLayout.scan(root.toString());
        assertThat(layout.tables()).containsExactly("DeviceProcessEvents", "DeviceNetworkEvents", "DeviceFileEvents");
        assertThat(names(layout, "DeviceFileEvents")).containsExactlyInAnyOrder(
                "flat.json", "DeviceFileEvents.jsonl", "PT1H.json", "PT05M.json", "partition-0.jsonl");
        assertThat(names(layout, "DeviceProcessEvents")).containsExactly("partition-0.jsonl"); // only the mixed file
        assertThat(layout.skipped()).isEmpty();
        for (InputLayout.DataFile f : layout.files("DeviceFileEvents")) {
            assertThat(InputLayout.tableOfPath(root.toString(), f.path()))
                    .isEqualTo(f.path().endsWith("partition-0.jsonl") ? null : "DeviceFileEvents");
        }
    }

    @Test
    void aRunReadingSomeTablesSkipsAndReportsTheOthersFolders(@TempDir Path root) throws IOException {
        touch(root.resolve("DeviceProcessEvents/a.json"));
        touch(root.resolve("DeviceNetworkEvents.jsonl"));
        touch(root.resolve("insights-logs-advancedhunting-devicefileevents/" + TENANT + "PT1H.json"));
        touch(root.resolve("DeviceEvents/x.json"));
        Files.writeString(root.resolve("dump.jsonl"), "{\"records\":[]}\n");
        InputLayout layout = InputLayout.scan(root.toString(), java.util.Set.of("DeviceNetworkEvents"));
        assertThat(layout.tables()).containsExactly("DeviceNetworkEvents");
        assertThat(names(layout, "DeviceNetworkEvents")).containsExactlyInAnyOrder("DeviceNetworkEvents.jsonl", "dump.jsonl");
        assertThat(layout.files("DeviceProcessEvents")).isEmpty();
        assertThat(layout.files("DeviceFileEvents")).isEmpty();
        assertThat(layout.skipped()).containsExactlyInAnyOrder(
                "DeviceEvents/ (table DeviceEvents is not read by this detection)",
                "DeviceProcessEvents/ (table DeviceProcessEvents is not read by this run's detections)",
                "insights-logs-advancedhunting-devicefileevents/ (table DeviceFileEvents is not read by this run's detections)");

        InputLayout files = InputLayout.scan(root.toString(), null, null, java.util.List.of("DeviceFileEvents"));
        assertThat(names(files, "DeviceFileEvents")).containsExactlyInAnyOrder("PT1H.json", "dump.jsonl");
        assertThat(files.skipped()).anyMatch(s -> s.startsWith("DeviceNetworkEvents.jsonl (table DeviceNetworkEvents is not read by this run's"));
        // the default is every table the product reads
        assertThat(InputLayout.scan(root.toString()).files("DeviceFileEvents")).hasSize(2);
    }

    @Test
    void aRunReadsAtLeastOneKnownTable(@TempDir Path root) {
        assertThatThrownBy(() -> InputLayout.scan(root.toString(), java.util.Set.of())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> InputLayout.scan(root.toString(), java.util.Set.of("DeviceEvents")))
                .hasMessageContaining("not a table this product reads: 'DeviceEvents'");
    }

    @Test
    void unknownFolderMissingRootAndFileRootAreErrors(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("DeviceProcesEvents"));
        assertThatThrownBy(() -> InputLayout.scan(root.toString())).hasMessageContaining("unknown table folder 'DeviceProcesEvents'");
        assertThatThrownBy(() -> InputLayout.scan(root.resolve("none").toString())).hasMessageContaining("does not exist");
        touch(root.resolve("f.json"));
        assertThatThrownBy(() -> InputLayout.scan(root.resolve("f.json").toString())).hasMessageContaining("is a file");
    }

    @Test
    void aFolderOfFlatRowsWithAnUnknownNameIsAnError(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("processes"));
        Files.writeString(root.resolve("processes/a.jsonl"), "{\"Timestamp\":\"2026-11-20T00:00:00Z\"}\n");
        assertThatThrownBy(() -> InputLayout.scan(root.toString())).hasMessageContaining("unknown table folder 'processes'");
    }

    @Test
    void emptyRootHasNoFiles(@TempDir Path root) throws IOException {
        InputLayout layout = InputLayout.scan(root.toString());
        assertThat(layout.files("DeviceProcessEvents")).isEmpty();
    }
}
