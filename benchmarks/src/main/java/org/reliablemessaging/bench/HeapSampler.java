package org.reliablemessaging.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the heap in use every 20 ms on a daemon thread; {@link #reset()} starts a new peak. Also
 * reads the heap in use after the last collection (the live set), which is what "flat" means for a backlog.
 */
final class HeapSampler implements AutoCloseable {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private final AtomicLong peak = new AtomicLong();

    private final Thread thread;

    private volatile boolean running = true;

    HeapSampler() {
        thread = Thread.ofPlatform().daemon().name("bench-heap-sampler").start(this::sample);
    }

    private void sample() {
        while (running) {
            long used = MEMORY.getHeapMemoryUsage().getUsed();
            peak.accumulateAndGet(used, Math::max);
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException ex) {
                return;
            }
        }
    }

    void reset() {
        peak.set(MEMORY.getHeapMemoryUsage().getUsed());
    }

    long peak() {
        return peak.get();
    }

    /** Heap in use right after the most recent garbage collection, summed over the heap pools. */
    static long liveAfterLastGc() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                sum += pool.getCollectionUsage().getUsed();
            }
        }
        return sum;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
