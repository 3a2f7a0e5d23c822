package org.leapfrog.vae.mcmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

/** Algorithm 1 in the trainer: exact resume (phi1, beta, dual averaging included). */
class McmcVaeStepTest {
    static Mnist mnist;
    static final Architecture TINY = new Architecture(Architecture.Kind.MLP, 3, 12);
    static final TrainSettings SETTINGS = new TrainSettings(2, 25, 1e-3, 10, 75, 25, 17, 25);

    @BeforeAll
    static void load() throws IOException {
        mnist = Mnist.load();
    }

    private static VaeTrainer trainer(Engine e, RefinementSettings rs) {
        Vae vae = TINY.build(e, mnist.train().meanIntensity(), SETTINGS.seed());
        McmcVaeStep rule = new McmcVaeStep(new MarkovRefinement(e, TINY.latent(), rs));
        return new VaeTrainer(e, vae, new VaeElbo(true), mnist, SETTINGS).withStepRule(rule);
    }

    private static List<Tensor> state(VaeTrainer t, McmcVaeStep rule) {
        List<Tensor> all = new java.util.ArrayList<>(t.vae().parameters());
        all.addAll(rule.stateTensors());
        return all;
    }

    private static void resumeIsExact(RefinementSettings rs, Path dir) throws IOException {
        Engine e = Engine.java();
        VaeTrainer straight = trainer(e, rs);
        McmcVaeStep ruleA = new McmcVaeStep(new MarkovRefinement(e, TINY.latent(), rs));
        straight.withStepRule(ruleA);
        straight.train(null, TrainListener.NONE);

        VaeTrainer first = trainer(e, rs);
        first.withStepRule(new McmcVaeStep(new MarkovRefinement(e, TINY.latent(), rs)));
        first.runEpoch(TrainListener.NONE);
        first.save(dir);
        VaeTrainer second = trainer(e, rs);
        McmcVaeStep ruleB = new McmcVaeStep(new MarkovRefinement(e, TINY.latent(), rs));
        second.withStepRule(ruleB);
        second.resume(dir);
        assertEquals(1, second.epochsDone());
        second.train(dir, TrainListener.NONE);
        List<Tensor> a = state(straight, ruleA);
        List<Tensor> b = state(second, ruleB);
        for (int k = 0; k < a.size(); k++) {
            assertArrayEquals(a.get(k).toArray(), b.get(k).toArray(), a.get(k).name());
        }
        assertArrayEquals(ruleA.hostState(), ruleB.hostState());
        for (int k = 0; k < 2; k++) {
            assertEquals(straight.history().get(k).trainElbo(), second.history().get(k).trainElbo());
        }
        assertTrue(ruleA.meanAccepted() > 0 && ruleA.meanAccepted() <= 1, "accepted " + ruleA.meanAccepted());
    }

    @Test
    void resumeIsExactWithGradientAdaptation(@TempDir Path dir) throws IOException {
        resumeIsExact(RefinementSettings.gradHmc(2, 2, Preconditioner.Kind.LOWER_TRIANGULAR), dir);
    }

    @Test
    void resumeIsExactWithDualAveraging(@TempDir Path dir) throws IOException {
        resumeIsExact(RefinementSettings.dsMala(2), dir);
    }

    @Test
    void resumeRefusesAnotherStepRule(@TempDir Path dir) throws IOException {
        Engine e = Engine.java();
        VaeTrainer t = trainer(e, RefinementSettings.dsMala(1));
        t.runEpoch(TrainListener.NONE);
        t.save(dir);
        VaeTrainer other = trainer(e, RefinementSettings.dsHmc(1, 2));
        assertThrows(IllegalArgumentException.class, () -> other.resume(dir));
    }
}
