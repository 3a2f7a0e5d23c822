package org.leapfrog.runtime;

import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.kernels.KernelSignature.Arg;
import org.leapfrog.runtime.buffer.Buffer;
import org.leapfrog.runtime.graph.TransferStats;

/**
 * Launches single kernels on {@link Buffer}s outside task graphs, on any backend ({@link Backend#dispatcher()}):
 * per-operation work such as the autodiff engine's, where a task graph per operation would cost more than the
 * launch. On OpenCL launches go to the backend's in-order queue (so they run in issue order, also relative to
 * plans of that backend, and return before they complete); on the Java backend the kernel's twin runs at once.
 *
 * <p>Buffers keep themselves current: before a launch every bound buffer the kernel reads (by its
 * {@link org.leapfrog.kernels.KernelSignature}; every buffer of a kernel without one) is copied to the device
 * if the device copy is stale, and afterwards every buffer it writes is marked current on the device only.
 * {@link #toHost} brings values back when asked. Device copies a dispatcher touches are pinned: they stay
 * until the buffer is unreachable, released ({@code backend.memory().release(b)}) or the backend closes.
 * A dispatcher keeps argument state, so use one per thread; closing it releases its kernel objects only.
 */
public interface Dispatcher extends AutoCloseable {
    Backend backend();

    /** The launch slot of a kernel (built on first use; one per definition). */
    Launch kernel(KernelDef def);

    /** Makes the device copy of {@code b} current (copies only if it is stale). */
    void toDevice(Buffer b);

    /** Makes the host copy of {@code b} current (copies only if it is stale), after every earlier launch. */
    void toHost(Buffer b);

    /** Waits until every launch issued so far has completed. */
    void finish();

    /** Launches and copies so far ({@code executions} stays 0). */
    TransferStats stats();

    @Override
    void close();

    /**
     * One kernel: bind arguments by position or by the signature's {@link Arg} constants (they persist between
     * launches), then {@link #run}. Setting scalars allocates nothing. With a signature, a binding of the wrong
     * kind or element type is an error naming the argument.
     */
    interface Launch {
        Launch buffer(int index, Buffer b);

        Launch arg(int index, int value);

        Launch arg(int index, long value);

        Launch arg(int index, double value);

        /**
         * Binds a buffer and says how the kernel uses it, for kernels without a signature (which otherwise count
         * as reading and writing every buffer, so an input would be marked changed on the device); where the
         * kernel has a signature its declaration wins.
         */
        default Launch buffer(int index, Buffer b, Access access) {
            return buffer(index, b);
        }

        default Launch buffer(Arg a, Buffer b) {
            return buffer(a.index(), b);
        }

        default Launch arg(Arg a, int value) {
            return arg(a.index(), value);
        }

        default Launch arg(Arg a, long value) {
            return arg(a.index(), value);
        }

        default Launch arg(Arg a, double value) {
            return arg(a.index(), value);
        }

        /** Launches over {@code range}; a range with no work-items does nothing. */
        void run(Range range);

        /** Launches over {@code n} work-items (1-D, the device chooses the work-group size). */
        default void run(long n) {
            run(Range.of(n));
        }
    }
}
