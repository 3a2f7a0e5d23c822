package org.leapfrog.runtime.opencl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.leapfrog.kernels.KernelArguments;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;

/**
 * Base of the kernel conformance tests that launch kernels directly: one OpenCL backend and launcher for the
 * class (skipped without OpenCL, failing then under CI), positional twin arguments, and argument binding.
 */
abstract class OpenClLauncherTest {
    /** The value outputs start with, so writes past the element count show. */
    static final double SENTINEL = -123.25;
    static OpenClBackend backend;
    static KernelLauncher launcher;

    @BeforeAll
    static void openLauncher() {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        backend = (OpenClBackend) Backends.open(new BackendRequest(BackendKind.OPENCL, -1), n -> { });
        launcher = new KernelLauncher(backend);
    }

    @AfterAll
    static void closeLauncher() {
        if (launcher != null) {
            launcher.close();
            backend.close();
            launcher = null;
            backend = null;
        }
    }

    /** Twin arguments by position: double[] or float[] arrays, Integers and Doubles. */
    record TwinArgs(Object... values) implements KernelArguments {
        public double[] doubles(int i) {
            return (double[]) values[i];
        }

        public float[] floats(int i) {
            return (float[]) values[i];
        }

        public int[] ints(int i) {
            throw new UnsupportedOperationException("argument " + i + " is not an int[]");
        }

        public long[] longs(int i) {
            throw new UnsupportedOperationException("argument " + i + " is not a long[]");
        }

        public int intValue(int i) {
            return (Integer) values[i];
        }

        public long longValue(int i) {
            return (Integer) values[i];
        }

        public double doubleValue(int i) {
            return (Double) values[i];
        }
    }

    /**
     * Sets the launch's arguments from {@code args}: each double[] or float[] is copied into a fresh buffer (added
     * to {@code buffers}, for the caller to close), Integers and Doubles are set as scalars. Returns the buffers by
     * argument position (null for scalars).
     */
    static ClBuffer[] bind(KernelLauncher.Launch l, Object[] args, List<ClBuffer> buffers) {
        ClBuffer[] byArg = new ClBuffer[args.length];
        for (int i = 0; i < args.length; i++) {
            Object v = args[i];
            if (v instanceof double[] d) {
                byArg[i] = launcher.allocate((long) d.length * Double.BYTES);
                buffers.add(byArg[i]);
                launcher.write(byArg[i], d, d.length);
                l.buffer(i, byArg[i]);
            } else if (v instanceof float[] d) {
                byArg[i] = launcher.allocate((long) d.length * Float.BYTES);
                buffers.add(byArg[i]);
                launcher.write(byArg[i], d, d.length);
                l.buffer(i, byArg[i]);
            } else if (v instanceof Integer n) {
                l.arg(i, n);
            } else {
                l.arg(i, (Double) v);
            }
        }
        return byArg;
    }
}
