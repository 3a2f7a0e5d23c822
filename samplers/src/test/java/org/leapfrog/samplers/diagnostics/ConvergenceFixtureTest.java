package org.leapfrog.samplers.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every diagnostic against R posterior 1.4.0 on the committed fixtures (normal, AR(1), antithetic, Cauchy,
 * stuck and shifted chains, constants, ties, binary, one chain, 1 to 5 draws, NaN, Inf): values within 1e-8
 * relative, and NaN exactly where posterior gives NA. Deterministic: no randomness in Java.
 */
class ConvergenceFixtureTest {
    private static final double RELATIVE_TOLERANCE = 1e-8;

    static double measure(String name, ChainDraws x) {
        ToDoubleFunction<ChainDraws> f = switch (name) {
            case "rhat" -> Convergence::rhat;
            case "rhat_basic_split" -> d -> Convergence.rhatBasic(d, true);
            case "rhat_basic_nosplit" -> d -> Convergence.rhatBasic(d, false);
            case "ess_bulk" -> Convergence::essBulk;
            case "ess_tail" -> Convergence::essTail;
            case "ess_q5" -> d -> Convergence.essQuantile(d, 0.05);
            case "ess_q95" -> d -> Convergence.essQuantile(d, 0.95);
            case "ess_q50" -> d -> Convergence.essQuantile(d, 0.5);
            case "ess_mean" -> Convergence::essMean;
            case "ess_sd" -> Convergence::essSd;
            case "ess_basic_nosplit" -> d -> Convergence.essBasic(d, false);
            case "mcse_mean" -> Convergence::mcseMean;
            case "mcse_sd" -> Convergence::mcseSd;
            case "mcse_q5" -> d -> Convergence.mcseQuantile(d, 0.05);
            case "mcse_q50" -> d -> Convergence.mcseQuantile(d, 0.5);
            case "mcse_q95" -> d -> Convergence.mcseQuantile(d, 0.95);
            case "q5" -> d -> Convergence.quantile(d, 0.05);
            case "q50" -> d -> Convergence.quantile(d, 0.5);
            case "q95" -> d -> Convergence.quantile(d, 0.95);
            case "mean" -> Convergence::mean;
            case "sd" -> Convergence::sd;
            default -> throw new IllegalArgumentException("unknown measure " + name);
        };
        return f.applyAsDouble(x);
    }

    @TestFactory
    List<DynamicTest> matchesPosterior() {
        Map<String, ChainDraws> cases = PosteriorFixtures.cases();
        List<DynamicTest> tests = new ArrayList<>();
        for (PosteriorFixtures.Reference r : PosteriorFixtures.references()) {
            tests.add(DynamicTest.dynamicTest(r.caseName() + " " + r.measure(), () -> {
                assertTrue(!r.value().startsWith("ERROR"), "posterior failed on this case: " + r.value());
                double expected = PosteriorFixtures.parse(r.value());
                double actual = measure(r.measure(), cases.get(r.caseName()));
                if (Double.isNaN(expected)) {
                    assertTrue(Double.isNaN(actual), "posterior gives NA, we give " + actual);
                } else {
                    assertEquals(expected, actual, RELATIVE_TOLERANCE * Math.abs(expected),
                            () -> "relative error " + (actual - expected) / expected);
                }
            }));
        }
        return tests;
    }

    @Test
    void fixturesCoverTheEdgeCases() {
        Map<String, ChainDraws> cases = PosteriorFixtures.cases();
        for (String name : List.of("constant_all_4x100", "nan_4x100", "one_chain_1000", "short_4x3", "short_4x1",
                "stuck_chain_4x300", "cauchy_4x1000")) {
            assertTrue(cases.containsKey(name), name);
        }
        assertTrue(PosteriorFixtures.references().size() > 600);
    }
}
