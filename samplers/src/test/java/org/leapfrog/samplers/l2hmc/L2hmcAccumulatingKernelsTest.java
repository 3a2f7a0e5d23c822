package org.leapfrog.samplers.l2hmc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * The kernels of {@link L2hmcOps} that add into the gradients accumulated so far (the column sums and the network
 * input's backward, argument hasPrev): with a prior gradient each output is exactly prior + the output without one
 * (the bits of a separate add) on the Java twins, and OpenCL gives the twins' bits.
 */
class L2hmcAccumulatingKernelsTest {
    private static final int N = 13;
    private static final int DIM = 5;

    private static Tensor random(Engine e, int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextDouble(-1, 1);
        }
        d[0] = -0.0; // a signed zero must come out as the add makes it
        return e.wrap(rows, cols, d);
    }

    /** Outputs dlogS, dlogQ, deps of the column sums with the priors selected by hasPrev (bits 1, 2, 4). */
    private static double[][] colsums(Engine e, int hasPrev) {
        Tensor p = random(e, N, 2 * DIM + 1, 1);
        Tensor ps = random(e, 1, DIM, 2);
        Tensor pq = random(e, 1, DIM, 3);
        Tensor pe = random(e, 1, 1, 4);
        Tensor s = e.zeros(1, DIM);
        Tensor q = e.zeros(1, DIM);
        Tensor eps = e.zeros(1, 1);
        e.kernel(L2hmcOpKernels.COLSUMS).arg(0, N).arg(1, DIM).read(2, p).write(3, s).write(4, q).write(5, eps)
                .read(6, ps).read(7, pq).read(8, pe).arg(9, hasPrev).run(2 * DIM + 1);
        return new double[][] {s.toArray(), q.toArray(), eps.toArray(), ps.toArray(), pq.toArray(), pe.toArray()};
    }

    /** Outputs dz, dgu of the input's backward in {@code mode} with the priors selected by hasPrev (bits 1, 2). */
    private static double[][] inputBack(Engine e, int mode, int hasPrev) {
        L2hmcModel m = L2hmcFixtures.perturbed("icg50", DIM, 2, 4, 0.1, 0.5, 3);
        L2hmcGraph.Constants c = new L2hmcGraph.Constants(e, m);
        double[] f = new double[N];
        for (int r = 0; r < N; r++) {
            f[r] = r % 3 == 0 ? 0 : 1;
        }
        Tensor fw = e.wrap(N, 1, f);
        Tensor g = random(e, N, 2 * DIM + 2, 5);
        Tensor pz = random(e, N, 2 * DIM + 1, 6);
        Tensor pgu = random(e, N, DIM, 7);
        Tensor dz = e.zeros(N, 2 * DIM + 1);
        Tensor dgu = mode == 0 ? e.zeros(N, DIM) : dz;
        e.kernel(L2hmcOpKernels.INPUT_BACK).arg(0, N).arg(1, DIM).arg(2, mode).arg(3, 1).read(4, fw)
                .read(5, c.maskForward[1]).read(6, c.maskBackward[1]).read(7, g).write(8, dz).update(9, dgu)
                .read(10, pz).read(11, pgu).arg(12, hasPrev).run(N);
        return new double[][] {dz.toArray(), dgu.toArray(), pz.toArray(), pgu.toArray()};
    }

    private static void assertPriorPlus(double[] plain, double[] prior, double[] got, String what) {
        for (int i = 0; i < got.length; i++) {
            assertEquals(Double.doubleToRawLongBits(prior[i] + plain[i]), Double.doubleToRawLongBits(got[i]),
                    what + " element " + i);
        }
    }

    private static void assertSameBits(double[] want, double[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(got[i]),
                    what + " element " + i);
        }
    }

    @Test
    void twinsAddThePriorGradients() {
        Engine e = Engine.java();
        double[][] plain = colsums(e, 0);
        double[][] all = colsums(e, 7);
        for (int k = 0; k < 3; k++) {
            assertPriorPlus(plain[k], all[3 + k], all[k], "colsums output " + k);
        }
        double[][] some = colsums(e, 2); // only d logQ has a prior
        assertSameBits(plain[0], some[0], "colsums without prior");
        assertPriorPlus(plain[1], some[4], some[1], "colsums d logQ");
        for (int mode = 0; mode < 2; mode++) {
            double[][] p = inputBack(e, mode, 0);
            double[][] a = inputBack(e, mode, 3);
            assertPriorPlus(p[0], a[2], a[0], "input back mode " + mode + " dz");
            if (mode == 0) {
                assertPriorPlus(p[1], a[3], a[1], "input back dgu");
            }
        }
    }

    @Test
    void openClGivesTheTwinsBits() {
        org.junit.jupiter.api.Assumptions.assumeTrue(OpenClRequirement.availableOrFailInCi(), "no OpenCL device");
        Engine java = Engine.java();
        try (Engine cl = Engine.on(Backends.open(new BackendRequest(BackendKind.OPENCL, -1), msg -> { }))) {
            for (int has = 0; has < 8; has++) {
                double[][] want = colsums(java, has);
                double[][] got = colsums(cl, has);
                for (int k = 0; k < 3; k++) {
                    assertSameBits(want[k], got[k], "colsums hasPrev " + has + " output " + k);
                }
            }
            for (int mode = 0; mode < 2; mode++) {
                for (int has = 0; has < 4; has++) {
                    double[][] want = inputBack(java, mode, has);
                    double[][] got = inputBack(cl, mode, has);
                    assertSameBits(want[0], got[0], "input back mode " + mode + " hasPrev " + has + " dz");
                    assertSameBits(want[1], got[1], "input back mode " + mode + " hasPrev " + has + " dgu");
                }
            }
        }
    }
}
