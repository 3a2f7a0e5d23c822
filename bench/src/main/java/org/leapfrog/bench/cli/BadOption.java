package org.leapfrog.bench.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** One line for an argument picocli could not take: the option, the value, and what is allowed. */
final class BadOption {
    private BadOption() {
    }

    static String describe(ParameterException ex) {
        CommandLine cl = ex.getCommandLine();
        String help = "see '" + cl.getCommandSpec().qualifiedName() + " --help'";
        if (ex instanceof UnmatchedArgumentException u) {
            List<String> suggestions = u.getSuggestions();
            String first = ex.getMessage().lines().findFirst().orElse("unknown argument");
            return first + (suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions) + "?")
                    + "; " + help;
        }
        if (ex instanceof CommandLine.OverwrittenOptionException o && o.getOverwritten() instanceof OptionSpec option) {
            return option.longestName() + ": given more than once; allowed: once";
        }
        if (ex instanceof CommandLine.MissingParameterException m && m.getMissing().size() == 1
                && m.getMissing().get(0) instanceof OptionSpec option) {
            return option.longestName() + ": no value; allowed: " + allowed(option.type()) + "; " + help;
        }
        ArgSpec arg = ex.getArgSpec();
        if (arg instanceof OptionSpec option) {
            String value = ex.getValue() == null ? "no value" : "'" + ex.getValue() + "'";
            return option.longestName() + ": " + value + "; allowed: " + allowed(option.type());
        }
        return ex.getMessage().lines().findFirst().orElse("bad arguments") + "; " + help;
    }

    private static String allowed(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class) {
            return "a number such as 0.25 or 1e-3";
        }
        if (type == Path.class) {
            return "a file or directory path";
        }
        return "a value";
    }
}
