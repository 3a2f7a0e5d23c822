package org.leapfrog.samplers.target;

import java.util.Objects;

/**
 * A target's OpenCL C code, compiled after {@code lanes.cl} and {@code lfmath.cl} (lf_log, lf_cos_sin_2pi) into
 * every fused sampler kernel.
 *
 * <p>Contract (DIM is defined as the target's dimension; RV is the lane type of {@code lanes.cl}; arrays are
 * private, indexed by coordinate; {@code td} is this target's {@link #data()} in a device buffer):
 * <pre>
 *   RV   lf_logp_grad(const RV *x, RV *g, __global const REAL *td);   // returns log density, writes gradient
 *   void lf_hvp(const RV *x, const RV *v, RV *hv, __global const REAL *td);  // Hessian-vector product
 * </pre>
 * Written with RV and OpenCL built-ins only (no scalar branches on lane values: use select/fmax), the same
 * code serves one chain per work-item (GPUs) and 8 chains per work-item (CPUs).
 *
 * @param source the OpenCL C text (may be several functions; helper names should start with the target name)
 * @param data   constant data the functions read (e.g. a design matrix), at least one element
 */
public record DeviceCode(String source, double[] data) {
    public DeviceCode {
        Objects.requireNonNull(source, "source");
        if (data == null || data.length == 0) {
            data = new double[] {0.0};
        }
    }
}
