package org.leapfrog.runtime.tensor.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.leapfrog.runtime.tensor.nn.Activation.ELU;
import static org.leapfrog.runtime.tensor.nn.Activation.IDENTITY;
import static org.leapfrog.runtime.tensor.nn.Activation.LOG_SIGMOID;
import static org.leapfrog.runtime.tensor.nn.Activation.RELU;
import static org.leapfrog.runtime.tensor.nn.Activation.SIGMOID;
import static org.leapfrog.runtime.tensor.nn.Activation.SOFTPLUS;
import static org.leapfrog.runtime.tensor.nn.Activation.TANH;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.leapfrog.kernels.JavaKernel;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.nn.NetworkActivation;
import org.leapfrog.kernels.nn.NetworkSource;
import org.leapfrog.kernels.nn.NetworkSpec;
import org.leapfrog.kernels.nn.NetworkTwin;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.graph.DataTransferMode;
import org.leapfrog.runtime.graph.DoubleArray;
import org.leapfrog.runtime.graph.ExecutionPlan;
import org.leapfrog.runtime.graph.TaskGraph;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.TestEngines;
import org.leapfrog.runtime.tensor.nn.NetworkConformance.Case;
import org.leapfrog.runtime.tensor.nn.NetworkConformance.LayerDef;
import org.leapfrog.runtime.tensor.nn.NetworkConformance.Mismatch;

/**
 * {@link NetworkConformance} on widths 1 to 1024 (and one layer of the largest allowed width, 4096), depths 1 to 5
 * and every activation: the tensor graph (Java and
 * OpenCL engines), the emitted OpenCL function (lanes 1 and 8, double and float), the kernel's Java twin on the
 * Java backend and {@link org.leapfrog.kernels.nn.NetworkTwin}, each against the per-chain reference. 37 chains
 * (not a multiple of 8: padding is exercised), weights at base 13 of a NaN-filled buffer (reads outside the
 * network's slice would show). Fixed seeds; the forms are deterministic, so nothing here fails by chance.
 */
class NetworkConformanceTest {
    private static final int CHAINS = 37;
    private static final int BASE = 13;
    private static Backend openCl;

    static List<Case> cases() {
        return List.of(
                new Case("one", 1, List.of(layer(1, IDENTITY))),
                new Case("l2hmc", 4, List.of(layer(10, RELU), layer(10, RELU), scaled(3, IDENTITY))),
                new Case("acts", 3, List.of(layer(10, ELU), layer(10, SIGMOID), layer(10, SOFTPLUS),
                        layer(10, LOG_SIGMOID), layer(2, TANH))),
                new Case("coupling", 10, List.of(layer(100, ELU), layer(100, ELU), layer(100, ELU), layer(100, ELU),
                        scaled(30, TANH))),
                new Case("wide", 3, List.of(layer(1024, TANH), layer(1024, RELU), scaled(5, IDENTITY))),
                new Case("deep", 1024, List.of(layer(1024, ELU), layer(1024, SOFTPLUS), layer(1024, TANH),
                        layer(1024, SIGMOID), layer(1024, IDENTITY))),
                new Case("widest", 5, List.of(layer(NetworkSpec.MAX_WIDTH, RELU), layer(3, SOFTPLUS))));
    }

    private static LayerDef layer(int out, Activation a) {
        return new LayerDef(out, a, false);
    }

    private static LayerDef scaled(int out, Activation a) {
        return new LayerDef(out, a, true);
    }

    /** A case's spec, weights (in their NaN-padded buffer), inputs and reference. */
    private record Fixture(Case c, NetworkSpec spec, double[] weights, double[] buffer, double[] x, double[][] ref) {
        static Fixture of(Case c) {
            NetworkSpec spec = Networks.spec(c.name(), NetworkConformance.build(Engine.java(), c));
            double[] w = NetworkConformance.randomWeights(spec, 17);
            double[] x = NetworkConformance.randomInputs(spec.inputWidth(), CHAINS, 29);
            return new Fixture(c, spec, w, NetworkConformance.embed(w, BASE, 5), x,
                    NetworkConformance.reference(spec, w, x, CHAINS));
        }

        void check(String form, double[] got, double tolerance) {
            Mismatch m = NetworkConformance.compare(ref, got, CHAINS);
            assertTrue(m.error() <= tolerance, c + ", " + form + ": " + m + " (tolerance " + tolerance + ")");
        }

        /** The tensor graph on {@code engine}, its parameters set from the packed weights. */
        double[] graph(Engine engine) {
            Sequential net = NetworkConformance.build(engine, c);
            Networks.unpack(buffer, BASE, net.parameters());
            return NetworkConformance.graph(net, x, spec.inputWidth(), CHAINS);
        }
    }

    private static synchronized Backend openCl() {
        assumeTrue(OpenClRequirement.availableOrFailInCi(), "no OpenCL device");
        if (openCl == null) {
            openCl = Backends.open(new BackendRequest(BackendKind.OPENCL, -1), n -> { });
        }
        return openCl;
    }

    @AfterAll
    static void close() {
        if (openCl != null) {
            openCl.close();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void javaFormsAgree(Case c) {
        Fixture f = Fixture.of(c);
        f.check("tensor graph (java)", f.graph(Engine.java()), NetworkConformance.DOUBLE_TOLERANCE);
        f.check("NetworkTwin, blocks of 16", NetworkConformance.twin(f.spec, f.buffer, BASE, f.x, CHAINS, 16),
                NetworkConformance.DOUBLE_TOLERANCE);
        try (Backend java = new JavaBackend(2)) {
            f.check("lf_net_eval twin (java backend)",
                    NetworkConformance.kernel(java, f.spec, 1, "double", f.buffer, BASE, f.x, CHAINS),
                    NetworkConformance.DOUBLE_TOLERANCE);
        }
    }

    static Stream<Arguments> openClVariants() {
        List<Arguments> a = new ArrayList<>();
        for (Case c : cases()) {
            for (int lanes : new int[] {1, 8}) {
                for (String real : new String[] {"double", "float"}) {
                    a.add(Arguments.of(c, lanes, real));
                }
            }
        }
        return a.stream();
    }

    @ParameterizedTest
    @MethodSource("openClVariants")
    void openClFunctionAgrees(Case c, int lanes, String real) {
        Backend backend = openCl();
        Fixture f = Fixture.of(c);
        double tolerance = real.equals("double") ? NetworkConformance.DOUBLE_TOLERANCE
                : NetworkConformance.floatTolerance(f.spec);
        f.check("lf_net_eval (OpenCL, VW=" + lanes + ", " + real + ")",
                NetworkConformance.kernel(backend, f.spec, lanes, real, f.buffer, BASE, f.x, CHAINS), tolerance);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void openClTensorGraphAgrees(Case c) {
        Engine engine = TestEngines.get("opencl");
        Fixture f = Fixture.of(c);
        f.check("tensor graph (opencl)", f.graph(engine), NetworkConformance.DOUBLE_TOLERANCE);
    }

    /** Lane widths 2 and 4 build and agree too (the samplers allow them via -Dleapfrog.lanes). */
    @Test
    void openClFunctionAtLanesTwoAndFour() {
        Backend backend = openCl();
        Fixture f = Fixture.of(cases().get(2));
        for (int lanes : new int[] {2, 4}) {
            f.check("lf_net_eval (OpenCL, VW=" + lanes + ")",
                    NetworkConformance.kernel(backend, f.spec, lanes, "double", f.buffer, BASE, f.x, CHAINS),
                    NetworkConformance.DOUBLE_TOLERANCE);
        }
    }

    /**
     * Two networks emitted into one program, composed inside one kernel and reading one weight buffer at two
     * bases (as a fused sampler reads several networks from the trainer's buffer), on both backends.
     */
    @ParameterizedTest
    @ValueSource(strings = {"java", "opencl"})
    void twoNetworksShareOneBufferInOneKernel(String backendName) {
        NetworkSpec a = NetworkSpec.builder("first", 3)
                .dense(8, NetworkActivation.TANH)
                .dense(5, NetworkActivation.RELU).build();
        NetworkSpec b = NetworkSpec.builder("second", 5)
                .dense(4, NetworkActivation.ELU)
                .dense(2, NetworkActivation.IDENTITY).scaledTanh().build();
        int baseA = 7;
        int baseB = baseA + a.parameterCount() + 3;
        double[] buffer = NetworkConformance.embed(new double[baseB - baseA + b.parameterCount()], baseA, 2);
        System.arraycopy(NetworkConformance.randomWeights(a, 5), 0, buffer, baseA, a.parameterCount());
        System.arraycopy(NetworkConformance.randomWeights(b, 6), 0, buffer, baseB, b.parameterCount());
        double[] x = NetworkConformance.randomInputs(3, CHAINS, 7);
        double[] hidden = NetworkConformance.twin(a, buffer, baseA, x, CHAINS, 64);
        double[] wb = Arrays.copyOfRange(buffer, baseB, baseB + b.parameterCount());
        double[][] ref = NetworkConformance.reference(b, wb, hidden, CHAINS);

        String kernel = "__kernel void lf_two(int n, __global const REAL *x, __global REAL *y, __global const REAL *w,"
                + " int wa, int wb) {\n"
                + "    int c0 = get_global_id(0) * VW;\n"
                + "    if (c0 >= n) return;\n"
                + "    RV in[3], mid[5], out[2];\n"
                + "    for (int i = 0; i < 3; i++) in[i] = LF_LOAD(x, i * n + c0);\n"
                + "    lf_net_first(in, mid, w, wa);\n"
                + "    lf_net_second(mid, out, w, wb);\n"
                + "    for (int o = 0; o < 2; o++) LF_STORE(out[o], y, o * n + c0);\n"
                + "}\n";
        // Work-items are chains here (lanes 1 on the Java backend); scratch per call is fine in a test.
        JavaKernel twin = (args, from, to) -> {
            int n = args.intValue(0);
            NetworkTwin ta = new NetworkTwin(a, n);
            NetworkTwin tb = new NetworkTwin(b, n);
            double[] mid = new double[5 * n];
            ta.forward(args.doubles(1), from, n, mid, from, n, args.doubles(3), args.intValue(4), to - from);
            tb.forward(mid, from, n, args.doubles(2), from, n, args.doubles(3), args.intValue(5), to - from);
        };
        boolean cl = backendName.equals("opencl");
        int lanes = cl ? 8 : 1;
        KernelDef def = new KernelDef("two-networks", "lf_two", List.of("org/leapfrog/kernels/lanes.cl"),
                NetworkSource.emit(a) + NetworkSource.emit(b) + kernel,
                Map.of("REAL", "double", "VW", Integer.toString(lanes)), twin);
        int padded = (CHAINS + 7) / 8 * 8;
        double[] xp = new double[3 * padded];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(x, i * CHAINS, xp, i * padded, CHAINS);
        }
        DoubleArray xa = new DoubleArray("x", xp);
        DoubleArray ya = new DoubleArray("y", new double[2 * padded]);
        DoubleArray wa = new DoubleArray("w", buffer);
        if (cl) {
            assumeTrue(OpenClRequirement.availableOrFailInCi(), "no OpenCL device");
        }
        try (Backend backend = cl ? Backends.open(new BackendRequest(BackendKind.OPENCL, -1), n -> { })
                : new JavaBackend(1)) {
            TaskGraph g = new TaskGraph("two").transferToDevice(DataTransferMode.FIRST_EXECUTION, xa, wa)
                    .task("two", def, padded / lanes, padded, xa, ya, wa, baseA, baseB).localWork(cl ? 1 : 0)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, ya);
            try (ExecutionPlan plan = backend.plan(g.snapshot())) {
                plan.execute();
            }
        }
        double[] y = new double[2 * CHAINS];
        for (int o = 0; o < 2; o++) {
            System.arraycopy(ya.data(), o * padded, y, o * CHAINS, CHAINS);
        }
        Mismatch m = NetworkConformance.compare(ref, y, CHAINS);
        assertTrue(m.error() <= NetworkConformance.DOUBLE_TOLERANCE, backendName + ": " + m);
    }

    /** The harness can fail: one weight off by a relative 1e-6, or the weights transposed, are caught. */
    @Test
    void harnessCatchesSmallAndLayoutMistakes() {
        Fixture f = Fixture.of(cases().get(1));
        double[] perturbed = f.buffer.clone();
        int target = BASE + f.spec.layers().get(1).weightOffset() + 7;
        perturbed[target] *= 1 + 1e-6;
        Mismatch m = NetworkConformance.compare(f.ref,
                NetworkConformance.twin(f.spec, perturbed, BASE, f.x, CHAINS, 64), CHAINS);
        assertTrue(m.error() > 100 * NetworkConformance.DOUBLE_TOLERANCE, "perturbation missed: " + m);

        double[] transposed = f.buffer.clone();
        NetworkSpec.Layer l = f.spec.layers().get(1);
        for (int i = 0; i < l.in(); i++) {
            for (int o = 0; o < l.out(); o++) {
                transposed[BASE + l.weightOffset() + i * l.out() + o] = f.buffer[BASE + l.weightOffset() + o * l.in() + i];
            }
        }
        m = NetworkConformance.compare(f.ref, NetworkConformance.twin(f.spec, transposed, BASE, f.x, CHAINS, 64), CHAINS);
        assertTrue(m.error() > 1e-3, "transposed weights missed: " + m);
    }

    @Test
    void specFollowsTheModulesParameterOrder() {
        Case c = cases().get(1);
        Sequential net = NetworkConformance.build(Engine.java(), c);
        NetworkSpec spec = Networks.spec("n", net);
        int[] off = Networks.offsets(net.parameters());
        // Parameters: d0.w d0.b d1.w d1.b d2.w d2.b scale2.logLambda
        assertArrayEquals(new int[] {0, 40, 50, 150, 160, 190, 193, 196}, off);
        assertEquals(off[4], spec.layers().get(2).weightOffset());
        assertEquals(off[5], spec.layers().get(2).biasOffset());
        assertEquals(off[6], spec.layers().get(2).scaleOffset());
        assertEquals(off[7], spec.parameterCount());
        assertEquals(4, spec.inputWidth());
        assertEquals(3, spec.outputWidth());

        double[] w = NetworkConformance.randomWeights(spec, 3);
        Networks.unpack(w, 0, net.parameters());
        assertArrayEquals(w, Networks.pack(net.parameters()));
        assertEquals(w[41], net.parameters().get(1).data()[1]);   // bias of unit 1 of layer 0
        assertEquals(w[2 * 4 + 3], net.parameters().get(0).data()[2 * 4 + 3]);   // weight (input 3, unit 2)
    }

    @Test
    void specRejectsWhatAKernelCannotEvaluate() {
        Engine engine = Engine.java();
        Sequential scaledFirst = new Sequential(List.of(new ScaledTanh(engine, "s", 3)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Networks.spec("n", scaledFirst));
        assertTrue(e.getMessage().contains("module 0"), e.getMessage());

        Sequential wrongScale = new Sequential(List.of(
                new Dense(engine, "d", 2, 3, TANH, VarianceScaling.glorotUniform(), new java.util.SplittableRandom(1)),
                new ScaledTanh(engine, "s", 4)));
        e = assertThrows(IllegalArgumentException.class, () -> Networks.spec("n", wrongScale));
        assertTrue(e.getMessage().contains("module 1") && e.getMessage().contains("1 x 3"), e.getMessage());

        Sequential mismatch = new Sequential(List.of(
                new Dense(engine, "a", 2, 3, TANH, VarianceScaling.glorotUniform(), new java.util.SplittableRandom(1)),
                new Dense(engine, "b", 4, 1, TANH, VarianceScaling.glorotUniform(), new java.util.SplittableRandom(1))));
        e = assertThrows(IllegalArgumentException.class, () -> Networks.spec("n", mismatch));
        assertTrue(e.getMessage().contains("module 1") && e.getMessage().contains("allowed: 3"), e.getMessage());

        Sequential ok = Sequential.mlp(engine, "m", new int[] {2, 3}, TANH, TANH, VarianceScaling.glorotUniform(),
                new java.util.SplittableRandom(1));
        e = assertThrows(IllegalArgumentException.class, () -> Networks.spec("bad-name", ok));
        assertTrue(e.getMessage().contains("name: 'bad-name'"), e.getMessage());
    }
}
