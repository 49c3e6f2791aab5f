package io.cloudexfil.hunt.source.prefilter;

import java.lang.reflect.Field;
import java.nio.ByteOrder;
import sun.misc.Unsafe;

/**
 * Little-endian multi-byte reads from a byte array, for the scans every input byte goes through.
 * A byte-array view VarHandle does the same, but in the scan loops its invocation was often left
 * out of line (a call per eight bytes: a sixth of the prefilter's time); Unsafe's reads are
 * intrinsics. Each read checks its bounds, so a wrong index still fails as an index error.
 */
final class RawBytes {

    private static final Unsafe UNSAFE = unsafe();
    private static final long BASE = Unsafe.ARRAY_BYTE_BASE_OFFSET;
    private static final boolean LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private RawBytes() {
    }

    /** The eight bytes at {@code i}, the first in the lowest bits. */
    static long getLong(byte[] b, int i) {
        if (i < 0 || i > b.length - 8) {
            throw new ArrayIndexOutOfBoundsException(i);
        }
        long v = UNSAFE.getLong(b, BASE + i);
        return LITTLE ? v : Long.reverseBytes(v);
    }

    /** The four bytes at {@code i}, the first in the lowest bits. */
    static int getInt(byte[] b, int i) {
        if (i < 0 || i > b.length - 4) {
            throw new ArrayIndexOutOfBoundsException(i);
        }
        int v = UNSAFE.getInt(b, BASE + i);
        return LITTLE ? v : Integer.reverseBytes(v);
    }

    private static Unsafe unsafe() {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
