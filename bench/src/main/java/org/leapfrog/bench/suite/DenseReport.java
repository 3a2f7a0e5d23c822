package org.leapfrog.bench.suite;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The results of {@code leapfrog bench dense}.
 *
 * @param benchmark   "dense"
 * @param createdAt   ISO-8601 start time
 * @param wallSeconds the run's wall time
 * @param machine     where it ran
 * @param settings    what was asked
 * @param backends    the backends measured, described
 * @param matmul      one row per product, shape, backend and precision
 * @param mlp         one row per backend and precision (and PyTorch-only rows where the engine lacks a precision)
 * @param notes       peers that could not run, and other remarks
 */
public record DenseReport(String benchmark, String createdAt, double wallSeconds, MachineInfo machine,
                          DenseSettings settings, List<String> backends, List<MatmulRow> matmul, List<MlpRow> mlp,
                          List<String> notes) {

    /**
     * One product's speed next to OpenBLAS on the same shape and precision.
     *
     * @param shape        {@code NxKxM} of the dense layer (batch, inputs, outputs)
     * @param product      {@code x*W} (nn), {@code g*W^T} (nt) or {@code x^T*g} (tn)
     * @param backend      java or opencl:N
     * @param precision    float64 or float32
     * @param gflops       2 n k m / seconds per product
     * @param peer         {@code openblas (T threads)} or {@code unavailable: why}
     * @param peerGflops   the peer's GFLOP/s, the better of 1 and 2 threads; null when unavailable
     * @param ratioToPeer  gflops / peerGflops; null when unavailable
     */
    public record MatmulRow(String shape, String product, String backend, String precision, double gflops,
                            String peer, @JsonProperty("peer_gflops") Double peerGflops,
                            @JsonProperty("ratio_to_peer") Double ratioToPeer) {
    }

    /**
     * The MLP forward+backward pass next to PyTorch CPU.
     *
     * @param shape            {@code batch x width, L layers}
     * @param backend          java, opencl:N, or "-" for a PyTorch-only row
     * @param precision        float64 or float32
     * @param mlpMs            the engine's ms per pass; null where the engine lacks the precision
     * @param pytorchMs        PyTorch's ms per pass, the better of 1 and 2 threads; null when unavailable
     * @param pytorchThreads   the thread count that gave it
     * @param speedupVsPytorch pytorchMs / mlpMs; null when either is missing
     * @param note             why a value is missing, if one is
     */
    public record MlpRow(String shape, String backend, String precision, @JsonProperty("mlp_ms") Double mlpMs,
                         @JsonProperty("pytorch_ms") Double pytorchMs,
                         @JsonProperty("pytorch_threads") Integer pytorchThreads,
                         @JsonProperty("speedup_vs_pytorch") Double speedupVsPytorch, String note) {
    }
}
