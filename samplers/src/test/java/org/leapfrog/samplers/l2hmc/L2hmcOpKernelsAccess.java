package org.leapfrog.samplers.l2hmc;

import java.util.List;
import org.leapfrog.kernels.KernelDef;

/** The package-private fused-op kernel definitions, for the samplers' signature test. */
public final class L2hmcOpKernelsAccess {
    private L2hmcOpKernelsAccess() {
    }

    public static List<KernelDef> all() {
        return List.of(L2hmcOpKernels.V, L2hmcOpKernels.V_BACK, L2hmcOpKernels.X, L2hmcOpKernels.X_BACK,
                L2hmcOpKernels.COLSUMS, L2hmcOpKernels.INPUT, L2hmcOpKernels.INPUT_BACK);
    }
}
