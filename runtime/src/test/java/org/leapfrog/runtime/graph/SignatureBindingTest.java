package org.leapfrog.runtime.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.leapfrog.kernels.ElementType;
import org.leapfrog.kernels.KernelSignature;
import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.kernels.RandomFillKernels;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.Dispatcher;
import org.leapfrog.runtime.java.JavaBackend;

/** Bindings are checked against the kernel's signature when a graph is frozen or a dispatcher binds them. */
class SignatureBindingTest {
    private static String snapshotError(Object... args) {
        TaskGraph g = new TaskGraph("fill").task("normals", RandomFillKernels.NORMALS, 8, args);
        return assertThrows(IllegalArgumentException.class, g::snapshot).getMessage();
    }

    @Test
    void correctBindingsFreeze() {
        new TaskGraph("fill").task("normals", RandomFillKernels.NORMALS, 8, 1L, 0, 1, 4, 8,
                new DoubleArray("out", 32)).snapshot();
        new TaskGraph("fill").task("words", RandomFillKernels.WORDS, 8, 1L, 0, 1, 1, 8,
                new IntArray("out", 32)).snapshot();
    }

    @Test
    void wrongCountNamesTheSignature() {
        assertEquals("task 'normals' of graph 'fill' (kernel lf_fill_normals): 5 arguments given; allowed: exactly 6 "
                        + "(seed: a long scalar, iteration: an int scalar, purpose: an int scalar, count: an int scalar, "
                        + "n_chains: an int scalar, out: a double buffer (write))",
                snapshotError(1L, 0, 1, 4, 8));
    }

    @Test
    void anIntForALongIsAnError() {
        assertEquals("task 'normals' of graph 'fill' (kernel lf_fill_normals), argument 0 'seed': given an int scalar "
                        + "(IntParam); allowed: a long scalar",
                snapshotError(1, 0, 1, 4, 8, new DoubleArray("out", 32)));
    }

    @Test
    void theWrongElementTypeIsAnError() {
        assertEquals("task 'normals' of graph 'fill' (kernel lf_fill_normals), argument 5 'out': given IntArray 'out' "
                        + "(int elements); allowed: a double buffer (write)",
                snapshotError(1L, 0, 1, 4, 8, new IntArray("out", 32)));
    }

    @Test
    void aBufferForAScalarIsAnError() {
        assertEquals("task 'normals' of graph 'fill' (kernel lf_fill_normals), argument 4 'n_chains': given DoubleArray "
                        + "'n' (double elements); allowed: an int scalar",
                snapshotError(1L, 0, 1, 4, new DoubleArray("n", 1), new DoubleArray("out", 32)));
    }

    @Test
    void dispatcherBindingsAreChecked() {
        try (Backend b = new JavaBackend(1); Dispatcher d = b.dispatcher()) {
            Dispatcher.Launch l = d.kernel(RandomFillKernels.NORMALS);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.arg(0, 1.5));
            assertEquals("kernel lf_fill_normals, argument 0 'seed': given a double scalar; allowed: a long scalar",
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> l.buffer(5, new FloatArray("f", 4)));
            assertEquals("kernel lf_fill_normals, argument 5 'out': given FloatArray 'f' (float elements); allowed: "
                    + "a double buffer (write)", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> l.arg(6, 1));
            assertEquals("kernel lf_fill_normals: argument index 6; allowed: 0 to 5 " + RandomFillKernels.NORMALS
                    .signature(), e.getMessage());
            l.arg(0, 1L).arg(1, 0);
            IllegalStateException s = assertThrows(IllegalStateException.class, () -> l.run(8));
            assertEquals("kernel lf_fill_normals: argument 2 'purpose' was not bound before run", s.getMessage());
        }
    }

    @Test
    void signaturesRejectDuplicateNames() {
        KernelSignature.Builder b = KernelSignature.builder();
        b.intScalar("n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.buffer("n", ElementType.FLOAT32, Access.READ));
        assertEquals("argument name: 'n' is declared twice", e.getMessage());
        KernelSignature s = b.build();
        e = assertThrows(IllegalArgumentException.class, () -> s.arg("m"));
        assertEquals("argument name: 'm'; allowed: [n]", e.getMessage());
    }
}
