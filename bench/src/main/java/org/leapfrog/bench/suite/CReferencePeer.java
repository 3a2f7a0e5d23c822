package org.leapfrog.bench.suite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hand-written C/OpenMP reference of a throughput workload ({@code bench/peers/*.c}, packaged as classpath
 * resources): built with gcc into a work directory and run at chain counts that are multiples of its block
 * size. It prints one line with seconds, gradient evaluations per second and the acceptance rate.
 */
public final class CReferencePeer {
    private static final String RESOURCES = "org/leapfrog/bench/peers/";
    private static final Pattern RESULT = Pattern.compile(
            ": ([0-9.eE+-]+) s, ([0-9.eE+-]+) grad-evals/s, accept ([0-9.eE+-]+)");

    private final String workload;
    private final String source;
    private final int blockSize;
    private final List<String> libraries;
    private Path binary;
    private Path dataFile;

    private CReferencePeer(String workload, String source, int blockSize, List<String> libraries) {
        this.workload = workload;
        this.source = source;
        this.blockSize = blockSize;
        this.libraries = libraries;
    }

    /** The reference for a workload, when there is one: hmc_ref.c for icg50, blr_ref.c (OpenBLAS) for german. */
    public static Optional<CReferencePeer> forWorkload(String workload) {
        switch (workload) {
            case "icg50":
                return Optional.of(new CReferencePeer(workload, "hmc_ref.c", 64, List.of("-lm")));
            case "german":
                return Optional.of(new CReferencePeer(workload, "blr_ref.c", 32, List.of("-lopenblas", "-lm")));
            default:
                return Optional.empty();
        }
    }

    public String name() {
        return source;
    }

    public int blockSize() {
        return blockSize;
    }

    /**
     * Compiles the reference into {@code dir}. Returns empty on success, else why it could not be built (no gcc,
     * a missing library such as OpenBLAS: Debian {@code libopenblas-dev}).
     */
    public Optional<String> build(Path dir) {
        try {
            Path src = dir.resolve(source);
            copyResource(RESOURCES + source, src);
            Path out = dir.resolve(source.replace(".c", ""));
            List<String> cmd = new ArrayList<>(List.of("gcc", "-O3", "-march=native", "-fopenmp", "-ffast-math",
                    src.toString(), "-o", out.toString()));
            cmd.addAll(libraries);
            GemmPeer.Run r = GemmPeer.run(cmd, 300);
            if (r.exitCode() != 0) {
                return Optional.of("gcc failed for " + source + " (exit " + r.exitCode() + "): " + firstLines(r.output(), 3));
            }
            if (workload.equals("german")) {
                dataFile = dir.resolve("german.csv");
                copyResource("org/leapfrog/data/blr/german.csv", dataFile);
            }
            binary = out;
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("could not build " + source + ": " + e.getMessage());
        }
    }

    /** Whether {@link #build} succeeded. */
    public boolean built() {
        return binary != null;
    }

    /** Runs {@code iterations} iterations with {@code chains} chains (a multiple of the block size). */
    public PeerRun run(int chains, int iterations, double stepSize, double timeoutSeconds) {
        if (binary == null) {
            throw new IllegalStateException("peer " + source + " has not been built");
        }
        if (chains % blockSize != 0) {
            throw new IllegalArgumentException("chains: " + chains + " for " + source + "; allowed: multiples of " + blockSize);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        if (dataFile != null) {
            cmd.add(dataFile.toString());
        }
        cmd.add(Integer.toString(chains));
        cmd.add(Integer.toString(iterations));
        cmd.add(Double.toString(stepSize));
        try {
            // OpenMP's busy-waiting collapses the reference when anything else shares the cores (measured 6x
            // slower next to one other process); passive waiting keeps it at its best unless the caller chose.
            java.util.Map<String, String> env = System.getenv("OMP_WAIT_POLICY") == null
                    ? java.util.Map.of("OMP_WAIT_POLICY", "PASSIVE") : java.util.Map.of();
            GemmPeer.Run r = GemmPeer.run(cmd, timeoutSeconds, env);
            Matcher m = RESULT.matcher(r.output());
            if (r.exitCode() != 0 || !m.find()) {
                throw new IllegalStateException(source + " failed (exit " + r.exitCode() + "): " + firstLines(r.output(), 3));
            }
            return new PeerRun(chains, iterations, Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                    Double.parseDouble(m.group(3)), r.output().trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One run's output line, parsed. */
    public record PeerRun(int chains, int iterations, double seconds, double gradEvalsPerSecond, double acceptRate,
                          String line) {
    }

    private static void copyResource(String name, Path to) throws IOException {
        try (InputStream in = CReferencePeer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " is missing from the classpath");
            }
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String firstLines(String s, int n) {
        String[] lines = s.strip().split("\\R");
        return String.join(" | ", java.util.Arrays.copyOf(lines, Math.min(n, lines.length)));
    }
}
