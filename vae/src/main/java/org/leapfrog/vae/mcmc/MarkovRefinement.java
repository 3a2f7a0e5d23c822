package org.leapfrog.vae.mcmc;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.runtime.tensor.CustomOp;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.runtime.tensor.optim.Adam;
import org.leapfrog.runtime.tensor.optim.LearningRateSchedule;
import org.leapfrog.samplers.adapt.DualAveraging;
import org.leapfrog.samplers.adapt.EntropyGuard;
import org.leapfrog.samplers.adapt.EntropyObjective;
import org.leapfrog.samplers.adapt.Preconditioner;

/**
 * The Markov part phi1 of an MCMC-coupled VAE (Hirt, Kreouzis and Dellaportas, Section 4 and Algorithm 1): K
 * Metropolis-Hastings steps of MALA or HMC (L leapfrog steps) on {@code log pi(z) = log p(x, z)}, for a batch of
 * chains at once (one per row), with the proposal scale h C shared by all rows: C diagonal or lower triangular with
 * a positive diagonal. Everything is tensor operations on one engine (OpenCL kernels or their Java twins), the
 * gradient of log pi through the user's function by {@link Graph#grad}; accept/reject is an element-wise select, so a
 * run makes no host round trip. Draws are Philox-keyed by (seed, row, iteration * K + k, purpose).
 *
 * <p>Conventions are those of {@link EntropyObjective} (the Java form in {@code samplers}): momentum {@code v ~ N(0,
 * I)}, kicks {@code p + (h/2) C' grad log pi}, drifts {@code z + h C p}, so MALA is {@code z + (h^2/2) C C' grad +
 * h C v}; energy error {@code Delta = -log pi(z') + |p'|^2/2 + log pi(z) - |v|^2/2}.
 *
 * <p>Adaptation ({@link RefinementSettings.Adaptation}): GRADIENT ascends the speed measure
 * {@code F = mean_k mean_rows min(0, -Delta) + beta H} with Adam on (log h, log C_ii, C_ij), where
 * {@code H = d log h + sum log C_ii} (+ for HMC the local-Gaussian correction
 * {@code mean log det(I + (L^2-1)/6 h^2 C' Hess C)} at the middle of the first step's trajectory, Hessian held fixed,
 * over rows where that matrix is positive definite, a constant floor elsewhere);
 * beta follows {@code beta *= 1 + rate (accepted fraction - target)}. DUAL_AVERAGING keeps C = I and moves h by
 * {@link DualAveraging} on the mean acceptance probability. The gradient of F reaches (h, C) through the proposal
 * (second derivatives of log pi) but not through the chain's earlier steps: each step's start is a constant.
 *
 * <p>Robustness: a chain whose proposal or its log density or gradient is not finite is rejected (it stays) and its
 * terms drop out of F; its non-finite values are replaced before they reach an operation that sums over rows, and a
 * backward guard zeroes non-finite rows of the gradient entering log pi, so one bad chain neither moves nor poisons
 * the others. A parameter gradient that is still not finite is dropped for that update.
 *
 * <p>Use: {@code Result r = refinement.run(z0, z -> logJoint(z), seed, iteration, true); ...;
 * refinement.adapt(r);} (or {@link #accumulateGradient} before other updates and {@link #update} after them).
 */
public final class MarkovRefinement {
    /** Philox purpose of the momenta / MALA noise. */
    public static final int PURPOSE_MOMENTUM = RandomStream.PURPOSE_USER + 160;
    /** Philox purpose of the Metropolis-Hastings uniforms. */
    public static final int PURPOSE_ACCEPT = RandomStream.PURPOSE_USER + 161;

    private final Engine engine;
    private final int dim;
    private final RefinementSettings settings;
    private final Tensor logStep;
    private final Tensor logDiag;
    private final Tensor lower;
    private final Tensor eye;
    private final Tensor strictLower;
    private final Tensor eyeFlat;
    private final Tensor zeroLeaf;
    private final List<Tensor> params = new ArrayList<>();
    private final Adam adam;
    private final DualAveraging dualAveraging;
    private double beta;
    private Tensor selector;

    /**
     * @param engine    the engine of the chains' tensors
     * @param dimension d, the latent dimension (columns of z)
     */
    public MarkovRefinement(Engine engine, int dimension, RefinementSettings settings) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension: " + dimension + "; allowed: 1 or more");
        }
        if (settings == null) {
            throw new IllegalArgumentException("settings: null; allowed: a RefinementSettings");
        }
        this.engine = engine;
        this.dim = dimension;
        this.settings = settings;
        int d = dimension;
        double[] id = new double[d * d];
        double[] sl = new double[d * d];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < d; i++) {
                id[j * d + i] = i == j ? 1.0 : 0.0;
                sl[j * d + i] = i > j ? 1.0 : 0.0;
            }
        }
        this.eye = engine.wrap(d, d, id);
        this.eyeFlat = engine.wrap(1, d * d, id.clone());
        this.zeroLeaf = engine.variable(1, 1, new double[] {0.0});
        double logH = Math.log(settings.initialStepSize());
        if (settings.adaptation() == RefinementSettings.Adaptation.GRADIENT) {
            logStep = engine.parameter("mcmc.logStep", 1, 1);
            logStep.assign(new double[] {logH});
            logDiag = engine.parameter("mcmc.logDiag", 1, d);
            params.add(logStep);
            params.add(logDiag);
            if (settings.kind() == Preconditioner.Kind.LOWER_TRIANGULAR && d > 1) {
                lower = engine.parameter("mcmc.lower", d, d);
                strictLower = engine.wrap(d, d, sl);
                params.add(lower);
            } else {
                lower = null;
                strictLower = null;
            }
            adam = new Adam(params, LearningRateSchedule.constant(settings.learningRate()));
            dualAveraging = null;
        } else {
            logStep = engine.full(1, 1, logH);
            logDiag = null;
            lower = null;
            strictLower = null;
            adam = null;
            dualAveraging = new DualAveraging(1, settings.targetAcceptance(), RefinementSettings.DA_GAMMA,
                    RefinementSettings.DA_KAPPA, RefinementSettings.DA_T0);
            dualAveraging.restart(new double[] {settings.initialStepSize()});
        }
        this.beta = settings.initialBeta();
    }

    public RefinementSettings settings() {
        return settings;
    }

    public int dimension() {
        return dim;
    }

    /** The trainable leaves (log h 1 x 1, log C_ii 1 x d, and for LT the d x d matrix whose strict lower part is C's); empty under dual averaging. */
    public List<Tensor> parameters() {
        return List.copyOf(params);
    }

    /** beta of the speed measure (GRADIENT). */
    public double beta() {
        return beta;
    }

    /** The current step size h (a read from the engine). */
    public double stepSize() {
        return Math.exp(logStep.toArray()[0]);
    }

    /** C as a d x d tensor (C[i][j] at row i, column j), a function of the parameters; the identity under dual averaging. */
    public Tensor matrix() {
        if (logDiag == null) {
            return eye;
        }
        Tensor c = eye.mul(logDiag.exp());
        return lower == null ? c : c.add(lower.mul(strictLower));
    }

    /** C, row-major d x d, copied to the host. */
    public double[] matrixRowMajor() {
        double[] fm = matrix().toArray();
        double[] out = new double[dim * dim];
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j < dim; j++) {
                out[i * dim + j] = fm[j * dim + i];
            }
        }
        return out;
    }

    /**
     * A host snapshot as the samplers' {@link Preconditioner} (same packing: log h, log C_ii, lower entries), e.g.
     * for {@code matrix()} (C row-major) and {@code metric()} (C C'). Dual averaging gives a diagonal C = I.
     */
    public Preconditioner preconditioner() {
        boolean lt = lower != null;
        Preconditioner p = new Preconditioner(lt ? Preconditioner.Kind.LOWER_TRIANGULAR : Preconditioner.Kind.DIAGONAL,
                dim, stepSize());
        double[] c = matrixRowMajor();
        double[] w = p.parameters();
        for (int i = 0; i < dim; i++) {
            w[1 + i] = Math.log(c[i * dim + i]);
        }
        if (lt) {
            int k = 1 + dim;
            for (int i = 1; i < dim; i++) {
                for (int j = 0; j < i; j++) {
                    w[k++] = c[i * dim + j];
                }
            }
        }
        p.refresh();
        return p;
    }

    /**
     * What a run leaves: the final states (constants), their log pi (n x 1) and gradients (n x d), {@code stats}
     * (1 x 2: the fraction of accepted moves and the mean acceptance probability over rows and steps), and the
     * speed measure F (1 x 1, differentiable in {@link #parameters()}) or null.
     */
    public record Result(Tensor z, Tensor logJoint, Tensor gradient, Tensor stats, Tensor objective) {
    }

    /**
     * K Metropolis-Hastings steps from {@code z0} (n x d; used as a constant).
     *
     * @param logJoint  z (n x d) to log pi per row (n x 1), tensor operations differentiable in z (twice for the
     *                  speed measure); e.g. {@code z -> vae.logJoint(x, z)}
     * @param iteration the run's counter for the draws (a training step); step k uses iteration * K + k
     * @param objective whether to build F for {@link #accumulateGradient} (GRADIENT only; otherwise ignored)
     */
    public Result run(Tensor z0, Function<Tensor, Tensor> logJoint, long seed, int iteration, boolean objective) {
        if (z0.cols() != dim) {
            throw new IllegalArgumentException("z0: shape " + z0.rows() + " x " + z0.cols() + "; allowed: n x " + dim);
        }
        if (iteration < 0) {
            throw new IllegalArgumentException("iteration: " + iteration + "; allowed: 0 or more");
        }
        boolean withF = objective && adam != null;
        int n = z0.rows();
        int kSteps = settings.mhSteps();
        Tensor c = matrix();
        Tensor h = logStep.exp();
        Tensor halfH = h.mul(0.5);
        if (!withF) {
            c = c.detach();
            h = h.detach();
            halfH = halfH.detach();
        }
        Tensor z = z0.detach();
        Tensor[] start = logJointAndGradient(z, logJoint, false);
        Tensor lp = start[0];
        Tensor g = start[1];
        Tensor accepted = null;
        Tensor probability = null;
        Tensor logAcceptance = null;
        Tensor correction = null;
        for (int k = 0; k < kSteps; k++) {
            int it = Math.multiplyExact(iteration, kSteps) + k;
            Tensor v = engine.normal(n, dim, seed, PURPOSE_MOMENTUM, it);
            Tensor u = engine.uniform(n, 1, seed, PURPOSE_ACCEPT, it);
            Tensor p = v;
            Tensor x = z;
            Tensor lx = lp;
            Tensor gx = g;
            Tensor ok = null;
            Tensor mid = null;
            for (int l = 0; l < settings.leapfrogSteps(); l++) {
                if (l == settings.leapfrogSteps() / 2) {
                    mid = x.detach();
                }
                Tensor ph = p.add(gx.matmul(c).mul(halfH));
                Tensor xn = x.add(ph.matmulTransB(c).mul(h));
                Tensor okX = rowFinite(xn);
                xn = Tensor.select(okX, xn, z);
                if (withF) {
                    xn = guardRows(xn);
                }
                Tensor[] at = logJointAndGradient(xn, logJoint, withF);
                Tensor okP = rowFinite(at[0]).mul(rowFinite(at[1])).mul(okX);
                lx = Tensor.select(okP, at[0], lp);
                gx = Tensor.select(okP, at[1], g);
                ok = ok == null ? okP : ok.mul(okP);
                p = ph.add(gx.matmul(c).mul(halfH));
                x = xn;
            }
            Tensor delta = lp.sub(lx).add(p.square().sumCols().mul(0.5)).sub(v.square().sumCols().mul(0.5));
            Tensor zeros = ok.mul(0.0);
            Tensor logAcc = Tensor.select(ok, delta.relu().neg(), zeros);
            Tensor accept = u.log().add(delta.detach()).insideMask(Double.NEGATIVE_INFINITY, 0.0).mul(ok);
            Tensor prob = logAcc.detach().exp().mul(ok);
            accepted = accepted == null ? accept : accepted.add(accept);
            probability = probability == null ? prob : probability.add(prob);
            if (withF) {
                Tensor term = logAcc.mean();
                logAcceptance = logAcceptance == null ? term : logAcceptance.add(term);
                if (k == 0 && settings.leapfrogSteps() > 1) {
                    correction = hessianCorrection(mid, logJoint, c, h);
                }
            }
            z = Tensor.select(accept, x.detach(), z);
            lp = Tensor.select(accept, lx.detach(), lp);
            g = Tensor.select(accept, gx.detach(), g);
        }
        Tensor stats = Tensor.concatCols(accepted.mean(), probability.mean()).mul(1.0 / kSteps);
        Tensor f = null;
        if (withF) {
            Tensor entropy = logStep.mul(dim).add(logDiag.sum());
            if (correction != null) {
                entropy = entropy.add(correction);
            }
            f = logAcceptance.mul(1.0 / kSteps).add(entropy.mul(beta));
        }
        return new Result(z, lp, g, stats, f);
    }

    /**
     * Adds dF / d(parameters) of {@code r} (a run with the objective) into the parameters' accumulated gradients,
     * which it zeroes first; all values, or none if any is not finite. Nothing under dual averaging.
     */
    public void accumulateGradient(Result r) {
        if (adam == null || r.objective() == null) {
            return;
        }
        adam.zeroGrad();
        Tensor[] gs = Graph.grad(r.objective().neg(), params, false);
        Tensor ok = null;
        for (Tensor gk : gs) {
            Tensor f = gk.sum().finiteMask();
            ok = ok == null ? f : ok.mul(f);
        }
        for (int i = 0; i < gs.length; i++) {
            Tensor zeros = gs[i].finiteMask().mul(0.0);
            Graph.accumulate(params.get(i), Tensor.select(zeros.add(ok), gs[i], zeros));
        }
    }

    /**
     * The adaptation step after a run: Adam on the accumulated gradient (GRADIENT, after {@link #accumulateGradient}),
     * then beta (GRADIENT) or h (DUAL_AVERAGING) from the run's acceptance, read from the engine. Returns the stats
     * (accepted fraction, mean acceptance probability).
     */
    public double[] update(Result r) {
        if (adam != null && r.objective() != null) {
            adam.step();
        }
        double[] st = r.stats().toArray();
        if (adam != null) {
            double b = beta * (1.0 + settings.betaRate() * (st[0] - settings.targetAcceptance()));
            beta = Math.min(settings.maxBeta(), Math.max(settings.minBeta(), b));
        } else {
            dualAveraging.update(new double[] {st[1]});
            logStep.assign(new double[] {Math.log(dualAveraging.stepSize()[0])});
        }
        return st;
    }

    /** {@link #accumulateGradient} then {@link #update}. */
    public double[] adapt(Result r) {
        accumulateGradient(r);
        return update(r);
    }

    // ---- checkpoint state ----

    /** Tensors that hold the state (parameters or h, Adam's moments): save and restore their values. */
    public List<Tensor> stateTensors() {
        List<Tensor> t = new ArrayList<>();
        if (adam != null) {
            t.addAll(params);
            t.addAll(adam.state());
        } else {
            t.add(logStep);
        }
        return t;
    }

    /** Host state: beta, Adam's step count, then dual averaging's state (if any). */
    public double[] hostState() {
        double[] da = dualAveraging == null ? new double[0] : dualAveraging.state();
        double[] out = new double[2 + da.length];
        out[0] = beta;
        out[1] = adam == null ? 0 : adam.steps();
        System.arraycopy(da, 0, out, 2, da.length);
        return out;
    }

    /** Restores a {@link #hostState()} of a refinement with the same settings (after the tensors). */
    public void restoreHostState(double[] s) {
        int expected = hostState().length;
        if (s.length != expected) {
            throw new IllegalArgumentException("state: length " + s.length + "; allowed: " + expected);
        }
        beta = s[0];
        if (adam != null) {
            adam.restoreSteps((long) s[1]);
        }
        if (dualAveraging != null) {
            dualAveraging.restoreState(java.util.Arrays.copyOfRange(s, 2, s.length));
        }
    }

    // ---- internals ----

    /** log pi per row and its gradient in z; recorded (differentiable) when {@code createGraph}, else constants. */
    private Tensor[] logJointAndGradient(Tensor z, Function<Tensor, Tensor> logJoint, boolean createGraph) {
        try (Engine.GradRegion r = engine.enableGrad()) {
            Tensor zz = createGraph && z.requiresGrad() ? z : z.add(zeroLeaf);
            Tensor lp = logJoint.apply(zz);
            if (lp.rows() != z.rows() || lp.cols() != 1) {
                throw new IllegalArgumentException("logJoint: returned shape " + lp.rows() + " x " + lp.cols()
                        + "; allowed: " + z.rows() + " x 1 (one log density per row of z)");
            }
            Tensor g = Graph.grad(lp.sum(), zz, createGraph);
            return new Tensor[] {createGraph ? lp : lp.detach(), g};
        }
    }

    /** 1 where every value of the row is finite (their sum is), as a constant n x 1 mask. */
    private static Tensor rowFinite(Tensor t) {
        return (t.cols() == 1 ? t : t.sumCols()).finiteMask();
    }

    /** Identity forward; backward zeroes rows of the incoming gradient that are not finite (a failed chain's). */
    private static Tensor guardRows(Tensor x) {
        Tensor out = x.detach().mul(1.0);
        return CustomOp.record(out, (g, needs) -> {
            Tensor keep = rowFinite(g);
            return new Tensor[] {Tensor.select(keep, g, g.finiteMask().mul(0.0))};
        }, x);
    }

    /**
     * mean over the first m rows of log|det(I + (L^2-1)/6 h^2 C' Hess_c C)|, Hess_c the Hessian of log pi at row c
     * of {@code mid}, held fixed: d Hessian-vector passes give its rows, a reshape stacks them so that one product
     * makes Hess_c C for all rows, d more give C' Hess_c C, and {@link LogAbsDet} the log-determinants.
     */
    private Tensor hessianCorrection(Tensor mid, Function<Tensor, Tensor> logJoint, Tensor c, Tensor h) {
        int n = mid.rows();
        int d = dim;
        int m = Math.min(n, settings.hessianChains());
        Tensor[] rows = new Tensor[d];
        try (Engine.GradRegion r = engine.enableGrad()) {
            Tensor q = mid.add(zeroLeaf);
            Tensor g = Graph.grad(logJoint.apply(q).sum(), q, true);
            for (int j = 0; j < d; j++) {
                Tensor hj = Graph.grad(g.sliceCols(j, j + 1).sum(), q, false);
                rows[j] = m < n ? select(m, n).matmul(hj) : hj;
            }
        }
        Tensor hess = Tensor.concatCols(rows);
        Tensor zeros = hess.finiteMask().mul(0.0);
        hess = Tensor.select(rowFinite(hess), hess, zeros);
        // hess[c, j*d + k] = Hess_c[j][k]; as (m*d) x d, row k*m + c is row k of Hess_c (symmetric).
        Tensor hc = hess.reshape(m * d, d).matmul(c).reshape(m, d * d);
        Tensor[] cols = new Tensor[d];
        for (int l = 0; l < d; l++) {
            cols[l] = hc.sliceCols(l * d, l * d + d).matmul(c);
        }
        Tensor a = Tensor.concatCols(cols);
        Tensor k = h.square().mul(EntropyObjective.hessianCorrectionFactor(settings.leapfrogSteps()));
        return guardedLogDet(a.mul(k).add(eyeFlat), d).mean();
    }

    /** The value a row's correction takes where its K is not positive definite (a constant: no gradient). */
    static final double LOG_DET_FLOOR = EntropyGuard.LOG_DET_FLOOR;

    /**
     * log det K per row where K (m x d*d) is positive definite, else {@link #LOG_DET_FLOOR} with no gradient. For a
     * log-concave target K = I - ((L^2 - 1)/6) h^2 C' P C with P the precision: as h grows an eigenvalue crosses 0
     * (log det -> -inf, a barrier), and beyond it |det K| grows again, which would reward ever larger steps; the
     * floor removes that reward, so only the acceptance term and the barrier move h there.
     */
    static Tensor guardedLogDet(Tensor k, int d) {
        LogAbsDet.Checked c = LogAbsDet.checked(k, d);
        Tensor floor = c.positiveDefinite().mul(0.0).add(LOG_DET_FLOOR);
        return Tensor.select(c.positiveDefinite(), c.logDet(), floor);
    }

    /** The constant m x n matrix that picks the first m rows. */
    private Tensor select(int m, int n) {
        if (selector == null || selector.rows() != m || selector.cols() != n) {
            double[] s = new double[m * n];
            for (int i = 0; i < m; i++) {
                s[i * m + i] = 1.0;
            }
            selector = engine.wrap(m, n, s);
        }
        return selector;
    }
}
