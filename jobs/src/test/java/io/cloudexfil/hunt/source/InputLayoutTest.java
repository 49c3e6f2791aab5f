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
        InputLayout layout = InputLayout.scan(root.toString());
        assertThat(layout.files("DeviceProcessEvents")).extracting(f -> Path.of(f.path()).getFileName().toString())
                .containsExactly("b.jsonl.gz", "a.json");
        assertThat(layout.files("DeviceNetworkEvents")).hasSize(1);
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
    void emptyRootHasNoFiles(@TempDir Path root) throws IOException {
        InputLayout layout = InputLayout.scan(root.toString());
        assertThat(layout.files("DeviceProcessEvents")).isEmpty();
    }
}
