package org.leapfrog.vae.gaussian;

import org.leapfrog.vae.hvae.TemperingMode;

/**
 * A variational method of the Gaussian experiment: the HVAE with K steps (fixed tempering or none), mean-field
 * VB, or a planar normalising flow with K steps sharing one set of flow parameters.
 */
public record GaussianMethod(Kind kind, int steps, TemperingMode tempering) {
    public enum Kind { HVAE, VB, NF }

    public GaussianMethod {
        if (kind == null) {
            throw new IllegalArgumentException("kind: null; allowed: HVAE, VB, NF");
        }
        if (kind != Kind.VB && steps < 1) {
            throw new IllegalArgumentException("steps: " + steps + "; allowed: 1 or more for " + kind);
        }
        if (kind == Kind.HVAE && tempering != TemperingMode.FIXED && tempering != TemperingMode.NONE) {
            throw new IllegalArgumentException("tempering: " + tempering + "; allowed: FIXED or NONE (the paper's"
                    + " Gaussian experiment)");
        }
    }

    public static GaussianMethod hvae(int k, boolean tempered) {
        return new GaussianMethod(Kind.HVAE, k, tempered ? TemperingMode.FIXED : TemperingMode.NONE);
    }

    public static GaussianMethod vb() {
        return new GaussianMethod(Kind.VB, 0, null);
    }

    public static GaussianMethod nf(int k) {
        return new GaussianMethod(Kind.NF, k, null);
    }

    /** The label of reports: "HVAE-10", "HVAE-10-untempered", "VB", "NF-30". */
    public String label() {
        return switch (kind) {
            case HVAE -> "HVAE-" + steps + (tempering == TemperingMode.NONE ? "-untempered" : "");
            case VB -> "VB";
            case NF -> "NF-" + steps;
        };
    }

    /** The paper's seven methods: HVAE K = 1, 10 with and without tempering, VB, NF K = 1, 30. */
    public static java.util.List<GaussianMethod> paper() {
        return java.util.List.of(hvae(1, true), hvae(10, true), hvae(1, false), hvae(10, false), vb(), nf(1), nf(30));
    }
}
