package org.leapfrog.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.leapfrog.bench.adaptation.AdaptationExperiment;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.Backends;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leapfrog bench adaptation}: condition numbers and ESS of entropy-based vs dual-averaging adaptation. */
@Command(name = "adaptation", mixinStandardHelpOptions = true,
        description = "Entropy-based adaptation (MALA/HMC) vs dual averaging: kappa on the linear hierarchical "
                + "posteriors, min bulk ESS per gradient and per second on ICG-50 and German credit.")
final class BenchAdaptationCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "Fewer seeds, chains and iterations; skips the (50,100) posterior.")
    boolean quick;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for adaptation.json.")
    Path out;

    @Option(names = "--sampling-jitter", paramLabel = "J", defaultValue = "0",
            description = "Step-size jitter of every HMC method's frozen sampling phase: step scaled by a uniform "
                    + "factor in [1-J, 1+J] per chain and iteration; 0 for none (default: ${DEFAULT-VALUE}).")
    double samplingJitter;

    @Option(names = "--backend", paramLabel = "KIND", description = "auto, java or opencl (default: java).")
    String backend = "java";

    @Option(names = "--device", paramLabel = "INDEX", description = "OpenCL device index (see leapfrog devices).")
    Integer device;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Files.createDirectories(out);
        Map<String, Object> result;
        try (Backend b = Backends.open(backend, device, err::println)) {
            AdaptationExperiment.Plan plan = (quick ? AdaptationExperiment.Plan.quick()
                    : AdaptationExperiment.Plan.full()).withSamplingJitter(samplingJitter);
            result = new AdaptationExperiment(b, plan, line -> {
                err.println(line);
                err.flush();
            }).run();
        }
        Path file = out.resolve("adaptation.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), result);
        spec.commandLine().getOut().println("wrote " + file);
        return 0;
    }
}
