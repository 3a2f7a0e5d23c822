package org.leapfrog.vae.hierarchical;

import java.util.function.UnaryOperator;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.samplers.adapt.Preconditioner;
import org.leapfrog.vae.mcmc.MarkovRefinement;
import org.leapfrog.vae.mcmc.RefinementSettings;

/**
 * A {@link LatentChain} over the MCMC-coupled VAE's {@link MarkovRefinement}: each minibatch runs its K steps with
 * the speed measure F, then adapts phi1 (Adam on h and C, beta steered to the target acceptance; or dual averaging
 * of h with C = I). The adaptation reads only phi1, so it may run before the trainer's theta and phi0 steps.
 */
public final class RefinementChain implements LatentChain {
    /** Leapfrog steps per HMC proposal (the adaptation benchmark's value; the paper does not state one here). */
    public static final int HMC_LEAPFROG_STEPS = 5;

    private final MarkovRefinement refinement;
    private final long seed;
    private double acceptedSum;
    private long runs;

    public RefinementChain(Engine engine, int dimension, RefinementSettings settings, long seed) {
        this.refinement = new MarkovRefinement(engine, dimension, settings);
        this.seed = seed;
    }

    /** The refinement settings of a table's model with K steps. */
    public static RefinementSettings settings(LinearHvaeMethod method, int steps) {
        Preconditioner.Kind kind = method.preconditioning() == LinearHvaeMethod.Preconditioning.LOWER_TRIANGULAR
                ? Preconditioner.Kind.LOWER_TRIANGULAR : Preconditioner.Kind.DIAGONAL;
        boolean ds = method.adaptation() == LinearHvaeMethod.Adaptation.DUAL_AVERAGING;
        return switch (method.kernel()) {
            case MALA -> ds ? RefinementSettings.dsMala(steps) : RefinementSettings.gradMala(steps, kind);
            case HMC -> ds ? RefinementSettings.dsHmc(steps, HMC_LEAPFROG_STEPS)
                    : RefinementSettings.gradHmc(steps, HMC_LEAPFROG_STEPS, kind);
            case NONE -> throw new IllegalArgumentException("method: " + method.label()
                    + "; allowed: a model with MCMC steps");
        };
    }

    /** The chains of the tables' models. */
    public static LinearHvaeExperiment.ChainFactory factory() {
        return (engine, method, d, steps, seed) -> new RefinementChain(engine, d, settings(method, steps), seed);
    }

    @Override
    public Tensor run(Tensor x, Tensor z0, UnaryOperator<Tensor> logJoint, int iteration) {
        MarkovRefinement.Result r = refinement.run(z0, logJoint::apply, seed, iteration, true);
        double[] stats = refinement.adapt(r);
        acceptedSum += stats[0];
        runs++;
        return r.z();
    }

    @Override
    public double acceptance() {
        return runs == 0 ? Double.NaN : acceptedSum / runs;
    }

    @Override
    public double[] preconditioner() {
        return refinement.matrixRowMajor();
    }

    @Override
    public double stepSize() {
        return refinement.stepSize();
    }

    public MarkovRefinement refinement() {
        return refinement;
    }
}
