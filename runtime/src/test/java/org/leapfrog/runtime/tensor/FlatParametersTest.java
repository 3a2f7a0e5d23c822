package org.leapfrog.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.leapfrog.runtime.graph.TransferStats;
import org.leapfrog.runtime.tensor.nn.Activation;
import org.leapfrog.runtime.tensor.nn.Dense;
import org.leapfrog.runtime.tensor.nn.Module;
import org.leapfrog.runtime.tensor.nn.Sequential;
import org.leapfrog.runtime.tensor.nn.VarianceScaling;

/** The flat parameter layout shared with network functions: module order, weight then bias, feature-major. */
class FlatParametersTest {
    @ParameterizedTest
    @MethodSource("org.leapfrog.runtime.tensor.TestEngines#names")
    void packLaysParametersOutInModuleOrderWithoutHostCopies(String name) {
        Engine e = TestEngines.get(name);
        Sequential mlp = Sequential.mlp(e, "f", new int[] {3, 5, 2}, Activation.TANH, Activation.IDENTITY,
                VarianceScaling.glorotUniform(), new SplittableRandom(2));
        mlp.parameters().forEach(p -> p.data()[p.size() - 1] = 0.25); // biases non-zero too
        FlatParameters flat = new FlatParameters(mlp.parameters());
        flat.pack(); // uploads the parameters once
        TransferStats before = e.transfers();
        flat.pack();
        assertEquals(before.toDeviceCopies() + before.toHostCopies(), e.transfers().toDeviceCopies()
                + e.transfers().toHostCopies(), "copies while packing");
        double[] f = flat.flat().toArray();
        int at = 0;
        for (Module m : mlp.modules()) {
            Dense d = (Dense) m;
            for (Tensor p : new Tensor[] {d.weight(), d.bias()}) {
                for (int c = 0; c < p.cols(); c++) {
                    for (int r = 0; r < p.rows(); r++) {
                        assertEquals(p.get(r, c), f[at + c * p.rows() + r]);
                    }
                }
                at += p.size();
            }
        }
        assertEquals(f.length, at);
        assertEquals(3 * 5 + 5, flat.offset(2));
        flat.flat().data()[flat.offset(1)] = 7.0; // first bias of layer 0
        flat.unpack();
        assertEquals(7.0, ((Dense) mlp.modules().get(0)).bias().get(0, 0));
    }
}
