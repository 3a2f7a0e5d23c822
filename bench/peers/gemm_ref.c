/* OpenBLAS reference for `leapfrog bench dense`: the engine's three matrix products in its feature-major
 * (column-major, leading dimension = rows) layout, timed with cblas_dgemm / cblas_sgemm.
 *
 *   gemm_ref OP PRECISION N K M THREADS MIN_SECONDS
 *   OP: nn  y (N x M) = x (N x K) W (K x M)       (forward: x W)
 *       nt  y (N x K) = g (N x M) W^T, W (K x M)  (backward to the input: g W^T)
 *       tn  y (K x M) = x^T g, x (N x K), g (N x M) (backward to the weights: x^T g)
 *   PRECISION: d (float64) or s (float32)
 * Prints one line: "gemm_ref OP PRECISION N K M threads T: S s/op, G GFLOP/s" with the best of five timed
 * batches, each at least MIN_SECONDS / 5 long.
 * Build: gcc -O3 -march=native gemm_ref.c -o gemm_ref -lopenblas   (Debian: libopenblas-dev)
 */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void openblas_set_num_threads(int);

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

static void run(const char *op, int dbl, int n, int k, int m, void *a, void *b, void *y) {
    if (dbl) {
        if (!strcmp(op, "nn")) {
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, n, m, k, 1.0, a, n, b, k, 0.0, y, n);
        } else if (!strcmp(op, "nt")) {
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, n, k, m, 1.0, a, n, b, k, 0.0, y, n);
        } else {
            cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, k, m, n, 1.0, a, n, b, n, 0.0, y, k);
        }
    } else {
        if (!strcmp(op, "nn")) {
            cblas_sgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, n, m, k, 1.0f, a, n, b, k, 0.0f, y, n);
        } else if (!strcmp(op, "nt")) {
            cblas_sgemm(CblasColMajor, CblasNoTrans, CblasTrans, n, k, m, 1.0f, a, n, b, k, 0.0f, y, n);
        } else {
            cblas_sgemm(CblasColMajor, CblasTrans, CblasNoTrans, k, m, n, 1.0f, a, n, b, n, 0.0f, y, k);
        }
    }
}

int main(int argc, char **argv) {
    if (argc != 8 || (strcmp(argv[1], "nn") && strcmp(argv[1], "nt") && strcmp(argv[1], "tn"))
            || (strcmp(argv[2], "d") && strcmp(argv[2], "s"))) {
        fprintf(stderr, "usage: gemm_ref nn|nt|tn d|s N K M THREADS MIN_SECONDS\n");
        return 2;
    }
    const char *op = argv[1];
    int dbl = argv[2][0] == 'd';
    int n = atoi(argv[3]), k = atoi(argv[4]), m = atoi(argv[5]), threads = atoi(argv[6]);
    double minSeconds = atof(argv[7]);
    if (n < 1 || k < 1 || m < 1 || threads < 1) {
        fprintf(stderr, "gemm_ref: sizes and threads must be positive\n");
        return 2;
    }
    openblas_set_num_threads(threads);
    size_t es = dbl ? sizeof(double) : sizeof(float);
    /* a is the N-row operand (x or g), b the second (W, or g for tn); y the result; sized for every op */
    size_t big = (size_t) n * (k > m ? k : m);
    void *a = malloc(big * es), *b = malloc(big * es), *y = malloc(big * es);
    if (!a || !b || !y) {
        fprintf(stderr, "gemm_ref: out of memory\n");
        return 1;
    }
    unsigned s = 12345;
    for (size_t i = 0; i < big; i++) {
        s = s * 1103515245u + 12345u;
        double v = ((s >> 8) & 0xFFFF) / 65536.0 - 0.5;
        if (dbl) {
            ((double *) a)[i] = v;
            ((double *) b)[i] = -v;
        } else {
            ((float *) a)[i] = (float) v;
            ((float *) b)[i] = (float) -v;
        }
    }
    run(op, dbl, n, k, m, a, b, y); /* warm-up: threads, pages */
    double best = 1e30;
    for (int batch = 0; batch < 5; batch++) {
        long reps = 0;
        double t0 = now(), t;
        do {
            run(op, dbl, n, k, m, a, b, y);
            reps++;
            t = now() - t0;
        } while (t < minSeconds / 5);
        if (t / reps < best) {
            best = t / reps;
        }
    }
    printf("gemm_ref %s %s %d %d %d threads %d: %.6e s/op, %.3f GFLOP/s\n", op, argv[2], n, k, m, threads, best,
           2.0 * n * k * m / best * 1e-9);
    free(a);
    free(b);
    free(y);
    return 0;
}
