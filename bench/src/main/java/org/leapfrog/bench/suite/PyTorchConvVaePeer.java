package org.leapfrog.bench.suite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PyTorch CPU peer of {@code bench hvae-mnist} ({@code bench/peers/pytorch_conv_vae.py}): training examples per
 * second of the same convolutional VAE (or HVAE with K = 10), same batch and precision, with 1 and 2 threads and
 * {@code OMP_WAIT_POLICY=PASSIVE}.
 */
public final class PyTorchConvVaePeer {
    private static final String RESOURCE = "org/leapfrog/bench/peers/pytorch_conv_vae.py";
    private static final Pattern LINE =
            Pattern.compile("pytorch_conv_(?:vae|hvae_k10) (float64|float32) threads (\\d+): ([0-9.eE+-]+) examples/s");

    private PyTorchConvVaePeer() {
    }

    /** Why PyTorch cannot run here, or empty. */
    public static Optional<String> unavailableBecause() {
        return PyTorchMlpPeer.unavailableBecause();
    }

    /**
     * Examples/s by thread count (1 and 2) of {@code model} ("vae" or "hvae-k10", the script's {@code --model}) for
     * {@code dtype} ("float64" or "float32"); the script is copied into {@code dir}.
     */
    public static Map<Integer, Double> run(String model, String dtype, int batch, double minSeconds, Path dir) {
        try {
            Files.createDirectories(dir);
            Path script = dir.resolve("pytorch_conv_vae.py");
            try (InputStream in = PyTorchConvVaePeer.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + RESOURCE + " is missing from the classpath");
                }
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            GemmPeer.Run r = GemmPeer.run(List.of(PyTorchMlpPeer.PYTHON, script.toString(), "--model", model, "--batch",
                    Integer.toString(batch), "--threads", "1,2", "--dtypes", dtype, "--min-seconds",
                    Double.toString(minSeconds)), 300 + 40 * minSeconds, Map.of("OMP_WAIT_POLICY", "PASSIVE"));
            if (r.exitCode() != 0) {
                throw new IllegalStateException("pytorch_conv_vae.py failed (exit " + r.exitCode() + "): "
                        + GemmPeer.firstLine(r.output()));
            }
            Map<Integer, Double> out = new TreeMap<>();
            Matcher m = LINE.matcher(r.output());
            while (m.find()) {
                out.put(Integer.parseInt(m.group(2)), Double.parseDouble(m.group(3)));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("pytorch_conv_vae.py could not run: " + e.getMessage(), e);
        }
    }
}
