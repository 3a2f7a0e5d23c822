package org.leapfrog.vae.dglm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.vae.data.Mnist;

/** Joint training: an interrupted and resumed run gives the same bits as an uninterrupted one, and it learns. */
class DglmTrainerTest {
    static Mnist mnist;
    /** latent 3, 784-12-12 networks, 2 MH steps of 2 leapfrog steps, sampler width 8, encoding 784-10-10-4. */
    static final DglmSettings TINY = new DglmSettings(3, 12, 2, 2, 8, 4, 10, 0.1, 3, 20, 3e-3, 5.0, 60, 40, 9);

    @BeforeAll
    static void load() throws IOException {
        mnist = Mnist.load();
    }

    private static DglmTrainer trainer(Engine e, DglmSettings s) {
        return new DglmTrainer(e, Dglm.build(e, s, mnist.train().meanIntensity()), mnist.train(), mnist.validation());
    }

    @Test
    void resumeIsExact(@TempDir Path dir) throws IOException {
        Engine e = Engine.java();
        DglmTrainer straight = trainer(e, TINY);
        straight.train(null, DglmTrainer.Listener.NONE);
        assertEquals(3, straight.epochsDone());

        DglmTrainer first = trainer(e, TINY);
        first.runEpoch(DglmTrainer.Listener.NONE);
        first.save(dir);
        DglmTrainer second = trainer(e, TINY);
        second.resume(dir);
        assertEquals(1, second.epochsDone());
        second.train(dir, DglmTrainer.Listener.NONE);
        List<Tensor> a = straight.model().parameters();
        List<Tensor> b = second.model().parameters();
        assertEquals(a.size(), b.size());
        for (int k = 0; k < a.size(); k++) {
            assertArrayEquals(a.get(k).toArray(), b.get(k).toArray(), a.get(k).name());
        }
        for (int k = 0; k < 3; k++) {
            DglmEpoch x = straight.history().get(k);
            DglmEpoch y = second.history().get(k);
            assertEquals(x.trainElbo(), y.trainElbo());
            assertEquals(x.trainLogJoint(), y.trainLogJoint());
            assertEquals(x.samplerLoss(), y.samplerLoss());
            assertEquals(x.acceptance(), y.acceptance());
            assertEquals(x.validationElbo(), y.validationElbo());
        }
        DglmEpoch last = straight.history().get(2);
        assertTrue(last.acceptance() > 0.05 && last.acceptance() <= 1.0, "acceptance " + last.acceptance());
        assertTrue(last.stepSize() != TINY.initialStepSize(), "the step size trains: " + last.stepSize());
        assertTrue(straight.history().get(2).trainElbo() > straight.history().get(0).trainElbo(),
                "the ELBO improves: " + straight.history());
    }

    @Test
    void resumeRefusesOtherSettings(@TempDir Path dir) throws IOException {
        Engine e = Engine.java();
        DglmTrainer first = trainer(e, TINY.withEpochs(1));
        first.runEpoch(DglmTrainer.Listener.NONE);
        first.save(dir);
        DglmTrainer other = trainer(e, TINY.withMhSteps(1));
        IllegalArgumentException ex = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> other.resume(dir));
        assertTrue(ex.getMessage().contains("mh_steps"), ex.getMessage());
    }
}
