package org.leapfrog.samplers.fused;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProposalConformanceTest {
    @Test
    void agreeingWaysPassAndDifferingOnesFail() {
        ProposalConformance.Way a = ProposalConformance.way("a", () -> Map.of("x", new double[] {1.0, 2.0}));
        ProposalConformance.Way close = ProposalConformance.way("close", () -> Map.of("x", new double[] {1.0, 2.0 + 1e-13}));
        ProposalConformance.Way far = ProposalConformance.way("far", () -> Map.of("x", new double[] {1.0, 2.1}));
        ProposalConformance.Way nan = ProposalConformance.way("nan", () -> Map.of("x", new double[] {1.0, Double.NaN}));
        ProposalConformance.Way renamed = ProposalConformance.way("renamed", () -> Map.of("y", new double[] {1.0, 2.0}));
        ProposalConformance.assertAgree(1e-12, a, close);
        assertThrows(AssertionError.class, () -> ProposalConformance.assertAgree(1e-12, a, far));
        assertThrows(AssertionError.class, () -> ProposalConformance.assertAgree(1e-12, a, nan));
        assertThrows(AssertionError.class, () -> ProposalConformance.assertAgree(1e-12, a, renamed));
        assertThrows(AssertionError.class, () -> ProposalConformance.assertAgree(0, a, close));
    }
}
