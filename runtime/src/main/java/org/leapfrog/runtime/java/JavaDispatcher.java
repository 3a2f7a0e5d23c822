package org.leapfrog.runtime.java;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import org.leapfrog.kernels.JavaKernel;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.runtime.AbstractDispatcher;
import org.leapfrog.runtime.Range;
import org.leapfrog.runtime.buffer.Buffer;
import org.leapfrog.runtime.graph.DoubleParam;
import org.leapfrog.runtime.graph.IntParam;
import org.leapfrog.runtime.graph.LongParam;

/**
 * Dispatch on the Java backend: a launch runs the kernel's twin at once, split over the backend's pool. A 1-D
 * range is split into blocks of work-items as task graphs do; a 2-D range into bands of rows (of columns when
 * it has one row), each band a {@code run(args, x0, x1, y0, y1)} call. Work-group sizes are ignored.
 */
final class JavaDispatcher extends AbstractDispatcher {
    private static final int BLOCK_ALIGN = 64;
    private static final int SPLITS = 8;

    private final ForkJoinPool pool;
    private final int threads;

    JavaDispatcher(JavaBackend backend, ForkJoinPool pool, int threads) {
        super(backend);
        this.pool = pool;
        this.threads = threads;
    }

    @Override
    protected Slot newSlot(KernelDef def) {
        return new JavaSlot(def);
    }

    @Override
    public void finish() {
        checkOpen();
    }

    private final class JavaSlot extends Slot {
        private final Object[] args = new Object[MAX_ARGS];
        private final JavaArguments arguments;
        private final JavaKernel twin;
        /** Splits of the last few distinct ranges (a kernel is often launched over a few shapes in turn). */
        private final Range[] ranges = new Range[SPLITS];
        private final Part[][] splits = new Part[SPLITS][];
        private final Fan[] fans = new Fan[SPLITS];
        private int nextSplit;

        JavaSlot(KernelDef def) {
            super(def);
            this.twin = def.twin();
            this.arguments = new JavaArguments(def.name(), args);
        }

        @Override
        protected void bufferBound(int index, Buffer b) {
            args[index] = b;
        }

        @Override
        protected void setInt(int index, int value) {
            if (args[index] instanceof IntParam p) {
                p.set(value);
            } else {
                args[index] = new IntParam(value);
            }
        }

        @Override
        protected void setLong(int index, long value) {
            if (args[index] instanceof LongParam p) {
                p.set(value);
            } else {
                args[index] = new LongParam(value);
            }
        }

        @Override
        protected void setDouble(int index, double value) {
            if (args[index] instanceof DoubleParam p) {
                p.set(value);
            } else {
                args[index] = new DoubleParam(value);
            }
        }

        @Override
        protected void launch(Range range, int arguments) {
            int k = 0;
            while (k < SPLITS && !range.equals(ranges[k])) {
                k++;
            }
            if (k == SPLITS) {
                k = nextSplit;
                nextSplit = (nextSplit + 1) % SPLITS;
                split(range, k);
            }
            Part[] parts = splits[k];
            if (pool == null || parts.length == 1) {
                parts[0].compute();
                return;
            }
            for (Part p : parts) {
                p.reinitialize();
            }
            fans[k].reinitialize();
            pool.invoke(fans[k]);
        }

        /** Splits a range into parts once, so repeated launches over it allocate nothing. */
        private void split(Range range, int slot) {
            int gx = (int) range.globalX(), gy = (int) range.globalY();
            boolean rows = gy > 1;
            int extent = rows ? gy : gx;
            int n;
            int size;
            if (threads == 1) {
                n = 1;
                size = extent;
            } else if (rows) {
                n = Math.min(extent, threads * 4);
                size = (extent + n - 1) / n;
                n = (extent + size - 1) / size;
            } else {
                int target = threads * 4;
                size = Math.max(BLOCK_ALIGN, ((extent + target - 1) / target + BLOCK_ALIGN - 1) / BLOCK_ALIGN * BLOCK_ALIGN);
                n = (extent + size - 1) / size;
            }
            Part[] parts = new Part[n];
            for (int i = 0; i < n; i++) {
                int from = i * size, to = Math.min(extent, from + size);
                parts[i] = rows ? new Part(0, gx, from, to) : new Part(from, to, 0, gy);
            }
            splits[slot] = parts;
            fans[slot] = new Fan(parts);
            ranges[slot] = range;
        }

        private final class Part extends RecursiveAction {
            private final int x0, x1, y0, y1;

            Part(int x0, int x1, int y0, int y1) {
                this.x0 = x0;
                this.x1 = x1;
                this.y0 = y0;
                this.y1 = y1;
            }

            @Override
            protected void compute() {
                twin.run(arguments, x0, x1, y0, y1);
            }
        }
    }

    private static final class Fan extends RecursiveAction {
        private final RecursiveAction[] parts;

        Fan(RecursiveAction[] parts) {
            this.parts = parts;
        }

        @Override
        protected void compute() {
            invokeAll(parts);
        }
    }
}
