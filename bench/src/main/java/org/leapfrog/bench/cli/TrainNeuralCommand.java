package org.leapfrog.bench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.leapfrog.bench.neural.NeuralTrainJob;
import org.leapfrog.samplers.neural.NeuralTraining;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leapfrog train neural}: the proposal-entropy coupling sampler with Table A.1's settings. */
@Command(name = "neural", mixinStandardHelpOptions = true,
        description = "Train the proposal-entropy coupling sampler (Li et al. 2021) on a built-in target with the paper's settings (Table A.1).")
final class TrainNeuralCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--target", required = true, description = "icg50, scg, funnel1, funnel3, german, australian or heart.")
    String target;
    @Option(names = "--out", paramLabel = "FILE", description = "Model JSON to write (default: neural-<target>.json).")
    Path out;
    @Option(names = "--budget", defaultValue = "1", description = "Scales the paper's batch and iterations (0 < B <= 1) for small machines; recorded in the model (default: ${DEFAULT-VALUE}).")
    double budget;
    @Option(names = "--width-scale", defaultValue = "1", description = "Scales the networks' width (0 < W <= 1), recorded in the model (default: ${DEFAULT-VALUE}).")
    double widthScale;
    @Option(names = "--batch", description = "Overrides the batch (chains per iteration and buffer size).")
    Integer batch;
    @Option(names = "--iterations", description = "Overrides the number of training iterations.")
    Integer iterations;
    @Option(names = "--burn-in", defaultValue = "500", description = "HMC warmup iterations that burn in the sample buffer (default: ${DEFAULT-VALUE}).")
    int burnIn;
    @Option(names = "--seed", defaultValue = "20210503", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--backend", paramLabel = "KIND", description = "Backend of the HMC burn-in: auto, java or opencl (default: auto). --engine picks where training runs.")
    String backend;
    @Option(names = "--engine", defaultValue = "java", paramLabel = "KIND", description = "Where the tensor engine trains: java or opencl (the whole step stays on the device; default: ${DEFAULT-VALUE}).")
    String engine;
    @Option(names = "--resume", description = "Continue from the checkpoint next to --out.")
    boolean resume;
    @Option(names = "--checkpoint-every", defaultValue = "0", description = "Checkpoint every N iterations (default: 0 = iterations / 20).")
    int checkpointEvery;

    @Override
    public Integer call() {
        if (!NeuralTraining.hasPaperSettings(target)) {
            throw new IllegalArgumentException("--target: '" + target + "'; allowed: icg50, scg, funnel1, funnel3, german, australian, heart");
        }
        if (!(budget > 0 && budget <= 1)) {
            throw new IllegalArgumentException("--budget: " + budget + "; allowed: 0 < budget <= 1");
        }
        if (!(widthScale > 0 && widthScale <= 1)) {
            throw new IllegalArgumentException("--width-scale: " + widthScale + "; allowed: 0 < scale <= 1");
        }
        if (burnIn < 20) {
            throw new IllegalArgumentException("--burn-in: " + burnIn + "; allowed: 20 or more");
        }
        NeuralTraining t = NeuralTraining.paper(target).scaled(budget, widthScale);
        if (batch != null || iterations != null) {
            int b = batch != null ? batch : t.batch();
            int it = iterations != null ? iterations : t.iterations();
            if (b < 1 || it < 1) {
                throw new IllegalArgumentException("--batch/--iterations: " + b + "/" + it + "; allowed: 1 or more");
            }
            t = t.withBatch(b, it);
        }
        Target tg = Targets.byName(target, null);
        Path file = out != null ? out : Path.of("neural-" + target + ".json");
        NeuralTrainJob.Result r = NeuralTrainJob.run(new NeuralTrainJob.Options(tg, t, budget, widthScale, burnIn, seed,
                backend, file, resume, checkpointEvery, true, engine), spec.commandLine().getErr());
        spec.commandLine().getOut().printf("trained neural sampler for %s: %d iterations of %d chains in %.1f s "
                        + "(burn-in %.1f s); final acceptance %s; model %s%n", target, t.iterations(), t.batch(),
                r.seconds(), r.burnInSeconds(), ((java.util.Map<?, ?>) r.model().training().get("final")).get("acceptance"), file);
        return 0;
    }
}
