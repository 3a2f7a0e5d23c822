package org.leapfrog.vae.model;

import org.leapfrog.runtime.tensor.Activations;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.runtime.tensor.nn.Activation;
import org.leapfrog.runtime.tensor.nn.Dense;
import org.leapfrog.runtime.tensor.nn.Module;

/** Shared output heads. */
final class Heads {
    private Heads() {
    }

    /** Splits {@code out} (batch x 2 l) into mu (first l) and sigma = softplus(last l). */
    static Gaussian gaussian(Tensor out, int latent) {
        Tensor mu = out.sliceCols(0, latent);
        Tensor sigma = Activations.softplus(out.sliceCols(latent, 2 * latent));
        return new Gaussian(mu, sigma, sigma.log());
    }

    /**
     * A dense layer followed by softplus computed by the lane kernel ({@link Activations#softplus}); the dense
     * layer's parameters are those of {@code dense}, which must have the identity activation.
     */
    static Module softplus(Dense dense) {
        if (dense.activation() != Activation.IDENTITY) {
            throw new IllegalArgumentException("dense: activation " + dense.activation() + "; allowed: IDENTITY");
        }
        return new Module() {
            @Override
            public Tensor forward(Tensor x) {
                return Activations.softplus(dense.forward(x));
            }

            @Override
            public java.util.List<Tensor> parameters() {
                return dense.parameters();
            }
        };
    }

    /** An MLP of dense layers named {@code name.0, name.1, ...}: softplus (lane kernel) after all but the last. */
    static org.leapfrog.runtime.tensor.nn.Sequential mlp(org.leapfrog.runtime.tensor.Engine engine, String name, int[] sizes,
                                                         java.util.random.RandomGenerator rng) {
        java.util.List<Module> layers = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < sizes.length; i++) {
            Dense d = new Dense(engine, name + "." + i, sizes[i], sizes[i + 1], Activation.IDENTITY,
                    org.leapfrog.runtime.tensor.nn.VarianceScaling.glorotUniform(), rng);
            layers.add(i + 2 == sizes.length ? d : softplus(d));
        }
        return new org.leapfrog.runtime.tensor.nn.Sequential(layers);
    }
}
