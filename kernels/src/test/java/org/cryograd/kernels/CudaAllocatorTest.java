package org.cryograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;

/** The caching allocator's size classes, reuse, counters and out-of-memory handling, against a fake device. */
class CudaAllocatorTest {
    /** A device with a fixed capacity that records every call. */
    static final class FakeMemory implements CudaAllocator.DeviceMemory {
        final long capacity;
        long used;
        final List<String> calls = new ArrayList<>();
        final java.util.Map<CUdeviceptr, Long> blocks = new java.util.IdentityHashMap<>();

        FakeMemory(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public CUdeviceptr alloc(long bytes) {
            calls.add("alloc " + bytes);
            if (used + bytes > capacity) return null;
            used += bytes;
            CUdeviceptr p = new CUdeviceptr();
            blocks.put(p, bytes);
            return p;
        }

        @Override
        public void free(CUdeviceptr p) {
            calls.add("free " + blocks.get(p));
            used -= blocks.remove(p);
        }

        @Override
        public void zero(CUdeviceptr p, long bytes) {
            calls.add("zero " + bytes);
        }

        @Override
        public void synchronize() {
            calls.add("sync");
        }

        @Override
        public long[] info() {
            return new long[] {capacity - used, capacity};
        }

        @Override
        public String name() {
            return "cuda:0 (Fake GPU)";
        }
    }

    @Test
    void sizeClassesRoundUpToFixedGranules() {
        assertEquals(512, CudaAllocator.sizeClass(0));
        assertEquals(512, CudaAllocator.sizeClass(1));
        assertEquals(512, CudaAllocator.sizeClass(512));
        assertEquals(1024, CudaAllocator.sizeClass(513));
        assertEquals(1 << 20, CudaAllocator.sizeClass((1 << 20) - 1));
        assertEquals(1 << 20, CudaAllocator.sizeClass(1 << 20));
        assertEquals(2 << 20, CudaAllocator.sizeClass((1 << 20) + 1));
        assertEquals(4 << 20, CudaAllocator.sizeClass((2 << 20) + 1));
        assertEquals(4L << 30, CudaAllocator.sizeClass((4L << 30) - 5));
        assertThrows(IllegalArgumentException.class, () -> CudaAllocator.sizeClass(-1));
        for (long b = 0; b < 5_000_000; b += 4093) {
            long c = CudaAllocator.sizeClass(b);
            assertTrue(c >= b && c % 512 == 0, "class " + c + " of " + b);
            assertTrue(b <= 1 << 20 ? c - b < 512 || b == 0 : c - b < 2 << 20, "waste of " + b);
        }
    }

    @Test
    void releasedBlocksAreReusedWithoutTheDriver() {
        FakeMemory m = new FakeMemory(1L << 30);
        CudaAllocator a = new CudaAllocator(m);
        CudaStorage s1 = a.allocate(1000); // 4000 bytes -> 4096 class
        assertEquals(4096, s1.capacityBytes());
        assertEquals(1000, s1.size());
        assertEquals(List.of("alloc 4096", "zero 4000"), m.calls, "a fresh allocation is zeroed (its requested bytes)");
        a.release(s1);
        CudaStorage s2 = a.allocate(1010); // same class
        assertSame(s1.pointer(), s2.pointer(), "the cached block is handed out again");
        assertEquals(List.of("alloc 4096", "zero 4000", "zero 4040"), m.calls, "reuse zeroes but does not allocate");
        CudaStorage s3 = a.allocateUninitialized(1000);
        assertNotSame(s2.pointer(), s3.pointer(), "a block in use is never handed out twice");
        assertEquals("alloc 4096", m.calls.get(m.calls.size() - 1), "uninitialised storages are not zeroed");
        CudaAllocator.Stats st = a.stats();
        assertEquals(8192, st.inUseBytes());
        assertEquals(0, st.cachedBytes());
        assertEquals(2, st.driverAllocs());
        assertEquals(1, st.cacheHits());
        a.release(s2);
        a.release(s3);
        st = a.stats();
        assertEquals(0, st.inUseBytes());
        assertEquals(8192, st.cachedBytes());
        assertEquals(8192, st.peakInUseBytes());
    }

    @Test
    void aTrainingLoopStopsAllocatingAfterItsFirstStep() {
        FakeMemory m = new FakeMemory(1L << 30);
        CudaAllocator a = new CudaAllocator(m);
        long[] sizes = {64, 4096, 1 << 20, 3_000_000, 17, 64};
        long allocsAfterFirst = -1;
        for (int step = 0; step < 50; step++) {
            List<CudaStorage> live = new ArrayList<>();
            for (long n : sizes) live.add(a.allocate(n));
            for (CudaStorage s : live) a.release(s);
            if (step == 0) allocsAfterFirst = a.stats().driverAllocs();
            assertEquals(0, a.stats().inUseBytes());
        }
        assertEquals(allocsAfterFirst, a.stats().driverAllocs(), "no driver allocation after the first step");
        assertEquals(sizes.length, allocsAfterFirst);
    }

    @Test
    void outOfMemoryFreesTheCacheRetriesThenNamesTheNumbers() {
        FakeMemory m = new FakeMemory(10L << 20);
        CudaAllocator a = new CudaAllocator(m);
        CudaStorage small = a.allocate(1000);
        a.release(small); // 4 KiB cached
        CudaStorage big = a.allocate((8L << 20) / 4); // 8 MiB class: fits
        a.release(big);
        CudaStorage other = a.allocate((6L << 20) / 4); // 6 MiB: fits only after the cache is freed
        assertTrue(m.calls.containsAll(List.of("sync", "free 8388608", "free 4096")), m.calls.toString());
        int sync = m.calls.indexOf("sync"), free = m.calls.indexOf("free 8388608");
        assertTrue(sync < free, "queued work is awaited before cached blocks go back to the driver");
        assertEquals(0, a.stats().cachedBytes());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.allocate((5L << 20) / 4));
        String msg = e.getMessage();
        for (String s : new String[] {"out of memory", "cuda:0 (Fake GPU)", "5242880 bytes", "4194304 bytes", "10485760", "6291456 bytes in live tensors"})
            assertTrue(msg.contains(s), "message lacks '" + s + "': " + msg);
        a.release(other);
        assertThrows(IllegalArgumentException.class, () -> a.allocate(-1));
    }
}
