package org.leapfrog.vae.mcmc;

import org.leapfrog.kernels.RandomStream;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.vae.model.Gaussian;
import org.leapfrog.vae.model.Objective;
import org.leapfrog.vae.model.Vae;

/**
 * The importance-sampling proposal of Section 6.1 (after Ruiz and Titsias 2019), as an {@link Objective} for
 * {@code ImportanceSampling}: {@code r(z|x) = N(center(x), tau diag sigma(x)^2)} with sigma from the encoder and
 * {@code center = mu(x)} for a plain VAE, or, with a {@link MarkovRefinement}, the mean of z_K over {@code chains}
 * chains started from q(z|x) (an estimate of the posterior mean). {@code logWeight = log p(x, z) - log r(z|x)}, so
 * logmeanexp over draws estimates log p(x). With a refinement the rows of a batch must be copies of one image (as
 * {@code ImportanceSampling} passes them): the chains run on the first rows and their mean centres every row.
 */
public final class GaussianProposal implements Objective {
    /** Philox purposes: the proposal's noise and the chains' starting draws. */
    public static final int PURPOSE_DRAW = RandomStream.PURPOSE_USER + 162;
    public static final int PURPOSE_CHAIN_START = RandomStream.PURPOSE_USER + 163;
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private final double tau;
    private final MarkovRefinement refinement;
    private final int chains;
    private Tensor selector;

    /** The plain VAE's proposal N(mu(x), tau Sigma(x)). */
    public GaussianProposal(double tau) {
        this(tau, null, 1);
    }

    /** N(mean z_K, tau Sigma(x)) from {@code chains} runs of {@code refinement} (null: mu(x)). */
    public GaussianProposal(double tau, MarkovRefinement refinement, int chains) {
        if (!(tau > 0) || !Double.isFinite(tau)) {
            throw new IllegalArgumentException("tau: " + tau + "; allowed: finite and > 0");
        }
        if (chains < 1) {
            throw new IllegalArgumentException("chains: " + chains + "; allowed: 1 or more");
        }
        this.tau = tau;
        this.refinement = refinement;
        this.chains = chains;
    }

    @Override
    public String name() {
        return "is-" + (refinement == null ? "vae" : refinement.settings().label()) + "-tau" + tau;
    }

    @Override
    public Tensor logWeight(Vae model, Tensor x, long seed, int iteration) {
        Gaussian q = model.encoder().encode(x);
        int n = x.rows();
        Tensor center = q.mu();
        if (refinement != null) {
            int m = Math.min(chains, n);
            Tensor xs = m < n ? rows(m, n, x).matmul(x) : x;
            Gaussian qs = m < n ? model.encoder().encode(xs) : q;
            Tensor z0 = qs.sample(x.engine().normal(m, q.latent(), seed, PURPOSE_CHAIN_START, iteration));
            MarkovRefinement.Result r = refinement.run(z0, z -> model.logJoint(xs, z), seed, iteration, false);
            center = r.z().meanRows();
        }
        Tensor eps = x.engine().normal(n, q.latent(), seed, PURPOSE_DRAW, iteration);
        Tensor scale = q.sigma().mul(Math.sqrt(tau));
        Tensor z = scale.mul(eps).add(center);
        Tensor logR = eps.square().mul(-0.5).sub(scale.log()).sumCols().add(-q.latent() * HALF_LOG_2PI);
        return model.logJoint(x, z).sub(logR);
    }

    @Override
    public Tensor elbo(Vae model, Tensor x, long seed, int iteration) {
        return logWeight(model, x, seed, iteration);
    }

    /** The constant m x n matrix that picks the first m rows. */
    private Tensor rows(int m, int n, Tensor like) {
        if (selector == null || selector.rows() != m || selector.cols() != n || selector.engine() != like.engine()) {
            double[] s = new double[m * n];
            for (int i = 0; i < m; i++) {
                s[i * m + i] = 1.0;
            }
            selector = like.engine().wrap(m, n, s);
        }
        return selector;
    }
}
