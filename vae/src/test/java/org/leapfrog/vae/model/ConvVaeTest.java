package org.leapfrog.vae.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.vae.data.Mnist;

/** The paper's convolutional VAE: shapes, parameter count, and the same ELBO and gradients on both backends. */
class ConvVaeTest {
    @Test
    void shapesAndParameters() {
        Engine e = Engine.java();
        Vae vae = Architecture.conv(64).build(e, null, 1);
        long count = 0;
        for (Tensor p : vae.parameters()) {
            count += p.size();
        }
        // enc: 25*16+16, 400*32+32, 800*32+32, 512*450+450, 450*128+128;
        // dec: 64*450+450, 450*512+512, 32*800+32, 32*400+16, 16*25, out bias 784
        long expected = 416 + 12_832 + 25_632 + 230_850 + 57_728 + 29_250 + 230_912 + 25_632 + 12_816 + 400 + 784;
        assertEquals(expected, count);
        Tensor z = e.zeros(2, 64);
        assertEquals(Mnist.PIXELS, vae.decoder().logits(z).cols());
    }

    @Test
    void openClMatchesJava() {
        org.junit.jupiter.api.Assumptions.assumeTrue(OpenClRequirement.availableOrFailInCi(), "no OpenCL device");
        Engine j = Engine.java();
        Engine cl = Engine.on(Backends.open(new BackendRequest(BackendKind.OPENCL, -1), n -> { }));
        double[] x = new double[4 * Mnist.PIXELS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 7919) % 5 == 0 ? 1 : 0;
        }
        double[][] elbo = new double[2][];
        double[][] grad = new double[2][];
        Engine[] engines = {j, cl};
        for (int k = 0; k < 2; k++) {
            Engine e = engines[k];
            Vae vae = Architecture.conv(8).build(e, null, 3);
            Tensor l = VaeElbo.monteCarlo().logWeight(vae, e.wrap(4, Mnist.PIXELS, x), 5, 0);
            elbo[k] = l.toArray();
            List<Tensor> ps = vae.parameters();
            grad[k] = Graph.grad(l.sum(), ps.get(0), false).toArray();
        }
        for (int i = 0; i < elbo[0].length; i++) {
            assertTrue(Double.isFinite(elbo[0][i]));
            assertEquals(elbo[0][i], elbo[1][i], 1e-9 * Math.abs(elbo[0][i]));
        }
        double scale = 0;
        for (double v : grad[0]) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < grad[0].length; i++) {
            assertEquals(grad[0][i], grad[1][i], 1e-9 * scale);
        }
        cl.close();
    }
}
