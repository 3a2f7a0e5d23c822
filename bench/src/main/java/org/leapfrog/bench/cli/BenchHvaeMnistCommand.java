package org.leapfrog.bench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.leapfrog.bench.vae.HvaeMnistBenchmark;
import org.leapfrog.bench.vae.MnistModels;
import org.leapfrog.bench.vae.VaeCliProgress;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.vae.hvae.FlowSettings;
import org.leapfrog.vae.model.Architecture;
import org.leapfrog.vae.train.TrainSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leapfrog bench hvae-mnist}: VAE and HVAE on MNIST at equal epochs, test NLL and training speed vs PyTorch. */
@Command(name = "hvae-mnist", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train each model on MNIST with one protocol, estimate test NLLs by importance sampling, and time "
                + "the conv VAE's training next to PyTorch CPU; writes hvae-mnist.json and .md (and a run per model) into --out.")
final class BenchHvaeMnistCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", defaultValue = "bench-out/hvae-mnist", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = "--quick", description = "3 epochs on 2,000 training images, NLL on 20 test images (a few minutes on a CPU).")
    boolean quick;
    @Option(names = "--models", split = ",", paramLabel = "LIST", description = "Rows to run (default: all known).")
    List<String> models;
    @Option(names = "--arch", paramLabel = "NAME", description = "conv (default) or mlp.")
    String arch;
    @Option(names = "--epochs", paramLabel = "N", description = "Maximum epochs (default: 5000; --quick: 3).")
    Integer epochs;
    @Option(names = "--patience", paramLabel = "N", description = "Early-stopping patience in epochs (default: 100).")
    Integer patience;
    @Option(names = "--train-subset", paramLabel = "N", description = "Training images (default: all 50,000; --quick: 2,000).")
    Integer trainSubset;
    @Option(names = "--validation-subset", paramLabel = "N", description = "Validation images (default: all 10,000; --quick: 1,000).")
    Integer validationSubset;
    @Option(names = "--test-subset", paramLabel = "N", description = "Test images for the NLL (default: all 10,000; --quick: 20).")
    Integer testSubset;
    @Option(names = "--nll-samples", paramLabel = "N", description = "Importance samples per image (default: 1000).")
    Integer nllSamples;
    @Option(names = "--pretrain-epochs", paramLabel = "N", description = "Train a VAE N epochs first; every model starts from it and trains --epochs more (default: 0).")
    Integer pretrainEpochs;
    @Option(names = "--eps0", paramLabel = "EPS", description = "Initial step size of every HVAE row's flow (default: 0.2, "
            + "the paper's MNIST code).")
    Double eps0;
    @Option(names = "--beta0", paramLabel = "B", description = "Initial inverse temperature of every tempered HVAE row "
            + "(default: the paper's MNIST code: 0.81^K free, 1/1.5 fixed).")
    Double beta0;
    @Option(names = "--speed-steps", paramLabel = "N", description = "Timed training steps per speed run; 0 skips the speed comparison (default: 20; --quick: 10).")
    Integer speedSteps;
    @Option(names = "--speed-only", description = "Only the training-speed comparison with PyTorch (no model rows).")
    boolean speedOnly;
    @Option(names = "--no-peers", description = "Do not run PyTorch.")
    boolean noPeers;
    @Option(names = "--precision", defaultValue = "float64", description = "float64 or float32 (default: ${DEFAULT-VALUE}).")
    String precision;
    @Option(names = "--backend", paramLabel = "KIND", description = "auto, java or opencl (default: auto).")
    String backend;
    @Option(names = "--device", paramLabel = "N", description = "OpenCL device index from 'leapfrog devices'.")
    Integer device;
    @Option(names = "--seed", defaultValue = "20181203", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        double xi = FlowSettings.PAPER_MAX_STEP_SIZE;
        if (eps0 != null && !(eps0 > 0 && eps0 < xi)) {
            throw new IllegalArgumentException("--eps0: " + eps0 + "; allowed: 0 < eps0 < " + xi + " (the step sizes' maximum)");
        }
        if (beta0 != null && !(beta0 > 0 && beta0 < 1)) {
            throw new IllegalArgumentException("--beta0: " + beta0 + "; allowed: 0 < beta0 < 1");
        }
        HvaeMnistBenchmark.Settings d = quick ? HvaeMnistBenchmark.Settings.quick(seed) : HvaeMnistBenchmark.Settings.full(seed);
        TrainSettings t = d.train();
        TrainSettings train = new TrainSettings(epochs != null ? epochs : t.epochs(), t.batch(), t.lr(),
                patience != null ? patience : t.patience(), trainSubset != null ? trainSubset : t.trainSubset(),
                validationSubset != null ? validationSubset : t.validationSubset(), seed, t.evalBatch());
        HvaeMnistBenchmark.Settings s = new HvaeMnistBenchmark.Settings(quick,
                arch != null ? Architecture.byName(arch, 64) : d.architecture(), train,
                testSubset != null ? testSubset : d.testSubset(), nllSamples != null ? nllSamples : d.nllSamples(),
                d.nllRepeats(), speedOnly ? List.of() : models != null ? models : d.models(), !noPeers, speedSteps != null ? speedSteps : d.speedSteps(),
                pretrainEpochs != null ? pretrainEpochs : d.pretrainEpochs(), new MnistModels.FlowStart(eps0, beta0));
        PrintWriter err = spec.commandLine().getErr();
        List<Path> files;
        try (Backend b = Backends.open(backend, device, line -> err.println(line));
             Engine engine = Engine.on(b, TrainVaeCommand.parsePrecision(precision));
             VaeCliProgress progress = new VaeCliProgress(err, System.console() != null)) {
            files = new HvaeMnistBenchmark(s, engine, precision, progress).run(out);
        } catch (IOException e) {
            throw new UncheckedIOException("bench hvae-mnist: " + e.getMessage(), e);
        }
        PrintWriter o = spec.commandLine().getOut();
        for (Path p : files) {
            o.println("wrote " + p);
        }
        o.flush();
        return 0;
    }
}
