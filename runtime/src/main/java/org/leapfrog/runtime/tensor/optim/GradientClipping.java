package org.leapfrog.runtime.tensor.optim;

import java.util.List;
import org.leapfrog.kernels.nn.OptimizerKernels;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * Rescales accumulated gradients in place, as kernels on the parameters' engine. By global norm: per
 * parameter, chunked sums of squares land in one partials tensor; one work-item adds them in order, takes the
 * square root and the scale {@code min(1, maxNorm / norm)}; each gradient is then multiplied by that scale,
 * read from the device buffer. Nothing is copied to the host unless the caller reads {@link #norm()}.
 * An instance keeps its scratch, so a training loop allocates nothing.
 */
public final class GradientClipping {
    private final List<Tensor> params;
    private final Engine engine;
    private final int[] partialOffsets;
    private final int partials;
    private final Tensor partial;
    private final Tensor norm;
    private final Tensor scale;

    public GradientClipping(List<Tensor> params) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("params: empty; allowed: one or more parameters");
        }
        this.engine = params.get(0).engine();
        this.partialOffsets = new int[params.size()];
        int count = 0;
        for (int k = 0; k < params.size(); k++) {
            Tensor p = params.get(k);
            if (!p.isLeaf() || !p.requiresGrad()) {
                throw new IllegalStateException("params: element " + k + " " + p
                        + " is not a leaf that requires a gradient; allowed: parameters and variables");
            }
            if (p.engine() != engine) {
                throw new IllegalArgumentException("params: element " + k + " lives on " + p.engine()
                        + "; allowed: every parameter on " + engine);
            }
            partialOffsets[k] = count;
            count += chunks(p.size());
        }
        this.params = List.copyOf(params);
        this.partials = count;
        this.partial = engine.zeros(1, count);
        this.norm = engine.zeros(1, 1);
        this.scale = engine.zeros(1, 1);
    }

    /**
     * If the global L2 norm of all accumulated gradients exceeds {@code maxNorm}, scales them all by
     * {@code maxNorm / norm}, on the device. Returns the norm before clipping as a 1 x 1 tensor (this
     * instance's, overwritten by the next call; reading it is a device-to-host copy).
     */
    public Tensor byGlobalNorm(double maxNorm) {
        Checks.positive("maxNorm", maxNorm);
        for (int k = 0; k < params.size(); k++) {
            Tensor p = params.get(k);
            int n = p.size();
            engine.kernel(OptimizerKernels.SUM_SQUARES).gradient(0, p).arg(1, n).arg(2, OptimizerKernels.CHUNK)
                    .update(3, partial).arg(4, partialOffsets[k]).run(chunks(n));
        }
        engine.kernel(OptimizerKernels.NORM_SCALE).read(0, partial).arg(1, partials).arg(2, maxNorm)
                .write(3, norm).write(4, scale).run(1);
        for (Tensor p : params) {
            int n = p.size();
            engine.kernel(OptimizerKernels.SCALE).gradient(0, p).arg(1, n).read(2, scale).run(n);
        }
        return norm;
    }

    /** Clamps every accumulated gradient element to {@code [-limit, limit]} (NaN stays NaN). */
    public void byValue(double limit) {
        Checks.positive("limit", limit);
        for (Tensor p : params) {
            int n = p.size();
            engine.kernel(OptimizerKernels.CLIP_VALUE).gradient(0, p).arg(1, n).arg(2, limit).run(n);
        }
    }

    /** The norm tensor of the last {@link #byGlobalNorm} call. */
    public Tensor norm() {
        return norm;
    }

    /**
     * One-off form of {@link #byGlobalNorm}: returns the norm before clipping as a number, which reads it back
     * from the device. Training loops keep an instance instead (no scratch per call, no read).
     */
    public static double clipByGlobalNorm(List<Tensor> params, double maxNorm) {
        return new GradientClipping(params).byGlobalNorm(maxNorm).item();
    }

    private static int chunks(int n) {
        return (n + OptimizerKernels.CHUNK - 1) / OptimizerKernels.CHUNK;
    }
}
