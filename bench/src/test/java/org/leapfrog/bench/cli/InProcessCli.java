package org.leapfrog.bench.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Base of the command-line tests: runs {@code leapfrog} in-process and captures what it prints. */
abstract class InProcessCli {
    /** Everything the command printed to standard output. */
    protected final StringWriter out = new StringWriter();
    /** Everything the command printed to standard error. */
    protected final StringWriter err = new StringWriter();

    /** Runs {@code leapfrog args...} and returns its exit code. */
    protected int run(String... args) {
        CommandLine cl = LeapfrogCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }
}
