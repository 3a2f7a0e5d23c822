package org.leapfrog.samplers.fused;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;
import java.util.TreeMap;

/**
 * The one conformance harness for learned transitions. Every learned sampler computes its proposal three ways:
 * as a tensor graph (what training differentiates), as a fused OpenCL kernel and as that kernel's Java twin.
 * Each way is wrapped as a {@link Way} that returns named outputs (for example "position", "momentum",
 * "logJacobian", "logAcceptance") for the same inputs; {@link #assertAgree} checks every output of every way
 * against the first, element by element, to {@code |a - b| <= tolerance * max(1, |a|)}.
 */
public final class ProposalConformance {
    private ProposalConformance() {
    }

    /** One way of computing a batch of proposals from fixed inputs. */
    public interface Way {
        /** e.g. "tensor graph", "OpenCL kernel", "Java twin". */
        String name();

        /** Named outputs, each a flat array (chain-minor where per chain and coordinate). */
        Map<String, double[]> propose();
    }

    /** A way from a name and a supplier of outputs. */
    public static Way way(String name, java.util.function.Supplier<Map<String, double[]>> outputs) {
        return new Way() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Map<String, double[]> propose() {
                return outputs.get();
            }
        };
    }

    /** Asserts that every way gives the reference's outputs (same names, lengths, values within tolerance). */
    public static void assertAgree(double tolerance, Way reference, Way... others) {
        Map<String, double[]> expected = new TreeMap<>(reference.propose());
        if (expected.isEmpty()) {
            fail(reference.name() + " produced no outputs");
        }
        for (Way other : others) {
            Map<String, double[]> actual = new TreeMap<>(other.propose());
            assertEquals(expected.keySet(), actual.keySet(), other.name() + " vs " + reference.name() + ": output names");
            for (Map.Entry<String, double[]> e : expected.entrySet()) {
                double[] want = e.getValue();
                double[] got = actual.get(e.getKey());
                String what = other.name() + " vs " + reference.name() + ", output '" + e.getKey() + "'";
                assertEquals(want.length, got.length, what + ": length");
                if (tolerance == 0) {
                    assertArrayEquals(want, got, what + ": bit-identical");
                    continue;
                }
                int worst = -1;
                double worstExcess = 0;
                for (int i = 0; i < want.length; i++) {
                    boolean bothNonFinite = !Double.isFinite(want[i]) && Double.compare(want[i], got[i]) == 0;
                    double excess = Math.abs(want[i] - got[i]) - tolerance * Math.max(1.0, Math.abs(want[i]));
                    if (!bothNonFinite && (excess > worstExcess || Double.isNaN(excess))) {
                        worst = i;
                        worstExcess = Double.isNaN(excess) ? Double.POSITIVE_INFINITY : excess;
                    }
                }
                if (worst >= 0) {
                    fail(what + ": element " + worst + " is " + got[worst] + ", expected " + want[worst]
                            + " (tolerance " + tolerance + " relative, at least absolute)");
                }
            }
        }
    }
}
