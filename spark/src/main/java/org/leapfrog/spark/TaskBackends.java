package org.leapfrog.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.leapfrog.bench.sample.SampleOptions;
import org.leapfrog.bench.sample.TargetResolver;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.samplers.target.Target;

/**
 * The backends Spark tasks use on an executor: the one {@code leapfrog sample} would open there (auto: the
 * executor's OpenCL device, else Java), except that the Java backend gets the task's share of the executor's
 * cores rather than all of them, since several tasks run side by side. The draws do not depend on the thread
 * count (every chain's arithmetic is its own).
 *
 * <p>Backends are pooled per executor JVM: a task borrows an idle one (or opens one) and returns it when done,
 * so later tasks on the executor (the shards after warmup, the next problems) reuse its built kernel programs
 * instead of compiling them again. Tasks running at once never share a backend.
 */
final class TaskBackends {
    private static final Map<String, ConcurrentLinkedDeque<Backend>> IDLE = new ConcurrentHashMap<>();

    private TaskBackends() {
    }

    /** A borrowed backend; closing the lease returns it to the executor's pool. */
    static final class Lease implements AutoCloseable {
        private final String key;
        private final Backend backend;

        Lease(String key, Backend backend) {
            this.key = key;
            this.backend = backend;
        }

        Backend backend() {
            return backend;
        }

        @Override
        public void close() {
            IDLE.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).push(backend);
        }
    }

    /** The backend for a {@code sample} target and options. */
    static Lease borrow(Target target, SampleOptions o, int javaThreads) {
        BackendRequest request = BackendRequest.resolve(o.backend(), o.device());
        boolean java = request.kind() == BackendKind.JAVA
                || (request.kind() == BackendKind.AUTO && request.device() < 0 && target.deviceCode().isEmpty());
        String key = java ? "java/" + javaThreads : request.kind() + "/" + request.device() + "/" + javaThreads;
        Backend idle = take(key);
        if (idle != null) {
            return new Lease(key, idle);
        }
        if (java) {
            return new Lease(key, new JavaBackend(javaThreads));
        }
        Backend b = TargetResolver.openBackend(target, o, notice -> { }); // no console output from tasks
        if (b.kind() == BackendKind.JAVA) { // auto found no OpenCL device
            b.close();
            b = new JavaBackend(javaThreads);
        }
        return new Lease(key, b);
    }

    /** The backend for a named backend kind (java, auto, opencl) without a sample target's rules. */
    static Lease borrow(String backend, int javaThreads) {
        String key = "plain/" + backend + "/" + javaThreads;
        Backend idle = take(key);
        if (idle != null) {
            return new Lease(key, idle);
        }
        if (backend.equals("java")) {
            return new Lease(key, new JavaBackend(javaThreads));
        }
        Backend b = Backends.open(BackendRequest.resolve(backend, null), notice -> { });
        if (b.kind() == BackendKind.JAVA) {
            b.close();
            b = new JavaBackend(javaThreads);
        }
        return new Lease(key, b);
    }

    private static Backend take(String key) {
        ConcurrentLinkedDeque<Backend> q = IDLE.get(key);
        return q == null ? null : q.poll();
    }
}
