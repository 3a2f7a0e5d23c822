package org.leapfrog.runtime.tensor.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;

/** Modules applied in order; {@link #mlp} builds the usual multilayer perceptron. */
public final class Sequential implements Module {
    private final List<Module> modules;

    public Sequential(List<Module> modules) {
        if (modules.isEmpty()) {
            throw new IllegalArgumentException("modules: empty; allowed: one or more modules");
        }
        this.modules = List.copyOf(modules);
    }

    /**
     * Dense layers of the given widths ({@code sizes[0]} inputs ... {@code sizes[last]} outputs), named
     * {@code name.0, name.1, ...}, with {@code hidden} after every layer but the last and {@code output} after
     * the last; parameters live on {@code engine}.
     */
    public static Sequential mlp(Engine engine, String name, int[] sizes, Activation hidden, Activation output,
                                 VarianceScaling init, RandomGenerator rng) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("sizes: length " + sizes.length + "; allowed: 2 or more (inputs, ..., outputs)");
        }
        List<Module> layers = new ArrayList<>();
        for (int i = 0; i + 1 < sizes.length; i++) {
            boolean last = i + 2 == sizes.length;
            layers.add(new Dense(engine, name + "." + i, sizes[i], sizes[i + 1], last ? output : hidden, init, rng));
        }
        return new Sequential(layers);
    }

    public List<Module> modules() {
        return modules;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor y = x;
        for (Module m : modules) {
            y = m.forward(y);
        }
        return y;
    }

    @Override
    public List<Tensor> parameters() {
        List<Tensor> ps = new ArrayList<>();
        for (Module m : modules) {
            ps.addAll(m.parameters());
        }
        return ps;
    }
}
