package org.leapfrog.runtime.tensor.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;

class ParameterStoreTest {
    private final Engine engine = Engine.java();

    @TempDir
    Path dir;

    @Test
    void roundTripIsExact() throws IOException {
        Tensor w = engine.parameter("layer.w", 3, 2);
        Tensor b = engine.parameter("layer.b", 1, 2);
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < w.size(); i++) {
            w.data()[i] = rng.nextGaussian() * Math.pow(10, rng.nextInt(-300, 300));
        }
        b.data()[0] = Double.NaN;
        b.data()[1] = Double.NEGATIVE_INFINITY;
        Path f = dir.resolve("p.json");
        ParameterStore.save(f, List.of(w, b));
        Tensor w2 = engine.parameter("layer.w", 3, 2);
        Tensor b2 = engine.parameter("layer.b", 1, 2);
        ParameterStore.load(f, List.of(b2, w2));
        assertArrayEquals(w.data(), w2.data(), 0.0);
        assertArrayEquals(b.data(), b2.data(), 0.0);
    }

    @Test
    void shapeMismatchAndMissingNamesAreErrors() throws IOException {
        Path f = dir.resolve("p.json");
        ParameterStore.save(f, List.of(engine.parameter("w", 2, 2)));
        assertThrows(IOException.class, () -> ParameterStore.load(f, List.of(engine.parameter("w", 2, 3))));
        assertThrows(IOException.class, () -> ParameterStore.load(f, List.of(engine.parameter("v", 2, 2))));
    }
}
