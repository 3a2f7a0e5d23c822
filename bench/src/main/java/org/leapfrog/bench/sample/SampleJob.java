package org.leapfrog.bench.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.opencl.KernelBuildException;
import org.leapfrog.samplers.Sampler;
import org.leapfrog.samplers.adapt.CheesAdaptation;
import org.leapfrog.samplers.adapt.CheesSettings;
import org.leapfrog.samplers.adapt.CheesTuned;
import org.leapfrog.samplers.adapt.TunedParameters;
import org.leapfrog.samplers.adapt.WindowAdaptation;
import org.leapfrog.samplers.adapt.WindowAdaptationSettings;
import org.leapfrog.samplers.diagnostics.OnlineMoments;
import org.leapfrog.samplers.diagnostics.ParameterSummary;
import org.leapfrog.samplers.hmc.HmcParameters;
import org.leapfrog.samplers.Sampler;
import org.leapfrog.samplers.fused.FusedSampler;
import org.leapfrog.samplers.hmc.HmcSampler;
import org.leapfrog.samplers.l2hmc.L2hmcModel;
import org.leapfrog.samplers.l2hmc.L2hmcSampler;
import org.leapfrog.samplers.learned.LearnedModelFile;
import org.leapfrog.samplers.neural.NeuralSampler;
import org.leapfrog.samplers.hmc.JitteredHmcSampler;
import org.leapfrog.samplers.hmc.TrajectoryJitter;
import org.leapfrog.samplers.hmc.TrajectoryLength;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.output.CmdStanCsv;
import org.leapfrog.samplers.output.CmdStanCsvSink;
import org.leapfrog.samplers.output.DrawSink;
import org.leapfrog.samplers.output.FanOutSink;
import org.leapfrog.samplers.output.SummaryTable;
import org.leapfrog.samplers.run.ProgressListener;
import org.leapfrog.samplers.run.RunResult;
import org.leapfrog.samplers.run.RunSettings;
import org.leapfrog.samplers.run.SamplingRun;
import org.leapfrog.samplers.run.StreamingRun;
import org.leapfrog.samplers.fused.ChainStatistics;
import org.leapfrog.samplers.target.Target;

/**
 * {@code leapfrog sample} for the MCMC samplers (hmc, mala, and neural: HMC warmup with window adaptation burns
 * the chains in, then the learned sampler continues from those states): run, stream the kept chains to CmdStan CSV,
 * keep online moments of every chain, checkpoint, then print and write the summary.
 */
public final class SampleJob {
    private final SampleOptions options;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean interactive;

    public SampleJob(SampleOptions options, PrintWriter out, PrintWriter err, boolean interactive) {
        this.options = options;
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    /**
     * Runs the job; a target file that does not compile ends in an {@link IllegalArgumentException} naming the
     * file, the line in it and the compiler's text.
     */
    public int run() {
        try {
            return runJob();
        } catch (KernelBuildException e) {
            throw TargetFileErrors.describe(options.targetFile(), e);
        }
    }

    private int runJob() {
        long invocationStart = System.nanoTime();
        Target target = resolveTarget();
        if (options.sampler().equals("his")) {
            return new HisJob(options, target, out, err, interactive).run();
        }
        L2hmcModel l2hmc = options.sampler().equals("l2hmc")
                ? L2hmcModel.fromFile(LearnedModelFile.read(options.model()), target.name(), target.dimension(),
                        "--model " + options.model())
                : null;
        double eps = l2hmc != null ? l2hmc.stepSize()
                : options.stepSize() != null ? options.stepSize() : DefaultStepSizes.forTarget(target.name());
        Map<String, String> identity = options.identity(target.name(), eps);
        Path dir = options.out();
        OutputDirectory.prepare(dir);
        Checkpoint checkpoint = null;
        if (options.resume()) {
            if (Checkpoint.exists(dir)) {
                checkpoint = Checkpoint.read(dir);
                String differences = Checkpoint.differences(checkpoint.settings(), identity);
                if (!differences.isEmpty()) {
                    throw new IllegalArgumentException("--resume: the checkpoint in " + dir + " is of another run ("
                            + differences + "); allowed: the checkpoint's settings and input files, or leave out "
                            + "--resume to start over");
                }
                err.println("leapfrog: resuming the run in " + dir + " from its checkpoint after draw "
                        + checkpoint.drawsKept() + " of " + options.draws());
            } else {
                err.println("leapfrog: --resume: no checkpoint in " + dir + "; starting from the beginning");
            }
        }
        int n = options.chains(), d = target.dimension();
        int steps = options.sampler().equals("mala") ? 1 : l2hmc != null ? l2hmc.steps() : options.steps();
        RunSettings runSettings = new RunSettings(options.warmup(), options.draws(), options.thin());
        int[] kept = new int[options.keepChains()];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = i;
        }
        try (Backend backend = openBackend(target, options, err)) {
            MomentsAndCheckpoints.Totals totals = new MomentsAndCheckpoints.Totals();
            totals.invocationStartNanos = invocationStart;
            totals.warmupStartNanos = System.nanoTime();
            HmcParameters params;
            TrajectoryLength trajectory = null;
            double[] start;
            int first;
            long keptBefore;
            OnlineMoments moments;
            if (checkpoint != null) {
                Metric metric = Metric.of(Metric.Kind.values()[checkpoint.metricKind()], d, checkpoint.inverseMass());
                params = new HmcParameters(checkpoint.stepSizes(), steps, metric, options.jitter(),
                        HmcParameters.DEFAULT_MAX_ENERGY_ERROR);
                start = checkpoint.positions();
                first = checkpoint.iteration() + 1;
                keptBefore = checkpoint.drawsKept();
                moments = OnlineMoments.restore(n, d, checkpoint.momentCount(), checkpoint.means(),
                        checkpoint.sumsOfSquares());
                totals.gradientsBefore = checkpoint.gradients() - n; // this session's init repeats one evaluation
                totals.samplingSecondsBefore = checkpoint.samplingSeconds();
                totals.acceptSum = checkpoint.acceptSum();
                totals.acceptCount = checkpoint.acceptCount();
                totals.divergences = checkpoint.divergences();
                totals.warmupGradients = checkpoint.warmupGradients();
                totals.warmupSeconds = checkpoint.warmupSeconds();
                totals.wallSecondsBefore = checkpoint.wallSeconds();
                if (options.chees()) {
                    trajectory = CheesRecord.read(dir, options.seed());
                    params = params.withJitter(0.0);
                }
            } else {
                deleteStale(dir);
                double[] uniform = StartPositions.uniform(options.seed(), n, d);
                if (options.chees()) {
                    // T starts at one step and grows: the ChEES criterion is flat for long trajectories (Adam would
                    // barely move a T that starts there), steep for short ones. --steps is not used.
                    CheesSettings cs = CheesSettings.paper(options.warmup(), eps, 1)
                            .withMetricKind(metricKind(options.metric()))
                            .withJitter(TrajectoryJitter.parse(options.trajectoryJitter()));
                    CheesTuned tuned = new CheesAdaptation(backend, target, cs).run(uniform, n, options.seed());
                    params = tuned.parameters();
                    trajectory = tuned.trajectory();
                    start = tuned.positions();
                    first = options.warmup();
                    totals.gradientsBefore = tuned.gradientEvaluations();
                    CheesRecord.write(dir, trajectory);
                } else if (options.adapts()) {
                    // Warmup iterations 0 .. warmup-1 adapt; sampling continues the same streams from iteration warmup.
                    WindowAdaptationSettings ws = WindowAdaptationSettings.stan(options.warmup(), steps,
                            metricKind(options.metric()), WindowAdaptationSettings.Mode.SHARED).withInitialStepSize(eps);
                    TunedParameters tuned = new WindowAdaptation(backend, target, ws).run(uniform, n, options.seed());
                    params = tuned.parameters().withJitter(options.jitter());
                    start = tuned.positions();
                    first = options.warmup();
                    totals.gradientsBefore = tuned.gradientEvaluations();
                } else {
                    params = (options.sampler().equals("mala")
                            ? HmcParameters.mala(eps, Metric.unit(d))
                            : HmcParameters.hmc(eps, steps, Metric.unit(d))).withJitter(options.jitter());
                    start = uniform;
                    first = 0;
                }
                keptBefore = 0;
                moments = new OnlineMoments(n, d);
            }
            Sampler sampler;
            if (l2hmc != null) {
                sampler = new L2hmcSampler(backend, target, l2hmc, n, options.seed(), options.precision());
            } else if (options.sampler().equals("neural")) {
                sampler = NeuralSampler.fromModel(backend, target, LearnedModelFile.read(options.model()), n,
                        options.seed(), options.precision());
            } else {
                // ChEES's jittered L changes per iteration: a launch parameter, so the in-step statistics serve it too.
                boolean inStep = statisticsInStep(backend, options, checkpoint);
                HmcSampler hmc = inStep
                        ? new HmcSampler(params.numIntegrationSteps() == 1 ? "mala" : "hmc", backend, target, params, n,
                                options.seed(), options.numerics(), kept.length)
                        : new HmcSampler(backend, target, params, n, options.seed(), options.precision(),
                                options.numerics());
                sampler = trajectory == null ? hmc : new JitteredHmcSampler(hmc, trajectory);
            }
            try (sampler) {
                sampler.init(start);
                totals.gradients = sampler::gradientEvaluations;
                sample(sampler, params, runSettings, first, keptBefore, moments, totals, kept, identity, checkpoint,
                        backend, target);
            }
        }
        return 0;
    }

    private void sample(Sampler sampler, HmcParameters params, RunSettings runSettings, int first, long keptBefore,
                        OnlineMoments moments, MomentsAndCheckpoints.Totals totals, int[] kept,
                        Map<String, String> identity, Checkpoint checkpoint, Backend backend, Target target) {
        Path dir = options.out();
        int n = options.chains();
        int every = options.checkpointEvery() > 0 ? options.checkpointEvery() : Math.max(1, options.draws() / 20);
        MomentsAndCheckpoints online = new MomentsAndCheckpoints(moments, dir, identity, options.warmup(),
                options.thin(), every, keptBefore, totals, params);
        List<DrawSink> sinks = new ArrayList<>();
        if (kept.length > 0) {
            sinks.add(checkpoint != null
                    ? CmdStanCsvSink.resume(dir, n, kept, target.parameterNames(), keptBefore)
                    : new CmdStanCsvSink(dir, n, kept, target.parameterNames(), csvSettings(identity, backend)));
        }
        sinks.add(online);
        if (inStepStatistics(sampler) != null || !hostPipeline(backend) && sampler instanceof FusedSampler) {
            FusedSampler fused = (FusedSampler) sampler;
            sampleOnDevice(fused, params, runSettings, first, keptBefore, moments, totals, kept, identity, checkpoint,
                    backend, target);
            return;
        }
        RunResult result;
        ProgressListener timing = samplingClock(totals, first);
        try (DrawSink sink = FanOutSink.of(sinks.toArray(new DrawSink[0]))) {
            if (interactive) {
                try (TerminalProgress bar = new TerminalProgress(options.sampler() + " " + target.name(),
                        runSettings.totalIterations() - first, n)) {
                    result = new SamplingRun(sampler, runSettings).runFrom(first, sink, both(timing, bar));
                }
            } else {
                result = new SamplingRun(sampler, runSettings).runFrom(first, sink, timing);
            }
        }
        long gradients = totals.gradientsBefore + sampler.gradientEvaluations();
        double sampling = totals.samplingSecondsBefore + result.samplingSeconds();
        new SampleReport(options, target, identity, backend.device(), kept, gradients, sampling, totals, moments,
                checkpoint == null ? 0 : checkpoint.drawsKept(), out).write(dir);
    }

    /**
     * The system property that selects where the run's statistics are accumulated: {@code device}
     * ({@link StreamingRun}, statistics on the device, kept chains read asynchronously, output on a writer thread),
     * {@code host} (every chain read back at every kept draw and accumulated on the sampling thread; the reference
     * the equivalence tests compare against) or {@code auto} (the default: device where the backend has separate
     * device memory, host on CPUs, where it measured as fast or faster).
     */
    static final String PIPELINE_PROPERTY = "leapfrog.sample.pipeline";

    static boolean hostPipeline(Backend backend) {
        String p = System.getProperty(PIPELINE_PROPERTY, "auto");
        switch (p) {
            case "device":
                return false;
            case "host":
                return true;
            case "auto":
                // Measured on PoCL and Java (the "device" is the host's own cores): the host loop is as fast at
                // 16,384 x 50 and 1.5x faster at 262,144 x 8 (README, "The main job at kernel speed"); the device
                // pipeline saves the per-draw copy of every chain, which pays where memory is separate (GPUs).
                return backend.capabilities().cpu() || !backend.capabilities().separateDeviceMemory();
            case "step":
                return false;
            default:
                throw new IllegalArgumentException("-D" + PIPELINE_PROPERTY + ": '" + p + "'; allowed: auto, step, "
                        + "device, host");
        }
    }

    /**
     * Whether HMC/MALA keeps its statistics inside the step kernel ({@code lf_hmc_step_stats}: one launch per
     * iteration, no second pass over the state; {@code -D} {@link #PIPELINE_PROPERTY} {@code =step}): in float64,
     * by default ({@code auto}) on every backend, where it measured faster than both the host loop and the separate
     * statistics launch on PoCL (README, "The main job at kernel speed"). A resumed run whose checkpoint has no
     * device statistics (written by the host loop) continues on the host loop under {@code auto}.
     */
    static boolean statisticsInStep(Backend backend, SampleOptions options, Checkpoint checkpoint) {
        String p = System.getProperty(PIPELINE_PROPERTY, "auto");
        hostPipeline(backend); // validates the property
        boolean possible = options.precision() == org.leapfrog.samplers.Precision.FLOAT64
                && (options.sampler().equals("hmc") || options.sampler().equals("mala"));
        if (p.equals("step")) {
            if (!possible) {
                throw new IllegalArgumentException("-D" + PIPELINE_PROPERTY + "=step: sampler " + options.sampler()
                        + " in " + options.precision().label() + "; allowed: hmc or mala in float64 (or auto, device, "
                        + "host)");
            }
            return true;
        }
        return p.equals("auto") && possible && (checkpoint == null || checkpoint.statistics() != null);
    }

    /**
     * The sampling phase with the statistics on the device: the same draws, CSV rows, checkpoints and summary as
     * the host loop (moments bit-identical; the mean acceptance adds per-chain sums, see README, except with the
     * statistics inside the step, whose host-side sum keeps the host loop's bits).
     */
    private void sampleOnDevice(FusedSampler sampler, HmcParameters params, RunSettings runSettings, int first,
                                long keptBefore, OnlineMoments restored, MomentsAndCheckpoints.Totals totals, int[] kept,
                                Map<String, String> identity, Checkpoint checkpoint, Backend backend, Target target) {
        Path dir = options.out();
        int n = options.chains();
        int every = options.checkpointEvery() > 0 ? options.checkpointEvery() : Math.max(1, options.draws() / 20);
        StreamingRun.Result result;
        ProgressListener timing = samplingClock(totals, first);
        ChainStatistics owned = inStepStatistics(sampler);
        try (ChainStatistics separate = owned != null ? null
                : new ChainStatistics(backend, sampler.fusedChains().buffers(), kept.length);
             CmdStanCsvSink csv = kept.length == 0 ? null : checkpoint != null
                     ? CmdStanCsvSink.resume(dir, kept.length, kept, target.parameterNames(), keptBefore)
                     : new CmdStanCsvSink(dir, kept.length, kept, target.parameterNames(), csvSettings(identity, backend))) {
            ChainStatistics stats = owned != null ? owned : separate;
            if (checkpoint != null) {
                if (checkpoint.statistics() == null) {
                    throw new IllegalArgumentException("--resume: the checkpoint in " + dir + " was written by a run "
                            + "that kept its statistics on the host (an earlier Leapfrog or -D" + PIPELINE_PROPERTY
                            + "=host); allowed: resume it with -D" + PIPELINE_PROPERTY + "=host, or start over");
                }
                stats.restore(checkpoint.statistics());
            }
            DeviceCheckpoints checkpoints = new DeviceCheckpoints(sampler.fusedChains(), stats, dir, identity, every,
                    keptBefore, totals, params, options.checkpointEvery() > 0 ? 0 : DeviceCheckpoints.DEFAULT_MIN_SECONDS);
            int steps = sampler.gradientsPerIteration();
            // With the statistics inside the step a launch runs several iterations, also with ChEES's jittered L
            // (the kernel reads each iteration's L from a table); the separate statistics launch takes one per launch.
            StreamingRun run;
            if (sampler instanceof JitteredHmcSampler j) {
                run = owned != null
                        ? new StreamingRun(sampler.fusedChains(), stats, new StreamingRun.LaunchSteps() {
                            @Override
                            public int steps(int iteration) {
                                return j.trajectory().steps(iteration);
                            }

                            @Override
                            public void cover(int first, int count) {
                                j.coverSteps(first, count);
                            }
                        }, sampler.stepSize(), runSettings)
                        : new StreamingRun(sampler.fusedChains(), stats, j::prepare, steps, sampler.stepSize(),
                                runSettings);
            } else {
                run = new StreamingRun(sampler.fusedChains(), stats, steps, sampler.stepSize(), runSettings);
            }
            if (interactive) {
                try (TerminalProgress bar = new TerminalProgress(options.sampler() + " " + target.name(),
                        runSettings.totalIterations() - first, n)) {
                    result = run.runFrom(first, csv, checkpoints, both(timing, bar));
                }
            } else {
                result = run.runFrom(first, csv, checkpoints, timing);
            }
        }
        ChainStatistics.Snapshot s = result.statistics();
        // The per-chain acceptance sums added in chain order (ChainStatistics.Snapshot#acceptSum), on every backend.
        totals.acceptSum = s.acceptSum();
        totals.acceptCount = s.count() * n;
        totals.divergences = s.totalDivergences();
        long gradients = totals.gradientsBefore + sampler.gradientEvaluations();
        double sampling = totals.samplingSecondsBefore + result.run().samplingSeconds();
        new SampleReport(options, target, identity, backend.device(), kept, gradients, sampling, totals, s.moments(),
                checkpoint == null ? 0 : checkpoint.drawsKept(), out).write(dir);
    }

    /** The statistics an HMC/MALA sampler (jittered or not) accumulates inside its step kernel, or null. */
    private static ChainStatistics inStepStatistics(Sampler sampler) {
        HmcSampler h = sampler instanceof HmcSampler hmc ? hmc
                : sampler instanceof JitteredHmcSampler j ? j.hmc() : null;
        return h == null ? null : h.statistics();
    }

    /** Opens the backend asked for; the library's "device" is the command line's --device. */
    static Backend openBackend(Target target, SampleOptions options, PrintWriter err) {
        try {
            return TargetResolver.openBackend(target, options, err::println);
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            if (m.startsWith("device: ")) {
                throw new IllegalArgumentException("--device: " + m.substring("device: ".length()), e);
            }
            throw e;
        }
    }

    /** The library names its parameters "target" and "dimension"; the command line calls them --target and --dim. */
    private Target resolveTarget() {
        try {
            return TargetResolver.resolve(options);
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            if (m.startsWith("target: ")) {
                throw new IllegalArgumentException("--target: " + m.substring("target: ".length()), e);
            }
            if (m.startsWith("dimension: ")) {
                throw new IllegalArgumentException("--dim: " + m.substring("dimension: ".length()), e);
            }
            throw e;
        }
    }

    private static Metric.Kind metricKind(String name) {
        switch (name) {
            case "unit":
                return Metric.Kind.UNIT;
            case "dense":
                return Metric.Kind.DENSE;
            default:
                return Metric.Kind.DIAGONAL;
        }
    }

    /** Starts the sampling clock when warmup ends (or at once when resuming after it). */
    private ProgressListener samplingClock(MomentsAndCheckpoints.Totals totals, int first) {
        if (first >= options.warmup()) {
            samplingStarts(totals);
        }
        return (done, total, acc) -> {
            if (totals.samplingStartNanos < 0 && first + done == options.warmup()) {
                samplingStarts(totals);
            }
        };
    }

    /** Warmup ends: everything so far (adaptation, initial gradients, warmup iterations) counts as warmup. */
    private static void samplingStarts(MomentsAndCheckpoints.Totals totals) {
        totals.samplingStartNanos = System.nanoTime();
        if (totals.warmupGradients < 0) { // a resumed run has them from its checkpoint
            totals.warmupGradients = totals.gradientsBefore + totals.gradients.getAsLong();
            totals.warmupSeconds = (totals.samplingStartNanos - totals.warmupStartNanos) * 1e-9;
        }
    }

    private static ProgressListener both(ProgressListener a, ProgressListener b) {
        return (d, t, acc) -> {
            a.progress(d, t, acc);
            b.progress(d, t, acc);
        };
    }

    private static Map<String, String> csvSettings(Map<String, String> identity, Backend backend) {
        Map<String, String> m = new java.util.LinkedHashMap<>(identity);
        m.put("backend", backend.kind().label());
        m.put("device", backend.device().name());
        return m;
    }

    /** A fresh run replaces an earlier run's chain files and checkpoint in the same directory. */
    private void deleteStale(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(Checkpoint.FILE));
            Files.deleteIfExists(dir.resolve(CheesRecord.FILE));
            for (int c = options.keepChains(); ; c++) {
                if (!Files.deleteIfExists(CmdStanCsvSink.fileFor(dir, c))) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir, e);
        }
    }
}
