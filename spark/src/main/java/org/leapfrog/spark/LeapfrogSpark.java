package org.leapfrog.spark;

import java.io.UncheckedIOException;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code spark-submit --class org.leapfrog.spark.LeapfrogSpark leapfrog-spark.jar sample|bench ...}: the
 * Spark entry point. Without spark-submit (plain {@code java}, the {@code ./leapfrog-spark} launcher) the
 * master is {@code --master}, default {@code local[*]}.
 */
@Command(name = "leapfrog-spark", mixinStandardHelpOptions = true,
        description = "Leapfrog on Apache Spark: chain shards of one posterior, many posteriors at once.",
        subcommands = {SparkSampleCommand.class, SparkBenchCommand.class, CommandLine.HelpCommand.class})
public final class LeapfrogSpark implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line with one-line errors for bad input (exit 2), as the {@code leapfrog} command has. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new LeapfrogSpark());
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("leapfrog-spark: " + ex.getMessage());
            return ex.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException) {
                line.getErr().println("leapfrog-spark: " + ex.getMessage());
                return 2;
            }
            if (ex instanceof UncheckedIOException) {
                line.getErr().println("leapfrog-spark: " + ex.getMessage() + " (" + ex.getCause().getMessage() + ")");
                return 1;
            }
            throw ex;
        });
        return cl;
    }

    /**
     * The session: spark-submit's master when there is one (it sets {@code spark.master}), else {@code master}.
     */
    static SparkSession session(String master, String appName) {
        SparkSession.Builder b = SparkSession.builder().appName(appName);
        if (System.getProperty("spark.master") == null) {
            b.master(master);
        }
        SparkSession s = b.getOrCreate();
        s.sparkContext().setLogLevel("WARN");
        return s;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
