package io.cloudexfil.kql;

import java.util.Collection;

/**
 * An immutable set of strings under KQL case-insensitive equality, looked up without folding or
 * copying the probe: an open-addressing table keyed by {@link KqlChars#foldedHash}.
 */
final class FoldedSet {

    private final String[] slots;
    private final int[] hashes;
    private final int mask;

    FoldedSet(Collection<String> values) {
        int cap = Integer.highestOneBit(Math.max(4, values.size() * 2 - 1)) << 1;
        slots = new String[cap];
        hashes = new int[cap];
        mask = cap - 1;
        for (String v : values) {
            add(v == null ? "" : v);
        }
    }

    private void add(String v) {
        int h = KqlChars.foldedHash(v);
        for (int i = mix(h) & mask; ; i = (i + 1) & mask) {
            if (slots[i] == null) {
                slots[i] = v;
                hashes[i] = h;
                return;
            }
            if (hashes[i] == h && KqlChars.equalsIgnoreCase(slots[i], v)) {
                return;
            }
        }
    }

    boolean contains(String probe) {
        int h = KqlChars.foldedHash(probe);
        for (int i = mix(h) & mask; slots[i] != null; i = (i + 1) & mask) {
            if (hashes[i] == h && KqlChars.equalsIgnoreCase(slots[i], probe)) {
                return true;
            }
        }
        return false;
    }

    private static int mix(int h) {
        return h ^ (h >>> 16);
    }
}
