package org.leapfrog.runtime.opencl;

import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.runtime.AbstractDispatcher;
import org.leapfrog.runtime.Range;
import org.leapfrog.runtime.buffer.Buffer;

/**
 * Dispatch on an OpenCL backend: launches go to the backend's in-order queue with the buffers' device copies
 * (allocated on first use, uploaded only when stale), 1-D or 2-D, with or without work-group sizes (global sizes
 * are rounded up to a multiple of the local size). It replaced the former raw-{@link ClBuffer} launcher: the
 * tensor engine, the dense benchmark and the kernel conformance tests all launch through it.
 */
final class ClDispatcher extends AbstractDispatcher {
    private final OpenClBackend backend;

    ClDispatcher(OpenClBackend backend) {
        super(backend);
        this.backend = backend;
    }

    @Override
    protected Slot newSlot(KernelDef def) {
        return new ClSlot(def, backend.build(def).kernel(def.entryPoint()));
    }

    @Override
    public void finish() {
        checkOpen();
        backend.queue().finish();
    }

    private final class ClSlot extends Slot {
        private final ClKernel kernel;
        private final int[][] ints = new int[MAX_ARGS][];
        private final long[][] longs = new long[MAX_ARGS][];
        private final double[][] doubles = new double[MAX_ARGS][];
        private final Pointer[] intPointers = new Pointer[MAX_ARGS];
        private final Pointer[] longPointers = new Pointer[MAX_ARGS];
        private final Pointer[] doublePointers = new Pointer[MAX_ARGS];
        private final long[] global1 = new long[1];
        private final long[] local1 = new long[1];
        private final long[] global2 = new long[2];
        private final long[] local2 = new long[2];

        ClSlot(KernelDef def, ClKernel kernel) {
            super(def);
            this.kernel = kernel;
        }

        @Override
        protected void setInt(int index, int value) {
            if (ints[index] == null) {
                ints[index] = new int[1];
                intPointers[index] = Pointer.to(ints[index]);
            }
            ints[index][0] = value;
            kernel.setScalar(index, Sizeof.cl_int, intPointers[index]);
        }

        @Override
        protected void setLong(int index, long value) {
            if (longs[index] == null) {
                longs[index] = new long[1];
                longPointers[index] = Pointer.to(longs[index]);
            }
            longs[index][0] = value;
            kernel.setScalar(index, Sizeof.cl_long, longPointers[index]);
        }

        @Override
        protected void setDouble(int index, double value) {
            if (doubles[index] == null) {
                doubles[index] = new double[1];
                doublePointers[index] = Pointer.to(doubles[index]);
            }
            doubles[index][0] = value;
            kernel.setScalar(index, Sizeof.cl_double, doublePointers[index]);
        }

        @Override
        protected void launch(Range range, int arguments) {
            for (int i = 0; i < arguments; i++) {
                Buffer b = buffers[i];
                if (b != null) {
                    // Set at each launch: the copy may have been freed and reallocated since the binding.
                    kernel.setBuffer(i, (ClBuffer) memory.copy(b).handle());
                }
            }
            if (range.dimensions() == 1) {
                global1[0] = range.roundedGlobal(0);
                local1[0] = range.localX();
                backend.queue().launch(kernel, 1, global1, range.localX() == 0 ? null : local1);
            } else {
                global2[0] = range.roundedGlobal(0);
                global2[1] = range.roundedGlobal(1);
                local2[0] = range.localX();
                local2[1] = range.localY();
                backend.queue().launch(kernel, 2, global2, range.localX() == 0 ? null : local2);
            }
        }

        @Override
        protected void release() {
            kernel.close();
        }
    }
}
