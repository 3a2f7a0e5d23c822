package org.leapfrog.runtime.tensor.nn;

import java.util.List;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * {@code exp(logLambda) * tanh(x)} per feature, with trainable {@code logLambda} ({@code 1 x features},
 * starting at 0): the bounded, learnably scaled output L2HMC uses for its scale functions S and Q.
 */
public final class ScaledTanh implements Module {
    private final Tensor logLambda;

    public ScaledTanh(Engine engine, String name, int features) {
        this.logLambda = engine.parameter(name + ".logLambda", 1, features);
    }

    public Tensor logLambda() {
        return logLambda;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.tanh().mul(logLambda.exp());
    }

    @Override
    public List<Tensor> parameters() {
        return List.of(logLambda);
    }
}
