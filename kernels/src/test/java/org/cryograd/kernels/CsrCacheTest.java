package org.cryograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.ref.WeakReference;
import org.cryograd.kernels.CsrCache.DeviceCsr;
import org.cryograd.tensor.SparseCsr;
import org.junit.jupiter.api.Test;

/** The per-device CSR cache: one upload per matrix instance and direction, frees after the matrix is collected. */
class CsrCacheTest {
    private static SparseCsr matrix() {
        return new SparseCsr(2, 3, new int[] {0, 2, 3}, new int[] {0, 2, 1}, new float[] {1, 2, 3});
    }

    @Test
    void uploadsEachMatrixAndItsTransposeOnce() {
        CsrCache cache = new CsrCache();
        RecordingRunner r = new RecordingRunner(75, 4);
        SparseCsr a = matrix();
        DeviceCsr plain = cache.get(a, false, r);
        assertSame(plain, cache.get(a, false, r));
        assertEquals(3, r.uploads.size());
        DeviceCsr t = cache.get(a, true, r);
        assertSame(t, cache.get(a, true, r));
        assertEquals(6, r.uploads.size());
        assertEquals(3, t.rows()); // A^T is 3 x 2
        assertEquals(2, t.cols());
        assertEquals(3, t.nnz());
        DeviceCsr other = cache.get(matrix(), false, r); // equal content, another instance: keyed by identity
        assertNotSame(plain, other);
        assertEquals(2, cache.size());
    }

    @Test
    void freesTheDeviceCopiesOfCollectedMatrices() throws InterruptedException {
        CsrCache cache = new CsrCache();
        RecordingRunner r = new RecordingRunner(75, 4);
        WeakReference<SparseCsr> probe = useAndDrop(cache, r);
        for (int i = 0; i < 50 && probe.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assumeTrue(probe.get() == null, "the JVM did not collect the matrix");
        int gone = 0;
        for (int i = 0; i < 50 && gone == 0; i++) {
            gone = cache.expunge(r);
            if (gone == 0) Thread.sleep(10); // the reference may be enqueued a little after it is cleared
        }
        assertEquals(1, gone);
        assertEquals(6, r.freed.size()); // plain and transposed copies, three arrays each
        assertEquals(0, cache.size());
    }

    private static WeakReference<SparseCsr> useAndDrop(CsrCache cache, RecordingRunner r) {
        SparseCsr a = matrix();
        cache.get(a, false, r);
        cache.get(a, true, r);
        return new WeakReference<>(a);
    }
}
