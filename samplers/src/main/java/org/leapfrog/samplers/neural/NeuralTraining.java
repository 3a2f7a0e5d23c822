package org.leapfrog.samplers.neural;

import java.util.Map;

/**
 * Training settings of the coupling sampler and the paper's values (Table A.1 and the text of appendix A.2):
 * batch 8192 and 5000 iterations (Funnel-3: 1024 and 20000), Adam (0.9, 0.999), cosine schedule from the
 * learning rate to its minimum, global-norm clipping at 10, eps starting at 0.1, beta steered multiplicatively
 * toward the target acceptance: {@code beta <- clamp(beta (1 + rate (a - target)), beta0, betaMax)} (the
 * released code's rule, with beta0 = 1e-3, betaMax = 1e3, rate 0.03, and a 100-step linear warm-up of the rate).
 *
 * @param width          hidden width of both networks
 * @param steps          coupling steps K
 * @param acceptTarget   the acceptance beta steers toward
 * @param learningRate   peak learning rate
 * @param minLearningRate the cosine schedule's floor
 * @param batch          chains per training batch (also the sample buffer's size)
 * @param iterations     optimizer updates
 * @param eps0           the initial eps
 */
public record NeuralTraining(int width, int steps, double acceptTarget, double learningRate, double minLearningRate,
                             int batch, int iterations, double eps0, double beta0, double betaMax, double betaRate,
                             double clipNorm, int warmupSteps) {
    private static final Map<String, double[]> TABLE_A1 = Map.of(
            // width, steps, accept target, lr, min lr, batch, iterations
            "icg50", new double[] {256, 1, 0.9, 1e-3, 1e-5, 8192, 5000},
            "scg", new double[] {32, 1, 0.9, 1e-3, 1e-5, 8192, 5000},
            "funnel1", new double[] {512, 3, 0.7, 1e-3, 1e-5, 8192, 5000},
            "funnel3", new double[] {1024, 4, 0.6, 5e-4, 1e-7, 1024, 20000},
            "german", new double[] {128, 1, 0.7, 1e-3, 1e-5, 8192, 5000},
            "australian", new double[] {128, 1, 0.8, 1e-3, 1e-5, 8192, 5000},
            "heart", new double[] {128, 1, 0.9, 1e-3, 1e-5, 8192, 5000});

    public NeuralTraining {
        positive("width", width);
        positive("steps", steps);
        positive("batch", batch);
        positive("iterations", iterations);
        if (!(acceptTarget > 0 && acceptTarget < 1)) {
            throw new IllegalArgumentException("acceptTarget: " + acceptTarget + "; allowed: in (0, 1)");
        }
        if (!(learningRate > 0) || !(minLearningRate >= 0 && minLearningRate <= learningRate)) {
            throw new IllegalArgumentException("learningRate/minLearningRate: " + learningRate + "/" + minLearningRate
                    + "; allowed: 0 <= min <= rate, rate > 0");
        }
        if (!(eps0 > 0)) {
            throw new IllegalArgumentException("eps0: " + eps0 + "; allowed: > 0");
        }
        if (warmupSteps < 0 || warmupSteps >= iterations) {
            warmupSteps = Math.min(100, iterations / 10);
        }
    }

    private static void positive(String what, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(what + ": " + v + "; allowed: 1 or more");
        }
    }

    /** Whether Table A.1 lists the target. */
    public static boolean hasPaperSettings(String target) {
        return TABLE_A1.containsKey(target);
    }

    /** The paper's settings for a target of Table A.1. */
    public static NeuralTraining paper(String target) {
        double[] r = TABLE_A1.get(target);
        if (r == null) {
            throw new IllegalArgumentException("target: '" + target + "'; allowed: one of Table A.1's targets "
                    + TABLE_A1.keySet());
        }
        return new NeuralTraining((int) r[0], (int) r[1], r[2], r[3], r[4], (int) r[5], (int) r[6], 0.1, 1e-3, 1e3,
                0.03, 10.0, 100);
    }

    /**
     * The settings scaled for a smaller machine: batch and iterations multiplied by {@code budget} (at least 64
     * chains and 50 iterations), the width by {@code widthScale} (at least 8), the beta steering rate as in
     * {@link #withBatch}; everything else as given.
     */
    public NeuralTraining scaled(double budget, double widthScale) {
        if (!(budget > 0 && budget <= 1) || !(widthScale > 0 && widthScale <= 1)) {
            throw new IllegalArgumentException("budget/widthScale: " + budget + "/" + widthScale + "; allowed: in (0, 1]");
        }
        int b = Math.max(64, (int) Math.round(batch * budget));
        int it = Math.max(50, (int) Math.round(iterations * budget));
        int w = Math.max(8, (int) Math.round(width * widthScale));
        return new NeuralTraining(w, steps, acceptTarget, learningRate, minLearningRate, b, it, eps0, beta0, betaMax,
                steeringRate(it), clipNorm, Math.min(warmupSteps, it / 10));
    }

    /**
     * The beta steering rate for a run of {@code newIterations}: this rate times iterations / newIterations (at
     * most 1), so a shortened run can move beta as far as the paper's 5000 iterations can (with 0.03 per
     * iteration a 300-iteration run could only grow beta about 2.5-fold, and training would then only maximise
     * acceptance, shrinking the proposal).
     */
    double steeringRate(int newIterations) {
        return Math.min(1.0, betaRate * iterations / Math.max(1, newIterations));
    }

    /** The same with another batch and iteration count (the beta steering rate scaled, see {@link #steeringRate}). */
    public NeuralTraining withBatch(int newBatch, int newIterations) {
        return new NeuralTraining(width, steps, acceptTarget, learningRate, minLearningRate, newBatch, newIterations,
                eps0, beta0, betaMax, steeringRate(newIterations), clipNorm, Math.min(warmupSteps, newIterations / 10));
    }
}
