package org.leapfrog.vae.mcmc;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One row of {@code mcmc-vae.json}: a model trained and evaluated by a protocol. Public so that other experiments
 * (e.g. an L2HMC-DGLM) add their rows with {@link McmcVaeReport#upsert}. Log-likelihoods are nats per test image;
 * {@code testLoglikSd} is the sd over independent runs when there are several, else over importance-sampling repeats
 * ({@code sdOver} says which); {@code testLoglikSe} is the standard error of the mean over test images.
 * {@code acceptance} is the fraction of accepted MH moves during the MCMC phase (NaN for models without one).
 */
public record McmcVaeRow(
        @JsonProperty("model") String model,
        @JsonProperty("dataset") String dataset,
        @JsonProperty("epochs") int epochs,
        @JsonProperty("pretrain_epochs") int pretrainEpochs,
        @JsonProperty("mcmc_epochs") int mcmcEpochs,
        @JsonProperty("train_seconds") double trainSeconds,
        @JsonProperty("mcmc_seconds") double mcmcSeconds,
        @JsonProperty("test_loglik") double testLoglik,
        @JsonProperty("test_loglik_sd") double testLoglikSd,
        @JsonProperty("sd_over") String sdOver,
        @JsonProperty("test_loglik_se") double testLoglikSe,
        @JsonProperty("acceptance") double acceptance,
        @JsonProperty("acceptance_probability") double acceptanceProbability,
        @JsonProperty("preconditioner") String preconditioner,
        @JsonProperty("mh_steps") int mhSteps,
        @JsonProperty("leapfrog_steps") int leapfrogSteps,
        @JsonProperty("step_size") double stepSize,
        @JsonProperty("beta") double beta,
        @JsonProperty("runs") int runs,
        @JsonProperty("test_images") int testImages,
        @JsonProperty("is_samples") int isSamples,
        @JsonProperty("tau") double tau,
        @JsonIgnore double[] perImage) {
}
