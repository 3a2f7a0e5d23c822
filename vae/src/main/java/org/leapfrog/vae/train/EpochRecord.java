package org.leapfrog.vae.train;

/**
 * One epoch: mean training ELBO over its minibatches (nats per image), validation ELBO, wall seconds of the
 * epoch's training steps, training examples per second, and whether validation improved on the best so far.
 */
public record EpochRecord(int epoch, double trainElbo, double validationElbo, double seconds, double examplesPerSecond,
                          boolean improved) {
}
