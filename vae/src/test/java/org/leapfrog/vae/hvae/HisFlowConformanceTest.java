package org.leapfrog.vae.hvae;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.samplers.his.HisFlow;
import org.leapfrog.samplers.his.Tempering;
import org.leapfrog.samplers.target.DiagonalGaussian;

/**
 * The training flow (HvaeElbo over HamiltonianFlow, tensor ops, gradients by the engine) and the sampler's
 * HisFlow (one fused kernel, the target's analytic gradient) give the same z_K, rho_K and log weight in float64
 * for the same inputs: z0, the momentum draw (the same Philox stream), step sizes and tempering.
 */
class HisFlowConformanceTest {
    private static final double[] MEAN = {0.5, -1.0, 0.0, 2.0};
    private static final double[] VAR = {1.0, 0.25, 4.0, 0.5};

    @ParameterizedTest
    @CsvSource({"java,NONE,3", "java,FIXED,5", "java,FREE,4", "opencl,NONE,3", "opencl,FIXED,5", "opencl,FREE,4"})
    void trainingFlowEqualsHisFlow(String engineName, TemperingMode mode, int k) {
        Engine e = Engines.get(engineName);
        int n = 70, d = MEAN.length;
        long seed = 21L;
        int iteration = 3;
        FlowSettings s = new FlowSettings(k, mode, StepSizeMode.SHARED, 0.5, 0.23, 0.3);
        HamiltonianFlow flow = new HamiltonianFlow(e, d, s);
        Tensor mean = e.wrap(1, d, MEAN.clone());
        double[] prec = new double[d];
        for (int i = 0; i < d; i++) {
            prec[i] = 1.0 / VAR[i];
        }
        Tensor precision = e.wrap(1, d, prec);
        Function<Tensor, Tensor> logJoint = z -> z.sub(mean).square().mul(precision).sumCols().mul(-0.5);
        // z0 = 0 + e^0 u = u exactly
        HvaeElbo.Noise noise = HvaeElbo.Noise.draw(e, n, d, seed, iteration);
        HvaeElbo.Estimate est = HvaeElbo.estimate(e.zeros(1, d), e.zeros(1, d), noise, logJoint, flow);

        double[] z0 = noise.u().toArray();
        double[] logq0 = HvaeElbo.logQ0(e.zeros(1, d), noise.u()).toArray();
        double[] eps = flow.stepSize(1).toArray();
        Tempering t = switch (mode) {
            case NONE -> Tempering.none(k);
            case FIXED -> Tempering.fixedQuadratic(flow.beta0().item(), k);
            case FREE -> Tempering.free(flow.alphas().toArray());
        };
        double[] zk = new double[n * d], rhok = new double[n * d], logw = new double[n];
        try (HisFlow his = new HisFlow(e.backend(), new DiagonalGaussian("conf", MEAN, VAR), eps, t, n, seed)) {
            his.run(iteration, z0, logq0, null, zk, rhok, logw);
        }
        double[] tz = est.trajectory().zK().toArray(), tr = est.trajectory().rhoK().toArray();
        double[] tw = est.logWeight().toArray();
        for (int i = 0; i < n * d; i++) {
            assertEquals(zk[i], tz[i], 1e-12 * Math.max(1, Math.abs(zk[i])), "z_K " + i);
            assertEquals(rhok[i], tr[i], 1e-12 * Math.max(1, Math.abs(rhok[i])), "rho_K " + i);
        }
        for (int c = 0; c < n; c++) {
            assertEquals(logw[c], tw[c], 1e-12 * Math.max(1, Math.abs(logw[c])), "log w " + c);
        }
    }
}
