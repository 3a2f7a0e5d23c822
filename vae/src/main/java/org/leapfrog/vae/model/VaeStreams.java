package org.leapfrog.vae.model;

import org.leapfrog.kernels.RandomStream;

/** Philox purpose codes of the vae module (binarisation uses {@code Binarizer}'s, 357 and 358). */
public final class VaeStreams {
    /** The encoder's reparameterisation noise {@code eps} of z = mu + sigma eps. */
    public static final int PURPOSE_LATENT = RandomStream.PURPOSE_USER + 111;
    /** Latent draws from the prior for sample images. */
    public static final int PURPOSE_PRIOR = RandomStream.PURPOSE_USER + 112;
    /** Shuffling the training set each epoch. */
    public static final int PURPOSE_SHUFFLE = RandomStream.PURPOSE_USER + 113;
    /** First code free for objectives built on top (the HVAE's momentum and friends): 256 + 120 onwards. */
    public static final int PURPOSE_OBJECTIVE_BASE = RandomStream.PURPOSE_USER + 120;

    private VaeStreams() {
    }
}
