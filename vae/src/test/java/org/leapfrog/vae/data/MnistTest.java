package org.leapfrog.vae.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {
    static Mnist mnist;

    @BeforeAll
    static void load() throws IOException {
        mnist = Mnist.load();
    }

    @Test
    void splitsAndKnownValues() {
        assertEquals(50_000, mnist.train().count());
        assertEquals(10_000, mnist.validation().count());
        assertEquals(10_000, mnist.test().count());
        // The well-known first labels of the training and test files.
        assertEquals(5, mnist.train().label(0));
        assertEquals(0, mnist.train().label(1));
        assertEquals(4, mnist.train().label(2));
        assertEquals(7, mnist.test().label(0));
        assertEquals(50_000, mnist.validation().first());
        // Mean intensity of the training file is about 0.13 (33.3 / 255).
        double[] m = mnist.train().meanIntensity();
        double mean = 0;
        for (double v : m) {
            mean += v / m.length;
        }
        assertEquals(0.1307, mean, 0.002);
    }

    @Test
    void binarisationDependsOnlyOnImageEpochAndSeed() {
        Images train = mnist.train();
        Binarizer b = new Binarizer(7);
        double[] batch = new double[3 * Mnist.PIXELS];
        b.batch(train, new int[] {10, 20, 30}, 0, 3, 4, Binarizer.PURPOSE_TRAIN, batch);
        double[] one = new double[Mnist.PIXELS];
        b.batch(train, new int[] {20}, 0, 1, 4, Binarizer.PURPOSE_TRAIN, one);
        for (int p = 0; p < Mnist.PIXELS; p++) {
            assertEquals(one[p], batch[p * 3 + 1]);
            double v = batch[p * 3];
            assertTrue(v == 0.0 || v == 1.0);
            if (train.raw(10, p) == 0) {
                assertEquals(0.0, v);
            }
            if (train.raw(10, p) == 255) {
                assertEquals(1.0, v);
            }
        }
        double[] other = new double[Mnist.PIXELS];
        b.batch(train, new int[] {20}, 0, 1, 5, Binarizer.PURPOSE_TRAIN, other);
        boolean differs = false;
        for (int p = 0; p < Mnist.PIXELS; p++) {
            differs |= other[p] != one[p];
        }
        assertTrue(differs, "a new epoch redraws the binarisation");
    }

    /**
     * Over the first 2,000 training images the fraction of ones among pixels of intensity in (0, 255) matches
     * their mean intensity: a binomial mean over ~1e5 pixels with sd < 0.0016; the tolerance 0.008 is 5 sd
     * (false-failure rate below 1e-6; fixed seed, so it is deterministic anyway).
     */
    @Test
    void binarisationHasTheRightMean() {
        Images set = mnist.train().head(2000);
        double[] out = new double[Mnist.PIXELS];
        Binarizer b = new Binarizer(11);
        double ones = 0;
        double expected = 0;
        int n = 0;
        for (int i = 0; i < set.count(); i++) {
            b.batch(set, null, i, 1, 0, Binarizer.PURPOSE_TRAIN, out);
            for (int p = 0; p < Mnist.PIXELS; p++) {
                int r = set.raw(i, p);
                if (r > 0 && r < 255) {
                    ones += out[p];
                    expected += r / 255.0;
                    n++;
                }
            }
        }
        assertEquals(expected / n, ones / n, 0.008);
    }

    @Test
    void missingAndCorruptFilesAreClearErrors(@TempDir Path dir) throws IOException {
        for (String f : new String[] {"SHA256SUMS", "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(Mnist.RESOURCE_DIR + f)) {
                Files.write(dir.resolve(f), in.readAllBytes());
            }
        }
        assertEquals(10_000, Mnist.load(dir).test().count());
        Path labels = dir.resolve("t10k-labels-idx1-ubyte.gz");
        byte[] good = Files.readAllBytes(labels);
        byte[] bad = good.clone();
        bad[bad.length / 2] ^= 1;
        Files.write(labels, bad);
        IOException e = assertThrows(IOException.class, () -> Mnist.load(dir));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte.gz is corrupt"), e.getMessage());
        Files.delete(labels);
        e = assertThrows(IOException.class, () -> Mnist.load(dir));
        assertTrue(e.getMessage().contains("missing") && e.getMessage().contains("t10k-labels-idx1-ubyte.gz"),
                e.getMessage());
        Files.write(labels, good);
        assertArrayEquals(good, Files.readAllBytes(labels));
    }
}
