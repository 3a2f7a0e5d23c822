package org.leapfrog.vae.data;

import org.leapfrog.kernels.RandomStream;

/**
 * Stochastic binarisation: pixel p of image i is 1 with probability equal to its intensity. The uniform for
 * it is word {@code p mod 4} of Philox block {@code p / 4} of the stream (seed, chain = the image's index in its
 * file, iteration = epoch, purpose), so a binarised image depends only on (seed, image, epoch, purpose): not on
 * the batch, the order of images or whether a run was resumed. Training uses a new epoch each pass
 * (dynamic binarisation); evaluation sets use one fixed draw ({@link #FIXED_EPOCH}).
 */
public final class Binarizer {
    /** Philox purpose of training binarisation. */
    public static final int PURPOSE_TRAIN = RandomStream.PURPOSE_USER + 101;
    /** Philox purpose of the fixed binarisation of validation and test images. */
    public static final int PURPOSE_EVAL = RandomStream.PURPOSE_USER + 102;
    /** The "epoch" of the fixed evaluation draw. */
    public static final int FIXED_EPOCH = 0;

    /** The seed of the fixed binarisation of validation and test images, shared by every run and model. */
    public static final long EVAL_SEED = 20_181_203L;

    private final long seed;
    private final int[] words = new int[4];

    public Binarizer(long seed) {
        this.seed = seed;
    }

    /** The fixed evaluation binarisation: seed {@link #EVAL_SEED}; use with {@link #FIXED_EPOCH} and {@link #PURPOSE_EVAL}. */
    public static Binarizer evaluation() {
        return new Binarizer(EVAL_SEED);
    }

    /**
     * Writes images {@code order[from .. from + n)} of {@code set}, binarised, feature-major: pixel p of batch
     * row r at {@code out[p * n + r]} (the engine's tensor layout, {@code n x 784}). Not thread-safe.
     */
    public void batch(Images set, int[] order, int from, int n, int epoch, int purpose, double[] out) {
        if (out.length < (long) n * Mnist.PIXELS) {
            throw new IllegalArgumentException("out: length " + out.length + "; allowed: at least " + n * Mnist.PIXELS);
        }
        for (int r = 0; r < n; r++) {
            int i = order == null ? from + r : order[from + r];
            int chain = set.first() + i;
            for (int block = 0; block < Mnist.PIXELS / 4; block++) {
                RandomStream.words(seed, chain, epoch, purpose, block, words);
                for (int w = 0; w < 4; w++) {
                    int p = block * 4 + w;
                    // u < intensity: never for 0, always for 255 (u is strictly inside (0, 1)).
                    out[p * n + r] = RandomStream.uniform(words[w]) * 255.0 < set.raw(i, p) ? 1.0 : 0.0;
                }
            }
        }
    }
}
