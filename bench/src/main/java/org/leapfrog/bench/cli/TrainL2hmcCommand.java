package org.leapfrog.bench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.leapfrog.bench.train.L2hmcTrainingJob;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.samplers.l2hmc.L2hmcDefaults;
import org.leapfrog.samplers.l2hmc.L2hmcModel;
import org.leapfrog.samplers.l2hmc.L2hmcTrainer;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leapfrog train l2hmc}: trains an L2HMC sampler for a built-in target and writes its model file. */
@Command(name = "l2hmc", mixinStandardHelpOptions = true,
        description = "Train L2HMC (Levy et al. 2018) for a target; writes the model JSON, PNG curves and, while "
                + "running, a checkpoint (<out>.checkpoint.json) that --resume continues exactly.")
final class TrainL2hmcCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Option(names = "--target", required = true, paramLabel = "NAME", description = "icg50, scg, scg-paper, mog, roughwell, ...")
    String target;
    @Option(names = "--steps", defaultValue = "10", paramLabel = "M", description = "Augmented leapfrog steps M (default: ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--iterations", defaultValue = "5000", paramLabel = "N", description = "Training iterations (default: ${DEFAULT-VALUE}).")
    int iterations;
    @Option(names = "--batch", defaultValue = "200", paramLabel = "B", description = "Chains per batch (default: ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--hidden", paramLabel = "H", description = "Network width (default: 10 for 2-d targets, 100 above).")
    Integer hidden;
    @Option(names = "--lambda-b", paramLabel = "L", description = "Weight of the q = N(0, I) batch (default: 1 for mog, roughwell and scg, else 0).")
    Double lambdaB;
    @Option(names = "--temperature", paramLabel = "T0", description = "Start temperature, annealed to 1 over 80%% of training (default: 10 for mog, else 1).")
    Double temperature;
    @Option(names = "--learning-rate", defaultValue = "1e-3", description = "Adam's initial rate, x0.96 every 1000 iterations (default: ${DEFAULT-VALUE}).")
    double learningRate;
    @Option(names = "--step-size", defaultValue = "0.1", description = "Initial step size (learned; default: ${DEFAULT-VALUE}).")
    double stepSize;
    @Option(names = "--seed", defaultValue = "20180430", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--backend", paramLabel = "KIND", description = "auto, java or opencl: where the tensor engine trains (default: auto).")
    String backend;
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The model file to write (JSON).")
    Path out;
    @Option(names = "--checkpoint-every", defaultValue = "250", paramLabel = "N", description = "Checkpoint every N iterations (default: ${DEFAULT-VALUE}; 0: never).")
    int checkpointEvery;
    @Option(names = "--snapshot-every", defaultValue = "0", paramLabel = "N", description = "Also keep the model every N iterations as <out stem>-iter<N>.json (default: 0, none).")
    int snapshotEvery;
    @Option(names = "--loss-scale", defaultValue = "0.1", paramLabel = "L2", description = "lambda^2 of the loss lambda^2/delta - delta/lambda^2 (default: ${DEFAULT-VALUE}, the released code's).")
    double lossScale;
    @Option(names = "--jump", defaultValue = "euclidean", paramLabel = "KIND", description = "Squared jump in the loss: "
            + "euclidean (the paper's, |x - x'|^2) or standardised (each coordinate divided by a moving average of the "
            + "training chains' variance; default: ${DEFAULT-VALUE}).")
    String jump;
    @Option(names = "--jump-decay", defaultValue = "0.99", paramLabel = "R", description = "With --jump standardised: "
            + "weight of the old value in the variance's moving average, in [0, 1) (default: ${DEFAULT-VALUE}).")
    double jumpDecay;
    @Option(names = "--resume", description = "Continue from <out>.checkpoint.json (same settings required).")
    boolean resume;

    @Override
    public Integer call() {
        Target t = Targets.byName(target, null);
        int h = hidden != null ? hidden : L2hmcDefaults.hidden(t);
        double lb = lambdaB != null ? lambdaB : L2hmcDefaults.lambdaB(t);
        double t0 = temperature != null ? temperature : L2hmcDefaults.temperatureStart(t);
        L2hmcTrainer.Settings s = new L2hmcTrainer.Settings(iterations, batch, learningRate, 1000, 0.96, lb, lossScale, t0,
                0.8, seed, L2hmcTrainer.Jump.of(jump), jumpDecay);
        L2hmcModel initial = L2hmcModel.initial(t.name(), t.dimension(), steps, h, stepSize, seed);
        int logEvery = Math.max(1, iterations / 500);
        try (Backend b = Backends.open(BackendRequest.resolve(backend, null), m -> spec.commandLine().getErr().println(m));
             Engine engine = Engine.on(b)) {
            L2hmcTrainingJob.Result r = new L2hmcTrainingJob(t, initial, s, out, checkpointEvery, logEvery, resume, true,
                    snapshotEvery)
                    .run(engine);
            spec.commandLine().getOut().printf("trained l2hmc for %s: %d iterations in %.1f s (%.2f it/s), step size %.4g, "
                            + "acceptance %.3f, loss %.4g; model %s%n", t.name(), iterations, r.seconds(),
                    r.iterationsPerSecond(), r.last().get("step_size"), r.last().get("acceptance"), r.last().get("loss"), out);
        }
        return 0;
    }
}
