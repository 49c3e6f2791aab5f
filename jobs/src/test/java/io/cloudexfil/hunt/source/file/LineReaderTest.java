package io.cloudexfil.hunt.source.file;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineReaderTest {

    static List<String> lines(byte[] data, int max) throws IOException {
        return lines(new ByteArrayInputStream(data), max);
    }

    static List<String> lines(InputStream in, int max) throws IOException {
        LineReader r = new LineReader(in, max);
        List<String> out = new ArrayList<>();
        while (r.next()) {
            if (r.text() != null) { // the block's text holds the line's bytes at the line's indexes
                for (int i = r.lineOffset(); i < r.lineOffset() + r.lineLength(); i++) {
                    assertThat((int) r.text().charAt(i)).isEqualTo(r.lineBuffer()[i] & 0xFF);
                }
            } else {
                assertThat(r.truncated()).isTrue();
            }
            out.add((r.truncated() ? "TRUNCATED:" : "") + r.lineNumber() + ":"
                    + new String(r.lineBuffer(), r.lineOffset(), r.lineLength(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void lfCrlfBomAndNoFinalNewline() throws IOException {
        byte[] data = "\uFEFFa\r\nb\n\nc".getBytes(StandardCharsets.UTF_8);
        assertThat(lines(data, 1000)).containsExactly("1:a", "2:b", "3:", "4:c");
    }

    @Test
    void onlyALeadingBomIsRemoved() throws IOException {
        byte[] data = "a\n\uFEFFb\n".getBytes(StandardCharsets.UTF_8);
        assertThat(lines(data, 1000)).containsExactly("1:a", "2:\uFEFFb");
    }

    @Test
    void longLinesAcrossManyReadsAreWhole() throws IOException {
        String big = "x".repeat(300_000);
        byte[] data = ("s\n" + big + "\nt\n").getBytes(StandardCharsets.UTF_8);
        // a stream that returns few bytes per read, as network streams do
        InputStream slow = new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 777));
            }
        };
        List<String> out = lines(slow, 1 << 20);
        assertThat(out).hasSize(3);
        assertThat(out.get(1)).hasSize(300_002);
        assertThat(out.get(2)).isEqualTo("3:t");
    }

    @Test
    void tooLongLinesAreCutAndSkipped() throws IOException {
        String big = "y".repeat(200_000);
        byte[] data = ("a\n" + big + "\nb\n").getBytes(StandardCharsets.UTF_8);
        List<String> out = lines(data, 100_000);
        assertThat(out).hasSize(3);
        assertThat(out.get(0)).isEqualTo("1:a");
        assertThat(out.get(1)).startsWith("TRUNCATED:2:yyyy").hasSizeLessThan(5000);
        assertThat(out.get(2)).isEqualTo("3:b");
    }
}
