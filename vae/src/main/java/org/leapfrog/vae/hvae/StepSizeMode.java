package org.leapfrog.vae.hvae;

/** Whether the per-dimension leapfrog step sizes are shared by the flow's K steps or learned per step. */
public enum StepSizeMode {
    /** One vector eps in (0, xi)^l for all steps ("eps fixed across layers" in the paper's Table 1). */
    SHARED,
    /** A vector eps_k per step ("eps varied across layers"). */
    PER_STEP
}
