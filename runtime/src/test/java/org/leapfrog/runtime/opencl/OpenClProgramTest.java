package org.leapfrog.runtime.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSources;
import org.leapfrog.kernels.RandomFillKernels;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.graph.DoubleArray;
import org.leapfrog.runtime.graph.ExecutionPlan;
import org.leapfrog.runtime.graph.IntArray;
import org.leapfrog.runtime.graph.TaskGraph;

/** The program cache (one build per program text and options) and build failures with the compiler's log. */
class OpenClProgramTest {
    private static final String BROKEN_LINE = "    x[0] = 1.0 +;";
    private static final KernelDef BROKEN = new KernelDef("broken", "broken", List.of("org/leapfrog/kernels/lanes.cl",
            "org/leapfrog/kernels/philox.cl"),
            "__kernel void broken(__global double *x) {\n" + BROKEN_LINE + "\n}\n", Map.of("REAL", "double"),
            (a, from, to) -> { });

    private OpenClBackend backend;

    @BeforeEach
    void open() {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        backend = (OpenClBackend) Backends.open(new BackendRequest(BackendKind.OPENCL, -1), notice -> { });
    }

    @AfterEach
    void close() {
        if (backend != null) {
            backend.close();
        }
    }

    private ExecutionPlan fillPlan(KernelDef kernel, int n) {
        IntArray words = new IntArray("w", 4 * n);
        DoubleArray values = new DoubleArray("v", 4 * n);
        return backend.plan(new TaskGraph(kernel.name())
                .task("fill", kernel, n, 1L, 0, 1, 1, n, kernel == RandomFillKernels.WORDS ? words : values)
                .snapshot());
    }

    @Test
    void eachProgramIsBuiltOnce() {
        assertEquals(0, backend.programBuilds());
        try (ExecutionPlan a = fillPlan(RandomFillKernels.WORDS, 16);
             ExecutionPlan b = fillPlan(RandomFillKernels.WORDS, 32)) {
            assertEquals(1, backend.programBuilds());
        }
        // The three fill kernels share one program text (lanes.cl, lfmath.cl, philox.cl, philox_lanes.cl, random_fill.cl) and options.
        try (ExecutionPlan n = fillPlan(RandomFillKernels.NORMALS, 8); ExecutionPlan u = fillPlan(RandomFillKernels.UNIFORMS, 8)) {
            assertEquals(1, backend.programBuilds());
        }
        ClProgram words = backend.build(RandomFillKernels.WORDS);
        assertSame(words, backend.build(RandomFillKernels.NORMALS));
        assertEquals(1, backend.programBuilds());
        // Different build options make a different program.
        ClProgram vector = backend.build(RandomFillKernels.WORDS.withDefine("LF_VARIANT", "2"));
        assertNotSame(words, vector);
        assertSame(vector, backend.build(RandomFillKernels.NORMALS.withDefine("LF_VARIANT", "2")));
        assertEquals(2, backend.programBuilds());
        // A new backend (a new context) builds again.
        try (OpenClBackend other = (OpenClBackend) Backends.open(new BackendRequest(BackendKind.OPENCL, -1), n -> { })) {
            other.build(RandomFillKernels.WORDS);
            assertEquals(1, other.programBuilds());
        }
        assertEquals(2, backend.programBuilds());
    }

    @Test
    void syntaxErrorGivesTheCompilerLogAndTheNumberedLine() {
        String[] lines = KernelSources.programText(BROKEN).split("\n", -1);
        int lineNumber = java.util.Arrays.asList(lines).indexOf(BROKEN_LINE) + 1;
        assertTrue(lineNumber > 40, "the broken line comes after philox.cl");

        KernelBuildException e = assertThrows(KernelBuildException.class, () -> backend.build(BROKEN));
        assertTrue(e.log().contains("error"), e.log());
        assertTrue(e.log().contains(":" + lineNumber + ":"), "log names the line: " + e.log());
        String message = e.getMessage();
        assertTrue(message.startsWith("OpenCL build of kernel 'broken' failed (options: -cl-std=CL1.2 -DREAL=double)"),
                message);
        assertTrue(message.contains(e.log().strip()), message);
        assertTrue(message.contains(String.format("%5d | %s", lineNumber, BROKEN_LINE)), message);
        assertEquals(KernelSources.programText(BROKEN), e.source());
        assertEquals(0, backend.programBuilds());

        // Through a plan as well, and the failure is not cached.
        DoubleArray x = new DoubleArray("x", 4);
        assertThrows(KernelBuildException.class,
                () -> backend.plan(new TaskGraph("g").task("broken", BROKEN, 4, x).snapshot()));
        assertEquals(0, backend.programBuilds());
    }
}
