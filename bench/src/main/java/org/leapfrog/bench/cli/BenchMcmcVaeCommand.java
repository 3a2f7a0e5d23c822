package org.leapfrog.bench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.leapfrog.bench.vae.VaeCliProgress;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.samplers.adapt.Preconditioner;
import org.leapfrog.vae.data.Mnist;
import org.leapfrog.vae.dglm.DglmExperiment;
import org.leapfrog.vae.hierarchical.LinearHvaeExperiment;
import org.leapfrog.vae.mcmc.McmcVaeReport;
import org.leapfrog.vae.mcmc.McmcVaeRow;
import org.leapfrog.vae.mcmc.McmcVaeExperiment;
import org.leapfrog.vae.mcmc.McmcVaeExperiment.Protocol;
import org.leapfrog.vae.model.Architecture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leapfrog bench mcmc-vae}: VAEs trained with short MCMC runs (Hirt et al., Table 1 on MNIST). */
@Command(name = "mcmc-vae", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Pretrain a VAE on MNIST with the ELBO, branch into the MCMC-coupled models (Algorithm 1: gradMALA,"
                + " dsMALA, gradHMC, dsHMC) and more ELBO epochs (vae), estimate test log-likelihoods by importance"
                + " sampling; writes mcmc-vae.json and .md (and a directory per run and model) into --out.")
final class BenchMcmcVaeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", defaultValue = "bench-out/mcmc-vae", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = "--quick", description = "2 + 1 epochs on 2,000 images, 50 test images x 500 samples (minutes on a CPU).")
    boolean quick;
    @Option(names = "--full", description = "The paper's protocol (the default without --quick): 90 + 10 epochs on all data, all 10,000 test images x 10,000 samples, 3 runs.")
    boolean full;
    @Option(names = "--models", split = ",", paramLabel = "LIST", description = "vae, gradMALA, dsMALA, gradHMC, dsHMC (default: all).")
    List<String> models;
    @Option(names = "--pretrain-epochs", paramLabel = "N", description = "ELBO epochs before the MCMC phase (paper 90).")
    Integer pretrainEpochs;
    @Option(names = "--mcmc-epochs", paramLabel = "N", description = "Epochs of the MCMC phase (paper 10).")
    Integer mcmcEpochs;
    @Option(names = "--train-subset", paramLabel = "N", description = "Training images (0: all 50,000).")
    Integer trainSubset;
    @Option(names = "--validation-subset", paramLabel = "N", description = "Validation images (0: all 10,000).")
    Integer validationSubset;
    @Option(names = "--latent", paramLabel = "N", description = "Latent dimension (default 10).")
    Integer latent;
    @Option(names = "--mh-steps", paramLabel = "K", description = "Metropolis-Hastings steps per training step.")
    Integer mhSteps;
    @Option(names = "--leapfrog-steps", paramLabel = "L", description = "Leapfrog steps of the HMC models.")
    Integer leapfrogSteps;
    @Option(names = "--preconditioner", paramLabel = "D|LT", description = "C of the gradient models: D (diagonal) or LT (lower triangular).")
    String preconditioner;
    @Option(names = "--phi1-lr", paramLabel = "RATE", description = "Adam's rate on (h, C) of the gradient models.")
    Double phi1Lr;
    @Option(names = "--lr", paramLabel = "RATE", description = "Adamax rate on encoder and decoder (default 1e-3).")
    Double lr;
    @Option(names = "--test-subset", paramLabel = "N", description = "Test images (0: all 10,000).")
    Integer testSubset;
    @Option(names = "--is-samples", paramLabel = "S", description = "Importance samples per image (paper 10,000).")
    Integer isSamples;
    @Option(names = "--is-repeats", paramLabel = "N", description = "Importance-sampling repeats per model.")
    Integer isRepeats;
    @Option(names = "--tau", paramLabel = "T", description = "Proposal scale tau (default 1.5).")
    Double tau;
    @Option(names = "--eval-chains", paramLabel = "N", description = "Chains whose mean z_K centres the MCMC models' proposal.")
    Integer evalChains;
    @Option(names = "--runs", paramLabel = "N", description = "Independent runs (paper 3).")
    Integer runs;
    @Option(names = "--resume", description = "Continue from the checkpoints and finished models in --out.")
    boolean resume;
    @Option(names = "--no-dglm", description = "Skip the l2hmc-dglm row (vae.dglm, its own quick/full protocol).")
    boolean noDglm;
    @Option(names = "--no-linear", description = "Skip DIR/linear-hvae.json (vae.hierarchical, Tables 4 and 5).")
    boolean noLinear;
    @Option(names = "--backend", paramLabel = "KIND", description = "auto, java or opencl (default: auto).")
    String backend;
    @Option(names = "--device", paramLabel = "N", description = "OpenCL device index from 'leapfrog devices'.")
    Integer device;
    @Option(names = "--seed", defaultValue = "20230601", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        if (quick && full) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--quick and --full: choose one");
        }
        Protocol d = quick ? Protocol.quick(seed) : Protocol.paper(seed);
        Preconditioner.Kind kind = d.kind();
        if (preconditioner != null) {
            kind = switch (preconditioner.toUpperCase(java.util.Locale.ROOT)) {
                case "D" -> Preconditioner.Kind.DIAGONAL;
                case "LT" -> Preconditioner.Kind.LOWER_TRIANGULAR;
                default -> throw new CommandLine.ParameterException(spec.commandLine(), "--preconditioner: '"
                        + preconditioner + "'; allowed: D or LT");
            };
        }
        Protocol p;
        try {
            p = new Protocol(latent != null ? Architecture.mlp(latent) : d.architecture(),
                    or(pretrainEpochs, d.pretrainEpochs()), or(mcmcEpochs, d.mcmcEpochs()), d.batch(), or(lr, d.lr()),
                    or(trainSubset, d.trainSubset()), or(validationSubset, d.validationSubset()), or(mhSteps, d.mhSteps()),
                    or(leapfrogSteps, d.leapfrogSteps()), kind, or(phi1Lr, d.phi1Rate()), or(testSubset, d.testImages()),
                    or(isSamples, d.isSamples()), or(isRepeats, d.isRepeats()), or(tau, d.tau()),
                    or(evalChains, d.evalChains()), or(runs, d.runs()), models != null ? models : d.models(), seed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        List<Path> files;
        try (Backend b = Backends.open(backend, device, line -> err.println(line));
             Engine engine = Engine.on(b);
             VaeCliProgress progress = new VaeCliProgress(err, System.console() != null)) {
            err.println("protocol: " + p);
            files = new java.util.ArrayList<>(new McmcVaeExperiment(engine, Mnist.load(), p, progress, resume).run(out));
            if (!noDglm) {
                files.add(dglmRow(engine, err));
            }
            if (!noLinear) {
                err.println("linear hierarchical VAEs (" + (quick ? "quick" : "full") + " plan) into " + out);
                err.flush();
                LinearHvaeExperiment.run(quick ? LinearHvaeExperiment.Settings.quick()
                        : LinearHvaeExperiment.Settings.full(), out);
                files.add(out.resolve("linear-hvae.json"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("bench mcmc-vae: " + e.getMessage(), e);
        }
        PrintWriter o = spec.commandLine().getOut();
        for (Path f : files) {
            o.println("wrote " + f);
        }
        o.flush();
        return 0;
    }

    /** Trains and evaluates the L2HMC-DGLM ({@code vae.dglm}) and adds its row to DIR/mcmc-vae.json and .md. */
    private Path dglmRow(Engine engine, PrintWriter err) throws IOException {
        DglmExperiment.Options d = quick ? DglmExperiment.Options.quick(seed) : DglmExperiment.Options.full(seed);
        DglmExperiment.Options o = new DglmExperiment.Options(d.settings(), d.testImages(), d.likelihood(),
                d.inpaintDigits(), d.inpaintSweeps(), resume);
        DglmExperiment.Row r = DglmExperiment.dglmRow(engine, o, out.resolve(DglmExperiment.DGLM),
                new DglmExperiment.Progress() {
                    @Override
                    public void phase(String name) {
                        err.println(name);
                        err.flush();
                    }
                });
        McmcVaeRow row = new McmcVaeRow(r.model(), r.dataset(), r.epochs(), 0, r.epochs(), r.trainSeconds(),
                r.trainSeconds(), r.testLoglik(), r.testLoglikSd(), "importance-sampling repeats", r.testLoglikSe(),
                r.acceptance(), Double.NaN, "l2hmc", 0, 0, r.stepSize(), Double.NaN, 1,
                o.testImages() == 0 ? Mnist.TEST : o.testImages(), o.likelihood().samples(), o.likelihood().tau(), null);
        McmcVaeReport.upsert(out, row);
        Path md = out.resolve(McmcVaeReport.MARKDOWN);
        java.nio.file.Files.writeString(md, String.format(java.util.Locale.ROOT,
                "%nl2hmc-dglm (vae.dglm, its own %s protocol; proposal %s): %d epochs, %.1f s, test log-likelihood"
                        + " %.3f (sd %.3f over repeats, se %.3f over images), acceptance %.3f; Block-Gibbs inpainting"
                        + " of the top half: `l2hmc-dglm/inpainting-q.png` (z ~ q) and `l2hmc-dglm/inpainting-l2hmc.png`"
                        + " (the kernel).%n",
                quick ? "quick" : "full", r.proposal(), r.epochs(), r.trainSeconds(), r.testLoglik(), r.testLoglikSd(),
                r.testLoglikSe(), r.acceptance()), java.nio.file.StandardOpenOption.APPEND);
        return out.resolve(McmcVaeReport.JSON);
    }

    private static <T> T or(T v, T d) {
        return v != null ? v : d;
    }
}
