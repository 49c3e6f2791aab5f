package io.cloudexfil.hunt.source.prefilter;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Does a raw line contain at least one of a set of needles, ASCII case-insensitively? The
 * multi-needle scan behind {@link LinePrefilter}. Needles are printable ASCII other than {@code "}
 * and {@code \}, at least {@link #GRAM} bytes long: such a needle is written byte for byte in JSON
 * wherever a value holds it.
 *
 * <p>Two tiers, both verified byte by byte on a hit:
 * <ul>
 *   <li>needles of {@value #LONG_NEEDLE} bytes or more: a fixed-stride grid of 3-byte grams. With
 *       the shortest of them {@code m} bytes long, every occurrence covers one of the positions
 *       {@code 0, s, 2s, ...} with {@code s = m - 2}, so only those positions are hashed and tested
 *       against a 4096-bit table of the needles' grams. Each needle contributes the {@code s}
 *       consecutive grams least common in Defender rows, so keys and paths rarely cause a check;
 *   <li>shorter needles (a grid over them would test every position): each is anchored on one
 *       of its bytes, chosen so that as few bytes as possible anchor them all (then the least
 *       common), and the value is searched eight bytes at a time for the (at most
 *       {@value #MAX_ANCHORS}) anchor bytes; a hit's neighbour must be one a needle has there.
 * </ul>
 */
final class NeedleScan implements Serializable {

    private static final long serialVersionUID = 1L;

    static final int GRAM = 3;
    static final int LONG_NEEDLE = 6;
    static final int MAX_ANCHORS = 4;
    private static final int BITS = 12;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;
    private static final long FOLD = 0x2020202020202020L;

    /** Text typical of Defender rows: grams frequent here are poor filters. */
    private static final String COMMON = String.join(" ",
            "Timestamp DeviceId DeviceName ActionType FileName FolderPath SHA1 SHA256 MD5 FileSize",
            "ProcessVersionInfoCompanyName ProcessVersionInfoProductName ProcessVersionInfoProductVersion",
            "ProcessVersionInfoInternalFileName ProcessVersionInfoOriginalFileName ProcessVersionInfoFileDescription",
            "ProcessId ProcessCommandLine ProcessIntegrityLevel ProcessTokenElevation ProcessCreationTime",
            "AccountDomain AccountName AccountSid AccountUpn AccountObjectId LogonId",
            "InitiatingProcessAccountDomain InitiatingProcessAccountName InitiatingProcessAccountSid",
            "InitiatingProcessAccountUpn InitiatingProcessAccountObjectId InitiatingProcessLogonId",
            "InitiatingProcessIntegrityLevel InitiatingProcessTokenElevation InitiatingProcessSHA1",
            "InitiatingProcessSHA256 InitiatingProcessMD5 InitiatingProcessFileName InitiatingProcessFileSize",
            "InitiatingProcessVersionInfoCompanyName InitiatingProcessId InitiatingProcessCommandLine",
            "InitiatingProcessCreationTime InitiatingProcessFolderPath InitiatingProcessParentId",
            "InitiatingProcessParentFileName InitiatingProcessParentCreationTime InitiatingProcessSignerType",
            "InitiatingProcessSignatureStatus ReportId AppGuardContainerId AdditionalFields",
            "InitiatingProcessSessionId IsInitiatingProcessRemoteSession CreatedProcessSessionId",
            "RemoteIP RemotePort RemoteUrl LocalIP LocalPort Protocol LocalIPType RemoteIPType",
            "ConnectionSuccess InboundConnectionAccepted ListeningConnectionCreated TcpV4 TcpV6 Public Private",
            "\"2026-11-20T10:11:12.1234567Z\" null true false",
            "C:\\\\Windows\\\\System32\\\\svchost.exe C:\\\\Program Files\\\\ C:\\\\Users\\\\ AppData\\\\Local\\\\Temp",
            "Microsoft Corporation Windows Operating System nt authority\\\\system",
            "https://www. .com .net .org .exe .dll .ps1 --- -- ",
            // the shape of a row: keys, quotes, colons, commas, hashes and ids
            "{\"Timestamp\":\"2026-11-20T13:45:07.3456789Z\",\"DeviceId\":\"3b44aa43ce0e744b17f2b65693cdc4690de02c24\",",
            "\"SHA256\":\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\",\"ProcessId\":4172,",
            "\"MD5\":\"5d41402abc4b2a76b9719d911017c592\",\"FileSize\":123456,\"LogonId\":999,\"RemotePort\":443,",
            "\"SHA1\":\"a94a8fe5ccb19ba61c4c0873d391e987982fbbd3\",\"ReportId\":33333,\"RemoteIP\":\"10.13.37.33\"}");

    private final byte[][] needles;
    /** Grid tier: stride 0 when no needle is in it. */
    private final int stride;
    private final long[] bits = new long[(1 << BITS) / 64];
    /** Per bucket: pairs (needle index, offset of the gram in the needle). */
    private final int[][] buckets = new int[1 << BITS][];
    /** Anchor tier: the anchor bytes (lower case, as the scan folds with 0x20), per anchor pairs (needle, offset). */
    private final long[] anchorWords;
    /** Per folded byte: its index in {@link #anchorWords}, or -1. */
    private final byte[] anchorIndex;
    private final int[][] anchored;
    /**
     * Per anchor, 128 bits each: the (folded) bytes that may follow it, and those that may precede
     * it, in some needle: a byte that is neither ends the check of an anchor hit at once.
     */
    private final long[][] nextBytes;
    private final long[][] prevBytes;

    private NeedleScan(byte[][] needles) {
        this.needles = needles;
        List<Integer> shortOnes = new ArrayList<>();
        int m = Integer.MAX_VALUE;
        for (int k = 0; k < needles.length; k++) {
            if (needles[k].length >= LONG_NEEDLE) {
                m = Math.min(m, needles[k].length);
            } else {
                shortOnes.add(k);
            }
        }
        // anchor bytes of the short needles; too many distinct ones and they join the grid instead
        List<Integer> anchorBytes = chooseAnchors(needles, shortOnes);
        int[] anchorOf = new int[needles.length];
        for (int k : shortOnes) {
            anchorOf[k] = anchorOffset(needles[k], anchorBytes);
        }
        if (anchorBytes.size() > MAX_ANCHORS) {
            for (int k : shortOnes) {
                m = Math.min(m, needles[k].length);
            }
            shortOnes.clear();
            anchorBytes.clear();
        }
        this.anchorWords = new long[anchorBytes.size()];
        this.anchorIndex = new byte[256];
        Arrays.fill(anchorIndex, (byte) -1);
        for (int x = 0; x < anchorBytes.size(); x++) {
            anchorIndex[anchorBytes.get(x)] = (byte) x;
        }
        this.anchored = new int[anchorBytes.size()][];
        this.nextBytes = new long[anchorBytes.size()][2];
        this.prevBytes = new long[anchorBytes.size()][2];
        for (int x = 0; x < anchorBytes.size(); x++) {
            anchorWords[x] = anchorBytes.get(x) * ONES;
            List<Integer> pairs = new ArrayList<>();
            for (int k : shortOnes) {
                byte[] n = needles[k];
                int o = anchorOf[k];
                if ((n[o] | 0x20) == anchorBytes.get(x)) {
                    pairs.add(k);
                    pairs.add(o);
                    if (o + 1 < n.length) {
                        set(nextBytes[x], n[o + 1] | 0x20);
                    } else {
                        set(prevBytes[x], n[o - 1] | 0x20); // a needle has at least 3 bytes
                    }
                }
            }
            anchored[x] = pairs.stream().mapToInt(Integer::intValue).toArray();
        }
        this.stride = m == Integer.MAX_VALUE ? 0 : m - GRAM + 1;
        for (int k = 0; k < needles.length; k++) {
            if (stride == 0 || shortOnes.contains(k)) {
                continue;
            }
            byte[] n = needles[k];
            int from = leastCommonWindow(n, stride);
            for (int o = from; o < from + stride; o++) {
                add(gram(n, o), k, o);
            }
        }
    }

    /**
     * The scan of these needles, or null when one of them cannot be scanned for (shorter than 3
     * bytes, or a byte other than printable ASCII without {@code "} and {@code \}). Call with at
     * least one needle.
     */
    static NeedleScan of(Set<String> needles) {
        Set<String> folded = new LinkedHashSet<>();
        for (String n : needles) {
            if (!scannable(n)) {
                return null;
            }
            folded.add(asciiLower(n));
        }
        byte[][] bytes = folded.stream().map(s -> s.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
        return new NeedleScan(bytes);
    }

    static boolean scannable(String needle) {
        if (needle.length() < GRAM) {
            return false;
        }
        for (int i = 0; i < needle.length(); i++) {
            char c = needle.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** The needles, folded to lower case. */
    List<String> needles() {
        List<String> out = new ArrayList<>();
        for (byte[] n : needles) {
            out.add(new String(n, StandardCharsets.US_ASCII));
        }
        return out;
    }

    /** A rough cost per byte of a scan, to test cheap conditions first. */
    double cost() {
        return (stride > 0 ? 1.0 / stride : 0) + 0.25 * anchorWords.length;
    }

    /** Whether {@code b[off, off+len)} contains one of the needles, ASCII case-insensitively. */
    boolean foundIn(byte[] b, int off, int len) {
        return (stride > 0 && gridFound(b, off, len)) || (anchorWords.length > 0 && anchorFound(b, off, len));
    }

    private boolean anchorFound(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        long[] words = anchorWords;
        long a0 = words[0];
        // absent anchors repeat the first: their flags are the same
        long a1 = words.length > 1 ? words[1] : a0;
        long a2 = words.length > 2 ? words[2] : a0;
        long a3 = words.length > 3 ? words[3] : a0;
        for (; i + 8 <= end; i += 8) {
            long f = RawBytes.getLong(b, i) | FOLD;
            long y0 = f ^ a0;
            long y1 = f ^ a1;
            long y2 = f ^ a2;
            long y3 = f ^ a3;
            // a flag for every anchor byte, and at times one above it (a borrow): each is checked
            long hits = ((y0 - ONES) & ~y0 | (y1 - ONES) & ~y1 | (y2 - ONES) & ~y2 | (y3 - ONES) & ~y3) & HIGH;
            while (hits != 0) {
                int p = i + (Long.numberOfTrailingZeros(hits) >>> 3);
                int x = anchorIndex[(b[p] | 0x20) & 0xFF];
                if (x >= 0 && anchoredAt(b, off, end, p, x)) {
                    return true;
                }
                hits &= hits - 1;
            }
        }
        for (; i < end; i++) {
            int x = anchorIndex[(b[i] | 0x20) & 0xFF];
            if (x >= 0 && anchoredAt(b, off, end, i, x)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The anchor bytes for the short needles: as few as cover every needle (each pass over a
     * value tests every anchor), the least common in Defender rows among equals.
     */
    private static List<Integer> chooseAnchors(byte[][] needles, List<Integer> shortOnes) {
        List<Integer> anchors = new ArrayList<>();
        List<Integer> open = new ArrayList<>(shortOnes);
        while (!open.isEmpty()) {
            int best = -1;
            int bestCover = 0;
            for (int k : open) {
                for (byte c : needles[k]) {
                    int a = c | 0x20;
                    int cover = 0;
                    for (int j : open) {
                        cover += contains(needles[j], a) ? 1 : 0;
                    }
                    if (cover > bestCover || (cover == bestCover && BYTE_COUNTS[a] < BYTE_COUNTS[best])) {
                        best = a;
                        bestCover = cover;
                    }
                }
            }
            anchors.add(best);
            int chosen = best;
            open.removeIf(k -> contains(needles[k], chosen));
        }
        return anchors;
    }

    private static boolean contains(byte[] needle, int folded) {
        for (byte c : needle) {
            if ((c | 0x20) == folded) {
                return true;
            }
        }
        return false;
    }

    /** The offset in the needle of its first byte that is one of the anchors. */
    private static int anchorOffset(byte[] needle, List<Integer> anchors) {
        int o = 0;
        while (!anchors.contains(needle[o] | 0x20)) {
            o++;
        }
        return o;
    }

    private static void set(long[] bits128, int c) {
        bits128[c >>> 6] |= 1L << c;
    }

    private static boolean has(long[] bits128, int c) {
        return c >= 0 && (bits128[c >>> 6] & (1L << c)) != 0; // c < 0: a non-ASCII byte
    }

    private boolean anchoredAt(byte[] b, int off, int end, int p, int x) {
        boolean next = p + 1 < end && has(nextBytes[x], (b[p + 1] | 0x20));
        boolean prev = p > off && has(prevBytes[x], (b[p - 1] | 0x20));
        return (next || prev) && anyAt(anchored[x], b, off, end, p);
    }

    /** Whether a needle of {@code pairs} (needle index, offset of position {@code p} in it) stands at p. */
    private boolean anyAt(int[] pairs, byte[] b, int off, int end, int p) {
        for (int e = 0; e < pairs.length; e += 2) {
            byte[] n = needles[pairs[e]];
            int start = p - pairs[e + 1];
            if (start >= off && start + n.length <= end && matchesAt(b, start, n)) {
                return true;
            }
        }
        return false;
    }

    private boolean gridFound(byte[] b, int off, int len) {
        int end = off + len;
        int last = end - GRAM; // the last position a gram starts at
        int fast = Math.min(last, b.length - 4); // positions where a 4-byte read stays in the array
        int i = off;
        for (; i <= fast; i += stride) {
            int h = hash(RawBytes.getInt(b, i) | 0x20202020);
            if ((bits[h >>> 6] & (1L << h)) != 0 && verify(b, off, end, i, h)) {
                return true;
            }
        }
        for (; i <= last; i += stride) {
            int w = (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16;
            int h = hash(w | 0x20202020);
            if ((bits[h >>> 6] & (1L << h)) != 0 && verify(b, off, end, i, h)) {
                return true;
            }
        }
        return false;
    }

    /** Hash of the low three bytes (already or-ed with 0x20 per byte, a cheap fold for the table). */
    private static int hash(int w) {
        return ((w & 0xFFFFFF) * 0x9E3779B1) >>> (32 - BITS);
    }

    private boolean verify(byte[] b, int off, int end, int at, int h) {
        return anyAt(buckets[h], b, off, end, at);
    }

    private static boolean matchesAt(byte[] b, int start, byte[] n) {
        for (int j = 0; j < n.length; j++) {
            int c = b[start + j];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != n[j]) {
                return false;
            }
        }
        return true;
    }

    private void add(int gram, int needle, int offset) {
        int h = hash(gram | 0x20202020);
        bits[h >>> 6] |= 1L << h;
        int[] bucket = buckets[h] == null ? new int[0] : buckets[h];
        for (int e = 0; e < bucket.length; e += 2) {
            if (bucket[e] == needle && bucket[e + 1] == offset) {
                return;
            }
        }
        bucket = Arrays.copyOf(bucket, bucket.length + 2);
        bucket[bucket.length - 2] = needle;
        bucket[bucket.length - 1] = offset;
        buckets[h] = bucket;
    }

    private static int gram(byte[] n, int o) {
        return (n[o] & 0xFF) | (n[o + 1] & 0xFF) << 8 | (n[o + 2] & 0xFF) << 16;
    }

    /** The start of the {@code width} consecutive grams of {@code n} that occur least in {@link #COMMON}. */
    private static int leastCommonWindow(byte[] n, int width) {
        int best = 0;
        long bestScore = Long.MAX_VALUE;
        for (int a = 0; a + width - 1 <= n.length - GRAM; a++) {
            long score = 0;
            for (int o = a; o < a + width; o++) {
                score += commonness(n, o);
            }
            if (score < bestScore) {
                bestScore = score;
                best = a;
            }
        }
        return best;
    }

    /** COMMON, with its words also as the quoted keys of a row ({@code "Word":}). */
    private static final byte[] COMMON_BYTES = asciiLower(COMMON + " " + String.join(",",
            java.util.Arrays.stream(COMMON.split("[ ,{}]+")).filter(w -> w.matches("[A-Za-z0-9]+"))
                    .map(w -> "\"" + w + "\":").toList())).getBytes(StandardCharsets.US_ASCII);
    private static final int[] BYTE_COUNTS = new int[128];

    static {
        for (byte c : COMMON_BYTES) {
            BYTE_COUNTS[c & 0x7F]++;
        }
    }

    private static int commonness(byte[] n, int o) {
        int count = 0;
        for (int i = 0; i + GRAM <= COMMON_BYTES.length; i++) {
            if (COMMON_BYTES[i] == n[o] && COMMON_BYTES[i + 1] == n[o + 1] && COMMON_BYTES[i + 2] == n[o + 2]) {
                count++;
            }
        }
        return count;
    }

    static String asciiLower(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return sb.toString();
    }
}
