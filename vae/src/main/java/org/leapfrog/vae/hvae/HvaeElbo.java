package org.leapfrog.vae.hvae;

import java.util.function.Function;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * The Hamiltonian ELBO of Caterini et al. (2018), equation (12), per data point of a batch, with unbiased
 * reparameterised gradients: the variational prior q0(z0 | x) = N(mu, diag sigma^2) is sampled as
 * z0 = mu + sigma * u (u standard normal), the momentum as rho0 = gamma / sqrt(beta0), and the flow is
 * deterministic and differentiable, so the gradient of the returned estimate in every parameter is an unbiased
 * estimate of the ELBO's gradient.
 *
 * <p>Per row: {@code elbo = log p(x, z_K) - |rho_K|^2 / 2 - log q0(z0) + l/2} (the Rao-Blackwellised (12)),
 * and the log importance weight {@code log w = log p(x, z_K) - |rho_K|^2 / 2 - log q0(z0) + |gamma|^2 / 2},
 * for which {@code E[exp(log w)] = p(x)} exactly (the {@code HisFlow} weight; importance-sampled
 * log-likelihoods average {@code exp(log w)}). With K = 0 there is no flow: the momentum term integrates to
 * zero analytically and both equal the VAE's {@code log p(x, z0) - log q0(z0)}.
 *
 * <p>Shapes: mu and logSigma are {@code n x l} (an encoder's outputs) or {@code 1 x l} (shared, broadcast over the
 * batch); the noise u and gamma are {@code n x l}; {@code logJoint} maps z ({@code n x l}) to log p(x, z) per row
 * ({@code n x 1}) with tensor operations (decoder likelihood plus prior).
 */
public final class HvaeElbo {
    /**
     * Default Philox purpose of the reparameterisation noise u of z0 (the first of the vae module's objective
     * purposes, 256 + 120); the momentum's gamma uses the samplers' momentum purpose, as {@code HisFlow} does.
     */
    public static final int PURPOSE_LATENT = RandomStream.PURPOSE_USER + 120;
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private HvaeElbo() {
    }

    /** One estimate per row: the ELBO (12), the log importance weight, and the flow's trajectory. */
    public record Estimate(Tensor elbo, Tensor logWeight, HamiltonianFlow.Trajectory trajectory) {
        /** The batch mean of the ELBO estimates ({@code 1 x 1}): maximise it (minimise its negative). */
        public Tensor meanElbo() {
            return elbo.mean();
        }
    }

    /** The noise of one estimate: u for z0 and gamma for rho0, each {@code n x l}. */
    public record Noise(Tensor u, Tensor gamma) {
        /**
         * Standard normals from the engine's Philox streams, row r from chain r of (seed, iteration): u with
         * {@link #PURPOSE_LATENT}, gamma with {@link RandomStream#PURPOSE_MOMENTUM} (the draw of {@code HisFlow}).
         */
        public static Noise draw(Engine engine, int n, int l, long seed, int iteration) {
            return draw(engine, n, l, seed, iteration, PURPOSE_LATENT, RandomStream.PURPOSE_MOMENTUM);
        }

        /** As {@link #draw(Engine, int, int, long, int)} with the purposes given (e.g. a VAE's own latent purpose). */
        public static Noise draw(Engine engine, int n, int l, long seed, int iteration, int latentPurpose,
                                 int momentumPurpose) {
            if (latentPurpose == momentumPurpose) {
                throw new IllegalArgumentException("momentumPurpose: " + momentumPurpose
                        + "; allowed: a purpose other than latentPurpose (independent draws)");
            }
            return new Noise(engine.normal(n, l, seed, latentPurpose, iteration),
                    engine.normal(n, l, seed, momentumPurpose, iteration));
        }
    }

    /** The VAE's ELBO estimate {@code log p(x, z0) - log q0(z0)} per row ({@code n x 1}), z0 = mu + sigma u. */
    public static Tensor vae(Tensor mu, Tensor logSigma, Tensor u, Function<Tensor, Tensor> logJoint) {
        check(mu, logSigma, u);
        Tensor z0 = mu.add(logSigma.exp().mul(u));
        return logJoint.apply(z0).sub(logQ0(logSigma, u));
    }

    /**
     * The HVAE's estimate with {@code flow} (its K, tempering and step sizes); with K = 0 the VAE's.
     */
    public static Estimate estimate(Tensor mu, Tensor logSigma, Noise noise, Function<Tensor, Tensor> logJoint,
                                    HamiltonianFlow flow) {
        check(mu, logSigma, noise.u());
        int l = noise.u().cols();
        if (flow.dimension() != l) {
            throw new IllegalArgumentException("flow: dimension " + flow.dimension() + "; allowed: the latent"
                    + " dimension " + l);
        }
        Tensor z0 = mu.add(logSigma.exp().mul(noise.u()));
        Tensor logQ0 = logQ0(logSigma, noise.u());
        if (flow.settings().steps() == 0) {
            Tensor elbo = logJoint.apply(z0).sub(logQ0);
            return new Estimate(elbo, elbo, null);
        }
        HamiltonianFlow.Trajectory t = flow.run(z0, noise.gamma(), logJoint);
        Tensor kineticK = t.rhoK().square().sumCols().mul(0.5);
        Tensor common = t.logJointK().sub(kineticK).sub(logQ0);
        Tensor elbo = common.add(0.5 * l);
        Tensor logWeight = common.add(noise.gamma().square().sumCols().mul(0.5));
        return new Estimate(elbo, logWeight, t);
    }

    /** log N(z0 | mu, diag sigma^2) per row, from the noise u of z0 = mu + sigma u. */
    public static Tensor logQ0(Tensor logSigma, Tensor u) {
        int l = u.cols();
        return u.square().mul(-0.5).sub(logSigma).sumCols().sub(l * HALF_LOG_2PI);
    }

    private static void check(Tensor mu, Tensor logSigma, Tensor u) {
        int l = u.cols();
        for (Tensor[] t : new Tensor[][] {{mu}, {logSigma}}) {
            Tensor x = t[0];
            String name = x == mu ? "mu" : "logSigma";
            if (x.cols() != l || (x.rows() != 1 && x.rows() != u.rows())) {
                throw new IllegalArgumentException(name + ": shape " + x.rows() + " x " + x.cols() + "; allowed: "
                        + u.rows() + " x " + l + " or 1 x " + l + " (the noise's shape " + u.rows() + " x " + l + ")");
            }
        }
    }
}
