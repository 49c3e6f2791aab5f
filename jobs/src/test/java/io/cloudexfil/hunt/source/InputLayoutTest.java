package io.cloudexfil.hunt.source;

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
        touch(root.resolve("DeviceFileEvents/x.json"));
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
        assertThat(layout.skipped()).anyMatch(s -> s.startsWith("DeviceFileEvents/")).anyMatch(s -> s.startsWith("case.yml"));
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
