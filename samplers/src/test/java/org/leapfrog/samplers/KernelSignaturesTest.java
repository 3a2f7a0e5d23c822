package org.leapfrog.samplers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.leapfrog.kernels.ElementType;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSignature;
import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.kernels.KernelSignature.Arg;
import org.leapfrog.kernels.KernelSignature.Kind;
import org.leapfrog.kernels.KernelSources;
import org.leapfrog.kernels.RandomFillKernels;
import org.leapfrog.kernels.nn.NnKernels;
import org.leapfrog.samplers.his.HisKernels;
import org.leapfrog.samplers.hmc.HmcKernels;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.TargetEvalKernel;
import org.leapfrog.samplers.target.Targets;

/**
 * Every converted kernel's declared signature agrees with its OpenCL parameter list (names, kinds, element types;
 * {@code const} buffers are exactly the read-only ones), so the declaration is the one place to read them from.
 */
class KernelSignaturesTest {
    static List<KernelDef> converted() {
        Target t = Targets.byName("icg50", null);
        List<KernelDef> defs = new ArrayList<>(List.of(RandomFillKernels.WORDS, RandomFillKernels.NORMALS,
                RandomFillKernels.UNIFORMS));
        defs.addAll(NnKernels.ALL);
        defs.add(HmcKernels.init(t, 8));
        defs.add(HmcKernels.step(t, Metric.unit(t.dimension()), 8));
        defs.add(HisKernels.flow(t, 1));
        defs.add(TargetEvalKernel.of(t, 8));
        defs.add(org.leapfrog.samplers.his.FlowOpKernels.UPDATE);
        defs.add(org.leapfrog.samplers.his.FlowOpKernels.SCHEDULE);
        defs.addAll(List.of(org.leapfrog.samplers.learned.LearnedKernels.MH,
                org.leapfrog.samplers.learned.LearnedKernels.STATS, org.leapfrog.samplers.learned.LearnedKernels.COMMIT,
                org.leapfrog.samplers.learned.LearnedKernels.COPY_ROWS));
        defs.addAll(org.leapfrog.samplers.l2hmc.L2hmcOpKernelsAccess.all());
        return defs;
    }

    @Test
    void signaturesMatchTheOpenClParameters() {
        for (KernelDef def : converted()) {
            KernelSignature s = def.signature();
            assertNotNull(s, def.name() + " has a signature");
            List<Arg> parsed = parse(KernelSources.programText(def), def.entryPoint());
            assertEquals(parsed.size(), s.size(), def.entryPoint() + ": " + s);
            for (int i = 0; i < s.size(); i++) {
                Arg want = parsed.get(i), got = s.arg(i);
                String where = def.entryPoint() + " argument " + i;
                assertEquals(want.name(), got.name(), where);
                assertEquals(want.kind(), got.kind(), where + " " + want.name());
                assertEquals(want.elementType(), got.elementType(), where + " " + want.name());
                assertEquals(want.access() == Access.READ, got.access() == Access.READ,
                        where + " " + want.name() + ": const in C exactly when declared read-only");
            }
        }
    }

    @Test
    void theParserReadsParameterLists() {
        List<Arg> a = parse("__kernel void k(ulong seed, uint it, __global const REAL *x, __global int *acc,\n"
                + " REAL beta, __global float *f) {}", "k");
        assertEquals(List.of("seed", "it", "x", "acc", "beta", "f"), a.stream().map(Arg::name).toList());
        assertEquals(List.of(Kind.LONG, Kind.INT, Kind.BUFFER, Kind.BUFFER, Kind.DOUBLE, Kind.BUFFER),
                a.stream().map(Arg::kind).toList());
        assertEquals(Access.READ, a.get(2).access());
        assertEquals(ElementType.INT32, a.get(3).elementType());
        assertEquals(ElementType.FLOAT32, a.get(5).elementType());
    }

    /** The parameters of {@code __kernel void entry(...)}: const buffers READ, others READ_WRITE. */
    static List<Arg> parse(String source, String entry) {
        Matcher m = Pattern.compile("__kernel\\s+void\\s+" + entry + "\\s*\\(([^)]*)\\)").matcher(source);
        assertTrue(m.find(), "kernel " + entry + " in its program");
        List<Arg> out = new ArrayList<>();
        for (String p : m.group(1).split(",")) {
            String[] tokens = p.replace("*", " * ").trim().split("\\s+");
            String name = tokens[tokens.length - 1];
            boolean buffer = p.contains("*");
            boolean constant = List.of(tokens).contains("const");
            String type = null;
            for (String tok : tokens) {
                if (!tok.equals("__global") && !tok.equals("const") && !tok.equals("*")) {
                    type = tok;
                    break;
                }
            }
            if (buffer) {
                ElementType et = switch (type) {
                    case "REAL", "double" -> ElementType.FLOAT64;
                    case "float" -> ElementType.FLOAT32;
                    case "int", "uint" -> ElementType.INT32;
                    default -> ElementType.INT64;
                };
                out.add(new Arg(out.size(), name, Kind.BUFFER, et, constant ? Access.READ : Access.READ_WRITE));
            } else {
                Kind k = switch (type) {
                    case "ulong", "long" -> Kind.LONG;
                    case "int", "uint" -> Kind.INT;
                    default -> Kind.DOUBLE;
                };
                out.add(new Arg(out.size(), name, k, null, Access.READ));
            }
        }
        return out;
    }
}
