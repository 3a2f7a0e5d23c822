package org.leapfrog.vae.mcmc;

import org.leapfrog.runtime.tensor.CustomOp;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * {@code log|det A|} of a batch of small square matrices as a differentiable tensor operation: {@code a} is
 * {@code m x (d*d)}, row i holding matrix i column-major (entry (r, j) in column {@code j * d + r}, the layout
 * {@link Tensor#reshape} produces from a feature-major {@code (m*d) x d} stack); the result is {@code m x 1}. One
 * launch of {@link LogAbsDetKernels#LOGDET}. Backward: {@code d log|det A| / dA = A^-T}, which the kernel
 * writes alongside; that factor is not differentiated again (second derivatives throw).
 */
public final class LogAbsDet {
    private LogAbsDet() {
    }

    public static Tensor apply(Tensor a, int d) {
        return checked(a, d).logDet();
    }

    /** log|det A| (m x 1, differentiable) and a constant m x 1 mask: 1 where (A + A')/2 is positive definite. */
    public record Checked(Tensor logDet, Tensor positiveDefinite) {
    }

    /** {@link #apply} with the positive-definiteness of each matrix's symmetric part (a Cholesky attempt). */
    public static Checked checked(Tensor a, int d) {
        if (d < 1 || a.cols() != d * d) {
            throw new IllegalArgumentException("a: shape " + a.rows() + " x " + a.cols() + " with d = " + d
                    + "; allowed: m x d*d, d >= 1");
        }
        Engine e = a.engine();
        int m = a.rows();
        Tensor work = CustomOp.output(e, m, d * d);
        Tensor inv = CustomOp.output(e, m, d * d);
        Tensor out = CustomOp.output(e, m, 1);
        Tensor pd = CustomOp.output(e, m, 1);
        e.kernel(LogAbsDetKernels.LOGDET).write(LogAbsDetKernels.Args.PD.index(), pd).arg(LogAbsDetKernels.Args.M.index(), m)
                .arg(LogAbsDetKernels.Args.D.index(), d).read(LogAbsDetKernels.Args.A.index(), a)
                .write(LogAbsDetKernels.Args.WORK.index(), work).write(LogAbsDetKernels.Args.INV.index(), inv)
                .write(LogAbsDetKernels.Args.LOGDET.index(), out).run(m);
        Tensor invT = CustomOp.record(inv, (g, needs) -> {
            throw new UnsupportedOperationException("log|det A|: second derivatives are not provided");
        }, a);
        return new Checked(CustomOp.record(out, (g, needs) -> new Tensor[] {invT.mul(g)}, a), pd);
    }
}
