package org.leapfrog.vae.dglm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.vae.data.Binarizer;
import org.leapfrog.vae.data.Mnist;
import org.leapfrog.vae.model.Gaussian;
import org.leapfrog.vae.model.VaeStreams;

/**
 * The gradients the trainer applies, against central finite differences on a tiny model (latent 2, 784-3-3
 * networks, a kernel of 2 transitions x 2 leapfrog steps, perturbed far from its initial values): the sampler's
 * loss in every kernel parameter tensor (through the networks, the encoding of x, the step size, the decoder's
 * gradient in z — second order — the log-determinant and the acceptance), the encoder's ELBO, and the decoder's
 * objective on refined draws (held fixed, as in training). Draws are keyed, so each objective is a deterministic function of the parameters.
 */
class DglmGradientTest {
    static final DglmSettings TINY = new DglmSettings(2, 3, 2, 2, 4, 3, 3, 0.3, 1, 4, 1e-3, 5.0, 4, 4, 21);
    static final int N = 4;
    static double[] images;

    @BeforeAll
    static void load() throws IOException {
        Mnist mnist = Mnist.load();
        images = new double[N * Mnist.PIXELS];
        Binarizer.evaluation().batch(mnist.train(), null, 0, N, Binarizer.FIXED_EPOCH, Binarizer.PURPOSE_EVAL, images);
    }

    @Test
    void samplerEncoderAndDecoderGradientsMatchFiniteDifferences() {
        Engine e = Engine.java();
        Dglm model = Dglm.build(e, TINY, null);
        DglmFixtures.perturb(model.kernel(), 0.8, 3);
        Tensor x = e.wrap(N, Mnist.PIXELS, images);
        Tensor eps = e.normal(N, 2, 5, VaeStreams.PURPOSE_LATENT, 0);
        // fixed start and scale for the sampler's loss (constants in training too)
        Tensor z0;
        Tensor scaleSq;
        try (Engine.GradRegion g = e.noGrad()) {
            Gaussian q = model.vae().encoder().encode(x);
            z0 = q.sample(eps).copy();
            scaleSq = q.sigma().square().add(1e-4).copy();
        }
        double[] acc = new double[1];
        Supplier<Tensor> sampler = () -> {
            Dglm.Chain ch = model.refine(x, z0, 2, 9, 0, scaleSq);
            acc[0] = ch.acceptance();
            return ch.samplerLoss();
        };
        Supplier<Tensor> elbo = () -> model.elbo(x, model.vae().encoder().encode(x), eps);
        // the decoder learns from the refined draws as constants (their dependence on the decoder is not followed)
        Tensor zK;
        try (Engine.GradRegion g = e.noGrad()) {
            zK = model.refine(x, z0, 2, 9, 0, null).z().copy();
        }
        Supplier<Tensor> decoder = () -> model.decoderObjective(x, zK);
        List<String> bad = new ArrayList<>();
        check("sampler", sampler, model.kernel().parameters(), bad);
        assertTrue(acc[0] > 0.05 && acc[0] < 0.999, "acceptance " + acc[0] + " (rejections and moves both exercised)");
        check("encoder", elbo, model.vae().encoder().parameters(), bad);
        check("decoder", decoder, model.vae().decoder().parameters(), bad);
        assertTrue(bad.isEmpty(), bad.toString());
    }

    /**
     * For each tensor, two entries: |autodiff - central difference (h = 1e-5)| <= 1e-5 + 1e-4 |fd|. The
     * difference's error is O(h^2) ~ 1e-10 times third derivatives plus rounding ~ 1e-16 / h ~ 1e-11 relative.
     */
    private static void check(String what, Supplier<Tensor> f, List<Tensor> params, List<String> bad) {
        Tensor[] grads = Graph.grad(f.get(), params, false);
        double h = 1e-5;
        int checked = 0;
        double largest = 0;
        for (int k = 0; k < params.size(); k++) {
            Tensor p = params.get(k);
            double[] g = grads[k].toArray();
            for (int idx : new int[] {0, p.size() / 2 + (p.size() > 1 ? 1 : 0)}) {
                if (idx >= p.size()) {
                    continue;
                }
                double[] v = p.toArray();
                double orig = v[idx];
                v[idx] = orig + h;
                p.assign(v);
                double up = value(f, p);
                v[idx] = orig - h;
                p.assign(v);
                double down = value(f, p);
                v[idx] = orig;
                p.assign(v);
                double fd = (up - down) / (2 * h);
                largest = Math.max(largest, Math.abs(fd));
                checked++;
                if (Math.abs(g[idx] - fd) > 1e-5 + 1e-4 * Math.abs(fd)) {
                    bad.add(what + " " + p.name() + "[" + idx + "]: autodiff " + g[idx] + ", finite difference " + fd);
                }
            }
        }
        assertTrue(checked >= params.size(), what + ": entries checked " + checked);
        assertTrue(largest > 1e-3, what + ": gradients are not all ~0 (largest " + largest + ")");
    }

    private static double value(Supplier<Tensor> f, Tensor p) {
        try (Engine.GradRegion g = p.engine().noGrad()) {
            return f.get().item();
        }
    }
}
