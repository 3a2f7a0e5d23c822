package org.leapfrog.samplers.target;

import java.util.Optional;
import org.leapfrog.kernels.LfMath;

/**
 * The Rough Well of the L2HMC paper: {@code U(x) = |x|^2 / 2 + eta sum_i cos(x_i / eta)}, log density -U.
 * A unit Gaussian with a fast ripple of amplitude eta: the gradient wiggles by O(1) and the Hessian by O(1/eta).
 */
public final class RoughWell implements Target {
    private final int dimension;
    private final double eta;
    private final double invEta;
    private final double turnsPerUnit; // 1 / (2 pi eta): x / eta = 2 pi (x * turnsPerUnit)
    private final DeviceCode code;
    private final ThreadLocal<double[]> cosSin = ThreadLocal.withInitial(() -> new double[2]);

    public RoughWell(int dimension, double eta) {
        this.dimension = Checks.dimension(dimension);
        this.eta = Checks.positive("eta", eta);
        this.invEta = 1.0 / eta;
        this.turnsPerUnit = 1.0 / (2.0 * Math.PI * eta);
        this.code = new DeviceCode(TargetSources.compose("roughwell", dimension, "rough_well.cl"),
                new double[] {eta, invEta, turnsPerUnit});
    }

    /** The paper's 2-d Rough Well with eta = 1e-2. */
    public static RoughWell standard() {
        return new RoughWell(2, 1e-2);
    }

    @Override
    public String name() {
        return "roughwell";
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public void logDensityAndGradient(double[] x, double[] grad, double[] logDensity, int stride, int from, int to) {
        for (int c = from; c < to; c++) {
            logDensity[c] = 0;
        }
        double[] cs = cosSin.get();
        for (int i = 0; i < dimension; i++) {
            int b = i * stride;
            for (int c = from; c < to; c++) {
                double xi = x[b + c];
                cosSin(xi, cs);
                logDensity[c] -= 0.5 * xi * xi + eta * cs[0];
                grad[b + c] = cs[1] - xi;
            }
        }
    }

    @Override
    public void hessianVectorProduct(double[] x, double[] v, double[] out, int stride, int from, int to) {
        double[] cs = cosSin.get();
        for (int i = 0; i < dimension; i++) {
            int b = i * stride;
            for (int c = from; c < to; c++) {
                cosSin(x[b + c], cs);
                out[b + c] = (cs[0] * invEta - 1.0) * v[b + c];
            }
        }
    }

    /** cos and sin of x / eta via LfMath on the fractional turn (the OpenCL twin's exact operations). */
    private void cosSin(double xi, double[] out) {
        double t = xi * turnsPerUnit;
        LfMath.cosSin2Pi(t - Math.floor(t), out, 0);
    }

    @Override
    public Optional<DeviceCode> deviceCode() {
        return Optional.of(code);
    }

    /**
     * Mean 0 and covariance I. The density factorises over coordinates and each factor is even, so the mean is
     * 0 and coordinates are uncorrelated; expanding exp(-eta cos(x / eta)) in Fourier modes cos(k x / eta), the
     * constant mode changes only the normalisation and mode k changes E[x^2] by O(exp(-k^2 / (2 eta^2))) — for
     * eta = 1e-2 far below double precision — so the variance is 1 (a test checks this by quadrature).
     * Only eta up to 0.1 qualifies (there the deviation is about e^-50).
     */
    @Override
    public Optional<KnownMoments> moments() {
        if (eta > 0.1) {
            return Optional.empty();
        }
        double[] cov = new double[dimension * dimension];
        for (int i = 0; i < dimension; i++) {
            cov[i * dimension + i] = 1;
        }
        return Optional.of(new KnownMoments(new double[dimension], cov));
    }
}
