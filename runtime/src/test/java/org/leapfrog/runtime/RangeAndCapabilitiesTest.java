package org.leapfrog.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.leapfrog.kernels.RandomFillKernels;
import org.leapfrog.runtime.graph.DoubleArray;
import org.leapfrog.runtime.java.JavaBackend;

/** 2-D ranges with and without work-group sizes on both backends (OpenCL against the Java twins), and capabilities. */
class RangeAndCapabilitiesTest {
    private static double[] input(int w, int h) {
        double[] in = new double[w * h];
        for (int i = 0; i < in.length; i++) {
            in[i] = Math.sin(0.37 * i) * 1e3;
        }
        return in;
    }

    private static double[] run(Backend backend, org.leapfrog.kernels.KernelDef def, int w, int h, Range range) {
        try (Dispatcher d = backend.dispatcher()) {
            DoubleArray in = new DoubleArray("in", input(w, h));
            DoubleArray out = new DoubleArray("out", w * h);
            java.util.Arrays.fill(out.data(), Double.NaN);
            out.hostChanged();
            d.kernel(def).buffer(0, in).buffer(1, out).arg(2, w).arg(3, h).run(range);
            d.toHost(out);
            return out.data();
        }
    }

    /** Sizes not divisible by the work-group size: the padding work-items must change nothing. */
    @ParameterizedTest
    @CsvSource({"37, 21, 8, 8", "16, 16, 16, 16", "5, 70, 4, 4", "64, 3, 1, 1"})
    void tiledTransposeWithLocalSizesMatchesTheTwin(int w, int h, int lx, int ly) {
        double[] expected = new double[w * h];
        double[] in = input(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                expected[x * h + y] = in[y * w + x];
            }
        }
        Range range = Range.of2d(w, h, lx, ly);
        try (Backend java = new JavaBackend(3)) {
            assertArrayEquals(expected, run(java, DispatchTestKernels.TRANSPOSE, w, h, range), "java");
        }
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        try (Backend cl = Backends.open(new BackendRequest(BackendKind.OPENCL, -1), n -> { })) {
            assertArrayEquals(expected, run(cl, DispatchTestKernels.TRANSPOSE, w, h, range), "opencl");
        }
    }

    @ParameterizedTest
    @CsvSource({"100, 7, 0, 0", "33, 65, 4, 16", "1, 9, 1, 1", "300, 1, 32, 1"})
    void gridKernelIsTheSameOnBothBackends(int w, int h, int lx, int ly) {
        Range range = Range.of2d(w, h, lx, ly);
        double[] java;
        try (Backend b = new JavaBackend(3)) {
            java = run(b, DispatchTestKernels.GRID_AFFINE, w, h, range);
        }
        double[] in = input(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                assertEquals(in[y * w + x] * 4.0 + x - 2.0 * y, java[y * w + x]);
            }
        }
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        try (Backend cl = Backends.open(new BackendRequest(BackendKind.OPENCL, -1), n -> { })) {
            assertArrayEquals(java, run(cl, DispatchTestKernels.GRID_AFFINE, w, h, range));
        }
    }

    @Test
    void aOneDimensionalTwinOverATwoDimensionalRangeIsAnError() {
        try (Backend b = new JavaBackend(1); Dispatcher d = b.dispatcher()) {
            DoubleArray out = new DoubleArray("out", 64);
            Dispatcher.Launch l = d.kernel(RandomFillKernels.NORMALS).arg(0, 1L).arg(1, 0).arg(2, 1).arg(3, 4)
                    .arg(4, 16).buffer(5, out);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> l.run(Range.of2d(16, 4)));
            assertTrue(e.getMessage().contains("JavaKernel2d"), e.getMessage());
            l.run(Range.of(16)); // the same kernel over a 1-D range is fine
        }
    }

    @Test
    void rangesCheckTheirSizes() {
        assertEquals(40, Range.of2d(37, 21, 8, 8).roundedGlobal(0));
        assertEquals(24, Range.of2d(37, 21, 8, 8).roundedGlobal(1));
        assertEquals(37, Range.of2d(37, 21).roundedGlobal(0));
        assertEquals(100, Range.of(100).items());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Range.of2d(4, 4, 2, 0));
        assertTrue(e.getMessage().startsWith("local sizes: 2 x 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Range.of(-1));
        assertTrue(e.getMessage().startsWith("globalX: -1"), e.getMessage());
    }

    @Test
    void javaCapabilities() {
        try (Backend b = new JavaBackend(2)) {
            BackendCapabilities c = b.capabilities();
            assertFalse(c.separateDeviceMemory());
            assertFalse(c.runsOpenClC());
            assertEquals(1, c.preferredLanes());
            assertEquals(0, c.localMemoryBytes());
            assertTrue(c.fp64());
            assertTrue(c.cpu());
            assertFalse(b.memory().separate());
        }
    }

    @Test
    void openClCapabilities() {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        try (Backend b = Backends.open(new BackendRequest(BackendKind.OPENCL, -1), n -> { })) {
            BackendCapabilities c = b.capabilities();
            assertTrue(c.separateDeviceMemory());
            assertTrue(c.runsOpenClC());
            assertEquals(b.device().type(), c.deviceType());
            assertEquals(b.device().fp64(), c.fp64());
            assertEquals(c.cpu() ? 8 : 1, c.preferredLanes());
            assertTrue(c.localMemoryBytes() > 0, "local memory: " + c.localMemoryBytes());
            assertTrue(c.maxWorkGroupSize() >= 1, "max work-group size: " + c.maxWorkGroupSize());
            String old = System.getProperty(BackendCapabilities.LANES_PROPERTY);
            try {
                System.setProperty(BackendCapabilities.LANES_PROPERTY, "4");
                assertEquals(4, b.capabilities().preferredLanes());
                System.setProperty(BackendCapabilities.LANES_PROPERTY, "3");
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::capabilities);
                assertEquals("leapfrog.lanes: '3'; allowed: 1, 2, 4 or 8", e.getMessage());
            } finally {
                if (old == null) {
                    System.clearProperty(BackendCapabilities.LANES_PROPERTY);
                } else {
                    System.setProperty(BackendCapabilities.LANES_PROPERTY, old);
                }
            }
        }
    }
}
