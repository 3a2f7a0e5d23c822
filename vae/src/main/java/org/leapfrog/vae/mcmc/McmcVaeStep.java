package org.leapfrog.vae.mcmc;

import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.vae.model.Gaussian;
import org.leapfrog.vae.model.Vae;
import org.leapfrog.vae.model.VaeStreams;
import org.leapfrog.vae.train.VaeTrainer;

/**
 * Algorithm 1 of Hirt, Kreouzis and Dellaportas as a {@link VaeTrainer.StepRule}: from a minibatch x,
 * z0 = mu(x) + sigma(x) eps (the VAE's own noise stream); the encoder phi0 follows the ELBO
 * {@code L0 = log p(x|z0) - KL(q(z|x) || N(0, I))} (its gradient reaches the encoder only); K MH steps of the
 * {@link MarkovRefinement} from z0 (a constant) give z_K; the decoder theta follows
 * {@code G = log p(x|z_K) + log p(z_K)} with z_K held fixed; phi1 follows the speed measure. All gradients are taken
 * from the current parameters; the trainer's Adamax then updates phi0 and theta, and {@link #afterStep} phi1 and beta
 * (or h by dual averaging). The value reported per step is the minibatch's mean L0.
 */
public final class McmcVaeStep implements VaeTrainer.StepRule {
    private final MarkovRefinement refinement;
    private MarkovRefinement.Result last;
    private double acceptedSum;
    private double probabilitySum;
    private long runs;

    public McmcVaeStep(MarkovRefinement refinement) {
        this.refinement = refinement;
    }

    public MarkovRefinement refinement() {
        return refinement;
    }

    @Override
    public String name() {
        return "mcmc-" + refinement.settings().label() + "-k" + refinement.settings().mhSteps() + "-l"
                + refinement.settings().leapfrogSteps();
    }

    @Override
    public Tensor accumulate(Vae vae, Tensor x, long seed, int step) {
        Gaussian q = vae.encoder().encode(x);
        Tensor eps = x.engine().normal(x.rows(), q.latent(), seed, VaeStreams.PURPOSE_LATENT, step);
        Tensor z0 = q.sample(eps);
        Tensor l0 = vae.decoder().logLikelihood(x, z0).sub(q.klToStandardNormal()).mean();
        Graph.backward(l0.neg(), vae.encoder().parameters());
        MarkovRefinement.Result r = refinement.run(z0, z -> vae.logJoint(x, z), seed, step, true);
        Graph.backward(vae.logJoint(x, r.z()).mean().neg(), vae.decoder().parameters());
        refinement.accumulateGradient(r);
        last = r;
        return l0;
    }

    @Override
    public void afterStep() {
        double[] st = refinement.update(last);
        last = null;
        acceptedSum += st[0];
        probabilitySum += st[1];
        runs++;
    }

    /** Fraction of accepted moves over all steps so far (NaN before the first). */
    public double meanAccepted() {
        return runs == 0 ? Double.NaN : acceptedSum / runs;
    }

    /** Mean acceptance probability over all steps so far. */
    public double meanAcceptanceProbability() {
        return runs == 0 ? Double.NaN : probabilitySum / runs;
    }

    @Override
    public java.util.List<Tensor> stateTensors() {
        return refinement.stateTensors();
    }

    @Override
    public double[] hostState() {
        double[] r = refinement.hostState();
        double[] out = java.util.Arrays.copyOf(r, r.length + 3);
        out[r.length] = acceptedSum;
        out[r.length + 1] = probabilitySum;
        out[r.length + 2] = runs;
        return out;
    }

    @Override
    public void restoreHostState(double[] state) {
        int k = state.length - 3;
        refinement.restoreHostState(java.util.Arrays.copyOf(state, k));
        acceptedSum = state[k];
        probabilitySum = state[k + 1];
        runs = (long) state[k + 2];
    }
}
