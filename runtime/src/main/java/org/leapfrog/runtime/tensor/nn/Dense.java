package org.leapfrog.runtime.tensor.nn;

import java.util.List;
import java.util.random.RandomGenerator;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Linear;
import org.leapfrog.runtime.tensor.Tensor;

/** {@code activation(x W + b)} with W ({@code in x out}) variance-scaled and b ({@code 1 x out}) zero, on {@code engine}. */
public final class Dense implements Module {
    private final Tensor weight;
    private final Tensor bias;
    private final Activation activation;

    public Dense(Engine engine, String name, int in, int out, Activation activation, VarianceScaling init,
                 RandomGenerator rng) {
        this.weight = engine.parameter(name + ".w", in, out);
        this.bias = engine.parameter(name + ".b", 1, out);
        this.activation = activation;
        init.initialise(weight, rng);
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    /** One fused product with bias and activation ({@link Linear}) where the activation allows, else the fused
     * product with bias followed by the activation. */
    @Override
    public Tensor forward(Tensor x) {
        Linear.Activation fused = activation.fused();
        if (fused != null) {
            return Linear.apply(x, weight, bias, fused);
        }
        return activation.apply(Linear.apply(x, weight, bias, Linear.Activation.IDENTITY));
    }

    @Override
    public List<Tensor> parameters() {
        return List.of(weight, bias);
    }

    /** The activation applied after {@code x W + b}. */
    public Activation activation() {
        return activation;
    }
}
