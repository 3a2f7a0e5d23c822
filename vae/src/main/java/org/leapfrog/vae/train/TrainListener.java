package org.leapfrog.vae.train;

/** Progress of training, for a progress bar or a log (the library itself prints nothing). */
public interface TrainListener {
    /** After minibatch {@code batch} (1-based) of {@code batches} in {@code epoch} (1-based). */
    default void step(int epoch, int batch, int batches, double meanElbo, double examplesPerSecond) {
    }

    default void epoch(EpochRecord record) {
    }

    TrainListener NONE = new TrainListener() { };
}
