package org.leapfrog.bench.suite;

/**
 * One measured point of the throughput benchmark: an implementation running a workload with a number of
 * chains. Leapfrog's own rows carry an ESS rate; peers' rows leave it null (they do not return draws).
 *
 * @param workload           e.g. icg50, german
 * @param implementation     e.g. leapfrog-java, leapfrog-opencl:0, hmc_ref.c, pytorch-cpu, stan
 * @param device             device or machine description
 * @param chains             chains advanced together
 * @param iterations         timed iterations (after warm-up)
 * @param seconds            wall time of the timed iterations
 * @param gradEvalsPerSecond chains * L * iterations / seconds
 * @param essPerSecond       min-over-coordinates bulk ESS per second of the whole batch, or null
 * @param acceptRate         mean acceptance probability (or rate, for peers) over the timed iterations, or null
 * @param precision          float64 or float32 (Leapfrog's kernels and chain state; peers' rows are float64)
 * @param kind               {@value #KERNEL}: the fused kernel timed alone (peers' rows too); {@value #MAIN_JOB}:
 *                           {@code leapfrog sample} itself, its sampling phase with everything it does per iteration
 * @param numerics           reproducible or fast ({@link org.leapfrog.samplers.Numerics}) of Leapfrog's kernels;
 *                           peers' rows say reproducible (they run their own code, compiled their own way)
 */
public record ThroughputRow(String workload, String implementation, String device, int chains, int iterations,
                            double seconds, double gradEvalsPerSecond, Double essPerSecond, Double acceptRate,
                            String precision, String kind, String numerics) {
    public static final String KERNEL = "kernel";
    public static final String MAIN_JOB = "main-job";
    private static final String REPRODUCIBLE = "reproducible";

    public ThroughputRow {
        precision = precision == null ? "float64" : precision;
        kind = kind == null ? KERNEL : kind;
        numerics = numerics == null ? REPRODUCIBLE : numerics;
    }

    /** A row with reproducible numerics (every row before the numerics modes existed; peers). */
    public ThroughputRow(String workload, String implementation, String device, int chains, int iterations,
                         double seconds, double gradEvalsPerSecond, Double essPerSecond, Double acceptRate,
                         String precision, String kind) {
        this(workload, implementation, device, chains, iterations, seconds, gradEvalsPerSecond, essPerSecond,
                acceptRate, precision, kind, REPRODUCIBLE);
    }

    /** A kernel row in a precision. */
    public ThroughputRow(String workload, String implementation, String device, int chains, int iterations,
                         double seconds, double gradEvalsPerSecond, Double essPerSecond, Double acceptRate,
                         String precision) {
        this(workload, implementation, device, chains, iterations, seconds, gradEvalsPerSecond, essPerSecond,
                acceptRate, precision, KERNEL);
    }

    /** A float64 row (every row before precisions existed; peers). */
    public ThroughputRow(String workload, String implementation, String device, int chains, int iterations,
                         double seconds, double gradEvalsPerSecond, Double essPerSecond, Double acceptRate) {
        this(workload, implementation, device, chains, iterations, seconds, gradEvalsPerSecond, essPerSecond,
                acceptRate, "float64");
    }

    /** The name of this row's series in tables and plots: the implementation, marked when float32, fast or main job. */
    public String series() {
        String s = "float64".equals(precision) ? implementation : implementation + " float32";
        s = REPRODUCIBLE.equals(numerics) ? s : s + " " + numerics;
        return MAIN_JOB.equals(kind) ? s + " main-job" : s;
    }
}
