package org.leapfrog.bench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.leapfrog.bench.sample.SampleJob;
import org.leapfrog.bench.sample.SampleOptions;
import org.leapfrog.samplers.Numerics;
import org.leapfrog.samplers.Precision;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leapfrog sample}: run a batch of chains on a target and summarise it. */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a batch of chains on a target; write CmdStan CSV files and a summary.")
public final class SampleCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--target", paramLabel = "NAME",
            description = "Built-in target: normal, icg50, scg, scg-paper, mog, roughwell, funnel1, funnel3, german, australian, heart.")
    String target;
    @Option(names = "--target-file", paramLabel = "FILE",
            description = "OpenCL C source defining lf_logp_grad (and optionally lf_hvp); needs --dim and the opencl backend; --data gives it data.")
    Path targetFile;
    @Option(names = "--target-class", paramLabel = "NAME",
            description = "A Java class implementing org.leapfrog.samplers.target.Target (public no-arg constructor, or one taking TargetData); runs on java, and on opencl too if it provides deviceCode().")
    String targetClass;
    @Option(names = "--classpath", paramLabel = "PATHS",
            description = "Jar files or class directories holding --target-class, separated by '${sys:path.separator}'.")
    String classpath;
    @Option(names = "--data", paramLabel = "FILE",
            description = "Data for --target-file or --target-class: JSON (named numbers, vectors, matrices) or CSV (one matrix X with a header row); see README 'Your own target'.")
    Path data;
    @Option(names = "--dim", paramLabel = "N", description = "Dimension, for targets that take one (normal, --target-file); with --target-class, checked against the class.")
    Integer dim;
    @Option(names = "--sampler", defaultValue = "hmc", description = "hmc, mala, his, l2hmc or neural (l2hmc and neural need --model) (default: ${DEFAULT-VALUE}).")
    String sampler;
    @Option(names = "--backend", paramLabel = "KIND", description = "auto, java or opencl (default: auto, or leapfrog.backend / LEAPFROG_BACKEND).")
    String backend;
    @Option(names = "--device", paramLabel = "N", description = "OpenCL device index from 'leapfrog devices'.")
    Integer device;
    @Option(names = "--chains", defaultValue = "1024", description = "Number of chains (default: ${DEFAULT-VALUE}).")
    int chains;
    @Option(names = "--warmup", defaultValue = "500", description = "Warmup iterations, discarded; they adapt the step size and metric unless --no-adapt (default: ${DEFAULT-VALUE}).")
    int warmup;
    @Option(names = "--draws", defaultValue = "1000", description = "Draws kept per chain (default: ${DEFAULT-VALUE}).")
    int draws;
    @Option(names = "--thin", defaultValue = "1", description = "Keep every N-th iteration (default: ${DEFAULT-VALUE}).")
    int thin;
    @Option(names = "--steps", paramLabel = "L", description = "Leapfrog steps per iteration, L (his: flow steps K) (default: 10; mala: 1, its only value).")
    Integer steps;
    @Option(names = "--step-size", paramLabel = "EPS", description = "Leapfrog step size; with adaptation, its starting value (default: per target, see README).")
    Double stepSize;
    @Option(names = "--seed", defaultValue = "20181203", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--out", defaultValue = "leapfrog-out", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = "--keep-chains", paramLabel = "N", description = "Chains whose draws are written (default: min(chains, 8)); all chains count in the online summaries.")
    Integer keepChains;
    @Option(names = "--resume", description = "Continue an interrupted run in --out from its last checkpoint.")
    boolean resume;
    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "0", description = "Checkpoint every N kept draws (default: 0 = draws / 20).")
    int checkpointEvery;
    @Option(names = "--no-adapt", description = "Keep the step size fixed during warmup instead of Stan's window adaptation.")
    boolean noAdapt;
    @Option(names = "--adapt", defaultValue = "auto", paramLabel = "KIND",
            description = "Warmup adaptation: window (Stan's windows: step size, metric), chees (ChEES-HMC: trajectory length, step size and diagonal metric across chains; jittered trajectory lengths, no step-size jitter), or auto: chees for hmc with 64 or more chains and a unit or diagonal metric, else window (default: ${DEFAULT-VALUE}).")
    String adapt;
    @Option(names = "--trajectory-jitter", defaultValue = "halton", paramLabel = "KIND",
            description = "With --adapt chees: how L_t = ceil(u_t T / eps) draws u_t, halton or uniform (default: ${DEFAULT-VALUE}).")
    String trajectoryJitter;
    @Option(names = "--metric", defaultValue = "diag", description = "Metric adapted in warmup: unit, diag or dense (default: ${DEFAULT-VALUE}).")
    String metric;
    @Option(names = "--jitter", defaultValue = "0.5", description = "Step size scaled by a uniform factor in [1-J, 1+J] per chain and iteration, so trajectory lengths vary (default: ${DEFAULT-VALUE}).")
    double jitter;
    @Option(names = "--precision", defaultValue = "float64", paramLabel = "P",
            description = "float64 or float32: the kernels' REAL and the chain state (float32: twice the SIMD lanes on CPUs, GPUs' natural precision; the window adaptation's warmup stays float64) (default: ${DEFAULT-VALUE}).")
    String precision;
    @Option(names = "--numerics", paramLabel = "N",
            description = "reproducible or fast: reproducible (the default, or the system property leapfrog.numerics) gives the same draws on every backend; fast lets the compiler fuse multiply-adds (faster kernels, draws equal across backends only to rounding; the window adaptation's warmup stays reproducible).")
    String numerics;
    @Option(names = "--model", paramLabel = "FILE", description = "l2hmc: the model file written by 'leapfrog train l2hmc' (its step count and step size are the model's); neural: the model from 'leapfrog train neural' (warmup runs HMC with window adaptation, the neural sampler continues from its end states).")
    Path model;
    @Option(names = "--beta0", defaultValue = "0.5", description = "his: initial inverse temperature of the quadratic tempering (default: ${DEFAULT-VALUE}).")
    double beta0;

    @Override
    public Integer call() {
        return new SampleJob(options(), spec.commandLine().getOut(), spec.commandLine().getErr(),
                System.console() != null).run();
    }

    /** The parsed options (also for commands that mix these options in, such as the Spark module's sample). */
    public SampleOptions options() {
        return options(null);
    }

    /**
     * The parsed options, with {@code --target defaultTarget} when no target option was given (for commands whose
     * targets come from elsewhere, such as the Spark module's many-posterior mode).
     */
    public SampleOptions options(String defaultTarget) {
        String target = this.target == null && targetFile == null && targetClass == null ? defaultTarget : this.target;
        int keep = keepChains != null ? keepChains : Math.min(chains, 8);
        int l = steps != null ? steps : "mala".equals(sampler) ? 1 : 10;
        return new SampleOptions(target, targetFile, dim, sampler, backend, device, chains, warmup,
                draws, thin, l, stepSize, seed, out, keep, resume, checkpointEvery, beta0, !noAdapt, metric, jitter,
                data, targetClass, classpath, parsePrecision(precision), model, adapt, trajectoryJitter,
                parseNumerics(numerics));
    }

    private static Numerics parseNumerics(String text) {
        if (text == null) {
            return Numerics.fromSystemProperty();
        }
        try {
            return Numerics.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--numerics: '" + text + "'; allowed: reproducible or fast");
        }
    }

    private static Precision parsePrecision(String text) {
        try {
            return Precision.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--precision: '" + text + "'; allowed: float64 or float32");
        }
    }
}
