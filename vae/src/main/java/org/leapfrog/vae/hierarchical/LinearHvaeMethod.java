package org.leapfrog.vae.hierarchical;

import java.util.Arrays;
import java.util.List;

/**
 * The models of Hirt et al. Tables 4 and 5: the plain hierarchical VAE and the MCMC-coupled variants (MALA or
 * HMC steps; gradient-based speed-measure adaptation of h and a diagonal (D) or lower-triangular (LT)
 * preconditioner C, or dual averaging of a single step size with C = I).
 */
public enum LinearHvaeMethod {
    HVAE("hVAE", Kernel.NONE, Adaptation.NONE, Preconditioning.NONE),
    GRAD_MALA_D("gradMALA-D", Kernel.MALA, Adaptation.SPEED_MEASURE, Preconditioning.DIAGONAL),
    DS_MALA_D("dsMALA-D", Kernel.MALA, Adaptation.DUAL_AVERAGING, Preconditioning.DIAGONAL),
    GRAD_HMC_D("gradHMC-D", Kernel.HMC, Adaptation.SPEED_MEASURE, Preconditioning.DIAGONAL),
    DS_HMC_D("dsHMC-D", Kernel.HMC, Adaptation.DUAL_AVERAGING, Preconditioning.DIAGONAL),
    GRAD_MALA_LT("gradMALA-LT", Kernel.MALA, Adaptation.SPEED_MEASURE, Preconditioning.LOWER_TRIANGULAR),
    GRAD_HMC_LT("gradHMC-LT", Kernel.HMC, Adaptation.SPEED_MEASURE, Preconditioning.LOWER_TRIANGULAR);

    public enum Kernel { NONE, MALA, HMC }

    public enum Adaptation { NONE, SPEED_MEASURE, DUAL_AVERAGING }

    public enum Preconditioning { NONE, DIAGONAL, LOWER_TRIANGULAR }

    private final String label;
    private final Kernel kernel;
    private final Adaptation adaptation;
    private final Preconditioning preconditioning;

    LinearHvaeMethod(String label, Kernel kernel, Adaptation adaptation, Preconditioning preconditioning) {
        this.label = label;
        this.kernel = kernel;
        this.adaptation = adaptation;
        this.preconditioning = preconditioning;
    }

    /** The paper's name (Table 4). */
    public String label() {
        return label;
    }

    public Kernel kernel() {
        return kernel;
    }

    public Adaptation adaptation() {
        return adaptation;
    }

    public Preconditioning preconditioning() {
        return preconditioning;
    }

    public boolean usesMcmc() {
        return kernel != Kernel.NONE;
    }

    /** The method with this label (case-insensitive), e.g. {@code gradHMC-LT}. */
    public static LinearHvaeMethod byLabel(String label) {
        for (LinearHvaeMethod m : values()) {
            if (m.label.equalsIgnoreCase(label)) {
                return m;
            }
        }
        throw new IllegalArgumentException("model: '" + label + "'; allowed: "
                + Arrays.stream(values()).map(LinearHvaeMethod::label).toList());
    }

    /** Every model of the tables, in the paper's order. */
    public static List<LinearHvaeMethod> paper() {
        return List.of(values());
    }
}
