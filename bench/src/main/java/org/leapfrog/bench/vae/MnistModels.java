package org.leapfrog.bench.vae;

import java.util.LinkedHashMap;
import java.util.Map;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.vae.model.Architecture;
import org.leapfrog.vae.model.Objective;
import org.leapfrog.vae.hvae.FlowSettings;
import org.leapfrog.vae.hvae.StepSizeMode;
import org.leapfrog.vae.hvae.TemperingMode;
import org.leapfrog.vae.model.HvaeObjective;
import org.leapfrog.vae.model.VaeElbo;

/**
 * The models of {@code bench hvae-mnist}, by row name: each makes the objective a VAE is trained under. The VAE's
 * is here; HVAE rows (K, tempering, eps mode) are added to {@link #all()} as the HVAE objective lands.
 */
public final class MnistModels {
    /** Makes a model's objective on an engine for an architecture (its latent size). */
    @FunctionalInterface
    public interface Factory {
        Objective create(Engine engine, Architecture architecture);
    }

    private MnistModels() {
    }

    /** Every known model, in report order. */
    public static Map<String, Factory> all() {
        Map<String, Factory> m = new LinkedHashMap<>();
        m.put("vae", (e, a) -> VaeElbo.monteCarlo());
        // Table 1 of the paper: K in {1, 5, 10, 15}, tempering none / free, step sizes shared / varied.
        for (int k : new int[] {1, 5, 10, 15}) {
            for (TemperingMode t : new TemperingMode[] {TemperingMode.NONE, TemperingMode.FREE}) {
                for (StepSizeMode s : k == 1 ? new StepSizeMode[] {StepSizeMode.SHARED}
                        : new StepSizeMode[] {StepSizeMode.SHARED, StepSizeMode.PER_STEP}) {
                    FlowSettings f = HvaeObjective.settings(k, t, s);
                    m.put(HvaeObjective.name(f), (e, a) -> new HvaeObjective(e, a.latent(), f));
                }
            }
        }
        return m;
    }
}
