package org.leapfrog.vae.dglm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.vae.data.Binarizer;
import org.leapfrog.vae.data.Mnist;

/** Block-Gibbs inpainting keeps the observed pixels, draws binary missing pixels, and is deterministic. */
class BlockGibbsTest {
    static final int N = 5;
    static Mnist mnist;
    static double[] images;

    @BeforeAll
    static void load() throws IOException {
        mnist = Mnist.load();
        images = new double[N * Mnist.PIXELS];
        Binarizer.evaluation().batch(mnist.test(), null, 0, N, Binarizer.FIXED_EPOCH, Binarizer.PURPOSE_EVAL, images);
    }

    @Test
    void observedPixelsStayFixedInBothModes() {
        Engine e = Engine.java();
        DglmSettings s = new DglmSettings(3, 12, 2, 2, 8, 4, 10, 0.2, 1, 5, 1e-3, 5.0, 10, 10, 4);
        Dglm model = Dglm.build(e, s, mnist.train().meanIntensity());
        DglmFixtures.perturb(model.kernel(), 0.3, 1);
        boolean[] observed = BlockGibbs.bottomHalfObserved();
        int[] at = {1, 3};
        for (BlockGibbs.Mode mode : BlockGibbs.Mode.values()) {
            BlockGibbs.Result r = BlockGibbs.run(e, model, images, N, observed, mode, 3, at, 8);
            assertEquals(2, r.snapshots().size(), mode.name());
            int missingOn = 0;
            for (int p = 0; p < Mnist.PIXELS; p++) {
                for (int i = 0; i < N; i++) {
                    double v = r.completed()[p * N + i];
                    if (observed[p]) {
                        assertEquals(images[p * N + i], v, 0.0, mode + ": observed pixel " + p + " of image " + i);
                        for (double[] snap : r.snapshots()) {
                            assertEquals(images[p * N + i], snap[p * N + i], 0.0, mode + ": snapshot pixel " + p);
                        }
                    } else {
                        assertTrue(v == 0.0 || v == 1.0, mode + ": missing pixel " + p + " is binary: " + v);
                        missingOn += (int) v;
                    }
                }
            }
            // missing pixels start at 0 and are redrawn: some must be on after the sweeps
            assertTrue(missingOn > 0, mode + ": missing pixels were drawn");
            if (mode == BlockGibbs.Mode.KERNEL) {
                assertTrue(r.acceptance() > 0 && r.acceptance() <= 1, "acceptance " + r.acceptance());
            }
            BlockGibbs.Result again = BlockGibbs.run(e, model, images, N, observed, mode, 3, at, 8);
            assertEquals(java.util.Arrays.toString(r.completed()), java.util.Arrays.toString(again.completed()),
                    mode + ": keyed draws repeat");
        }
    }

    @Test
    void kernelModeNeedsAKernel() {
        Engine e = Engine.java();
        DglmSettings s = new DglmSettings(3, 12, 0, 2, 8, 4, 10, 0.2, 1, 5, 1e-3, 5.0, 10, 10, 4);
        Dglm vae = Dglm.build(e, s, null);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> BlockGibbs.run(e, vae, images,
                N, BlockGibbs.bottomHalfObserved(), BlockGibbs.Mode.KERNEL, 1, new int[] {1}, 1));
        assertTrue(ex.getMessage().contains("mode"), ex.getMessage());
    }
}
