package org.leapfrog.vae.mcmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.samplers.adapt.Preconditioner;
import org.leapfrog.vae.data.Mnist;
import org.leapfrog.vae.model.Architecture;
import org.leapfrog.vae.model.Vae;
import org.leapfrog.vae.model.VaeElbo;
import org.leapfrog.vae.train.TrainListener;
import org.leapfrog.vae.train.TrainSettings;
import org.leapfrog.vae.train.VaeTrainer;

/** An epoch of Algorithm 1 (3 steps, gradHMC-LT) on the OpenCL engine and on the Java engine: the same parameters. */
class McmcOpenClAgreementTest {
    static Mnist mnist;
    static final Architecture TINY = new Architecture(Architecture.Kind.MLP, 3, 12);

    @BeforeAll
    static void load() throws IOException {
        mnist = Mnist.load();
    }

    /** The step changes theta, phi0 and phi1 and beta, and OpenCL gives the Java engine's numbers (to rounding of log/exp). */
    @Test
    void openClTrainingStepAgreesWithJava() {
        Engine cl = McmcEngines.openCl();
        RefinementSettings rs = RefinementSettings.gradHmc(2, 3, Preconditioner.Kind.LOWER_TRIANGULAR);
        double[][] results = new double[2][];
        double[] betas = new double[2];
        Engine[] engines = {Engine.java(), cl};
        for (int k = 0; k < 2; k++) {
            Engine e = engines[k];
            Vae vae = TINY.build(e, mnist.train().meanIntensity(), 4);
            MarkovRefinement r = new MarkovRefinement(e, TINY.latent(), rs.withInitialStepSize(0.4));
            McmcVaeStep rule = new McmcVaeStep(r);
            VaeTrainer t = new VaeTrainer(e, vae, new VaeElbo(true), mnist,
                    new TrainSettings(1, 25, 1e-3, 10, 75, 25, 3, 25)).withStepRule(rule);
            t.runEpoch(TrainListener.NONE);
            List<Tensor> all = new java.util.ArrayList<>(vae.parameters());
            all.addAll(r.parameters());
            int size = 0;
            for (Tensor p : all) {
                size += p.size();
            }
            double[] flat = new double[size];
            int at = 0;
            for (Tensor p : all) {
                double[] v = p.toArray();
                System.arraycopy(v, 0, flat, at, v.length);
                at += v.length;
            }
            results[k] = flat;
            betas[k] = r.beta();
        }
        double[] fresh = TINY.build(Engine.java(), mnist.train().meanIntensity(), 4).parameters().get(0).toArray();
        assertFalse(java.util.Arrays.equals(fresh, java.util.Arrays.copyOf(results[0], fresh.length)), "the encoder moved");
        assertEquals(betas[0], betas[1], 1e-12);
        assertNotEquals(1.0, betas[0], "beta moved");
        for (int i = 0; i < results[0].length; i++) {
            assertEquals(results[0][i], results[1][i], 1e-9 * Math.max(1, Math.abs(results[0][i])), "value " + i);
        }
    }
}
