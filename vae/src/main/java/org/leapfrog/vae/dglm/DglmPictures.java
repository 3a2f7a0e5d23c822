package org.leapfrog.vae.dglm;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** PNGs of the DGLM run: inpainting grids and training curves. */
public final class DglmPictures {
    private static final int SCALE = 3;
    private static final int GAP = 4;

    private DglmPictures() {
    }

    /**
     * One row per image: the original, the observed part (missing pixels grey), then each snapshot; white digits
     * on black, a gap between the inputs and the snapshots.
     */
    public static void inpainting(double[] originals, boolean[] observed, List<double[]> snapshots, int n, Path file)
            throws IOException {
        int cols = 2 + snapshots.size();
        int cell = 28 * SCALE;
        BufferedImage img = new BufferedImage(cols * cell + GAP * SCALE, n * cell, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < n; i++) {
            draw(img, originals, null, n, i, 0, i * cell);
            draw(img, originals, observed, n, i, cell, i * cell);
            for (int k = 0; k < snapshots.size(); k++) {
                draw(img, snapshots.get(k), null, n, i, (2 + k) * cell + GAP * SCALE, i * cell);
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }

    private static void draw(BufferedImage img, double[] batch, boolean[] observed, int n, int i, int x0, int y0) {
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                int p = r * 28 + c;
                int rgb;
                if (observed != null && !observed[p]) {
                    rgb = 0x404080;
                } else {
                    int grey = (int) Math.round(255 * Math.max(0, Math.min(1, batch[p * n + i])));
                    rgb = (grey << 16) | (grey << 8) | grey;
                }
                for (int dy = 0; dy < SCALE; dy++) {
                    for (int dx = 0; dx < SCALE; dx++) {
                        img.setRGB(x0 + c * SCALE + dx, y0 + r * SCALE + dy, rgb);
                    }
                }
            }
        }
    }

    /** Per epoch: validation ELBO and training log p(x, z_K) of each model. */
    public static void curves(List<String> names, List<List<DglmEpoch>> histories, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(550).title("VAE vs L2HMC-DGLM on MNIST")
                .xAxisTitle("epoch").yAxisTitle("nats per image").build();
        for (int m = 0; m < names.size(); m++) {
            List<DglmEpoch> h = histories.get(m);
            if (h.isEmpty()) {
                continue;
            }
            double[] e = new double[h.size()];
            double[] val = new double[h.size()];
            double[] lj = new double[h.size()];
            for (int i = 0; i < e.length; i++) {
                e[i] = h.get(i).epoch();
                val[i] = h.get(i).validationElbo();
                lj[i] = h.get(i).trainLogJoint();
            }
            chart.addSeries(names.get(m) + ": validation ELBO", e, val);
            chart.addSeries(names.get(m) + ": train log p(x, z_K)", e, lj);
        }
        save(chart, file);
    }

    /** Per epoch: the kernel's acceptance and step size. */
    public static void sampler(List<DglmEpoch> h, Path file) throws IOException {
        if (h.isEmpty()) {
            return;
        }
        double[] e = new double[h.size()];
        double[] acc = new double[h.size()];
        double[] eps = new double[h.size()];
        for (int i = 0; i < e.length; i++) {
            e[i] = h.get(i).epoch();
            acc[i] = h.get(i).acceptance();
            eps[i] = h.get(i).stepSize();
        }
        XYChart chart = new XYChartBuilder().width(800).height(500).title("L2HMC-DGLM kernel during training")
                .xAxisTitle("epoch").yAxisTitle("").build();
        chart.addSeries("mean acceptance", e, acc);
        chart.addSeries("step size", e, eps);
        save(chart, file);
    }

    private static void save(XYChart chart, Path file) throws IOException {
        String name = file.toString();
        BitmapEncoder.saveBitmap(chart, name.endsWith(".png") ? name.substring(0, name.length() - 4) : name,
                BitmapEncoder.BitmapFormat.PNG);
    }
}
