package org.leapfrog.vae.train;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.vae.data.Binarizer;
import org.leapfrog.vae.data.Images;
import org.leapfrog.vae.data.Mnist;
import org.leapfrog.vae.model.Vae;
import org.leapfrog.vae.model.VaeStreams;

/** PNG pictures of a trained VAE: reconstructions, prior samples (pixel probabilities), training curves. */
public final class Pictures {
    private static final int SCALE = 3;

    private Pictures() {
    }

    /** Top row: the first {@code n} images of {@code set} (fixed binarisation); bottom row: p(x | z = mu(x)). */
    public static void reconstructions(Engine engine, Vae vae, Images set, int n, Path file) throws IOException {
        double[] x = new double[n * Mnist.PIXELS];
        Binarizer.evaluation().batch(set, null, 0, n, Binarizer.FIXED_EPOCH, Binarizer.PURPOSE_EVAL, x);
        double[] p;
        try (Engine.GradRegion g = engine.noGrad()) {
            Tensor xt = engine.wrap(n, Mnist.PIXELS, x);
            p = vae.decoder().logits(vae.encoder().encode(xt).mu()).sigmoid().toArray();
        }
        BufferedImage img = new BufferedImage(n * 28 * SCALE, 2 * 28 * SCALE, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < n; i++) {
            draw(img, x, n, i, i, 0);
            draw(img, p, n, i, i, 1);
        }
        ImageIO.write(img, "png", file.toFile());
    }

    /** A {@code side x side} grid of p(x|z) for z drawn from the prior N(0, I). */
    public static void priorSamples(Engine engine, Vae vae, int side, long seed, Path file) throws IOException {
        int n = side * side;
        double[] p;
        try (Engine.GradRegion g = engine.noGrad()) {
            Tensor z = engine.normal(n, vae.latent(), seed, VaeStreams.PURPOSE_PRIOR, 0);
            p = vae.decoder().logits(z).sigmoid().toArray();
        }
        BufferedImage img = new BufferedImage(side * 28 * SCALE, side * 28 * SCALE, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < n; i++) {
            draw(img, p, n, i, i % side, i / side);
        }
        ImageIO.write(img, "png", file.toFile());
    }

    /** Image {@code i} of a feature-major batch of {@code n} at grid cell (gx, gy), white digits on black. */
    private static void draw(BufferedImage img, double[] batch, int n, int i, int gx, int gy) {
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                double v = Math.max(0, Math.min(1, batch[(r * 28 + c) * n + i]));
                int grey = (int) Math.round(255 * v);
                int rgb = (grey << 16) | (grey << 8) | grey;
                for (int dy = 0; dy < SCALE; dy++) {
                    for (int dx = 0; dx < SCALE; dx++) {
                        img.setRGB((gx * 28 + c) * SCALE + dx, (gy * 28 + r) * SCALE + dy, rgb);
                    }
                }
            }
        }
    }

    /** Training and validation negative ELBO per epoch. */
    public static void curves(List<EpochRecord> history, String title, Path file) throws IOException {
        if (history.isEmpty()) {
            return;
        }
        double[] e = new double[history.size()];
        double[] tr = new double[e.length];
        double[] va = new double[e.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = history.get(i).epoch();
            tr[i] = -history.get(i).trainElbo();
            va[i] = -history.get(i).validationElbo();
        }
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("epoch")
                .yAxisTitle("-ELBO (nats per image)").build();
        chart.addSeries("train", e, tr);
        chart.addSeries("validation", e, va);
        String name = file.toString();
        BitmapEncoder.saveBitmap(chart, name.endsWith(".png") ? name.substring(0, name.length() - 4) : name,
                BitmapEncoder.BitmapFormat.PNG);
    }
}
