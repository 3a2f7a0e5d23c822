package org.leapfrog.runtime.java;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendCapabilities;
import org.leapfrog.runtime.Dispatcher;
import org.leapfrog.runtime.buffer.DeviceMemory;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.DeviceInfo;
import org.leapfrog.runtime.graph.ExecutionPlan;
import org.leapfrog.runtime.graph.ImmutableTaskGraph;

/**
 * The pure-Java backend: always available. Each task's work-items are split into blocks run on a private
 * fork-join pool; because work-items are independent, results do not depend on the thread count.
 * Memory is shared with the host, so transfers cost nothing.
 */
public final class JavaBackend implements Backend {
    /** System property that sets the worker thread count (default: available processors). */
    public static final String THREADS_PROPERTY = "leapfrog.threads";
    /**
     * Idle time after which the pool would retire a worker: in effect never. A fork-join pool retires workers idle
     * for its keep-alive (60 s by default) and starts new ones on demand; JDK 17 before 17.0.17 updates the pool's
     * worker counts wrongly on that path (JDK-8351933, "the pool may stop executing tasks"), and a test JVM once hung
     * in a launch with every worker retired and the launch's task queued. Workers of an open backend stay parked
     * instead; {@link #close} ends them.
     */
    static final long KEEP_ALIVE_DAYS = 3650;

    private final int threads;
    private final ForkJoinPool pool;
    private final JavaMemory memory = new JavaMemory();

    public JavaBackend(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads + "; allowed: 1 or more");
        }
        this.threads = threads;
        // The default constructor's settings (no core threads, at most 32767 threads, one runnable, no saturation
        // handler) except the keep-alive.
        this.pool = threads == 1 ? null : new ForkJoinPool(threads, ForkJoinPool.defaultForkJoinWorkerThreadFactory,
                null, false, 0, 32767, 1, null, KEEP_ALIVE_DAYS, TimeUnit.DAYS);
    }

    public static int defaultThreads() {
        String p = System.getProperty(THREADS_PROPERTY);
        if (p != null) {
            try {
                return Integer.parseInt(p.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(THREADS_PROPERTY + ": '" + p + "' is not a thread count; allowed: 1 or more");
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    public static DeviceInfo describe(int threads) {
        return new DeviceInfo(BackendKind.JAVA, -1, "Java " + Runtime.version().feature(),
                "JVM (" + System.getProperty("os.arch") + ")", "CPU", threads, Runtime.getRuntime().maxMemory(),
                true, System.getProperty("java.vm.name") + " " + Runtime.version());
    }

    public int threads() {
        return threads;
    }

    @Override
    public BackendKind kind() {
        return BackendKind.JAVA;
    }

    @Override
    public DeviceInfo device() {
        return describe(threads);
    }

    @Override
    public ExecutionPlan plan(ImmutableTaskGraph... graphs) {
        return new JavaPlan(graphs, pool, threads, memory);
    }

    /** Host and device share memory; lanes 1 (a twin handles one chain per work-item); work-groups are ignored. */
    @Override
    public BackendCapabilities capabilities() {
        return new BackendCapabilities(false, false, 1, 0, Integer.MAX_VALUE, true, "CPU");
    }

    @Override
    public DeviceMemory memory() {
        return memory;
    }

    @Override
    public Dispatcher dispatcher() {
        return new JavaDispatcher(this, pool, threads);
    }

    @Override
    public void close() {
        memory.close();
        if (pool != null) {
            pool.shutdown();
        }
    }
}
