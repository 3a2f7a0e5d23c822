package org.leapfrog.bench.suite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PyTorch CPU peer of the dense benchmark ({@code bench/peers/pytorch_mlp.py}): run with
 * {@code /usr/bin/python3} and {@code OMP_WAIT_POLICY=PASSIVE} at 1 and 2 threads; the better is kept per dtype.
 */
public final class PyTorchMlpPeer {
    static final String PYTHON = "/usr/bin/python3";
    private static final String RESOURCE = "org/leapfrog/bench/peers/pytorch_mlp.py";
    private static final Pattern LINE = Pattern.compile("pytorch_mlp (float64|float32) threads (\\d+): ([0-9.eE+-]+) ms/op");

    /** Why PyTorch cannot run here, or empty when {@code import torch} works. */
    public static Optional<String> unavailableBecause() {
        try {
            GemmPeer.Run r = GemmPeer.run(List.of(PYTHON, "-c", "import torch"), 120);
            return r.exitCode() == 0 ? Optional.empty()
                    : Optional.of(PYTHON + " -c 'import torch' failed (Debian: apt-get install python3-torch): "
                            + GemmPeer.firstLine(r.output()));
        } catch (IOException e) {
            return Optional.of(PYTHON + " cannot run: " + e.getMessage());
        }
    }

    /**
     * Best ms/op per dtype ({@code float64}, {@code float32}) over 1 and 2 threads, for the MLP of the settings;
     * the script is copied into {@code dir}. Each value is the minimum over thread counts; the map also holds
     * {@code "<dtype> threads"} with the thread count that gave it.
     */
    public static Map<String, Double> run(DenseSettings s, Path dir) {
        try {
            Path script = dir.resolve("pytorch_mlp.py");
            try (InputStream in = PyTorchMlpPeer.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + RESOURCE + " is missing from the classpath");
                }
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            GemmPeer.Run r = GemmPeer.run(List.of(PYTHON, script.toString(), "--batch", Integer.toString(s.batch()),
                    "--width", Integer.toString(s.width()), "--layers", Integer.toString(s.layers()),
                    "--threads", "1,2", "--dtypes", "float64,float32", "--min-seconds", Double.toString(s.minSeconds())),
                    300 + 40 * s.minSeconds(), Map.of("OMP_WAIT_POLICY", "PASSIVE"));
            if (r.exitCode() != 0) {
                throw new IllegalStateException("pytorch_mlp.py failed (exit " + r.exitCode() + "): " + GemmPeer.firstLine(r.output()));
            }
            Map<String, Double> best = new LinkedHashMap<>();
            Matcher m = LINE.matcher(r.output());
            while (m.find()) {
                double ms = Double.parseDouble(m.group(3));
                if (!best.containsKey(m.group(1)) || ms < best.get(m.group(1))) {
                    best.put(m.group(1), ms);
                    best.put(m.group(1) + " threads", Double.parseDouble(m.group(2)));
                }
            }
            return best;
        } catch (IOException e) {
            throw new IllegalStateException("pytorch_mlp.py could not run: " + e.getMessage(), e);
        }
    }
}
