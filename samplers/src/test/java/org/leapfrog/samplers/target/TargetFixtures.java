package org.leapfrog.samplers.target;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Every built-in target (and option variants) with random evaluation points that suit it. */
final class TargetFixtures {
    private TargetFixtures() {
    }

    static List<Target> all() {
        List<Target> t = new ArrayList<>();
        for (String name : Targets.names()) {
            t.add(Targets.byName(name, name.equals("normal") ? 5 : null));
        }
        t.add(new DiagonalGaussian("diag-shifted", new double[] {1, -2, 0.5}, new double[] {0.5, 2, 3}));
        t.add(new DenseGaussian("dense4", new double[] {1, 0, -1, 2}, randomCovariance(4, 11)));
        t.add(new GaussianMixture("mix3", new double[][] {{0, 0, 1}, {1, -1, 0}, {-2, 1, 1}}, new double[] {1, 2, 3}, 0.5));
        t.add(new NealsFunnel("funnel-small", 3, 2.0));
        t.add(LogisticRegression.of(BlrDataset.HEART, LogisticRegression.Options.proposalEntropyPaper()));
        return t;
    }

    /** Every target of {@link #all()} with each vector width: the (target, VW) cases of the device tests. */
    static Stream<Arguments> allWithWidths(Integer... widths) {
        List<Target> all = all();
        return Stream.of(widths).flatMap(vw -> all.stream().map(t -> Arguments.of(t, vw)));
    }

    /** A random SPD covariance A A' + I / 2. */
    static double[] randomCovariance(int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[d * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextDouble(-1, 1);
        }
        double[] s = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double v = i == j ? 0.5 : 0;
                for (int k = 0; k < d; k++) {
                    v += a[i * d + k] * a[j * d + k];
                }
                s[i * d + j] = v;
            }
        }
        return s;
    }

    /** Random positions for chains [0, n) with the given stride, on the scale where the target lives. */
    static void positions(Target t, double[] x, int stride, int n, SplittableRandom r) {
        int d = t.dimension();
        for (int c = 0; c < n; c++) {
            if (t instanceof NealsFunnel f) {
                double y = f.scale() * gaussian(r);
                x[c] = y;
                for (int i = 1; i < d; i++) {
                    x[i * stride + c] = Math.exp(-0.5 * y) * gaussian(r);
                }
            } else if (t instanceof LogisticRegression) {
                for (int i = 0; i < d; i++) {
                    x[i * stride + c] = 0.4 * gaussian(r);
                }
            } else {
                for (int i = 0; i < d; i++) {
                    x[i * stride + c] = 2 * gaussian(r);
                }
            }
        }
    }

    /** Random directions, standard normal. */
    static void directions(int d, double[] v, int stride, int n, SplittableRandom r) {
        for (int c = 0; c < n; c++) {
            for (int i = 0; i < d; i++) {
                v[i * stride + c] = gaussian(r);
            }
        }
    }

    static double gaussian(SplittableRandom r) {
        double u = r.nextDouble(), w = r.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * w);
    }

    /** |a - b| <= tol * max(1, max_i |a_i|) over the d entries of chain c (relative to the vector's size). */
    static void assertClose(String what, double[] expected, double[] actual, int d, int stride, int c, double tol) {
        double scale = 1;
        for (int i = 0; i < d; i++) {
            scale = Math.max(scale, Math.abs(expected[i * stride + c]));
        }
        for (int i = 0; i < d; i++) {
            double e = expected[i * stride + c], a = actual[i * stride + c];
            if (!(Math.abs(e - a) <= tol * scale)) {
                throw new AssertionError(what + ": chain " + c + " coordinate " + i + ": expected " + e + " got " + a
                        + " (difference " + Math.abs(e - a) + ", allowed " + tol * scale + ")");
            }
        }
    }
}
