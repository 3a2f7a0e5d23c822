package org.leapfrog.samplers.l2hmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.leapfrog.runtime.graph.TransferStats;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.runtime.tensor.nn.Networks;

/** Checks shared by the L2HMC trainer's tests: the loss at given weights, gradients, a copy-free device step. */
final class TrainerChecks {
    private TrainerChecks() {
    }

    /** Every parameter's gradient, concatenated in parameter order (the order of {@link Networks#pack}). */
    static double[] gradient(List<Tensor> ps) {
        double[] grad = new double[0];
        for (Tensor p : ps) {
            double[] g = p.gradToArray();
            double[] all = new double[grad.length + g.length];
            System.arraycopy(grad, 0, all, 0, grad.length);
            System.arraycopy(g, 0, all, grad.length, g.length);
            grad = all;
        }
        return grad;
    }

    /** The training loss at weights {@code w} (unpacked into {@code ps}) and chains {@code chains}, no graph kept. */
    static double lossAt(L2hmcTrainer tr, List<Tensor> ps, double[] w, double[] chains) {
        Networks.unpack(w, 0, ps);
        try (Engine.GradRegion r = ps.get(0).engine().noGrad()) {
            return ((Tensor) tr.lossGraph(0, chains)[0]).item();
        }
    }

    /**
     * Runs {@code iterations} steps of {@code tr} on the OpenCL engine {@code cl} and asserts that after two
     * warm-up steps none copies between host and device or makes a device buffer.
     */
    static void stepsWithoutCopies(Engine cl, L2hmcTrainer tr, int iterations) {
        tr.step();
        tr.step();
        TransferStats warm = cl.transfers();
        long allocations = cl.allocations();
        for (int i = 2; i < iterations; i++) {
            tr.step();
        }
        TransferStats after = cl.transfers();
        assertEquals(warm.toDeviceCopies(), after.toDeviceCopies(), "host-to-device copies after warm-up");
        assertEquals(warm.toHostCopies(), after.toHostCopies(), "device-to-host copies after warm-up");
        assertEquals(allocations, cl.allocations(), "device buffers made after warm-up");
        assertTrue(after.launches() > warm.launches(), "the iterations ran kernels");
    }

    /** The central difference of the loss in weight {@code i} with step 1e-6 max(1, |w_i|); {@code ps} ends at w0. */
    static double centralDifference(L2hmcTrainer tr, List<Tensor> ps, double[] w0, int i, double[] chains) {
        double h = 1e-6 * Math.max(1, Math.abs(w0[i]));
        double[] w = w0.clone();
        w[i] = w0[i] + h;
        double up = lossAt(tr, ps, w, chains);
        w[i] = w0[i] - h;
        double down = lossAt(tr, ps, w, chains);
        Networks.unpack(w0, 0, ps);
        return (up - down) / (2 * h);
    }

    /** OpenCL weights within 1e-10 (relative above 1) of the Java engine's. */
    static void assertWeightsNear(double[] java, double[] opencl) {
        assertEquals(java.length, opencl.length, "weights");
        for (int i = 0; i < java.length; i++) {
            assertEquals(java[i], opencl[i], 1e-10 * Math.max(1, Math.abs(java[i])), "weight " + i);
        }
    }
}
