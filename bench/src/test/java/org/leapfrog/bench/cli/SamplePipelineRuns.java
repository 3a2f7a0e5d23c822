package org.leapfrog.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;

/** {@code leapfrog sample} runs under a chosen {@code -Dleapfrog.sample.pipeline}, for tests that compare pipelines. */
abstract class SamplePipelineRuns extends InProcessCli {
    /** Keys of summary.json's run that measure time (they differ between any two runs). */
    static final List<String> TIMING = List.of("warmup_seconds", "sampling_seconds", "wall_seconds",
            "wall_seconds_all_invocations", "ess_bulk_min_per_second");

    /**
     * Runs {@code sample} with {@code args} plus {@code --out out} under pipeline {@code pipeline} (null: the
     * property unset, i.e. the default), restores the property, and returns summary.json.
     */
    JsonNode sample(Path out, String pipeline, String... args) throws Exception {
        String before = System.getProperty("leapfrog.sample.pipeline");
        set(pipeline);
        try {
            String[] all = new String[args.length + 2];
            System.arraycopy(args, 0, all, 0, args.length);
            all[args.length] = "--out";
            all[args.length + 1] = out.toString();
            assertEquals(0, run(all), err.toString());
        } finally {
            set(before);
        }
        return new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    }

    private static void set(String pipeline) {
        if (pipeline == null) {
            System.clearProperty("leapfrog.sample.pipeline");
        } else {
            System.setProperty("leapfrog.sample.pipeline", pipeline);
        }
    }
}
