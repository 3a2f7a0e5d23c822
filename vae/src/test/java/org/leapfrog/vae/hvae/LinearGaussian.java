package org.leapfrog.vae.hvae;

import java.util.function.Function;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * The linear Gaussian latent model of the tests: z ~ N(0, I_l), x | z ~ N(A z + b, s^2 I_m), whose marginal
 * x ~ N(b, A A^T + s^2 I) is exact. A ({@code l x m}, so z A is a row's mean), b ({@code 1 x m}) and log s
 * ({@code 1 x 1}) are tensors, so the model can be differentiated (theta).
 */
final class LinearGaussian {
    static final double LOG_2PI = Math.log(2 * Math.PI);
    final Tensor a;
    final Tensor b;
    final Tensor logS;

    LinearGaussian(Tensor a, Tensor b, Tensor logS) {
        this.a = a;
        this.b = b;
        this.logS = logS;
    }

    /** z ({@code n x l}) to log p(x, z) per row, x ({@code 1 x m} or {@code n x m}). */
    Function<Tensor, Tensor> logJoint(Tensor x) {
        int l = a.rows(), m = a.cols();
        return z -> {
            Tensor prior = z.square().sumCols().mul(-0.5).sub(0.5 * l * LOG_2PI);
            Tensor r = x.sub(z.matmul(a).add(b));
            Tensor invVar = logS.mul(-2.0).exp();
            Tensor lik = r.square().sumCols().mul(invVar).mul(-0.5).sub(logS.mul((double) m)).sub(0.5 * m * LOG_2PI);
            return prior.add(lik);
        };
    }

    /** The exact log p(x) for one data point (host arithmetic, Cholesky of A^T A + s^2 I). */
    static double logMarginal(double[][] aRowMajor, double[] b, double s, double[] x) {
        int l = aRowMajor.length, m = b.length;
        double[][] c = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double v = i == j ? s * s : 0.0;
                for (int k = 0; k < l; k++) {
                    v += aRowMajor[k][i] * aRowMajor[k][j];
                }
                c[i][j] = v;
            }
        }
        double[][] ch = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) {
                double v = c[i][j];
                for (int k = 0; k < j; k++) {
                    v -= ch[i][k] * ch[j][k];
                }
                ch[i][j] = i == j ? Math.sqrt(v) : v / ch[j][j];
            }
        }
        double[] y = new double[m];
        double logDet = 0.0, quad = 0.0;
        for (int i = 0; i < m; i++) {
            double v = x[i] - b[i];
            for (int k = 0; k < i; k++) {
                v -= ch[i][k] * y[k];
            }
            y[i] = v / ch[i][i];
            quad += y[i] * y[i];
            logDet += 2 * Math.log(ch[i][i]);
        }
        return -0.5 * (m * LOG_2PI + logDet + quad);
    }

    static LinearGaussian of(Engine e, double[][] aRowMajor, double[] b, double s, boolean trainable) {
        int l = aRowMajor.length, m = b.length;
        double[] af = new double[l * m];
        for (int k = 0; k < l; k++) {
            for (int j = 0; j < m; j++) {
                af[j * l + k] = aRowMajor[k][j]; // feature-major: element (k, j) at j * l + k
            }
        }
        double[] ls = {Math.log(s)};
        return trainable
                ? new LinearGaussian(e.variable(l, m, af), e.variable(1, m, b.clone()), e.variable(1, 1, ls))
                : new LinearGaussian(e.wrap(l, m, af), e.wrap(1, m, b.clone()), e.wrap(1, 1, ls));
    }
}
