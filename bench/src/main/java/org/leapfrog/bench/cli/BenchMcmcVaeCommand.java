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
            files = new McmcVaeExperiment(engine, Mnist.load(), p, progress, resume).run(out);
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

    private static <T> T or(T v, T d) {
        return v != null ? v : d;
    }
}
