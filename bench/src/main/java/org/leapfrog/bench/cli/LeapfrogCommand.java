package org.leapfrog.bench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code leapfrog} command: entry point of the CLI. Sub-commands do the work. */
@Command(name = "leapfrog", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Very large batches of Markov chains with Hamiltonian-family samplers.",
        subcommands = {DevicesCommand.class, SampleCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
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
        // Picocli's default handler drops the usage when it can suggest a near sub-command name; show both.
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            java.io.PrintWriter w = c.getErr();
            w.println(ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, w);
            c.usage(w, c.getColorScheme());
            return c.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException) {
                line.getErr().println("leapfrog: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
