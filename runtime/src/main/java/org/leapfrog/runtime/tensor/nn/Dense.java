package org.leapfrog.runtime.tensor.nn;

import java.util.List;
import java.util.random.RandomGenerator;
import org.leapfrog.runtime.tensor.Engine;
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

    @Override
    public Tensor forward(Tensor x) {
        return activation.apply(x.matmul(weight).add(bias));
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
