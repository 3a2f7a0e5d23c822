package org.leapfrog.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;


class TargetOpsTest {
    /**
     * log p(x) = -x^T A x / 2 + b^T x - q sum_d x_d^4 / 4 with A symmetric positive definite: a Gaussian for
     * q = 0; q > 0 makes the Hessian depend on x, so Hessian-vector products are tested where it matters.
     */
    static final class QuarticGaussian implements BatchedDensity {
        final int dim;
        final double[] a;
        final double[] b;
        final double q;
        /** Whether {@link #deviceSource()} offers the OpenCL twin (else OpenCL engines fall back to the host). */
        final boolean withDeviceCode;

        QuarticGaussian(int dim, double q, long seed) {
            this(dim, q, seed, false);
        }

        QuarticGaussian(int dim, double q, long seed, boolean withDeviceCode) {
            this.dim = dim;
            this.q = q;
            this.withDeviceCode = withDeviceCode;
            SplittableRandom rng = new SplittableRandom(seed);
            double[] l = new double[dim * dim];
            for (int i = 0; i < l.length; i++) {
                l[i] = rng.nextDouble(-0.5, 0.5);
            }
            a = new double[dim * dim];
            for (int i = 0; i < dim; i++) {
                for (int j = 0; j < dim; j++) {
                    double s = i == j ? 1.0 : 0.0;
                    for (int k = 0; k < dim; k++) {
                        s += l[i * dim + k] * l[j * dim + k];
                    }
                    a[i * dim + j] = s;
                }
            }
            b = new double[dim];
            for (int i = 0; i < dim; i++) {
                b[i] = rng.nextDouble(-1, 1);
            }
        }

        @Override
        public String name() {
            return "quartic-gaussian";
        }

        /** The same functions in OpenCL C, expression for expression; td = (q, b, a row-major). */
        @Override
        public java.util.Optional<DeviceSource> deviceSource() {
            if (!withDeviceCode) {
                return java.util.Optional.empty();
            }
            double[] td = new double[1 + dim + dim * dim];
            td[0] = q;
            System.arraycopy(b, 0, td, 1, dim);
            System.arraycopy(a, 0, td, 1 + dim, dim * dim);
            String src = """
                    RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td) {
                        REAL q = td[0];
                        RV lp = 0;
                        for (int i = 0; i < DIM; i++) {
                            RV xi = x[i];
                            RV ax = 0;
                            for (int j = 0; j < DIM; j++) {
                                ax += td[1 + DIM + i * DIM + j] * x[j];
                            }
                            lp += -0.5 * xi * ax + td[1 + i] * xi - 0.25 * q * xi * xi * xi * xi;
                            g[i] = -ax + td[1 + i] - q * xi * xi * xi;
                        }
                        return lp;
                    }
                    void lf_hvp(const RV *x, const RV *v, RV *hv, __global const REAL *td) {
                        REAL q = td[0];
                        for (int i = 0; i < DIM; i++) {
                            RV xi = x[i];
                            RV av = 0;
                            for (int j = 0; j < DIM; j++) {
                                av += td[1 + DIM + i * DIM + j] * v[j];
                            }
                            hv[i] = -av - 3 * q * xi * xi * v[i];
                        }
                    }
                    """;
            return java.util.Optional.of(new DeviceSource(src, td));
        }

        @Override
        public int dimension() {
            return dim;
        }

        @Override
        public void logDensityAndGradient(double[] x, double[] grad, double[] logDensity, int stride, int from, int to) {
            for (int c = from; c < to; c++) {
                double lp = 0;
                for (int i = 0; i < dim; i++) {
                    double xi = x[i * stride + c];
                    double ax = 0;
                    for (int j = 0; j < dim; j++) {
                        ax += a[i * dim + j] * x[j * stride + c];
                    }
                    lp += -0.5 * xi * ax + b[i] * xi - 0.25 * q * xi * xi * xi * xi;
                    grad[i * stride + c] = -ax + b[i] - q * xi * xi * xi;
                }
                logDensity[c] = lp;
            }
        }

        @Override
        public void hessianVectorProduct(double[] x, double[] v, double[] out, int stride, int from, int to) {
            for (int c = from; c < to; c++) {
                for (int i = 0; i < dim; i++) {
                    double xi = x[i * stride + c];
                    double av = 0;
                    for (int j = 0; j < dim; j++) {
                        av += a[i * dim + j] * v[j * stride + c];
                    }
                    out[i * stride + c] = -av - 3 * q * xi * xi * v[i * stride + c];
                }
            }
        }
    }

    private final Engine engine = Engine.java();
    private final QuarticGaussian quartic = new QuarticGaussian(3, 0.3, 5);
    private final QuarticGaussian gaussian = new QuarticGaussian(3, 0.0, 6);

    private List<Tensor> positions(long seed, int chains, int dim) {
        return List.of(GradCheck.variable(engine, new SplittableRandom(seed), chains, dim, -1.5, 1.5, 0));
    }

    @Test
    void gradientOpIsDifferentiatedByHessianVectorProducts() {
        for (QuarticGaussian t : List.of(gaussian, quartic)) {
            GradCheck.firstOrder("grad log p " + t.q, in -> TargetOps.gradLogDensity(t, in.get(0)), positions(1, 4, 3), 2);
        }
    }

    @Test
    void logDensityToSecondOrder() {
        for (QuarticGaussian t : List.of(gaussian, quartic)) {
            Function<List<Tensor>, Tensor> f = in -> TargetOps.logDensity(t, in.get(0));
            GradCheck.firstOrder("log p " + t.q, f, positions(3, 4, 3), 4);
            GradCheck.secondOrder("log p " + t.q, f, positions(3, 4, 3), 4);
        }
    }

    @Test
    void hessianVectorProductIsDifferentiableInTheVector() {
        Tensor x = positions(7, 4, 3).get(0).detach();
        GradCheck.firstOrder("hvp", in -> TargetOps.hessianVectorProduct(quartic, x, in.get(0)), positions(8, 4, 3), 9);
        GradCheck.secondOrder("hvp squared",
                in -> TargetOps.hessianVectorProduct(quartic, x, in.get(0)).square(), positions(8, 4, 3), 9);
    }

    /** Three leapfrog steps with the step size and initial momentum as inputs: what learned samplers train. */
    static Tensor leapfrog(BatchedDensity t, Tensor x, Tensor p, Tensor eps) {
        Tensor half = eps.mul(0.5);
        for (int s = 0; s < 3; s++) {
            p = p.add(half.mul(TargetOps.gradLogDensity(t, x)));
            x = x.add(eps.mul(p));
            p = p.add(half.mul(TargetOps.gradLogDensity(t, x)));
        }
        return Tensor.concatCols(x, p);
    }

    @Test
    void lossThroughLeapfrogStepsMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(11);
        List<Tensor> in = List.of(GradCheck.variable(engine, rng, 5, 3, -1, 1, 0),
                GradCheck.variable(engine, rng, 5, 3, -1, 1, 0), engine.variable(1, 1, new double[] {0.3}));
        GradCheck.firstOrder("leapfrog", v -> leapfrog(quartic, v.get(0), v.get(1), v.get(2)).square(), in, 12);
    }

    @Test
    void secondOrderThroughThePositionNeedsThirdDerivativesAndSaysSo() {
        Tensor x = positions(13, 2, 3).get(0);
        Tensor g = Graph.grad(TargetOps.gradLogDensity(quartic, x).square().sum(), x, true);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Graph.grad(g.sum(), x, false));
        assertEquals(true, e.getMessage().contains("quartic-gaussian"), e.getMessage());
    }

    @Test
    void wrongDimensionIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> TargetOps.gradLogDensity(quartic, engine.zeros(2, 4)));
    }
}
