package org.leapfrog.runtime.tensor.optim;

import java.util.List;
import org.leapfrog.runtime.tensor.Tensor;

/** Stochastic gradient descent with optional heavy-ball momentum: {@code b = mu b + g; w -= lr b}. */
public final class Sgd extends Optimizer {
    private final double momentum;
    private final double[][] velocity;

    public Sgd(List<Tensor> params, LearningRateSchedule schedule, double momentum) {
        super(params, schedule);
        Checks.unitInterval("momentum", momentum);
        this.momentum = momentum;
        this.velocity = stateLike();
    }

    @Override
    protected void update(int k, double[] w, double[] g, double lr, long t) {
        double[] b = velocity[k];
        for (int i = 0; i < w.length; i++) {
            b[i] = momentum * b[i] + g[i];
            w[i] -= lr * b[i];
        }
    }
}
