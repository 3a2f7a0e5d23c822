package org.leapfrog.vae.train;

/**
 * Training settings. {@code epochs} is the maximum; early stopping ends training after {@code patience} epochs
 * without a better validation loss. {@code trainSubset} / {@code validationSubset} take the first images of
 * each set (0: all). Adamax with rate {@code lr} (the paper's 1e-3).
 */
public record TrainSettings(int epochs, int batch, double lr, int patience, int trainSubset, int validationSubset,
                            long seed, int evalBatch) {
    public TrainSettings {
        positive("epochs", epochs);
        positive("batch", batch);
        positive("patience", patience);
        positive("evalBatch", evalBatch);
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("lr: " + lr + "; allowed: finite and > 0");
        }
        if (trainSubset < 0 || validationSubset < 0) {
            throw new IllegalArgumentException("subset: " + Math.min(trainSubset, validationSubset)
                    + "; allowed: 0 (all) or more");
        }
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + ": " + v + "; allowed: 1 or more");
        }
    }

    /** The paper's protocol: Adamax 1e-3, batch 100, patience 100, up to 5000 epochs, all data. */
    public static TrainSettings paper(long seed) {
        return new TrainSettings(5000, 100, 1e-3, 100, 0, 0, seed, 500);
    }
}
