package org.leapfrog.samplers.learned;

import java.util.ArrayList;
import java.util.List;
import org.leapfrog.runtime.tensor.CustomOp;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * The per-iteration bookkeeping a learned sampler's trainer does around its optimizer step, as kernels on the
 * engine ({@code learned.cl}, twins {@link LearnedKernels}), so that a training iteration on OpenCL copies
 * nothing between host and device until the caller reads {@link #read()}:
 * <ul>
 * <li>{@link #metropolis}: the sample buffer's Metropolis-Hastings move, accepting each chain's proposal with
 * probability min(1, a) from uniforms drawn on the engine, in place on a persistent state tensor;</li>
 * <li>{@link #guard}: after the optimizer step, undo it when the loss or the gradient norm is not finite
 * (parameters and optimizer state back to their last kept values; the optimizer's step count still advances,
 * since the host cannot know without reading);</li>
 * <li>{@link #record}: the mean acceptance (summed in chain order, as the host loops did), the loss, the count of
 * undone updates, beta and two values of the caller into one stats tensor, with optionally the multiplicative
 * steering of a device-resident beta.</li>
 * </ul>
 */
public final class DeviceTraining {
    /** Index of the mean acceptance in {@link #read()}. */
    public static final int ACCEPTANCE = 0;
    /** Index of the last loss. */
    public static final int LOSS = 1;
    /** Index of the count of undone (skipped) updates. */
    public static final int SKIPPED = 2;
    /** Index of 1 when the last update was undone, else 0. */
    public static final int SKIPPED_LAST = 3;
    /** Index of beta (after the last step's steering). */
    public static final int BETA = 4;
    /** Index of the caller's first extra value of the last step. */
    public static final int EXTRA = 5;
    /** Index of the caller's second extra value. */
    public static final int EXTRA2 = 6;
    private static final int STATS = 7;

    private final Engine engine;
    private final List<Tensor> guarded;
    private final List<Tensor> backups = new ArrayList<>();
    private final Tensor stats;
    private final Tensor beta;

    /**
     * @param guarded tensors an undone step restores (parameters and optimizer state); kept values are taken now
     * @param beta0   the initial value of the steered beta (any value when none is steered)
     */
    public DeviceTraining(Engine engine, List<Tensor> guarded, double beta0) {
        this.engine = engine;
        this.guarded = List.copyOf(guarded);
        for (Tensor t : this.guarded) {
            if (t.engine() != engine) {
                throw new IllegalArgumentException("guarded: a tensor of " + t.engine() + "; allowed: tensors of " + engine);
            }
            backups.add(engine.zeros(t.rows(), t.cols()));
        }
        this.stats = engine.zeros(1, STATS);
        this.beta = engine.full(1, 1, beta0);
        keep();
    }

    /** Takes the guarded tensors' current values as the kept ones (after construction or a restore). */
    public void keep() {
        for (int k = 0; k < guarded.size(); k++) {
            commit(1, stats, stats, guarded.get(k), backups.get(k));
        }
    }

    /**
     * Moves chains {@code [0, n)} of {@code state} ({@code n} = the rows of {@code u}) to their proposals where
     * accepted: chain c accepts when {@code rule} says so for {@code logA[c]} and {@code u[c]}
     * ({@link LearnedKernels#RULE_LINEAR} or {@link LearnedKernels#RULE_LOG}). {@code state}, {@code proposal} and
     * {@code logA} may hold more rows (only the first n are read or moved). Returns the acceptance probabilities
     * ({@code n x 1}, 0 where log a is not finite).
     */
    public Tensor metropolis(Tensor state, Tensor proposal, Tensor logA, Tensor u, int rule) {
        int n = u.rows();
        if (u.cols() != 1 || state.rows() < n || proposal.cols() != state.cols() || proposal.rows() < n
                || logA.rows() < n || logA.cols() != 1) {
            throw new IllegalArgumentException("metropolis: state " + state.rows() + " x " + state.cols()
                    + ", proposal " + proposal.rows() + " x " + proposal.cols() + ", logA " + logA.rows() + " x "
                    + logA.cols() + ", u " + u.rows() + " x " + u.cols() + "; allowed: u n x 1, and state,"
                    + " proposal (the state's columns) and logA (one column) with at least n rows");
        }
        if (rule != LearnedKernels.RULE_LINEAR && rule != LearnedKernels.RULE_LOG) {
            throw new IllegalArgumentException("rule: " + rule + "; allowed: RULE_LINEAR (0) or RULE_LOG (1)");
        }
        Tensor prob = CustomOp.output(engine, n, 1);
        engine.kernel(LearnedKernels.MH).arg(0, n).arg(1, state.cols()).arg(2, state.rows()).arg(3, proposal.rows())
                .arg(4, rule).read(5, logA).read(6, u).read(7, proposal).update(8, state).write(9, prob).run(n);
        return prob;
    }

    /** Copies {@code src}'s rows into rows {@code [row0, row0 + src.rows())} of {@code dst}. */
    public void copyRows(Tensor src, Tensor dst, int row0) {
        int n = src.rows();
        if (src.cols() != dst.cols() || row0 < 0 || row0 + n > dst.rows()) {
            throw new IllegalArgumentException("copyRows: " + n + " x " + src.cols() + " into rows from " + row0
                    + " of " + dst.rows() + " x " + dst.cols() + "; allowed: within dst, equal columns");
        }
        engine.kernel(LearnedKernels.COPY_ROWS).arg(0, n).arg(1, src.cols()).read(2, src).arg(3, n).arg(4, 0)
                .update(5, dst).arg(6, dst.rows()).arg(7, row0).run(n);
    }

    /**
     * After the optimizer step: keeps it when {@code loss} and {@code norm} (1 x 1 each; pass the loss twice when
     * there is no norm) are finite, else restores every guarded tensor's kept values.
     */
    public void guard(Tensor loss, Tensor norm) {
        for (int k = 0; k < guarded.size(); k++) {
            commit(0, loss, norm, guarded.get(k), backups.get(k));
        }
    }

    private void commit(int force, Tensor loss, Tensor norm, Tensor w, Tensor backup) {
        engine.kernel(LearnedKernels.COMMIT).arg(0, w.size()).arg(1, force).read(2, loss).read(3, norm)
                .update(4, w).update(5, backup).run(w.size());
    }

    /**
     * Records the step: mean of {@code prob}, {@code loss}, whether the update was undone ({@code loss} or
     * {@code norm} not finite) and the count of those, and {@code extra}, {@code extra2} (1 x 1 each); with
     * {@code steer}, {@code beta <- min(max(beta (1 + rate (acceptance - target)), lo), hi)}.
     */
    public void record(Tensor prob, Tensor loss, Tensor norm, Tensor extra, Tensor extra2, boolean steer, double rate,
                       double target, double lo, double hi) {
        engine.kernel(LearnedKernels.STATS).arg(0, prob.rows()).read(1, prob).read(2, loss).read(3, norm)
                .read(4, extra).read(5, extra2).update(6, stats).update(7, beta).arg(8, steer ? 1 : 0).arg(9, rate)
                .arg(10, target).arg(11, lo).arg(12, hi).run(1);
    }

    /** The stats (indices above): one device-to-host copy. */
    public double[] read() {
        return stats.toArray();
    }

    /** The steered beta as a 1 x 1 tensor on the engine (for the loss graph). */
    public Tensor beta() {
        return beta;
    }

    /** Sets beta and the skipped count (a restore). */
    public void restore(double betaValue, double skipped) {
        beta.assign(new double[] {betaValue});
        double[] s = stats.toArray();
        s[SKIPPED] = skipped;
        s[BETA] = betaValue;
        stats.assign(s);
        keep();
    }
}
