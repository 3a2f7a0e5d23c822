package org.leapfrog.runtime.tensor.optim;

import java.util.List;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * Updates parameters in place from their accumulated gradients ({@link Tensor#accumulatedGrad()}, filled by
 * {@link org.leapfrog.runtime.tensor.Graph#backward}), as kernels on the parameters' engine: on OpenCL
 * parameters, gradients and optimizer state stay in device buffers and a step copies nothing between host and
 * device. The learning rate (from the schedule) and bias corrections are computed on the host per step and
 * passed as kernel scalars, which are launch arguments, not buffer transfers. Optimizer state is one flat
 * tensor per kind ({@code 1 x total}): every parameter's values in order, concatenated, parameter k starting
 * at {@link #offset(int)}; it is allocated once, and a step allocates nothing.
 * Usage per iteration: {@code zeroGrad(); Graph.backward(loss) (once per minibatch); step();}.
 */
public abstract class Optimizer {
    private final List<Tensor> params;
    private final Engine engine;
    private final int[] offsets;
    private final int total;
    private LearningRateSchedule schedule;
    private long steps;

    protected Optimizer(List<Tensor> params, LearningRateSchedule schedule) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("params: empty; allowed: one or more parameters");
        }
        this.engine = params.get(0).engine();
        this.offsets = new int[params.size()];
        long sum = 0;
        for (int k = 0; k < offsets.length; k++) {
            Tensor p = params.get(k);
            if (!p.isLeaf() || !p.requiresGrad()) {
                throw new IllegalStateException("params: element " + k + " " + p
                        + " is not a leaf that requires a gradient; allowed: parameters and variables");
            }
            if (p.engine() != engine) {
                throw new IllegalArgumentException("params: element " + k + " lives on " + p.engine()
                        + "; allowed: every parameter on " + engine);
            }
            offsets[k] = (int) sum;
            sum += p.size();
            if (sum > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("params: " + sum + " values; allowed: at most "
                        + (Integer.MAX_VALUE - 8));
            }
        }
        this.total = (int) sum;
        this.params = List.copyOf(params);
        this.schedule = schedule;
    }

    public List<Tensor> parameters() {
        return params;
    }

    /** The engine the parameters, and so the updates, live on. */
    public Engine engine() {
        return engine;
    }

    /** Where parameter {@code k}'s values start in the flat state tensors. */
    public int offset(int k) {
        return offsets[k];
    }

    public void setSchedule(LearningRateSchedule schedule) {
        this.schedule = schedule;
    }

    /** Updates taken so far. */
    public long steps() {
        return steps;
    }

    /** The learning rate the next step will use. */
    public double currentRate() {
        return schedule.rate(steps);
    }

    public void zeroGrad() {
        for (Tensor p : params) {
            p.zeroGrad();
        }
    }

    /** One update of every parameter with the schedule's current rate (one launch per parameter). */
    public void step() {
        double lr = schedule.rate(steps);
        steps++;
        for (int k = 0; k < params.size(); k++) {
            update(k, params.get(k), offsets[k], lr, steps);
        }
    }

    /**
     * Updates parameter {@code k} ({@code w}, whose accumulated gradient is bound with
     * {@link org.leapfrog.runtime.tensor.KernelCall#gradient}) with rate {@code lr}; its state starts at
     * {@code offset} in the flat state tensors; {@code t} counts steps from 1 (for bias corrections).
     */
    protected abstract void update(int k, Tensor w, int offset, double lr, long t);

    /** A zeroed flat state tensor ({@code 1 x total}) on the parameters' engine. */
    protected Tensor flatState() {
        return engine.zeros(1, total);
    }

    /**
     * The optimizer's state tensors (moments etc., flat as described above), for checkpoints: save their values
     * with {@link #steps()} and restore both ({@link #restoreSteps}) to resume exactly. Empty where there is none.
     */
    public List<Tensor> state() {
        return List.of();
    }

    /** Sets the step count (after restoring {@link #state()} from a checkpoint). */
    public void restoreSteps(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps: " + steps + "; allowed: 0 or more");
        }
        this.steps = steps;
    }
}
