package org.leapfrog.vae.dglm;

/**
 * One training epoch: batch means of the encoder's ELBO, of {@code log p(x, z_K)} (the decoder's objective), of
 * the sampler's loss and of the acceptance probability (NaN for the plain VAE), the step size after the epoch,
 * the validation ELBO, the epoch's seconds and the skipped sampler updates so far.
 */
public record DglmEpoch(int epoch, double trainElbo, double trainLogJoint, double samplerLoss, double acceptance,
                        double stepSize, double validationElbo, double seconds, long skipped) {
}
