package org.cryograd.tensor.spi;

/**
 * A device allocator's counters ({@link Backend#memoryStats()}).
 *
 * @param inUseBytes     bytes held by live storages
 * @param cachedBytes    bytes of free blocks kept for reuse
 * @param peakInUseBytes the largest {@code inUseBytes} so far
 * @param driverAllocs   allocations asked of the driver so far (flat over training steps once a cache is warm)
 * @param cacheHits      allocations served from the cache
 */
public record MemoryStats(long inUseBytes, long cachedBytes, long peakInUseBytes, long driverAllocs, long cacheHits) {}
