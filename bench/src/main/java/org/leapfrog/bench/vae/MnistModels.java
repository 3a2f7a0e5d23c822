package org.leapfrog.bench.vae;

import java.util.LinkedHashMap;
import java.util.Map;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.vae.model.Architecture;
import org.leapfrog.vae.model.Objective;
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
        return m;
    }
}
