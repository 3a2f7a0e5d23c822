package org.leapfrog.bench.cli;

import java.util.Locale;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.vae.hvae.FlowSettings;
import org.leapfrog.vae.hvae.StepSizeMode;
import org.leapfrog.vae.hvae.TemperingMode;
import org.leapfrog.vae.model.Architecture;
import org.leapfrog.vae.model.HvaeObjective;
import org.leapfrog.vae.model.Objective;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leapfrog train hvae}: the Hamiltonian VAE on MNIST; every option of {@code train vae} plus the flow's. */
@Command(name = "hvae", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a Hamiltonian VAE (K leapfrog and tempering steps on log p(x, z) after the encoder) on MNIST; "
                + "same protocol and outputs as 'train vae'.")
final class TrainHvaeCommand extends TrainVaeCommand {
    @Option(names = "--steps", defaultValue = "10", paramLabel = "K", description = "Flow steps K (default: ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--tempering", defaultValue = "free", description = "none, fixed or free (default: ${DEFAULT-VALUE}).")
    String tempering;
    @Option(names = "--eps-mode", defaultValue = "varied", description = "shared or varied step sizes across steps (default: ${DEFAULT-VALUE}).")
    String epsMode;
    @Option(names = "--max-eps", defaultValue = "0.5", description = "xi: step sizes are in (0, xi) (default: ${DEFAULT-VALUE}).")
    double maxEps;
    @Option(names = "--eps0", defaultValue = "0.2", description = "Initial step size (default: ${DEFAULT-VALUE}, the paper's MNIST code).")
    double eps0;
    @Option(names = "--beta0", description = "Initial inverse temperature, fixed/free tempering (default: the paper's MNIST "
            + "code: 0.81^K for free, every alpha 0.9; 1/1.5 for fixed).")
    Double beta0;

    TrainHvaeCommand() {
        out = java.nio.file.Path.of("runs/hvae");
    }

    @Override
    Objective objective(Engine engine, Architecture a) {
        TemperingMode t = switch (tempering) {
            case "none", "fixed", "free" -> TemperingMode.valueOf(tempering.toUpperCase(Locale.ROOT));
            default -> throw new IllegalArgumentException("--tempering: '" + tempering + "'; allowed: none, fixed, free");
        };
        StepSizeMode m = switch (epsMode) {
            case "shared" -> StepSizeMode.SHARED;
            case "varied" -> StepSizeMode.PER_STEP;
            default -> throw new IllegalArgumentException("--eps-mode: '" + epsMode + "'; allowed: shared, varied");
        };
        return new HvaeObjective(engine, a.latent(), new FlowSettings(steps, t, m, maxEps, eps0,
                beta0 == null ? FlowSettings.mnistBeta0(steps, t) : beta0));
    }
}
