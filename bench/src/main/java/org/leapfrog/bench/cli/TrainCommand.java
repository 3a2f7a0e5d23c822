package org.leapfrog.bench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code leapfrog train}: training jobs, one sub-command per model family (add classes to {@code subcommands}). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train models: each writes checkpoints, model files, a report and plots into --out.",
        subcommands = {
            TrainVaeCommand.class,
            TrainHvaeCommand.class,
        })
final class TrainCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
