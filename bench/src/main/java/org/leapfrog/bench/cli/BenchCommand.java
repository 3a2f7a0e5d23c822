package org.leapfrog.bench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code leapfrog bench}: the benchmark suite. Each benchmark is its own sub-command class; to add one, put
 * its class in {@code subcommands} below.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: each writes JSON, CSV, a Markdown report and PNG plots into --out.",
        subcommands = {
            BenchThroughputCommand.class,
            BenchL2hmcTableCommand.class,
            BenchAdaptationCommand.class,
            BenchDenseCommand.class,
            BenchHvaeGaussianCommand.class,
            BenchHvaeMnistCommand.class,
            BenchMcmcVaeCommand.class,
            BenchL2hmcCommand.class,
            BenchNeuralCommand.class,
            BenchEssCommand.class,
            BenchL2hmcDglmCommand.class,
            BenchLinearHvaeCommand.class,
        })
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
