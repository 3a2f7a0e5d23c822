package org.leapfrog.samplers.hmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrajectoryLengthTest {
    @Test
    void haltonIsTheBase2RadicalInverse() {
        double[] expected = {0.5, 0.25, 0.75, 0.125, 0.625, 0.375, 0.875};
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], TrajectoryJitter.HALTON.fraction(1, t), 0.0);
        }
    }

    @Test
    void uniformJitterIsInsideTheUnitIntervalAndKeyedBySeedAndIteration() {
        double sum = 0;
        for (int t = 0; t < 1000; t++) {
            double u = TrajectoryJitter.UNIFORM.fraction(42, t);
            assertTrue(u > 0 && u < 1);
            assertEquals(u, TrajectoryJitter.UNIFORM.fraction(42, t), 0.0);
            sum += u;
        }
        // mean of 1000 uniforms: sd 0.0091; 5 sd (false-failure rate 6e-7)
        assertEquals(0.5, sum / 1000, 5 * Math.sqrt(1.0 / 12 / 1000));
        assertTrue(TrajectoryJitter.UNIFORM.fraction(42, 3) != TrajectoryJitter.UNIFORM.fraction(43, 3));
    }

    @Test
    void stepsAreTheCeilingClampedToOneAndTheCap() {
        assertEquals(3, TrajectoryLength.steps(0.5, 1.0, 0.2, 100)); // 2.5 -> 3
        assertEquals(1, TrajectoryLength.steps(1e-9, 1.0, 0.2, 100));
        assertEquals(100, TrajectoryLength.steps(0.99, 1000.0, 0.2, 100));
        TrajectoryLength t = new TrajectoryLength(2.0, 0.25, TrajectoryJitter.HALTON, 1000, 0);
        assertEquals(4, t.steps(0)); // u = 1/2: 0.5 * 2 / 0.25 = 4
        assertEquals(2, t.steps(1)); // u = 1/4
        assertThrows(IllegalArgumentException.class, () -> new TrajectoryLength(0, 0.1, TrajectoryJitter.HALTON, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> TrajectoryJitter.parse("sobol"));
    }
}
