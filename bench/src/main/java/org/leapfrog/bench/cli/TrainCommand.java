package org.leapfrog.bench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code leapfrog train}: training jobs, one sub-command per model family (VAEs, learned samplers); to add one,
 * put its class in {@code subcommands} below.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train models: progress bar, checkpoints (--resume), model files, reports and PNG plots.",
        subcommands = {
            TrainVaeCommand.class,
            TrainHvaeCommand.class,
            TrainL2hmcCommand.class,
            TrainNeuralCommand.class,
        })
final class TrainCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
