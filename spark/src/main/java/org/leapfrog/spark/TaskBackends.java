package org.leapfrog.spark;

import org.leapfrog.bench.sample.SampleOptions;
import org.leapfrog.bench.sample.TargetResolver;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.samplers.target.Target;

/**
 * The backend a Spark task opens on its executor: the one {@code leapfrog sample} would open there (auto: the
 * executor's OpenCL device, else Java), except that the Java backend gets the task's share of the executor's
 * cores rather than all of them, since several tasks run side by side. The draws do not depend on the thread
 * count (every chain's arithmetic is its own).
 */
final class TaskBackends {
    private TaskBackends() {
    }

    static Backend open(Target target, SampleOptions o, int javaThreads) {
        BackendRequest request = BackendRequest.resolve(o.backend(), o.device());
        if (request.kind() == BackendKind.JAVA
                || (request.kind() == BackendKind.AUTO && request.device() < 0 && target.deviceCode().isEmpty())) {
            return new JavaBackend(javaThreads);
        }
        Backend b = TargetResolver.openBackend(target, o, notice -> { }); // no console output from tasks
        if (b.kind() == BackendKind.JAVA) { // auto found no OpenCL device
            b.close();
            return new JavaBackend(javaThreads);
        }
        return b;
    }
}
