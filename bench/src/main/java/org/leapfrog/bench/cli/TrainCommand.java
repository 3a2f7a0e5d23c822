package org.leapfrog.bench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code leapfrog train}: trains learned samplers. Each learned sampler is its own sub-command class; to add one,
 * put its class in {@code subcommands} below.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a learned sampler: progress bar, checkpoints (--resume), PNG curves and a model file.",
        subcommands = {
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
