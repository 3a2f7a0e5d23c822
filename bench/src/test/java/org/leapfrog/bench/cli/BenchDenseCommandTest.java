package org.leapfrog.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code leapfrog bench dense} in a tiny configuration: its files exist and carry the keys. The peers (OpenBLAS,
 * PyTorch) run when this machine has them; otherwise their rows must say why they are unavailable.
 */
class BenchDenseCommandTest extends InProcessCli {
    @TempDir
    Path dir;

    @Test
    void denseWritesJsonMarkdownAndPlotsWithTheKeys() throws Exception {
        Path o = dir.resolve("dense");
        int code = run("bench", "dense", "--quick", "--shapes", "37x5x9", "--batch", "33", "--width", "7",
                "--layers", "2", "--min-seconds", "0.01", "--backends", "java", "--out", o.toString());
        assertEquals(0, code, err.toString());

        JsonNode json = new ObjectMapper().readTree(o.resolve("dense.json").toFile());
        assertEquals("dense", json.get("benchmark").asText());
        assertTrue(json.get("machine").get("cores").asInt() >= 1);
        JsonNode matmul = json.get("matmul");
        // one shape x three products x two precisions on one backend
        assertEquals(6, matmul.size(), matmul.toString());
        for (JsonNode m : matmul) {
            for (String key : new String[] {"shape", "product", "backend", "precision", "gflops", "peer", "peer_gflops",
                "ratio_to_peer"}) {
                assertTrue(m.has(key), key + " in " + m);
            }
            assertEquals("37x5x9", m.get("shape").asText());
            assertEquals("java", m.get("backend").asText());
            assertTrue(m.get("gflops").asDouble() > 0, m.toString());
            if (m.get("peer").asText().startsWith("unavailable")) {
                assertTrue(m.get("peer_gflops").isNull() && m.get("ratio_to_peer").isNull(), m.toString());
            } else {
                assertTrue(m.get("peer").asText().startsWith("openblas"), m.toString());
                double ratio = m.get("gflops").asDouble() / m.get("peer_gflops").asDouble();
                assertEquals(ratio, m.get("ratio_to_peer").asDouble(), 1e-12 * ratio);
            }
        }
        assertEquals("float64", matmul.get(0).get("precision").asText());
        assertEquals("float32", matmul.get(3).get("precision").asText());

        JsonNode mlp = json.get("mlp");
        assertEquals(2, mlp.size(), mlp.toString());
        JsonNode f64 = mlp.get(0);
        for (String key : new String[] {"shape", "backend", "precision", "mlp_ms", "pytorch_ms", "speedup_vs_pytorch"}) {
            assertTrue(f64.has(key), key + " in " + f64);
        }
        assertEquals("33x7, 2 layers", f64.get("shape").asText());
        assertTrue(f64.get("mlp_ms").asDouble() > 0, f64.toString());
        if (f64.get("pytorch_ms").isNull()) {
            assertTrue(f64.get("note").asText().startsWith("PyTorch unavailable"), f64.toString());
        } else {
            assertEquals(f64.get("pytorch_ms").asDouble() / f64.get("mlp_ms").asDouble(),
                    f64.get("speedup_vs_pytorch").asDouble(), 1e-9);
        }
        assertEquals("float32", mlp.get(1).get("precision").asText());
        assertTrue(mlp.get(1).get("mlp_ms").asDouble() > 0, mlp.get(1).toString());

        String md = Files.readString(o.resolve("dense.md"));
        assertTrue(md.contains("| 37x5x9 | x*W | float64 |"), md);
        assertTrue(md.contains("## MLP forward + backward"), md);
        assertFalse(md.contains("NaN"), md);
        assertPng(o.resolve("dense-matmul.png"));
        assertPng(o.resolve("dense-mlp.png"));
    }

    @Test
    void badShapeNamesTheOptionAndWhatIsAllowed() {
        int code = run("bench", "dense", "--shapes", "4096x100", "--no-peers", "--out", dir.resolve("x").toString());
        assertTrue(code != 0);
        assertTrue(err.toString().contains("--shapes: '4096x100'; allowed: NxKxM"), err.toString());
    }

    private static void assertPng(Path p) throws Exception {
        BufferedImage img = ImageIO.read(p.toFile());
        assertTrue(img != null && img.getWidth() > 100 && img.getHeight() > 100, p.toString());
    }
}
