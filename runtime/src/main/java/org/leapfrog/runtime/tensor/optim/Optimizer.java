package org.leapfrog.runtime.tensor.optim;

import java.util.List;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * Updates parameters in place from their accumulated gradients ({@link Tensor#accumulatedGrad()}, filled by
 * {@link org.leapfrog.runtime.tensor.Graph#backward}). Optimizer state is allocated once; a step allocates nothing.
 * Usage per iteration: {@code zeroGrad(); Graph.backward(loss) (once per minibatch); step();}.
 */
public abstract class Optimizer {
    private final List<Tensor> params;
    private LearningRateSchedule schedule;
    private long steps;

    protected Optimizer(List<Tensor> params, LearningRateSchedule schedule) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("params: empty; allowed: one or more parameters");
        }
        for (Tensor p : params) {
            p.accumulatedGrad(); // throws for tensors that are not trainable leaves
        }
        this.params = List.copyOf(params);
        this.schedule = schedule;
    }

    public List<Tensor> parameters() {
        return params;
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

    /** One update of every parameter with the schedule's current rate. */
    public void step() {
        double lr = schedule.rate(steps);
        steps++;
        for (int k = 0; k < params.size(); k++) {
            Tensor p = params.get(k);
            update(k, p.data(), p.accumulatedGrad(), lr, steps);
        }
    }

    /**
     * Updates parameter {@code k} (values {@code w}, gradient {@code g}) with rate {@code lr}; {@code t} counts
     * steps from 1 (for bias corrections).
     */
    protected abstract void update(int k, double[] w, double[] g, double lr, long t);

    /** One zeroed state array per parameter, shaped like it. */
    protected double[][] stateLike() {
        double[][] s = new double[params.size()][];
        for (int k = 0; k < s.length; k++) {
            s[k] = new double[params.get(k).size()];
        }
        return s;
    }
}
