package org.leapfrog.vae.dglm;

import java.util.LinkedHashMap;
import java.util.Map;
import org.leapfrog.vae.model.Architecture;

/**
 * How an L2HMC-DGLM (or, with {@code mhSteps = 0}, the plain VAE it is compared with) is built and trained.
 *
 * <p>Model: an MLP VAE ({@link Architecture.Kind#MLP}: 784 - hidden - hidden softplus - 2 latent, mirrored
 * decoder) and, when {@code mhSteps > 0}, an L2HMC kernel on z of {@code leapfrogSteps} augmented leapfrog steps
 * whose two networks (width {@code samplerHidden}) also read an encoding of x (784 - conditionHidden - conditionHidden
 * softplus - conditionWidth). Training: Adam at {@code lr} for each of the three parts, the sampler's gradient
 * clipped to global norm {@code clipNorm}; {@code epochs} passes over the first {@code trainSubset} training
 * images (0: all 50,000) in minibatches of {@code batch}; the validation ELBO on the first {@code validationSubset}
 * validation images (0: all) after each epoch.
 */
public record DglmSettings(int latent, int hidden, int mhSteps, int leapfrogSteps, int samplerHidden,
                           int conditionWidth, int conditionHidden, double initialStepSize, int epochs, int batch,
                           double lr, double clipNorm, int trainSubset, int validationSubset, long seed) {
    public DglmSettings {
        atLeast("latent", latent, 2);
        atLeast("hidden", hidden, 1);
        atLeast("mhSteps", mhSteps, 0);
        atLeast("leapfrogSteps", leapfrogSteps, 1);
        atLeast("samplerHidden", samplerHidden, 1);
        atLeast("conditionWidth", conditionWidth, 1);
        atLeast("conditionHidden", conditionHidden, 1);
        atLeast("epochs", epochs, 1);
        atLeast("batch", batch, 1);
        atLeast("trainSubset", trainSubset, 0);
        atLeast("validationSubset", validationSubset, 0);
        if (!(initialStepSize > 0) || Double.isInfinite(initialStepSize)) {
            throw new IllegalArgumentException("initialStepSize: " + initialStepSize + "; allowed: finite and > 0");
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("lr: " + lr + "; allowed: finite and > 0");
        }
        if (!(clipNorm > 0)) {
            throw new IllegalArgumentException("clipNorm: " + clipNorm + "; allowed: > 0 (infinity: no clipping)");
        }
    }

    private static void atLeast(String name, int v, int min) {
        if (v < min) {
            throw new IllegalArgumentException(name + ": " + v + "; allowed: " + min + " or more");
        }
    }

    /**
     * The released code's settings (facts from brain-research/l2hmc's MNIST script): latent 50, encoder and
     * decoder 784-1024-1024, 5 MH steps of 5 leapfrog steps, sampler width 200 with a 784-512-512-200 encoding of
     * x, initial step size 0.1, Adam 1e-3, batch 512, 100 epochs, sampler gradient clipped at norm 5; all data.
     */
    public static DglmSettings full(long seed) {
        return new DglmSettings(50, 1024, 5, 5, 200, 200, 512, 0.1, 100, 512, 1e-3, 5.0, 0, 0, seed);
    }

    /**
     * Minutes on two CPU cores: latent 8, 784-200-200 networks, 2 MH steps of 3 leapfrog steps, sampler width 64
     * with a 784-128-128-32 encoding of x, 20 epochs of 5,000 images in batches of 100 (1,000 steps), 1,000 validation images.
     */
    public static DglmSettings quick(long seed) {
        return new DglmSettings(8, 200, 2, 3, 64, 32, 128, 0.1, 20, 100, 1e-3, 5.0, 5000, 1000, seed);
    }

    /** The same settings with another number of MH steps per minibatch (0: the plain VAE). */
    public DglmSettings withMhSteps(int k) {
        return new DglmSettings(latent, hidden, k, leapfrogSteps, samplerHidden, conditionWidth, conditionHidden,
                initialStepSize, epochs, batch, lr, clipNorm, trainSubset, validationSubset, seed);
    }

    public DglmSettings withEpochs(int n) {
        return new DglmSettings(latent, hidden, mhSteps, leapfrogSteps, samplerHidden, conditionWidth, conditionHidden,
                initialStepSize, n, batch, lr, clipNorm, trainSubset, validationSubset, seed);
    }

    public Architecture architecture() {
        return new Architecture(Architecture.Kind.MLP, latent, hidden);
    }

    /** The settings as a map (JSON reports and checkpoint checks). */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("latent", latent);
        m.put("hidden", hidden);
        m.put("mh_steps", mhSteps);
        m.put("leapfrog_steps", leapfrogSteps);
        m.put("sampler_hidden", samplerHidden);
        m.put("condition_width", conditionWidth);
        m.put("condition_hidden", conditionHidden);
        m.put("initial_step_size", initialStepSize);
        m.put("epochs", epochs);
        m.put("batch", batch);
        m.put("lr", lr);
        m.put("clip_norm", clipNorm);
        m.put("train_subset", trainSubset);
        m.put("validation_subset", validationSubset);
        m.put("seed", seed);
        return m;
    }
}
