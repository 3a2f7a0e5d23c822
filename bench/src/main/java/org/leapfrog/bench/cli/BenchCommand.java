package org.leapfrog.bench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code leapfrog bench}: the benchmark suite's experiments, one sub-command each. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run the benchmark suite's experiments.",
        subcommands = {BenchAdaptationCommand.class})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
