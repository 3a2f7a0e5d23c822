package org.leapfrog.bench.cli;

import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code leapfrog} command: entry point of the CLI. Sub-commands do the work. */
@Command(name = "leapfrog", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Very large batches of Markov chains with Hamiltonian-family samplers.",
        subcommands = {DevicesCommand.class, SampleCommand.class, BenchCommand.class, TrainCommand.class,
            CommandLine.HelpCommand.class})
public final class LeapfrogCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with Leapfrog's error handling: bad input prints one clear line and exits 2. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new LeapfrogCommand());
        // Bad input: one line naming the option, the value and what is allowed, and exit 2 (no usage dump).
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("leapfrog: " + BadOption.describe(ex));
            return ex.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException) {
                line.getErr().println("leapfrog: " + ex.getMessage());
                return 2;
            }
            if (ex instanceof UncheckedIOException) {
                line.getErr().println("leapfrog: " + ex.getMessage() + " (" + ex.getCause().getMessage() + ")");
                return 1;
            }
            throw ex;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
