package org.leapfrog.runtime.tensor.nn;

import java.util.random.RandomGenerator;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * Variance-scaling initialisation: weights with variance {@code scale / n}, n the fan-in, fan-out or their
 * average. Glorot/Xavier is (1, FAN_AVG, UNIFORM); He is (2, FAN_IN, NORMAL); L2HMC's networks use
 * (scale, FAN_AVG, TRUNCATED_NORMAL) with small scales on output layers.
 *
 * @param scale        the variance numerator, > 0
 * @param mode         which fan divides it
 * @param distribution the shape of the draws
 */
public record VarianceScaling(double scale, Mode mode, Distribution distribution) {
    public enum Mode { FAN_IN, FAN_OUT, FAN_AVG }

    /** TRUNCATED_NORMAL redraws values beyond two standard deviations, rescaled to keep the variance. */
    public enum Distribution { NORMAL, TRUNCATED_NORMAL, UNIFORM }

    /** Standard deviation of a unit normal truncated to [-2, 2]. */
    private static final double TRUNCATED_STD = 0.87962566103423978;

    public VarianceScaling {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale: " + scale + "; allowed: finite and > 0");
        }
    }

    public static VarianceScaling glorotUniform() {
        return new VarianceScaling(1.0, Mode.FAN_AVG, Distribution.UNIFORM);
    }

    /** Fills an {@code in x out} weight tensor. */
    public void initialise(Tensor w, RandomGenerator rng) {
        double fan = switch (mode) {
            case FAN_IN -> w.rows();
            case FAN_OUT -> w.cols();
            case FAN_AVG -> 0.5 * (w.rows() + w.cols());
        };
        double variance = scale / fan;
        double[] d = new double[w.size()]; // drawn in double, stored in the engine's precision
        for (int i = 0; i < d.length; i++) {
            d[i] = switch (distribution) {
                case NORMAL -> Math.sqrt(variance) * rng.nextGaussian();
                case TRUNCATED_NORMAL -> Math.sqrt(variance) / TRUNCATED_STD * truncatedNormal(rng);
                case UNIFORM -> {
                    double limit = Math.sqrt(3.0 * variance);
                    yield rng.nextDouble(-limit, limit);
                }
            };
        }
        w.assign(d);
    }

    private static double truncatedNormal(RandomGenerator rng) {
        double z;
        do {
            z = rng.nextGaussian();
        } while (Math.abs(z) > 2.0);
        return z;
    }
}
