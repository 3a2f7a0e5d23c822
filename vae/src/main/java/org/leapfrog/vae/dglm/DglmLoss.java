package org.leapfrog.vae.dglm;

import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.samplers.l2hmc.L2hmcGraph;

/**
 * The L2HMC-DGLM's sampler loss for one transition, in the released code's form: the expected squared jump in
 * units of the posterior's scale, {@code delta = sum_d (z'_d - z_d)^2 / s_d^2 * A(z'|z) + 1e-4} with s^2 the
 * encoder's variance (a constant here) plus 1e-4, and {@code l = mean(1 / delta) - mean(delta)} over rows: short
 * or rejected jumps are penalised by the first term, long accepted ones rewarded by the second.
 */
public final class DglmLoss {
    private DglmLoss() {
    }

    /** The loss of the proposal {@code q} from {@code z} (1 x 1). */
    public static Tensor sampler(Tensor z, L2hmcGraph.Proposal q, Tensor scaleSq) {
        Tensor accept = q.logAcceptance().clamp(-Double.MAX_VALUE, 0.0).exp();
        Tensor delta = q.position().sub(z).square().div(scaleSq).sumCols().mul(accept).add(1e-4);
        return delta.reciprocal().mean().sub(delta.mean());
    }
}
