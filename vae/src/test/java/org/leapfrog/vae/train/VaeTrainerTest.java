package org.leapfrog.vae.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.vae.data.Mnist;
import org.leapfrog.vae.model.Architecture;
import org.leapfrog.vae.model.Vae;
import org.leapfrog.vae.model.VaeElbo;

class VaeTrainerTest {
    static Mnist mnist;
    static final Architecture TINY = new Architecture(Architecture.Kind.MLP, 4, 16);
    static final TrainSettings SETTINGS = new TrainSettings(3, 50, 1e-3, 10, 200, 100, 9, 100);

    @BeforeAll
    static void load() throws IOException {
        mnist = Mnist.load();
    }

    private static VaeTrainer trainer(Engine e) {
        Vae vae = TINY.build(e, mnist.train().meanIntensity(), SETTINGS.seed());
        return new VaeTrainer(e, vae, VaeElbo.monteCarlo(), mnist, SETTINGS);
    }

    @Test
    void resumeIsExact(@TempDir Path dir) throws IOException {
        Engine e = Engine.java();
        VaeTrainer straight = trainer(e);
        straight.train(null, TrainListener.NONE);
        assertEquals(3, straight.epochsDone());

        VaeTrainer first = trainer(e);
        first.runEpoch(TrainListener.NONE);
        first.save(dir);
        VaeTrainer second = trainer(e); // fresh weights, replaced by the checkpoint's
        second.resume(dir);
        assertEquals(1, second.epochsDone());
        second.train(dir, TrainListener.NONE);
        List<Tensor> a = straight.vae().parameters();
        List<Tensor> b = second.vae().parameters();
        for (int k = 0; k < a.size(); k++) {
            assertArrayEquals(a.get(k).toArray(), b.get(k).toArray(), a.get(k).name());
        }
        for (int k = 0; k < 3; k++) {
            assertEquals(straight.history().get(k).trainElbo(), second.history().get(k).trainElbo());
            assertEquals(straight.history().get(k).validationElbo(), second.history().get(k).validationElbo());
        }
        assertTrue(Files.exists(dir.resolve("checkpoint.bin")));
    }

    /** Training improves the ELBO (a few hundred steps of Adamax from the mean-logit start on 200 images). */
    @Test
    void trainingImprovesTheElbo() throws IOException {
        Engine e = Engine.java();
        VaeTrainer t = trainer(e);
        double before = t.validationElbo();
        t.train(null, TrainListener.NONE);
        assertTrue(t.bestValidationElbo() > before, before + " -> " + t.bestValidationElbo());
    }

    /** With one sample the IS estimate is the log-weight itself; more samples give a larger (Jensen) estimate here. */
    @Test
    void importanceSampling() {
        Engine e = Engine.java();
        Vae vae = TINY.build(e, mnist.train().meanIntensity(), 1);
        var set = mnist.test().head(5);
        double[] one = ImportanceSampling.logLikelihoods(e, vae, VaeElbo.monteCarlo(), set, 1, 3, 10);
        double[] many = ImportanceSampling.logLikelihoods(e, vae, VaeElbo.monteCarlo(), set, 200, 3, 64);
        double s1 = 0;
        double s2 = 0;
        for (int i = 0; i < 5; i++) {
            assertTrue(Double.isFinite(one[i]) && Double.isFinite(many[i]));
            s1 += one[i];
            s2 += many[i];
        }
        assertTrue(s2 > s1, s1 + " vs " + s2);
        ImportanceSampling.Nll nll = ImportanceSampling.nll(e, vae, VaeElbo.monteCarlo(), set, 20, 3, 3, 7, d -> { });
        assertEquals(3, nll.repeats().length);
        assertTrue(nll.sd() > 0 && nll.mean() > 0);
    }
}
