package org.leapfrog.bench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code leapfrog train}: trains learned samplers; each kind is a sub-command. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a learned sampler; writes a model JSON, a checkpoint next to it and PNG curves.",
        subcommands = {TrainNeuralCommand.class})
final class TrainCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
