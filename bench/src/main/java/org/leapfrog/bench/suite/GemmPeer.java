package org.leapfrog.bench.suite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenBLAS peer of the dense benchmark ({@code bench/peers/gemm_ref.c}, packaged as a resource): built with
 * {@code gcc -O3 -march=native ... -lopenblas} into a work directory, run per product, precision and thread count.
 */
public final class GemmPeer {
    private static final String RESOURCE = "org/leapfrog/bench/peers/gemm_ref.c";
    private static final Pattern RESULT = Pattern.compile(": ([0-9.eE+-]+) s/op, ([0-9.eE+-]+) GFLOP/s");

    private Path binary;

    /** Builds the peer into {@code dir}; empty on success, else why not (no gcc, no OpenBLAS headers or library). */
    public Optional<String> build(Path dir) {
        try {
            Path src = dir.resolve("gemm_ref.c");
            try (InputStream in = GemmPeer.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    return Optional.of("resource " + RESOURCE + " is missing from the classpath");
                }
                Files.copy(in, src, StandardCopyOption.REPLACE_EXISTING);
            }
            Path out = dir.resolve("gemm_ref");
            Run r = run(List.of("gcc", "-O3", "-march=native", src.toString(), "-o", out.toString(), "-lopenblas"), 120);
            if (r.exitCode() != 0) {
                return Optional.of("gcc -lopenblas failed (exit " + r.exitCode() + "; Debian: apt-get install libopenblas-dev): "
                        + firstLine(r.output()));
            }
            binary = out;
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("could not build gemm_ref.c: " + e.getMessage());
        }
    }

    public boolean built() {
        return binary != null;
    }

    /**
     * GFLOP/s of one product ({@code nn}: x W, {@code nt}: g W^T, {@code tn}: x^T g) on {@code n x k x m} in
     * float64 ({@code d}) or float32 ({@code s}) with the given OpenBLAS threads.
     */
    public double gflops(String op, String precision, DenseSettings.Shape s, int threads, double minSeconds) {
        if (binary == null) {
            throw new IllegalStateException("gemm_ref has not been built");
        }
        try {
            Run r = run(List.of(binary.toString(), op, precision, Integer.toString(s.n()), Integer.toString(s.k()),
                    Integer.toString(s.m()), Integer.toString(threads), Double.toString(minSeconds)), 60 + 20 * minSeconds);
            Matcher m = RESULT.matcher(r.output());
            if (r.exitCode() != 0 || !m.find()) {
                throw new IllegalStateException("gemm_ref failed (exit " + r.exitCode() + "): " + firstLine(r.output()));
            }
            return Double.parseDouble(m.group(2));
        } catch (IOException e) {
            throw new IllegalStateException("gemm_ref could not run: " + e.getMessage(), e);
        }
    }

    record Run(int exitCode, String output) {
    }

    /** Runs a command with its output in a file, so the timeout holds even if the process stops writing. */
    static Run run(List<String> cmd, double timeoutSeconds) throws IOException {
        return run(cmd, timeoutSeconds, java.util.Map.of());
    }

    static Run run(List<String> cmd, double timeoutSeconds, java.util.Map<String, String> env) throws IOException {
        Path log = Files.createTempFile("leapfrog-peer", ".log");
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            if (!p.waitFor((long) Math.ceil(timeoutSeconds), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Run(-1, "timed out after " + timeoutSeconds + " s");
            }
            return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Run(-1, "interrupted");
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
