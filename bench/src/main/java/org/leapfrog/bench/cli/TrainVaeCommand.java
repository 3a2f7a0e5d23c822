package org.leapfrog.bench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.leapfrog.bench.vae.VaeCliProgress;
import org.leapfrog.kernels.ElementType;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.vae.data.Mnist;
import org.leapfrog.vae.model.Architecture;
import org.leapfrog.vae.model.Objective;
import org.leapfrog.vae.model.VaeElbo;
import org.leapfrog.vae.train.TrainSettings;
import org.leapfrog.vae.train.TrainingReport;
import org.leapfrog.vae.train.VaeExperiment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leapfrog train vae}: a VAE on dynamically binarised MNIST (Caterini et al. 2018's protocol by default). */
@Command(name = "vae", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a VAE on MNIST with Adamax and early stopping, then estimate the test NLL by importance "
                + "sampling; writes checkpoint/, model.params.json, report.json/.md and PNGs into --out.")
class TrainVaeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", defaultValue = "mnist", description = "Data set: mnist (vendored; default).")
    String data;
    @Option(names = "--arch", defaultValue = "conv", description = "mlp or conv (default: ${DEFAULT-VALUE}).")
    String arch;
    @Option(names = "--latent", defaultValue = "64", description = "Latent dimension (default: ${DEFAULT-VALUE}).")
    int latent;
    @Option(names = "--hidden", paramLabel = "N", description = "Hidden width (default: mlp 300, conv 450).")
    Integer hidden;
    @Option(names = "--epochs", defaultValue = "5000", description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--batch", defaultValue = "100", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--lr", defaultValue = "1e-3", description = "Adamax learning rate (default: ${DEFAULT-VALUE}).")
    double lr;
    @Option(names = "--patience", defaultValue = "100",
            description = "Stop after this many epochs without a better validation ELBO (default: ${DEFAULT-VALUE}).")
    int patience;
    @Option(names = "--train-subset", defaultValue = "0", paramLabel = "N",
            description = "Train on the first N of the 50,000 training images (default: all).")
    int trainSubset;
    @Option(names = "--validation-subset", defaultValue = "0", paramLabel = "N",
            description = "Validate on the first N of the 10,000 validation images (default: all).")
    int validationSubset;
    @Option(names = "--test-subset", defaultValue = "0", paramLabel = "N",
            description = "Test NLL on the first N of the 10,000 test images (default: all).")
    int testSubset;
    @Option(names = "--no-nll", description = "Skip the test NLL.")
    boolean noNll;
    @Option(names = "--nll-samples", defaultValue = "1000", description = "Importance samples per image (default: ${DEFAULT-VALUE}).")
    int nllSamples;
    @Option(names = "--nll-repeats", defaultValue = "3", description = "Repeats of the NLL estimate (default: ${DEFAULT-VALUE}).")
    int nllRepeats;
    @Option(names = "--analytic-kl", description = "Train on log p(x|z) - KL(q || p) instead of the one-sample ELBO.")
    boolean analyticKl;
    @Option(names = "--precision", defaultValue = "float64", description = "float64 or float32 (default: ${DEFAULT-VALUE}).")
    String precision;
    @Option(names = "--backend", paramLabel = "KIND", description = "auto, java or opencl (default: auto).")
    String backend;
    @Option(names = "--device", paramLabel = "N", description = "OpenCL device index from 'leapfrog devices'.")
    Integer device;
    @Option(names = "--seed", defaultValue = "20181203", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--resume", description = "Continue from --out/checkpoint (same settings) instead of starting over.")
    boolean resume;
    @Option(names = "--out", defaultValue = "runs/vae", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        if (!data.equals("mnist")) {
            throw new IllegalArgumentException("--data: '" + data + "'; allowed: mnist");
        }
        Architecture a = Architecture.byName(arch, latent);
        if (hidden != null) {
            a = new Architecture(a.kind(), latent, hidden);
        }
        ElementType type = parsePrecision(precision);
        TrainSettings s = new TrainSettings(epochs, batch, lr, patience, trainSubset, validationSubset, seed,
                Math.max(batch, 500));
        VaeExperiment.Options o = new VaeExperiment.Options(noNll ? -1 : testSubset, nllSamples, nllRepeats, 1000, resume);
        PrintWriter err = spec.commandLine().getErr();
        TrainingReport report;
        try (Backend b = Backends.open(backend, device, line -> err.println(line));
             Engine engine = Engine.on(b, type);
             VaeCliProgress progress = new VaeCliProgress(err, System.console() != null)) {
            report = VaeExperiment.run(engine, Mnist.load(), a, objective(engine, a), s, o, out, progress);
        } catch (IOException e) {
            throw new UncheckedIOException("train vae: " + e.getMessage(), e);
        }
        PrintWriter w = spec.commandLine().getOut();
        w.println(String.format(Locale.ROOT, report.model() + " (%s): %d epochs (best %d), best validation ELBO %.3f, %.0f s, %.0f examples/s%s",
                a.label(), report.epochs(), report.bestEpoch(), report.bestValidationElbo(), report.trainSeconds(),
                report.examplesPerSecond(), report.testNll() == null ? ""
                        : String.format(Locale.ROOT, ", test NLL %.3f (sd %.3f)", report.testNll().mean(), report.testNll().sd())));
        w.println("wrote " + out);
        w.flush();
        return 0;
    }

    /** The objective trained (the VAE's ELBO here; the HVAE's in {@code train hvae}). */
    Objective objective(Engine engine, Architecture a) {
        return new VaeElbo(analyticKl);
    }

    static ElementType parsePrecision(String p) {
        return switch (p) {
            case "float64" -> ElementType.FLOAT64;
            case "float32" -> ElementType.FLOAT32;
            default -> throw new IllegalArgumentException("--precision: '" + p + "'; allowed: float64, float32");
        };
    }
}
