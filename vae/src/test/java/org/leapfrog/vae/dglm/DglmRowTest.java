package org.leapfrog.vae.dglm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leapfrog.runtime.tensor.Engine;

/** {@link DglmExperiment#dglmRow}: the row another benchmark adds, with the model's inpainting figures. */
class DglmRowTest {
    @Test
    void rowComesWithItsInpaintingFigures(@TempDir Path dir) throws IOException {
        DglmSettings s = new DglmSettings(2, 8, 1, 1, 4, 2, 4, 0.1, 1, 50, 1e-3, 5.0, 100, 50, 3L);
        DglmExperiment.Options o = new DglmExperiment.Options(s, 2, new DglmLikelihood.Options(5, 2, 1.5, 2, 1, 50),
                2, 2, false);
        DglmExperiment.Row r = DglmExperiment.dglmRow(Engine.java(), o, dir, new DglmExperiment.Progress() {
        });
        assertEquals(DglmExperiment.DGLM, r.model());
        assertEquals(1, r.epochs());
        assertTrue(Double.isFinite(r.testLoglik()) && r.testLoglik() < 0, "test log-likelihood " + r.testLoglik());
        for (String png : new String[] {"inpainting-q.png", "inpainting-l2hmc.png"}) {
            assertTrue(Files.size(dir.resolve(png)) > 0, png);
        }
    }
}
