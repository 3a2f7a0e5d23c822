package org.leapfrog.samplers.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.leapfrog.samplers.target.LogisticRegressionTest.assertMessage;

import org.junit.jupiter.api.Test;

/** The registry, configuration errors and the OpenCL-source target's validation. */
class TargetsTest {

    @Test
    void registryBuildsEveryNamedTargetWithItsDimension() {
        int[] dims = {7, 50, 2, 2, 2, 2, 100, 20, 25, 15, 14};
        for (int i = 0; i < dims.length; i++) {
            String name = Targets.names().get(i);
            Target t = Targets.byName(name, name.equals("normal") ? 7 : null);
            assertEquals(name, t.name());
            assertEquals(dims[i], t.dimension(), name);
            assertTrue(t.deviceCode().isPresent(), name);
            assertEquals(t.dimension(), t.parameterNames().size());
        }
    }

    @Test
    void registryRejectsUnknownNamesAndMisplacedDimensions() {
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Targets.byName("banana", null)),
                "target: 'banana' is unknown; allowed: normal, icg50, scg, scg-paper, mog, roughwell, funnel1, funnel3, german, australian, heart");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Targets.byName("icg50", 10)),
                "dimension: 10 given for target icg50");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Targets.byName("normal", null)),
                "dimension: none given for target normal");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Targets.byName("normal", 0)), "dimension: 0");
    }

    @Test
    void constructorsRejectBadParameters() {
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> new DenseGaussian("g", new double[2], new double[] {1, 2, 2, 1})), "covariance: not positive definite");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> new DenseGaussian("g", new double[2], new double[] {1, 1, 1, 1})), "covariance: not positive definite");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> new DenseGaussian("g", new double[2], new double[] {2, 1, 0, 2})), "covariance: not symmetric");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> new DenseGaussian("g", new double[2], new double[] {1, 0, 0})), "covariance: length 3; allowed: 4");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> DiagonalGaussian.of(1, -2)), "variances[1]: -2.0");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> DiagonalGaussian.of(1, Double.NaN)), "variances[1]: NaN");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new NealsFunnel("f", 1, 1)), "dimension: 1");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new NealsFunnel("f", 3, 0)), "scale: 0.0");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new RoughWell(2, -1)), "eta: -1.0");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> new GaussianMixture("m", new double[][] {{0}, {1}}, new double[] {1, 0}, 1)), "weights[1]: 0.0");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> new GaussianMixture("m", new double[][] {{0}, {1, 2}}, new double[] {1, 1}, 1)), "means[1]: length 2; allowed: 1");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> TargetEvalKernel.of(new StandardNormal(2), 3)),
                "vectorWidth: 3; allowed: 1, 2, 4 or 8");
    }

    @Test
    void openClSourceMustDefineTheLogDensityFunction() {
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> OpenClTarget.fromSource("u", 2, "RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td);", (double[]) null)),
                "source: target 'u' does not define lf_logp_grad");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> OpenClTarget.fromSource("u", 2, "// RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td) {}", (double[]) null)),
                "does not define lf_logp_grad");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> OpenClTarget.fromSource("u", 2, " ", (double[]) null)), "source: blank");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> OpenClTarget.fromSource("u", 0, UserTargetTest.BANANA, (double[]) null)),
                "dimension: 0");
    }

    @Test
    void openClSourceTargetDetectsItsHvpAndHasNoJavaTwin() {
        OpenClTarget withHvp = OpenClTarget.fromSource("b", 2, UserTargetTest.BANANA + UserTargetTest.BANANA_HVP, new double[] {1});
        OpenClTarget without = OpenClTarget.fromSource("b", 2, UserTargetTest.BANANA, new double[] {1});
        assertFalse(withHvp.usesHvpFallback());
        assertTrue(without.usesHvpFallback());
        assertTrue(without.deviceCode().orElseThrow().source().contains("central difference"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> without.logDensityAndGradient(new double[2], new double[2], new double[1], 1, 0, 1));
        assertMessage(e, "needs the OpenCL backend");
        assertThrows(IllegalStateException.class,
                () -> without.hessianVectorProduct(new double[2], new double[2], new double[2], 1, 0, 1));
    }
}
