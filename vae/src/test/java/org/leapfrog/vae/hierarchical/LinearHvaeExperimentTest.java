package org.leapfrog.vae.hierarchical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leapfrog.runtime.tensor.Engine;

/** The experiment end to end on tiny sizes: report files and fields, and what LT adaptation does to kappa. */
class LinearHvaeExperimentTest {
    static LinearHvaeExperiment.Settings tiny(List<LinearHvaeExperiment.Size> sizes, List<LinearHvaeMethod> models,
                                              int isSamples) {
        return new LinearHvaeExperiment.Settings("test", sizes, models, 200, 0.5, 50, 1e-2, isSamples, 5L);
    }

    @Test
    void writesRowsAndReports(@TempDir Path dir) throws Exception {
        LinearHvaeExperiment.Settings s = tiny(List.of(new LinearHvaeExperiment.Size(2, 4, 2, 3, 2)),
                List.of(LinearHvaeMethod.HVAE, LinearHvaeMethod.DS_MALA_D, LinearHvaeMethod.GRAD_MALA_LT), 20);
        List<LinearHvaeExperiment.Row> rows = LinearHvaeExperiment.run(s, dir, Engine.java(),
                LinearHvaeExperiment.defaultChains(), line -> { });
        assertEquals(3, rows.size());
        JsonNode json = new ObjectMapper().readTree(dir.resolve("linear-hvae.json").toFile());
        assertEquals("linear-hvae", json.get("benchmark").asText());
        JsonNode r0 = json.get("rows").get(0), r1 = json.get("rows").get(1);
        assertEquals("hVAE", r0.get("model").asText());
        assertTrue(r0.get("kappa_preconditioned").isNull(), "hVAE has no C");
        assertTrue(r0.get("acceptance").isNull());
        for (JsonNode r : json.get("rows")) {
            for (String key : List.of("model", "n1", "n2", "dx", "epochs", "kappa_posterior_precision",
                    "delta_log_px", "log_px_exact", "train_seconds", "log_px_importance_sampled")) {
                assertTrue(r.has(key), key);
            }
            assertEquals(5, r.get("epochs").asInt());
            assertEquals(r.get("log_px_true_parameters").asDouble() - r.get("log_px_exact").asDouble(),
                    r.get("delta_log_px").asDouble(), 1e-9);
        }
        // Dual averaging keeps C = I: both condition numbers agree.
        assertEquals(r1.get("kappa_posterior_precision").asDouble(), r1.get("kappa_preconditioned").asDouble(),
                1e-9 * r1.get("kappa_posterior_precision").asDouble());
        double acc = r1.get("acceptance").asDouble();
        assertTrue(acc > 0 && acc <= 1, "acceptance " + acc);
        assertTrue(Files.readString(dir.resolve("linear-hvae.md")).contains("| dsMALA-D | (2,4) | 2 | 3+2 |"));
        assertTrue(Files.size(dir.resolve("linear-hvae-elbo-2-4.png")) > 0);
        // The models share the pre-training; the exact log-likelihood is the closed form of the learned theta.
        assertEquals(rows.get(0).kappaTrue(), rows.get(2).kappaTrue(), 0.0);
    }

    @Test
    void resumeKeepsFinishedRowsAndTrainsTheRest(@TempDir Path dir) throws Exception {
        LinearHvaeExperiment.Size size = new LinearHvaeExperiment.Size(2, 3, 2, 2, 1);
        LinearHvaeExperiment.Settings first = tiny(List.of(size), List.of(LinearHvaeMethod.HVAE,
                LinearHvaeMethod.DS_MALA_D), 0);
        List<LinearHvaeExperiment.Row> a = LinearHvaeExperiment.run(first, dir, Engine.java(),
                LinearHvaeExperiment.defaultChains(), line -> { });
        // Everything from the checkpoint: no chain may be made.
        LinearHvaeExperiment.ChainFactory none = (engine, method, d, steps, seed) -> {
            throw new AssertionError("retrained " + method);
        };
        List<LinearHvaeExperiment.Row> b = LinearHvaeExperiment.run(first, dir, Engine.java(), none, line -> { }, true);
        assertEquals(a.get(1).kappaPreconditioned(), b.get(1).kappaPreconditioned(), 0.0);
        assertEquals(a.get(1).deltaLogPx(), b.get(1).deltaLogPx(), 0.0);
        assertEquals(a.get(0).elboHistory().length, b.get(0).elboHistory().length);
        // A third model: the pre-training is repeated (deterministic) and only the new model trains; the kept
        // rows are unchanged and the new one equals a fresh run's.
        LinearHvaeExperiment.Settings more = first.withModels(List.of(LinearHvaeMethod.HVAE,
                LinearHvaeMethod.DS_MALA_D, LinearHvaeMethod.GRAD_MALA_D));
        List<LinearHvaeExperiment.Row> c = LinearHvaeExperiment.run(more, dir, Engine.java(),
                LinearHvaeExperiment.defaultChains(), line -> { }, true);
        List<LinearHvaeExperiment.Row> fresh = LinearHvaeExperiment.run(more, dir.resolve("fresh"), Engine.java(),
                LinearHvaeExperiment.defaultChains(), line -> { });
        assertEquals(3, c.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(fresh.get(i).deltaLogPx(), c.get(i).deltaLogPx(), 0.0, "row " + i);
        }
        assertEquals(3, Files.readAllLines(dir.resolve(LinearHvaeExperiment.CHECKPOINT)).size());
    }

    @Test
    void lowerTriangularAdaptationConditionsThePosterior(@TempDir Path dir) throws Exception {
        // Same pre-trained model, 40 Algorithm 1 steps of gradHMC with K = 2: the learned lower-triangular C brings
        // kappa(C' Sigma^-1 C) below half of kappa(Sigma^-1) and below the diagonal C's value (deterministic:
        // fixed seeds on the Java engine).
        LinearHvaeExperiment.Settings s = tiny(List.of(new LinearHvaeExperiment.Size(3, 6, 2, 5, 10)),
                List.of(LinearHvaeMethod.GRAD_HMC_D, LinearHvaeMethod.GRAD_HMC_LT), 0);
        List<LinearHvaeExperiment.Row> rows = LinearHvaeExperiment.run(s, dir, Engine.java(),
                LinearHvaeExperiment.defaultChains(), line -> { });
        LinearHvaeExperiment.Row d = rows.get(0), lt = rows.get(1);
        assertTrue(lt.kappaPreconditioned() < 0.5 * lt.kappaPosteriorPrecision(),
                lt.kappaPreconditioned() + " vs " + lt.kappaPosteriorPrecision());
        assertTrue(lt.kappaPreconditioned() < d.kappaPreconditioned(),
                lt.kappaPreconditioned() + " vs D " + d.kappaPreconditioned());
        assertTrue(Double.isNaN(lt.logPxImportance()), "no importance sampling when isSamples = 0");
    }

    @Test
    void badSettingsAreRefusedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LinearHvaeExperiment.Size(10, 20, 0, 1, 1));
        assertTrue(e.getMessage().startsWith("mcmcSteps: 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LinearHvaeMethod.byLabel("gradFOO"));
        assertTrue(e.getMessage().contains("gradHMC-LT"), e.getMessage());
    }
}
