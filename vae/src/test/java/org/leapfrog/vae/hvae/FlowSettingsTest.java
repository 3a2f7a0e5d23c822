package org.leapfrog.vae.hvae;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.tensor.Engine;

/** The MNIST start of the paper's released code: eps = 0.2 of xi = 0.5, alphas 0.9 (free), T0 = 1.5 (fixed). */
class FlowSettingsTest {
    @Test
    void freeTemperingStartsEveryAlphaAtNineTenths() {
        HamiltonianFlow f = new HamiltonianFlow(Engine.java(), 4,
                FlowSettings.mnist(10, TemperingMode.FREE, StepSizeMode.PER_STEP));
        for (int k = 1; k <= 10; k++) {
            for (double eps : f.stepSize(k).toArray()) {
                assertEquals(0.2, eps, 1e-15);
            }
        }
        for (double a : f.alphas().toArray()) {
            assertEquals(0.9, a, 1e-15);
        }
        assertEquals(Math.pow(0.9, 20), f.beta0().toArray()[0], 1e-15);
    }

    @Test
    void fixedTemperingStartsAtTemperatureOneAndAHalf() {
        HamiltonianFlow f = new HamiltonianFlow(Engine.java(), 3,
                FlowSettings.mnist(5, TemperingMode.FIXED, StepSizeMode.SHARED));
        assertEquals(1.0 / 1.5, f.beta0().toArray()[0], 1e-15);
        assertEquals(0.2, f.stepSize(3).toArray()[0], 1e-15);
    }

    @Test
    void oneStepFreeTemperingIsAValidStart() {
        assertEquals(0.81, FlowSettings.mnist(1, TemperingMode.FREE, StepSizeMode.SHARED).initialBeta0(), 1e-15);
        assertEquals(0.81, FlowSettings.mnist(0, TemperingMode.FREE, StepSizeMode.SHARED).initialBeta0(), 1e-15);
    }
}
