package org.leapfrog.samplers.target;

import java.util.List;

/** The built-in targets by name, e.g. for the command line. */
public final class Targets {
    private static final List<String> NAMES = List.of("normal", "icg50", "scg", "scg-paper", "mog", "roughwell",
            "funnel1", "funnel3", "german", "australian", "heart");

    private Targets() {
    }

    /** The names {@link #byName} accepts. */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * The built-in target with this name. {@code dimension} is required by {@code normal} (the only target that
     * takes one) and must be null for the others, whose dimension is fixed. Logistic regressions use the
     * standard model ({@link LogisticRegression.Options#defaults()}); build other variants with
     * {@link LogisticRegression#of(BlrDataset, LogisticRegression.Options)}. A diagonal Gaussian needs its
     * variances: build it with {@link DiagonalGaussian#of(double...)}.
     */
    public static Target byName(String name, Integer dimension) {
        if (name == null || !NAMES.contains(name)) {
            throw new IllegalArgumentException("target: '" + name + "' is unknown; allowed: " + String.join(", ", NAMES));
        }
        if (name.equals("normal")) {
            if (dimension == null) {
                throw new IllegalArgumentException("dimension: none given for target normal; allowed: an integer >= 1");
            }
            return new StandardNormal(dimension);
        }
        if (dimension != null) {
            throw new IllegalArgumentException("dimension: " + dimension + " given for target " + name
                    + ", whose dimension is fixed; allowed: no dimension (only target normal takes one)");
        }
        switch (name) {
            case "icg50":
                return DiagonalGaussian.icg50();
            case "scg":
                return DenseGaussian.scg();
            case "scg-paper":
                return DenseGaussian.scgPaper();
            case "mog":
                return GaussianMixture.mog2();
            case "roughwell":
                return RoughWell.standard();
            case "funnel1":
                return NealsFunnel.funnel1();
            case "funnel3":
                return NealsFunnel.funnel3();
            case "german":
                return LogisticRegression.of(BlrDataset.GERMAN);
            case "australian":
                return LogisticRegression.of(BlrDataset.AUSTRALIAN);
            default:
                return LogisticRegression.of(BlrDataset.HEART);
        }
    }
}
