// Optimizer updates and gradient clipping on the device. Parameters and their accumulated gradients are
// separate buffers (one launch per parameter, element i of n); optimizer state is one flat buffer per kind
// (m, v, ...) holding every parameter in module order, so parameter k's state starts at `off`. Learning rate
// and bias corrections are host scalars (kernel arguments, not buffer transfers). Needs lanes.cl (REAL, fp64,
// FP_CONTRACT OFF). Scalars and locals are double in both precisions: a float32 build (REAL = float) loads
// floats, computes in float64 and rounds once at each store. Java twins: org.leapfrog.kernels.nn.OptimizerKernels,
// the same expressions in the same order.

// Adam; with amsgrad the running maximum of v is kept in vmax and used in the denominator (without it,
// vmax may be any buffer: it is not touched).
__kernel void optim_adam(__global REAL *w, __global const REAL *g, __global REAL *m, __global REAL *v,
                         __global REAL *vmax, int off, int n, double beta1, double beta2, double step_size,
                         double sqrt_bc2, double eps, int amsgrad) {
    int i = get_global_id(0);
    if (i >= n) return;
    int j = off + i;
    double gi = g[i];
    double mj = beta1 * m[j] + (1 - beta1) * gi;
    double vj = beta2 * v[j] + (1 - beta2) * gi * gi;
    m[j] = mj;
    v[j] = vj;
    double den = vj;
    if (amsgrad) {
        double old = vmax[j];
        den = (old >= vj || isnan(old)) ? old : vj;
        vmax[j] = den;
    }
    w[i] -= step_size * mj / (sqrt(den) / sqrt_bc2 + eps);
}

// Adamax: u = max(beta2 u, |g| + eps).
__kernel void optim_adamax(__global REAL *w, __global const REAL *g, __global REAL *m, __global REAL *u,
                           int off, int n, double beta1, double beta2, double step_size, double eps) {
    int i = get_global_id(0);
    if (i >= n) return;
    int j = off + i;
    double gi = g[i];
    double mj = beta1 * m[j] + (1 - beta1) * gi;
    double a = beta2 * u[j];
    double b = fabs(gi) + eps;
    double uj = (a >= b || isnan(a)) ? a : b;
    m[j] = mj;
    u[j] = uj;
    w[i] -= step_size * mj / uj;
}

// RMSProp with momentum buffer b (PyTorch's arithmetic).
__kernel void optim_rmsprop(__global REAL *w, __global const REAL *g, __global REAL *v, __global REAL *buf,
                            int off, int n, double rho, double eps, double momentum, double lr) {
    int i = get_global_id(0);
    if (i >= n) return;
    int j = off + i;
    double gi = g[i];
    double vj = rho * v[j] + (1 - rho) * gi * gi;
    double bj = momentum * buf[j] + gi / (sqrt(vj) + eps);
    v[j] = vj;
    buf[j] = bj;
    w[i] -= lr * bj;
}

// SGD with heavy-ball momentum.
__kernel void optim_sgd(__global REAL *w, __global const REAL *g, __global REAL *velocity, int off, int n,
                        double momentum, double lr) {
    int i = get_global_id(0);
    if (i >= n) return;
    int j = off + i;
    double bj = momentum * velocity[j] + g[i];
    velocity[j] = bj;
    w[i] -= lr * bj;
}

// Sum of squares of g in chunks: work-item k sums [k * chunk, min(n, (k + 1) * chunk)) in order into
// partial[poff + k]. A fixed chunk makes the sum's order, and so its bits, independent of the device.
__kernel void optim_sum_squares(__global const REAL *g, int n, int chunk, __global REAL *partial, int poff) {
    int k = get_global_id(0);
    int from = k * chunk;
    if (from >= n) return;
    int to = min(n, from + chunk);
    double s = 0;
    for (int i = from; i < to; i++) {
        s += g[i] * g[i];
    }
    partial[poff + k] = s;
}

// One work-item: the global norm sqrt(sum of partials, in order) and the clipping scale.
__kernel void optim_norm_scale(__global const REAL *partial, int count, double max_norm, __global REAL *norm,
                               __global REAL *scale) {
    if (get_global_id(0) != 0) return;
    double s = 0;
    for (int k = 0; k < count; k++) {
        s += partial[k];
    }
    double r = sqrt(s);
    norm[0] = r;
    scale[0] = r > max_norm ? max_norm / r : (REAL)1;
}

// g *= scale[0] (scale from optim_norm_scale, read on the device).
__kernel void optim_scale(__global REAL *g, int n, __global const REAL *scale) {
    int i = get_global_id(0);
    if (i >= n) return;
    g[i] *= scale[0];
}

// g = clamp(g, -limit, limit); NaN stays NaN.
__kernel void optim_clip_value(__global REAL *g, int n, double limit) {
    int i = get_global_id(0);
    if (i >= n) return;
    double x = g[i];
    g[i] = x < -limit ? -limit : (x > limit ? limit : x);
}
