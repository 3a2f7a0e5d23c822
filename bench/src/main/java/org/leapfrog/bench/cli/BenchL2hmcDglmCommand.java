package org.leapfrog.bench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.leapfrog.bench.vae.DglmCliProgress;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.vae.dglm.DglmExperiment;
import org.leapfrog.vae.dglm.DglmLikelihood;
import org.leapfrog.vae.dglm.DglmSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leapfrog bench l2hmc-dglm}: the L2HMC-DGLM against the plain VAE on MNIST, with Block-Gibbs inpainting. */
@Command(name = "l2hmc-dglm", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a VAE and an L2HMC-DGLM (VAE whose posterior draws are refined by an L2HMC kernel conditioned "
                + "on x) with one protocol, estimate test log-likelihoods by importance sampling, and draw Block-Gibbs "
                + "inpainting with q alone and with the kernel; writes l2hmc-dglm.json and .md and PNGs into --out.")
final class BenchL2hmcDglmCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", defaultValue = "bench-out/l2hmc-dglm", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = "--quick", description = "Minutes on a 2-core CPU: latent 8, 784-200-200 networks, 2 MH x 3 leapfrog steps, "
            + "20 epochs of 5,000 images, log-likelihood on 200 test images x 500 samples. Default: the released code's "
            + "model (latent 50, 1024 units, 5 x 5 steps, 100 epochs of 50,000 images, batch 512) and 10,000 samples on all test images.")
    boolean quick;
    @Option(names = "--epochs", paramLabel = "N", description = "Training epochs of each model.")
    Integer epochs;
    @Option(names = "--train-subset", paramLabel = "N", description = "Training images (0: all 50,000).")
    Integer trainSubset;
    @Option(names = "--validation-subset", paramLabel = "N", description = "Validation images for the per-epoch ELBO (0: all 10,000).")
    Integer validationSubset;
    @Option(names = "--mh-steps", paramLabel = "K", description = "Kernel transitions per minibatch (K >= 1).")
    Integer mhSteps;
    @Option(names = "--leapfrog-steps", paramLabel = "M", description = "Leapfrog steps per transition.")
    Integer leapfrogSteps;
    @Option(names = "--test-subset", paramLabel = "N", description = "Test images for the log-likelihood (0: all 10,000).")
    Integer testSubset;
    @Option(names = "--is-samples", paramLabel = "S", description = "Importance samples per test image.")
    Integer isSamples;
    @Option(names = "--eval-chains", paramLabel = "N", description = "Chains per test image for the DGLM's proposal centre.")
    Integer evalChains;
    @Option(names = "--eval-steps", paramLabel = "N", description = "Kernel transitions of those chains.")
    Integer evalSteps;
    @Option(names = "--tau", paramLabel = "T", description = "Proposal variance factor (default 1.5).")
    Double tau;
    @Option(names = "--sweeps", paramLabel = "N", description = "Block-Gibbs sweeps of the inpainting.")
    Integer sweeps;
    @Option(names = "--resume", description = "Continue each model from its checkpoint in --out when present.")
    boolean resume;
    @Option(names = "--precision", defaultValue = "float64", description = "float64 or float32 (default: ${DEFAULT-VALUE}).")
    String precision;
    @Option(names = "--backend", paramLabel = "KIND", description = "auto, java or opencl (default: auto).")
    String backend;
    @Option(names = "--device", paramLabel = "N", description = "OpenCL device index from 'leapfrog devices'.")
    Integer device;
    @Option(names = "--seed", defaultValue = "20180430", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        DglmExperiment.Options d = quick ? DglmExperiment.Options.quick(seed) : DglmExperiment.Options.full(seed);
        DglmSettings s = d.settings();
        if (mhSteps != null && mhSteps < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--mh-steps: " + mhSteps + "; allowed: 1 or more");
        }
        s = new DglmSettings(s.latent(), s.hidden(), mhSteps != null ? mhSteps : s.mhSteps(),
                leapfrogSteps != null ? leapfrogSteps : s.leapfrogSteps(), s.samplerHidden(), s.conditionWidth(),
                s.conditionHidden(), s.initialStepSize(), epochs != null ? epochs : s.epochs(), s.batch(), s.lr(),
                s.clipNorm(), trainSubset != null ? trainSubset : s.trainSubset(),
                validationSubset != null ? validationSubset : s.validationSubset(), seed);
        DglmLikelihood.Options l = d.likelihood();
        l = new DglmLikelihood.Options(isSamples != null ? isSamples : l.samples(), l.repeats(),
                tau != null ? tau : l.tau(), evalChains != null ? evalChains : l.chains(),
                evalSteps != null ? evalSteps : l.chainSteps(), l.rowsPerPass());
        DglmExperiment.Options o = new DglmExperiment.Options(s, testSubset != null ? testSubset : d.testImages(), l,
                d.inpaintDigits(), sweeps != null ? sweeps : d.inpaintSweeps(), resume);
        PrintWriter err = spec.commandLine().getErr();
        DglmExperiment.Result r;
        try (Backend b = Backends.open(backend, device, line -> err.println(line));
             Engine engine = Engine.on(b, TrainVaeCommand.parsePrecision(precision));
             DglmCliProgress progress = new DglmCliProgress(err, System.console() != null)) {
            r = DglmExperiment.run(engine, o, out, progress);
        } catch (IOException e) {
            throw new UncheckedIOException("bench l2hmc-dglm: " + e.getMessage(), e);
        }
        PrintWriter w = spec.commandLine().getOut();
        for (DglmExperiment.Row row : new DglmExperiment.Row[] {r.vae(), r.dglm()}) {
            w.println(String.format(Locale.ROOT, "%-11s test log-lik %.3f (sd %.3f over repeats, se %.3f over images), "
                    + "%d epochs, %.1f s", row.model(), row.testLoglik(), row.testLoglikSd(), row.testLoglikSe(),
                    row.epochs(), row.trainSeconds()));
        }
        w.println(String.format(Locale.ROOT, "paired difference DGLM - VAE: %.3f (se %.3f)", r.pairedDifference(), r.pairedSe()));
        for (Path p : r.files()) {
            w.println("wrote " + p);
        }
        w.flush();
        return 0;
    }
}
