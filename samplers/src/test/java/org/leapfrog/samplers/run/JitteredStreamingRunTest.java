package org.leapfrog.samplers.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leapfrog.runtime.Backend;
import org.leapfrog.samplers.Numerics;
import org.leapfrog.samplers.Precision;
import org.leapfrog.samplers.fused.ChainStatistics;
import org.leapfrog.samplers.hmc.HmcParameters;
import org.leapfrog.samplers.hmc.HmcSampler;
import org.leapfrog.samplers.hmc.JitteredHmcSampler;
import org.leapfrog.samplers.hmc.TrajectoryJitter;
import org.leapfrog.samplers.hmc.TrajectoryLength;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;

/**
 * ChEES-HMC's sampling phase (L jittered every iteration) through the streaming loop with the statistics inside
 * the step kernel gives exactly the host loop's draws, n_leapfrog__ column, gradient count and moments.
 */
class JitteredStreamingRunTest {
    private static final int CHAINS = 37;
    private static final int KEPT = 3;


    private static JitteredHmcSampler sampler(Backend b, boolean statisticsInStep) {
        Target t = Targets.byName("icg50", null);
        TrajectoryLength trajectory = new TrajectoryLength(0.9, 0.2, TrajectoryJitter.HALTON, 1000, 4L);
        HmcParameters params = HmcParameters.hmc(0.2, trajectory.steps(0), Metric.unit(t.dimension()));
        HmcSampler hmc = statisticsInStep
                ? new HmcSampler("hmc", b, t, params, CHAINS, 4L, Numerics.REPRODUCIBLE, KEPT)
                : new HmcSampler(b, t, params, CHAINS, 4L, Precision.FLOAT64, Numerics.REPRODUCIBLE);
        JitteredHmcSampler s = new JitteredHmcSampler(hmc, trajectory);
        double[] start = new double[t.dimension() * CHAINS];
        for (int i = 0; i < start.length; i++) {
            start[i] = Math.cos(0.7 * i);
        }
        s.init(start);
        return s;
    }

    /** The reference: the host loop ({@link SamplingRun}) with the statistics outside the step. */
    private static RunResult hostLoop(Backend b, RunSettings settings, StreamingRunTest.KeptRecorder rows) {
        try (JitteredHmcSampler s = sampler(b, false)) {
            return new SamplingRun(s, settings).runFrom(0, rows, (d, t, a) -> { });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "opencl"})
    void inStepStatisticsGiveTheHostLoopsDrawsAndLengths(String backend) {
        RunSettings settings = new RunSettings(0, 14, 1);
        StreamingRunTest.KeptRecorder reference = new StreamingRunTest.KeptRecorder(),
                    streamed = new StreamingRunTest.KeptRecorder();
        try (Backend b = StreamingRunTest.open(backend)) {
            RunResult ref = hostLoop(b, settings, reference);
            StreamingRun.Result r;
            try (JitteredHmcSampler s = sampler(b, true)) {
                ChainStatistics stats = s.hmc().statistics();
                r = new StreamingRun(s.fusedChains(), stats, s::prepare, s.gradientsPerIteration(), s.stepSize(),
                        settings).runFrom(0, streamed, null, (d, t, a) -> { });
            }
            assertEquals(reference.rows.size(), streamed.rows.size());
            for (int i = 0; i < reference.rows.size(); i++) {
                assertArrayEquals(reference.rows.get(i), streamed.rows.get(i), 0.0, "row " + i);
            }
            assertEquals(ref.gradientEvaluations(), r.run().gradientEvaluations());
            // The lengths did change between draws (else this test could not tell the columns apart).
            int lengthColumn = Targets.byName("icg50", null).dimension() + 4;
            long distinct = streamed.rows.stream().mapToDouble(row -> row[lengthColumn]).distinct().count();
            assertTrue(distinct >= 3, "distinct L over the draws: " + distinct);
            assertEquals(ref.meanAcceptance(), r.run().meanAcceptance(), 1e-12);
        }
    }

    /**
     * Launches of several iterations with the jittered lengths read from the kernel's table (thinning, a warmup
     * that ends inside what would be a launch, more iterations than one table holds so that it is refilled): the
     * host loop's draws (with their n_leapfrog__ column) and gradient count, bit for bit.
     */
    @ParameterizedTest
    @ValueSource(strings = {"java", "opencl"})
    void launchesOfSeveralIterationsKeepEachIterationsLength(String backend) {
        RunSettings settings = new RunSettings(3, 2100, 2); // 4,203 iterations: past one table of 4,096
        StreamingRunTest.KeptRecorder reference = new StreamingRunTest.KeptRecorder(),
                    streamed = new StreamingRunTest.KeptRecorder();
        try (Backend b = StreamingRunTest.open(backend)) {
            RunResult ref = hostLoop(b, settings, reference);
            StreamingRun.Result r;
            java.util.List<Integer> launches = new java.util.ArrayList<>();
            try (JitteredHmcSampler s = sampler(b, true)) {
                ChainStatistics stats = s.hmc().statistics();
                StreamingRun.LaunchSteps steps = new StreamingRun.LaunchSteps() {
                    @Override
                    public int steps(int iteration) {
                        return s.trajectory().steps(iteration);
                    }

                    @Override
                    public void cover(int first, int count) {
                        s.coverSteps(first, count);
                    }
                };
                r = new StreamingRun(s.fusedChains(), stats, steps, s.stepSize(), settings)
                        .runFrom(0, streamed, null, (d, t, a) -> launches.add((int) d));
            }
            assertEquals(reference.rows.size(), streamed.rows.size());
            for (int i = 0; i < reference.rows.size(); i++) {
                assertArrayEquals(reference.rows.get(i), streamed.rows.get(i), 0.0, "row " + i);
            }
            assertEquals(ref.gradientEvaluations(), r.run().gradientEvaluations());
            assertEquals(3, launches.get(0), "warmup is its own launch");
            assertEquals(19, launches.get(1), "then 16 iterations per launch");
            assertEquals(settings.totalIterations(), launches.get(launches.size() - 1));
        }
    }
}
