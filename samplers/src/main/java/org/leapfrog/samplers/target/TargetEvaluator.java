package org.leapfrog.samplers.target;

import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.graph.DataTransferMode;
import org.leapfrog.runtime.graph.DoubleArray;
import org.leapfrog.runtime.graph.ExecutionPlan;
import org.leapfrog.runtime.graph.TaskGraph;

/**
 * Evaluates a target for a batch of chains on a backend through {@link TargetEvalKernel}: fill
 * {@link #position()} and {@link #direction()} (chain-minor with stride {@link #stride()}, chains padded to a
 * multiple of the vector width), call {@link #evaluate()}, read {@link #logDensity()}, {@link #gradient()} and
 * {@link #hessianVectorProduct()}. The target's data goes to the device once.
 */
public final class TargetEvaluator implements AutoCloseable {
    private final int stride;
    private final DoubleArray x;
    private final DoubleArray v;
    private final DoubleArray logp;
    private final DoubleArray grad;
    private final DoubleArray hv;
    private final ExecutionPlan plan;

    public TargetEvaluator(Backend backend, Target target, int nChains, int vectorWidth) {
        this.stride = TargetEvalKernel.paddedChains(nChains, vectorWidth);
        int d = target.dimension();
        var kernel = TargetEvalKernel.of(target, vectorWidth);
        double[] data = target.deviceCode().orElseThrow().data();
        x = new DoubleArray("x", d * stride);
        v = new DoubleArray("v", d * stride);
        DoubleArray td = new DoubleArray("td", data.clone());
        logp = new DoubleArray("logDensity", stride);
        grad = new DoubleArray("grad", d * stride);
        hv = new DoubleArray("hv", d * stride);
        TaskGraph g = new TaskGraph("target-eval-" + target.name())
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, td)
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, x, v)
                .task("eval", kernel, stride / vectorWidth, stride, x, v, td, logp, grad, hv)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, logp, grad, hv);
        this.plan = backend.plan(g.snapshot());
    }

    /** The arrays' stride: chains padded to a multiple of the vector width. */
    public int stride() {
        return stride;
    }

    /** Positions to evaluate at, element (d, c) at {@code d * stride() + c}; write before {@link #evaluate()}. */
    public double[] position() {
        return x.data();
    }

    /** Directions for the Hessian-vector product, same layout as {@link #position()}. */
    public double[] direction() {
        return v.data();
    }

    /** Runs the kernel for all chains and brings the results to the host arrays. */
    public TargetEvaluator evaluate() {
        plan.execute();
        return this;
    }

    public double[] logDensity() {
        return logp.data();
    }

    public double[] gradient() {
        return grad.data();
    }

    public double[] hessianVectorProduct() {
        return hv.data();
    }

    @Override
    public void close() {
        plan.close();
    }
}
