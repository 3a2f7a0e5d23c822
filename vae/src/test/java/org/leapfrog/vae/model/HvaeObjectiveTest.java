package org.leapfrog.vae.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.vae.data.Mnist;
import org.leapfrog.vae.hvae.StepSizeMode;
import org.leapfrog.vae.hvae.TemperingMode;

/** The HVAE objective on the VAE models: K = 0 is the VAE's ELBO; K > 0 trains every parameter. */
class HvaeObjectiveTest {
    private static Tensor batch(Engine e) {
        double[] x = new double[3 * Mnist.PIXELS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 31) % 7 < 2 ? 1 : 0;
        }
        return e.wrap(3, Mnist.PIXELS, x);
    }

    @Test
    void withoutStepsItIsTheVaeElbo() {
        Engine e = Engine.java();
        Vae vae = new Architecture(Architecture.Kind.MLP, 3, 8).build(e, null, 2);
        Tensor x = batch(e);
        double[] vaeElbo = VaeElbo.monteCarlo().logWeight(vae, x, 7, 3).toArray();
        HvaeObjective h = new HvaeObjective(e, 3, HvaeObjective.settings(0, TemperingMode.NONE, StepSizeMode.SHARED));
        double[] hv = h.logWeight(vae, x, 7, 3).toArray();
        double[] he = h.elbo(vae, x, 7, 3).toArray();
        for (int r = 0; r < 3; r++) {
            // z0 = mu + exp(log sigma) u there, mu + sigma u here: equal to rounding.
            assertEquals(vaeElbo[r], hv[r], 1e-12 * Math.abs(vaeElbo[r]));
            assertEquals(vaeElbo[r], he[r], 1e-12 * Math.abs(vaeElbo[r]));
        }
        assertEquals("hvae-k0-none-shared", h.name());
    }

    @Test
    void flowGradientsReachEveryParameter() {
        Engine e = Engine.java();
        Vae vae = new Architecture(Architecture.Kind.MLP, 3, 8).build(e, null, 2);
        HvaeObjective h = new HvaeObjective(e, 3, HvaeObjective.settings(3, TemperingMode.FREE, StepSizeMode.PER_STEP));
        assertEquals("hvae-k3-free-varied", h.name());
        List<Tensor> ps = new ArrayList<>(vae.parameters());
        ps.addAll(h.parameters());
        Tensor loss = h.elbo(vae, batch(e), 1, 0).mean().neg();
        Tensor[] g = Graph.grad(loss, ps, false);
        for (int k = 0; k < ps.size(); k++) {
            double s = 0;
            for (double v : g[k].toArray()) {
                assertTrue(Double.isFinite(v));
                s += v * v;
            }
            assertTrue(s > 0, "no gradient for " + ps.get(k).name());
        }
    }
}
