package org.leapfrog.runtime.tensor.optim;

import java.util.List;
import org.leapfrog.kernels.nn.OptimizerKernels;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * Stochastic gradient descent with optional heavy-ball momentum: {@code b = mu b + g; w -= lr b}; kernel
 * {@link OptimizerKernels#SGD}.
 */
public final class Sgd extends Optimizer {
    private final double momentum;
    private final Tensor velocity;

    public Sgd(List<Tensor> params, LearningRateSchedule schedule, double momentum) {
        super(params, schedule);
        Checks.unitInterval("momentum", momentum);
        this.momentum = momentum;
        this.velocity = flatState();
    }

    @Override
    protected void update(int k, Tensor w, int offset, double lr, long t) {
        int n = w.size();
        engine().kernel(OptimizerKernels.SGD).update(0, w).gradient(1, w).update(2, velocity)
                .arg(3, offset).arg(4, n).arg(5, momentum).arg(6, lr).run(n);
    }
}
