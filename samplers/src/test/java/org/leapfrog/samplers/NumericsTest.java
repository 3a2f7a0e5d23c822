package org.leapfrog.samplers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.samplers.hmc.HmcKernels;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;

class NumericsTest {
    @Test
    void parsesLabelsAndNamesWhatIsAllowed() {
        assertEquals(Numerics.FAST, Numerics.parse(" Fast "));
        assertEquals(Numerics.REPRODUCIBLE, Numerics.parse("reproducible"));
        assertEquals("fast", Numerics.FAST.label());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Numerics.parse("quick"));
        assertEquals("numerics: 'quick'; allowed: reproducible or fast", e.getMessage());
    }

    @Test
    void reproducibleLeavesTheKernelAsItWasAndFastAddsTheDefineAndContraction() {
        Target t = Targets.byName("icg50", null);
        KernelDef plain = HmcKernels.step(t, Metric.unit(50), 8, Precision.FLOAT64);
        KernelDef repro = HmcKernels.step(t, Metric.unit(50), 8, Precision.FLOAT64, Numerics.REPRODUCIBLE);
        KernelDef fast = HmcKernels.step(t, Metric.unit(50), 8, Precision.FLOAT64, Numerics.FAST);
        assertEquals(plain.buildOptions(), repro.buildOptions());
        assertEquals(plain.defines(), repro.defines());
        assertEquals("1", fast.defines().get(Numerics.DEFINE));
        assertTrue(fast.buildOptions().endsWith(" " + Numerics.OPENCL_OPTIONS), fast.buildOptions());
        assertTrue(!fast.buildOptions().contains("finite-math") && !fast.buildOptions().contains("fast-relaxed"),
                "FAST must keep isfinite working: " + fast.buildOptions());
        KernelDef def = KernelDef.of("k", "k", (a, f, to) -> { });
        assertSame(def, Numerics.REPRODUCIBLE.apply(def));
        assertEquals("-cl-std=CL1.2 -DREAL=double -DLF_FAST=1 -cl-mad-enable", Numerics.FAST.apply(def).buildOptions());
        assertEquals(Numerics.FAST.apply(def).options(), Numerics.FAST.apply(def).withDefine("X", "1").options());
    }

    @Test
    void systemPropertyDefault() {
        String old = System.getProperty(Numerics.PROPERTY);
        try {
            System.clearProperty(Numerics.PROPERTY);
            assertEquals(Numerics.REPRODUCIBLE, Numerics.fromSystemProperty());
            System.setProperty(Numerics.PROPERTY, "fast");
            assertEquals(Numerics.FAST, Numerics.fromSystemProperty());
            System.setProperty(Numerics.PROPERTY, "x");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Numerics::fromSystemProperty);
            assertEquals("leapfrog.numerics: 'x'; allowed: reproducible or fast", e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty(Numerics.PROPERTY);
            } else {
                System.setProperty(Numerics.PROPERTY, old);
            }
        }
    }

    @Test
    void strideAvoidsEvenCacheLineRows() {
        assertEquals(16384 + 8, Lanes.stride(16384, 8, 8));
        assertEquals(16384 + 16, Lanes.stride(16384, 16, 4));
        assertEquals(1000, Lanes.stride(1000, 8, 8));
        assertEquals(16, Lanes.stride(16, 8, 8));
        assertEquals(4096 + 8, Lanes.stride(4096, 1, 8));
        assertEquals(1, Lanes.stride(1, 1, 8));
    }
}
