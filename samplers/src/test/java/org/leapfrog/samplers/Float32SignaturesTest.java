package org.leapfrog.samplers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.leapfrog.kernels.ElementType;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSignature;
import org.leapfrog.kernels.KernelSignature.Arg;
import org.leapfrog.kernels.KernelSources;
import org.leapfrog.samplers.his.HisKernels;
import org.leapfrog.samplers.hmc.HmcKernels;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;

/** In float32 the sampler kernels declare float buffers exactly where the OpenCL parameters are REAL. */
class Float32SignaturesTest {
    @Test
    void float32SignaturesDeclareFloatForEveryRealBuffer() {
        Target t = Targets.byName("german", null);
        for (KernelDef def : List.of(HmcKernels.init(t, 8, Precision.FLOAT32),
                HmcKernels.step(t, Metric.unit(t.dimension()), 8, Precision.FLOAT32),
                HisKernels.flow(t, 1, Precision.FLOAT32),
                org.leapfrog.samplers.target.TargetEvalKernel.of(t, 16, Precision.FLOAT32),
                org.leapfrog.samplers.l2hmc.L2hmcKernels.step(t, org.leapfrog.samplers.l2hmc.L2hmcModel.initial(t.name(),
                        t.dimension(), 2, 4, 0.1, 1), 16, Precision.FLOAT32),
                org.leapfrog.samplers.neural.NeuralKernels.step(org.leapfrog.samplers.neural.NeuralFlow.create(
                        t.dimension(), 4, 1, 1), t, 16, Precision.FLOAT32))) {
            assertEquals("float", def.defines().get("REAL"));
            assertEquals("1", def.defines().get("LF_F32"));
            KernelSignature s = def.signature();
            List<Arg> parsed = KernelSignaturesTest.parse(KernelSources.programText(def), def.entryPoint());
            assertEquals(parsed.size(), s.size());
            for (int i = 0; i < s.size(); i++) {
                Arg want = parsed.get(i), got = s.arg(i);
                ElementType expected = want.elementType() == ElementType.FLOAT64 ? ElementType.FLOAT32 : want.elementType();
                assertEquals(want.kind(), got.kind(), def.entryPoint() + " " + want.name());
                assertEquals(expected, got.elementType(), def.entryPoint() + " " + want.name());
                assertEquals(want.access() == KernelSignature.Access.READ, got.access() == KernelSignature.Access.READ);
            }
        }
    }

    @Test
    void precisionParsesAndRejectsWithTheAllowedValues() {
        assertEquals(Precision.FLOAT32, Precision.parse("float32"));
        assertEquals(Precision.FLOAT64, Precision.parse("Float64"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Precision.parse("half"));
        assertEquals("precision: 'half'; allowed: float64 or float32", e.getMessage());
    }

    @Test
    void float32LanesDefaultToTwiceTheFloat64OnesOnOpenClCpusAndCanBeSet() {
        try (org.leapfrog.runtime.Backend java = new org.leapfrog.runtime.java.JavaBackend(1)) {
            assertEquals(1, Lanes.forBackend(java, Precision.FLOAT32));
            System.setProperty(Lanes.FLOAT32_PROPERTY, "16");
            assertEquals(1, Lanes.forBackend(java, Precision.FLOAT32), "the Java twins take blocks, not lanes");
        } finally {
            System.clearProperty(Lanes.FLOAT32_PROPERTY);
        }
        if (!org.leapfrog.runtime.OpenClRequirement.availableOrFailInCi()) {
            return;
        }
        try (org.leapfrog.runtime.Backend ocl = org.leapfrog.runtime.Backends.open(new org.leapfrog.runtime.BackendRequest(
                org.leapfrog.runtime.BackendKind.OPENCL, -1), m -> { })) {
            int f64 = Lanes.forBackend(ocl);
            // float64 sampler kernels also take 16 chains per work-item on CPU devices (Lanes.forBackend)
            assertEquals(ocl.capabilities().cpu() ? 2 * f64 : f64, Lanes.forBackend(ocl, Precision.FLOAT64));
            assertEquals(ocl.capabilities().cpu() ? 2 * f64 : f64, Lanes.forBackend(ocl, Precision.FLOAT32));
            System.setProperty(Lanes.FLOAT32_PROPERTY, "12");
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> Lanes.forBackend(ocl, Precision.FLOAT32));
            assertEquals("leapfrog.lanes.float32: '12'; allowed: 1, 2, 4, 8 or 16", e.getMessage());
        } finally {
            System.clearProperty(Lanes.FLOAT32_PROPERTY);
        }
    }
}
