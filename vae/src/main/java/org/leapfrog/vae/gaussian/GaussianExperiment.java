package org.leapfrog.vae.gaussian;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.runtime.tensor.Engine;

/**
 * The Gaussian-model experiment of Caterini et al. (2018), section 4.1 and Fig. 1: for every dimension d and
 * dataset r (seed {@code plan.seed + 1000 d + r}), each method learns (Delta, sigma) from the same data; a run's
 * result is ||Delta_hat - Delta||^2 and ||sigma_hat - sigma||^2. Runs are independent and deterministic (one
 * Java engine per run), so they can go in parallel and a resumed experiment skips finished runs and gives the
 * same table.
 */
public final class GaussianExperiment {
    /**
     * What to run.
     *
     * @param dims       the dimensions d
     * @param datasets   datasets per dimension (the paper: 10)
     * @param n          observations per dataset (the paper: 10,000)
     * @param iterations RMSProp steps per run (the paper's code: 30,000)
     * @param rate       RMSProp learning rate (the paper: 1e-3)
     * @param samples    draws per stochastic ELBO estimate (the paper's code: 10)
     * @param methods    the methods (the paper: {@link GaussianMethod#paper()})
     * @param seed       base seed of data and draws
     */
    public record Plan(List<Integer> dims, int datasets, int n, int iterations, double rate, int samples,
                       List<GaussianMethod> methods, long seed) {
        public Plan {
            dims = List.copyOf(dims);
            methods = List.copyOf(methods);
            for (int d : dims) {
                if (d < 1) {
                    throw new IllegalArgumentException("dims: " + d + "; allowed: 1 or more");
                }
            }
            if (datasets < 1) {
                throw new IllegalArgumentException("datasets: " + datasets + "; allowed: 1 or more");
            }
            if (iterations < 1) {
                throw new IllegalArgumentException("iterations: " + iterations + "; allowed: 1 or more");
            }
            if (!(rate > 0)) {
                throw new IllegalArgumentException("rate: " + rate + "; allowed: > 0");
            }
        }

        /** The paper's plan: 10 dimensions up to 301, 10 datasets, N = 10,000, 30,000 steps of RMSProp 1e-3. */
        public static Plan full() {
            return new Plan(List.of(1, 2, 3, 5, 11, 25, 51, 101, 201, 301), 10, 10_000, 30_000, 1e-3, 10,
                    GaussianMethod.paper(), 2018L);
        }

        /**
         * The budgeted plan for a 2-core machine (under 10 minutes): d in {2, 5, 11, 25}, two datasets each, and
         * 3,000 steps of RMSProp 1e-2 (the same distance in parameter space as the paper's 30,000 steps of 1e-3,
         * which the start log sigma = 3 needs), all seven methods.
         */
        public static Plan quick() {
            return new Plan(List.of(2, 5, 11, 25), 2, 10_000, 3_000, 1e-2, 10, GaussianMethod.paper(), 2018L);
        }

        public int runs() {
            return dims.size() * datasets * methods.size();
        }
    }

    /**
     * One run's outcome, with the reference estimates' errors on its dataset ({@link GaussianData#referenceDelta},
     * {@link GaussianData#referenceSigma}).
     */
    public record Run(int dim, int dataset, String method, double deltaError, double sigmaError, double finalElbo,
                      double seconds, double referenceDeltaError, double referenceSigmaError) {
        String key() {
            return key(dim, dataset, method);
        }

        static String key(int dim, int dataset, String method) {
            return dim + "/" + dataset + "/" + method;
        }
    }

    /** Mean squared errors over datasets for one method and dimension, and the reference estimates' means. */
    public record Cell(int dim, String method, int datasets, double deltaError, double deltaSe, double sigmaError,
                       double sigmaSe, double referenceDeltaError, double referenceSigmaError) {
    }

    private final Plan plan;
    private final int threads;

    public GaussianExperiment(Plan plan, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads + "; allowed: 1 or more");
        }
        this.plan = plan;
        this.threads = threads;
    }

    public Plan plan() {
        return plan;
    }

    /**
     * Runs one (d, dataset, method) on its own single-threaded Java backend: the tensors are tiny, so every
     * launch runs on the calling thread (no pool hand-off), and runs go in parallel instead.
     */
    public Run runOne(int d, int dataset, GaussianMethod method) {
        long t0 = System.nanoTime();
        long dataSeed = plan.seed() + 1000L * d + dataset;
        GaussianData data = GaussianData.generate(d, plan.n(), dataSeed);
        try (JavaBackend backend = new JavaBackend(1); Engine engine = Engine.on(backend)) {
            GaussianFit fit = new GaussianFit(engine, data, method, plan.samples(), dataSeed * 31 + 7);
            double elbo = fit.train(plan.iterations(), plan.rate());
            return new Run(d, dataset, method.label(), fit.deltaError(), fit.sigmaError(), elbo,
                    (System.nanoTime() - t0) / 1e9, GaussianFit.squaredError(data.referenceDelta(), data.delta()),
                    GaussianFit.squaredError(data.referenceSigma(), data.sigma()));
        }
    }

    /**
     * Runs every run of the plan not in {@code done} (finished runs, e.g. read back from a checkpoint), handing
     * each new result to {@code finished} as it completes (from the worker threads, one at a time); returns all
     * runs, {@code done}'s included, in plan order.
     */
    public List<Run> run(List<Run> done, Consumer<Run> finished) throws InterruptedException {
        Map<String, Run> results = new ConcurrentHashMap<>();
        for (Run r : done) {
            results.put(r.key(), r);
        }
        List<Runnable> todo = new ArrayList<>();
        Object lock = new Object();
        // The slowest runs (high d, many steps) first, so parallel workers finish together.
        List<Integer> dims = new ArrayList<>(plan.dims());
        Collections.reverse(dims);
        for (int d : dims) {
            for (int r = 0; r < plan.datasets(); r++) {
                for (GaussianMethod m : plan.methods()) {
                    if (results.containsKey(Run.key(d, r, m.label()))) {
                        continue;
                    }
                    int dd = d, rr = r;
                    todo.add(() -> {
                        Run run = runOne(dd, rr, m);
                        results.put(run.key(), run);
                        synchronized (lock) {
                            finished.accept(run);
                        }
                    });
                }
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, t -> {
            Thread th = new Thread(t, "gaussian-experiment");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (Runnable t : todo) {
                fs.add(pool.submit(t));
            }
            for (Future<?> f : fs) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("a run failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<Run> all = new ArrayList<>();
        for (int d : plan.dims()) {
            for (int r = 0; r < plan.datasets(); r++) {
                for (GaussianMethod m : plan.methods()) {
                    all.add(results.get(Run.key(d, r, m.label())));
                }
            }
        }
        return all;
    }

    /** Mean errors (and their standard errors over datasets) per dimension and method, in plan order. */
    public static List<Cell> summarise(Plan plan, List<Run> runs) {
        List<Cell> cells = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int d : plan.dims()) {
            for (GaussianMethod m : plan.methods()) {
                if (!seen.add(d + "/" + m.label())) {
                    continue;
                }
                List<double[]> v = new ArrayList<>();
                for (Run r : runs) {
                    if (r.dim() == d && r.method().equals(m.label())) {
                        v.add(new double[] {r.deltaError(), r.sigmaError(), r.referenceDeltaError(),
                            r.referenceSigmaError()});
                    }
                }
                double[] md = meanSe(v, 0), ms = meanSe(v, 1);
                cells.add(new Cell(d, m.label(), v.size(), md[0], md[1], ms[0], ms[1], meanSe(v, 2)[0],
                        meanSe(v, 3)[0]));
            }
        }
        return cells;
    }

    private static double[] meanSe(List<double[]> v, int k) {
        double s = 0, sq = 0;
        for (double[] x : v) {
            s += x[k];
            sq += x[k] * x[k];
        }
        int n = v.size();
        double mean = s / n;
        double se = n > 1 ? Math.sqrt(Math.max(0, sq / n - mean * mean) / (n - 1)) : Double.NaN;
        return new double[] {mean, se};
    }
}
