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
 * is here; HVAE rows (K, tempering, eps mode) are added to {@link #all(FlowStart)}.
 */
public final class MnistModels {
    /** Makes a model's objective on an engine for an architecture (its latent size). */
    @FunctionalInterface
    public interface Factory {
        Objective create(Engine engine, Architecture architecture);
    }

    private MnistModels() {
    }

    /**
     * Where the HVAE rows' flows start: null fields keep the paper's MNIST start ({@link FlowSettings#mnist}:
     * eps 0.2, alphas 0.9 or T0 1.5); otherwise the initial step size and initial inverse temperature given.
     */
    public record FlowStart(Double eps0, Double beta0) {
        public static final FlowStart MNIST = new FlowStart(null, null);

        FlowSettings apply(FlowSettings f) {
            if (eps0 == null && beta0 == null) {
                return f;
            }
            return new FlowSettings(f.steps(), f.tempering(), f.stepSizes(), f.maxStepSize(),
                    eps0 != null ? eps0 : f.initialStepSize(), beta0 != null ? beta0 : f.initialBeta0());
        }
    }

    /** Every known model, in report order, with the HVAE flows starting at {@code start}. */
    public static Map<String, Factory> all(FlowStart start) {
        Map<String, Factory> m = new LinkedHashMap<>();
        m.put("vae", (e, a) -> VaeElbo.monteCarlo());
        // Table 1 of the paper: K in {1, 5, 10, 15}, tempering none / free, step sizes shared / varied.
        for (int k : new int[] {1, 5, 10, 15}) {
            for (TemperingMode t : new TemperingMode[] {TemperingMode.NONE, TemperingMode.FREE}) {
                for (StepSizeMode s : k == 1 ? new StepSizeMode[] {StepSizeMode.SHARED}
                        : new StepSizeMode[] {StepSizeMode.SHARED, StepSizeMode.PER_STEP}) {
                    FlowSettings f = start.apply(HvaeObjective.settings(k, t, s));
                    m.put(HvaeObjective.name(f), (e, a) -> new HvaeObjective(e, a.latent(), f));
                }
            }
        }
        return m;
    }
}
