package org.leapfrog.samplers.adapt;

import java.util.Arrays;
import org.leapfrog.runtime.Backend;
import org.leapfrog.samplers.hmc.HmcParameters;
import org.leapfrog.samplers.hmc.HmcSampler;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.target.Target;

/**
 * Stan/BlackJAX window adaptation over a batch of chains, run on the backend with the fused HMC kernel: dual
 * averaging of the step size in every phase, the metric re-estimated at the end of each slow window (then a
 * fresh step-size search and a dual-averaging restart, as Stan does), and the averaged step size frozen at the
 * end. The chains' state stays on the device; positions come back only during slow windows (for the metric)
 * and when the metric changes.
 */
public final class WindowAdaptation {
    /** Seed offset of the step-size search's randomness (kept apart from the warmup iterations'). */
    private static final long SEARCH_SALT = 0x5EA2C4L;
    private static final double SEARCH_ACCEPTANCE = 0.8;
    private static final int MAX_SEARCH_STEPS = 100;
    private static final double MIN_STEP = 1e-10;
    private static final double MAX_STEP = 1e7;

    private final Backend backend;
    private final Target target;
    private final WindowAdaptationSettings settings;

    public WindowAdaptation(Backend backend, Target target, WindowAdaptationSettings settings) {
        this.backend = backend;
        this.target = target;
        this.settings = settings;
    }

    /**
     * Runs warmup from {@code start} (chain-minor, dimension * chains) and returns the frozen parameters.
     *
     * @param seed randomness of the warmup; sample afterwards with a different seed
     */
    public TunedParameters run(double[] start, int chains, long seed) {
        int dim = target.dimension();
        if (chains < 1) {
            throw new IllegalArgumentException("chains: " + chains + "; allowed: 1 or more");
        }
        if (start.length != dim * chains) {
            throw new IllegalArgumentException("start: length " + start.length + "; allowed: dimension * chains = "
                    + dim + " * " + chains);
        }
        boolean shared = settings.mode() == WindowAdaptationSettings.Mode.SHARED;
        int slots = shared ? 1 : chains;
        int steps = settings.numIntegrationSteps();
        WindowSchedule schedule = settings.schedule();
        DualAveraging da = new DualAveraging(slots, settings.targetAcceptance(), settings.gamma(), settings.kappa(),
                settings.t0());
        MetricEstimator estimator = settings.metricKind() == Metric.Kind.UNIT ? null
                : new MetricEstimator(settings.metricKind(), dim);
        double[] positions = start.clone();
        double[] logDensity = new double[chains];
        double[] accept = new double[chains];
        double[] slotAccept = new double[slots];
        double[] scale = new double[chains];
        double[] eps = new double[slots];
        Arrays.fill(eps, settings.initialStepSize());
        Metric metric = Metric.unit(dim);
        long gradients = 0;
        int searchIteration = 0;
        int closingFrom = schedule.numWarmup() - Math.max(1, schedule.termBuffer() / 2);
        double closingSum = 0;

        Search search = new Search(chains, slots, seed ^ SEARCH_SALT);
        gradients += search.run(metric, positions, eps, searchIteration);
        searchIteration += search.iterations;
        da.restart(eps);
        HmcSampler sampler = new HmcSampler(backend, target, HmcParameters.hmc(1.0, steps, metric), chains, seed);
        try {
            sampler.init(positions);
            for (int i = 0; i < schedule.numWarmup(); i++) {
                expand(da.stepSize(), scale, shared);
                sampler.setChainStepScale(scale);
                sampler.step(i);
                sampler.readAcceptance(accept);
                if (shared) {
                    double sum = 0;
                    for (int c = 0; c < chains; c++) {
                        sum += Double.isNaN(accept[c]) ? 0.0 : accept[c];
                    }
                    slotAccept[0] = sum / chains;
                } else {
                    System.arraycopy(accept, 0, slotAccept, 0, chains);
                }
                da.update(slotAccept);
                if (i >= closingFrom) {
                    for (int c = 0; c < chains; c++) {
                        closingSum += accept[c];
                    }
                }
                if (estimator != null && schedule.inSlowWindow(i)) {
                    sampler.readPositions(positions);
                    estimator.add(positions, chains);
                }
                if (estimator != null && schedule.endsWindow(i)) {
                    metric = estimator.metric();
                    estimator.reset();
                    sampler.readState(positions, logDensity);
                    gradients += sampler.gradientEvaluations();
                    sampler.close();
                    System.arraycopy(da.stepSize(), 0, eps, 0, slots);
                    gradients += search.run(metric, positions, eps, searchIteration);
                    searchIteration += search.iterations;
                    da.restart(eps);
                    sampler = new HmcSampler(backend, target, HmcParameters.hmc(1.0, steps, metric), chains, seed);
                    sampler.init(positions);
                }
            }
            sampler.readState(positions, logDensity);
            gradients += sampler.gradientEvaluations();
        } finally {
            sampler.close();
        }
        double[] finalEps = da.finalStepSize();
        double[] chainScale = new double[chains];
        double base;
        if (shared) {
            base = finalEps[0];
            Arrays.fill(chainScale, 1.0);
        } else {
            double[] sorted = finalEps.clone();
            Arrays.sort(sorted);
            base = sorted[chains / 2];
            for (int c = 0; c < chains; c++) {
                chainScale[c] = finalEps[c] / base;
            }
        }
        double closing = closingSum / ((double) chains * (schedule.numWarmup() - closingFrom));
        return new TunedParameters(HmcParameters.hmc(base, steps, metric), chainScale, positions, gradients, closing);
    }

    private static void expand(double[] slotValues, double[] perChain, boolean shared) {
        if (shared) {
            Arrays.fill(perChain, slotValues[0]);
        } else {
            System.arraycopy(slotValues, 0, perChain, 0, perChain.length);
        }
    }

    /**
     * Stan's initial step-size search with one leapfrog step (a MALA move, so the chains may move): double or
     * halve each slot's step size until the acceptance probability crosses 0.8.
     */
    private final class Search {
        private final int chains;
        private final int slots;
        private final long seed;
        private final double[] accept;
        private final double[] logDensity;
        private final double[] slotAccept;
        private final double[] scale;
        private final int[] direction;
        private final boolean[] active;
        int iterations;

        Search(int chains, int slots, long seed) {
            this.chains = chains;
            this.slots = slots;
            this.seed = seed;
            accept = new double[chains];
            logDensity = new double[chains];
            slotAccept = new double[slots];
            scale = new double[chains];
            direction = new int[slots];
            active = new boolean[slots];
        }

        /** Updates eps in place and positions to the chains' new state; returns gradient evaluations spent. */
        long run(Metric metric, double[] positions, double[] eps, int firstIteration) {
            iterations = 0;
            try (HmcSampler s = new HmcSampler("stepsize-search", backend, target, HmcParameters.mala(1.0, metric),
                    chains, seed)) {
                s.init(positions);
                probe(s, eps, firstIteration);
                for (int k = 0; k < slots; k++) {
                    direction[k] = slotAccept[k] > SEARCH_ACCEPTANCE ? 1 : -1;
                    active[k] = true;
                }
                for (int t = 0; t < MAX_SEARCH_STEPS; t++) {
                    boolean any = false;
                    for (int k = 0; k < slots; k++) {
                        if (active[k]) {
                            double next = direction[k] > 0 ? 2 * eps[k] : 0.5 * eps[k];
                            if (next < MIN_STEP || next > MAX_STEP) {
                                active[k] = false;
                            } else {
                                eps[k] = next;
                                any = true;
                            }
                        }
                    }
                    if (!any) {
                        break;
                    }
                    probe(s, eps, firstIteration);
                    for (int k = 0; k < slots; k++) {
                        if (active[k] && (direction[k] > 0 ? !(slotAccept[k] > SEARCH_ACCEPTANCE)
                                : !(slotAccept[k] < SEARCH_ACCEPTANCE))) {
                            active[k] = false;
                        }
                    }
                }
                s.readState(positions, logDensity);
                return s.gradientEvaluations();
            }
        }

        private void probe(HmcSampler s, double[] eps, int firstIteration) {
            expand(eps, scale, slots == 1);
            s.setChainStepScale(scale);
            s.step(firstIteration + iterations);
            iterations++;
            s.readAcceptance(accept);
            if (slots == 1) {
                double sum = 0;
                for (int c = 0; c < chains; c++) {
                    sum += accept[c];
                }
                slotAccept[0] = sum / chains;
            } else {
                System.arraycopy(accept, 0, slotAccept, 0, chains);
            }
        }
    }
}
