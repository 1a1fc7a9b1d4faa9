package org.cryograd.kernels;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.cryograd.tensor.SparseCsr;

/**
 * Device copies of {@link SparseCsr} matrices, one cache per device: each matrix (by identity: a SparseCsr is
 * immutable) is uploaded once, and its transpose is built on the host and uploaded on first use of {@code A^T x}, so
 * the transposed product is the same race-free row gather. Entries hold their matrix weakly: when a matrix becomes
 * unreachable its device arrays are handed back through {@link KernelRunner#free} at the next lookup.
 */
final class CsrCache {
    /** One matrix on the device: rowPtr and colIdx as int arrays, values as floats (runner handles). */
    record DeviceCsr(int rows, int cols, int nnz, Object rowPtr, Object colIdx, Object values) {}

    /** Caches by device (weak keys: a test runner's cache goes with the runner; devices live as long as the JVM). */
    private static final Map<Object, CsrCache> BY_DEVICE = new WeakHashMap<>();

    private final Map<Key, Entry> entries = new HashMap<>();
    private final ReferenceQueue<SparseCsr> dead = new ReferenceQueue<>();

    /** The cache of the device behind {@code deviceKey} (a CudaDevice, or a test runner). */
    static CsrCache of(Object deviceKey) {
        synchronized (BY_DEVICE) {
            return BY_DEVICE.computeIfAbsent(deviceKey, d -> new CsrCache());
        }
    }

    /**
     * The device copy of {@code a}, or of its transpose when {@code transpose}; uploads through {@code r} on first use.
     */
    synchronized DeviceCsr get(SparseCsr a, boolean transpose, KernelRunner r) {
        expunge(r);
        Entry e = entries.get(new Key(a, null));
        if (e == null) {
            e = new Entry();
            entries.put(new Key(a, dead), e);
        }
        if (transpose) {
            if (e.transposed == null) e.transposed = upload(a.transpose(), r);
            return e.transposed;
        }
        if (e.plain == null) e.plain = upload(a, r);
        return e.plain;
    }

    /** Number of matrices with device copies (for tests). */
    synchronized int size() {
        return entries.size();
    }

    /** Frees the device copies of matrices that were garbage collected; returns how many matrices went. */
    synchronized int expunge(KernelRunner r) {
        int n = 0;
        for (Object ref; (ref = dead.poll()) != null; ) {
            Entry e = entries.remove((Key) ref);
            if (e == null) continue;
            for (DeviceCsr d : e.copies()) {
                r.free(d.rowPtr());
                r.free(d.colIdx());
                r.free(d.values());
            }
            n++;
        }
        return n;
    }

    private static DeviceCsr upload(SparseCsr m, KernelRunner r) {
        return new DeviceCsr(m.rows(), m.cols(), m.nnz(), r.upload(m.rowPtr()), r.upload(m.colIdx()), r.upload(m.values()));
    }

    private static final class Entry {
        DeviceCsr plain, transposed;

        List<DeviceCsr> copies() {
            List<DeviceCsr> l = new ArrayList<>(2);
            if (plain != null) l.add(plain);
            if (transposed != null) l.add(transposed);
            return l;
        }
    }

    /** Identity key on a weakly held matrix; a cleared key equals only itself. */
    static final class Key extends WeakReference<SparseCsr> {
        private final int hash;

        Key(SparseCsr a, ReferenceQueue<SparseCsr> q) {
            super(a, q);
            hash = System.identityHashCode(a);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) return true;
            if (!(o instanceof Key k)) return false;
            SparseCsr a = get();
            return a != null && a == k.get();
        }
    }
}
