package org.leapfrog.runtime.tensor;

import org.leapfrog.kernels.nn.RandomOpKernels;

/**
 * Random tensors drawn on the engine (one launch of {@code nn_random}), keyed like the samplers' draws:
 * element (row r, column c) is value c of the Philox stream (seed, chain r, iteration, purpose), so the Java
 * and the OpenCL engine give identical bits and a draw never depends on batch order. Results are constants
 * (no gradient); inside an {@link Arena} scope their storage comes from the pool.
 */
final class RandomOps {
    private RandomOps() {
    }

    static Tensor normal(Engine e, int rows, int cols, long seed, int purpose, int iteration) {
        return draw(e, RandomOpKernels.NORMAL, rows, cols, 0.0, seed, purpose, iteration);
    }

    static Tensor uniform(Engine e, int rows, int cols, long seed, int purpose, int iteration) {
        return draw(e, RandomOpKernels.UNIFORM, rows, cols, 0.0, seed, purpose, iteration);
    }

    static Tensor rademacher(Engine e, int rows, int cols, long seed, int purpose, int iteration) {
        return draw(e, RandomOpKernels.RADEMACHER, rows, cols, 0.0, seed, purpose, iteration);
    }

    static Tensor bernoulli(Engine e, int rows, int cols, double p, long seed, int purpose, int iteration) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p: " + p + "; allowed: 0 <= p <= 1");
        }
        return draw(e, RandomOpKernels.BERNOULLI, rows, cols, p, seed, purpose, iteration);
    }

    private static Tensor draw(Engine e, int kind, int rows, int cols, double p, long seed, int purpose, int iteration) {
        e.checkOpen();
        Tensor.checkedSize(rows, cols);
        if (purpose < 0) {
            throw new IllegalArgumentException("purpose: " + purpose + "; allowed: 0 or more");
        }
        if (iteration < 0) {
            throw new IllegalArgumentException("iteration: " + iteration + "; allowed: 0 or more");
        }
        Tensor out = Tensor.result(e, rows, cols, false);
        e.kernel(RandomOpKernels.RANDOM).arg(0, kind).arg(1, (int) seed).arg(2, (int) (seed >>> 32))
                .arg(3, iteration).arg(4, purpose).arg(5, rows).arg(6, cols).arg(7, p).write(8, out).run(rows);
        return out;
    }
}
