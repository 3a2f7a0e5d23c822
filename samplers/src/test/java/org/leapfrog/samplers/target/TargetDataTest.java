package org.leapfrog.samplers.target;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;

/** Reading, packing and checking named data for user targets, and the missing-name check of OpenClTarget. */
class TargetDataTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private String error(String name, String text) throws Exception {
        Path p = write(name, text);
        String m = assertThrows(IllegalArgumentException.class, () -> TargetData.read(p)).getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(m.startsWith("data file " + p + ": "), m);
        return m.substring(("data file " + p + ": ").length());
    }

    @Test
    void jsonScalarsVectorsAndMatricesArePackedInOrderWithTheirMacros() throws Exception {
        TargetData d = TargetData.read(write("d.json",
                "{\"N\": 3, \"s\": -0.25, \"y\": [1, 2.5, -3], \"X\": [[1, 2], [3, 4], [5, 6e-3]]}"));
        assertEquals(List.of("N", "s", "y", "X"), List.copyOf(d.names()));
        assertArrayEquals(new double[] {3, -0.25, 1, 2.5, -3, 1, 2, 3, 4, 5, 6e-3}, d.packed());
        assertEquals(3, d.integer("N", 0, 10));
        assertEquals(-0.25, d.scalar("s"));
        assertArrayEquals(new double[] {1, 2.5, -3}, d.vector("y"));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6e-3}, d.matrix("X"));
        Map<String, String> m = d.defines();
        assertEquals("3", m.get("N"));
        assertEquals("(-0.25)", m.get("s"));
        assertEquals("0", m.get("OFF_N"));
        assertEquals("1", m.get("OFF_s"));
        assertEquals("2", m.get("OFF_y"));
        assertEquals("3", m.get("y_LEN"));
        assertEquals("5", m.get("OFF_X"));
        assertEquals("3", m.get("X_ROWS"));
        assertEquals("2", m.get("X_COLS"));
        assertEquals(d.file().orElseThrow(), dir.resolve("d.json"));
        assertEquals("(-7)", TargetData.literal(-7));
        assertEquals("1.0E-300", TargetData.literal(1e-300));
        assertEquals("3.0E10", TargetData.literal(3e10)); // integral but beyond int: a double literal
    }

    @Test
    void csvIsOneMatrixXWithColumnMacros() throws Exception {
        TargetData d = TargetData.read(write("d.csv", "a, b,y\n1,2,0\n\n3, 4.5 ,1\n"));
        assertEquals(List.of("X"), List.copyOf(d.names()));
        assertArrayEquals(new double[] {1, 2, 0, 3, 4.5, 1}, d.matrix("X"));
        assertEquals(List.of("a", "b", "y"), d.entry("X").columns());
        assertEquals("2", d.defines().get("X_ROWS"));
        assertEquals("3", d.defines().get("X_COLS"));
        assertEquals("0", d.defines().get("X_COL_a"));
        assertEquals("2", d.defines().get("X_COL_y"));
        // Headers that are not C identifiers get no column macro but are still columns.
        TargetData odd = TargetData.read(write("odd.csv", "\"x 1\",y\n1,0\n"));
        assertEquals(Map.of("OFF_X", "0", "X_ROWS", "1", "X_COLS", "2", "X_COL_y", "1"), odd.defines());
    }

    @Test
    void contentHashFollowsTheValuesNotTheSpelling() throws Exception {
        String a = TargetData.read(write("a.json", "{\"y\": [1, 2], \"N\": 2}")).contentHash();
        String b = TargetData.read(write("b.json", "{ \"y\" : [1.0, 2e0],\n \"N\": 2.0 }")).contentHash();
        String c = TargetData.read(write("c.json", "{\"y\": [1, 2.0000000001], \"N\": 2}")).contentHash();
        String e = TargetData.fromJson("{\"N\": 2, \"y\": [1, 2]}").contentHash();
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertNotEquals(a, e, "order is part of the layout (offsets differ)");
        assertEquals(64, a.length());
        assertEquals(TargetData.builder().vector("y", 1, 2).scalar("N", 2).build().contentHash(), a);
    }

    @Test
    void fileErrorsAreOneLineNamingTheFile() throws Exception {
        Path missing = dir.resolve("none.json");
        assertEquals("data file " + missing + ": does not exist",
                assertThrows(IllegalArgumentException.class, () -> TargetData.read(missing)).getMessage());
        assertEquals("data file " + dir + ": is not a readable file",
                assertThrows(IllegalArgumentException.class, () -> TargetData.read(dir)).getMessage());
        assertTrue(error("d.txt", "{}").startsWith("unknown format; allowed: a file ending in .json or .csv"));
        Path binary = dir.resolve("bin.json");
        Files.write(binary, new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TargetData.read(binary)).getMessage()
                .endsWith("is not UTF-8 text"));
    }

    @Test
    void jsonErrorsNameTheEntryAndValue() throws Exception {
        assertTrue(error("a.json", "{\"y\": [1, 2,]").startsWith("not valid JSON at line 1, column "));
        assertTrue(error("b.json", "").startsWith("empty"));
        assertTrue(error("c.json", "[1, 2]").startsWith("the top level is a JSON array; allowed: an object"));
        assertEquals("y[1] is \"a\", not a number; allowed: numbers, arrays of numbers, arrays of equal-length arrays of numbers",
                error("d.json", "{\"y\": [1, \"a\"]}"));
        assertTrue(error("e.json", "{\"b\": true}").startsWith("b is true, not a number"));
        assertTrue(error("f.json", "{\"b\": null}").startsWith("b is null, not a number"));
        assertTrue(error("g.json", "{\"o\": {\"a\": 1}}").startsWith("o is {\"a\":1}, not a number"));
        assertEquals("y[2] is NaN; allowed: a finite number", error("h.json", "{\"y\": [1, 2, NaN]}"));
        assertEquals("y[0] is \"-Inf\"; allowed: a finite number", error("i.json", "{\"y\": [\"-Inf\"]}"));
        assertEquals("s is Infinity; allowed: a finite number", error("j.json", "{\"s\": 1e999}"));
        assertEquals("X[1][0] is -Infinity; allowed: a finite number", error("k.json", "{\"X\": [[1], [-Infinity]]}"));
        assertEquals("X is ragged: row 1 has 1 values, row 0 has 2; allowed: rows of equal length",
                error("l.json", "{\"X\": [[1, 2], [3]]}"));
        assertTrue(error("m.json", "{\"X\": [[[1]]]}").startsWith("X has more than two levels of arrays"));
        assertTrue(error("n.json", "{\"X\": [1, [2]]}").startsWith("X[1] is an array but X[0] is a number"));
        assertTrue(error("o.json", "{\"X\": [[1], 2]}").startsWith("X[1] is a number but X[0] is an array"));
        assertEquals("y is an empty array; allowed: at least one value", error("p.json", "{\"y\": []}"));
        assertTrue(error("q.json", "{\"2y\": 1}").startsWith("name '2y'; allowed: a C identifier"));
        assertTrue(error("r.json", "{\"DIM\": 1}").startsWith("name 'DIM' is reserved"));
        assertTrue(error("s.json", "{\"lf_x\": 1}").startsWith("name 'lf_x' is reserved"));
        assertTrue(error("t.json", "{\"a\": 1, \"a\": 2}").contains("Duplicate field 'a'"));
        assertTrue(error("u.json", "{\"y\": [1], \"OFF_y\": 0}").startsWith("the macro OFF_y would be defined twice"));
    }

    @Test
    void csvErrorsNameTheLineAndColumn() throws Exception {
        assertEquals("line 3, column b: 'x' is not a number; allowed: numbers only below the header",
                error("a.csv", "a,b\n1,2\n3,x\n"));
        assertEquals("line 2, column a: 'NaN' is not finite; allowed: a finite number", error("b.csv", "a,b\nNaN,2\n"));
        assertEquals("line 2, column b: 'inf' is not finite; allowed: a finite number", error("c.csv", "a,b\n1,inf\n"));
        assertEquals("line 4 has 1 values; allowed: 2 (the header's columns), so no ragged rows",
                error("d.csv", "a,b\n1,2\n\n3\n"));
        assertTrue(error("e.csv", "1,2\n3,4\n").startsWith("the first row (1,2) looks like numbers; allowed: a header row"));
        assertTrue(error("f.csv", "").startsWith("empty"));
        assertTrue(error("g.csv", "a,b\n").startsWith("a header but no data rows"));
        assertTrue(error("h.csv", "a,,c\n1,2,3\n").startsWith("header column 2 is empty"));
        assertTrue(error("i.csv", "a,a\n1,2\n").startsWith("X has repeated column names [a, a]"));
        assertTrue(error("j.csv", "a,b\n\"1,2\n").startsWith("not valid CSV"));
    }

    @Test
    void builderChecksValuesAndShapes() {
        assertEquals("data: y[1] is NaN; allowed: a finite number", assertThrows(IllegalArgumentException.class,
                () -> TargetData.builder().vector("y", 1, Double.NaN)).getMessage());
        assertEquals("data: X is ragged: row 1 has 1 values, row 0 has 2; allowed: rows of equal length",
                assertThrows(IllegalArgumentException.class,
                        () -> TargetData.builder().matrix("X", new double[][] {{1, 2}, {3}})).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> TargetData.builder().matrix("X", 2, 2, new double[3])).getMessage().startsWith("data: X is 2 x 2 with 3 values"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> TargetData.builder().scalar("a", 1).scalar("a", 2)).getMessage().startsWith("data: a is given twice"));
        TargetData d = TargetData.builder().scalar("N", 2.5).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.integer("N", 0, 9)).getMessage()
                .startsWith("data: N = 2.5; allowed: a whole number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.vector("N")).getMessage()
                .startsWith("data: N is a scalar; allowed here: a vector"));
        assertEquals("data: no entry 'M'; allowed: N", assertThrows(IllegalArgumentException.class, () -> d.entry("M")).getMessage());
        assertTrue(TargetData.empty().isEmpty());
        assertEquals(0, TargetData.empty().packed().length);
    }

    static final String SUM_Y = """
            // log p = -|x|^2 / 2 + s * sum(y), with the data's y and s
            RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td) {
                REAL total = 0;
                for (int i = 0; i < y_LEN; i++) {
                    total += td[OFF_y + i];
                }
                RV lp = (RV)(0.0);
                for (int d = 0; d < DIM; d++) {
                    g[d] = -x[d];
                    lp -= (REAL)(0.5) * x[d] * x[d];
                }
                return lp + S * total;
            }
            """;

    @Test
    void missingDataNamesAreReportedBeforeCompiling() {
        TargetData full = TargetData.builder().vector("y", 1, 2).scalar("S", 0.5).build();
        OpenClTarget t = OpenClTarget.fromSource("sum", 2, SUM_Y, full);
        String src = t.deviceCode().orElseThrow().source();
        assertTrue(src.contains("#define OFF_y 0\n#define y_LEN 2\n#define S 0.5\n#define OFF_S 2\n"), src);
        assertTrue(src.contains("#undef S\n"), src);
        assertArrayEquals(new double[] {1, 2, 0.5}, t.deviceCode().orElseThrow().data());
        assertEquals(full, t.data().orElseThrow());
        assertEquals("// log p", src.split("\n")[t.sourceFirstLine() - 1].substring(0, 8));

        String m = assertThrows(IllegalArgumentException.class,
                () -> OpenClTarget.fromSource("sum", 2, SUM_Y, TargetData.builder().vector("y", 1, 2).build())).getMessage();
        assertTrue(m.startsWith("target 'sum' uses S, which the data does not define (the data holds y (vector of 2))"), m);
        m = assertThrows(IllegalArgumentException.class, () -> OpenClTarget.fromSource("sum", 2, SUM_Y, TargetData.empty())).getMessage();
        assertTrue(m.startsWith("target 'sum' uses OFF_y, S, y_LEN, which no data defines (no data was given)"), m);
        String matrix = "RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td) { g[0] = -x[0]; "
                + "return td[OFF_Z + Z_ROWS * Z_COLS - 1 + Z_COL_a] * x[0]; }";
        m = assertThrows(IllegalArgumentException.class, () -> OpenClTarget.fromSource("m", 1, matrix, full)).getMessage();
        assertTrue(m.startsWith("target 'm' uses OFF_Z, Z_COLS, Z_COL_a, Z_ROWS, which the data does not define"), m);
    }

    /** The macros and td reach the device: the data target computes what its Java formula gives, 1 and 8 lanes. */
    @Test
    void dataTargetRunsOnOpenCl() {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        TargetData data = TargetData.builder().scalar("S", 0.5).vector("y", 1, 2, 4.25).build();
        OpenClTarget t = OpenClTarget.fromSource("sum", 3, SUM_Y, data);
        try (Backend backend = Backends.open("opencl", null, msg -> { })) {
            for (int vw : new int[] {1, 8}) {
                try (TargetEvaluator ev = new TargetEvaluator(backend, t, 11, vw)) {
                    int s = ev.stride();
                    for (int i = 0; i < ev.position().length; i++) {
                        ev.position()[i] = Math.sin(i + 1.0);
                    }
                    ev.evaluate();
                    for (int c = 0; c < 11; c++) {
                        double sq = 0;
                        for (int d = 0; d < 3; d++) {
                            double x = ev.position()[d * s + c];
                            sq += x * x;
                            assertEquals(-x, ev.gradient()[d * s + c], 1e-15);
                        }
                        assertEquals(-0.5 * sq + 0.5 * 7.25, ev.logDensity()[c], 1e-13);
                    }
                }
            }
        }
    }

    @Test
    void namesTheSourceDefinesOrDeclaresAreNotReported() {
        String own = """
                #define S 2.0
                #pragma OPENCL FP_CONTRACT OFF
                typedef double MYREAL;
                enum { FIRST, SECOND };
                // N is only in a comment
                RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td) {
                    const int K = 3, L2 = 4;
                    __global const REAL *T = td;
                    MYREAL q = M_PI + FLT_EPSILON + INFINITY * 0 + SECOND;
                    for (int d = 0; d < DIM; d++) {
                        g[d] = -x[d];
                    }
                    return (REAL)(-0.5) * S * x[0] * x[0] * K * L2 * T[0] * q;
                }
                """;
        assertTrue(SourceNames.undefined(own.replaceAll("//[^\\n]*", " "), java.util.Set.of()).isEmpty(),
                SourceNames.undefined(own.replaceAll("//[^\\n]*", " "), java.util.Set.of()).toString());
        OpenClTarget.fromSource("own", 1, own, TargetData.empty());
        // A data scalar is a macro: one named like a variable of the source would replace it.
        String m = assertThrows(IllegalArgumentException.class,
                () -> OpenClTarget.fromSource("own", 1, own, TargetData.builder().scalar("K", 1).build())).getMessage();
        assertEquals("target 'own': the data defines the macro K, which would replace the source's own K; "
                + "allowed: different names (rename one)", m);
        m = assertThrows(IllegalArgumentException.class,
                () -> OpenClTarget.fromSource("own", 1, own, TargetData.builder().vector("q", 1).scalar("S", 1).build())).getMessage();
        assertTrue(m.startsWith("target 'own': the data defines the macro S, which would replace the source's own S"), m);
        // Vectors and matrices define no macro with their bare name, so they may share it.
        OpenClTarget.fromSource("own", 1, own, TargetData.builder().vector("K", 1).build());
    }

    @Test
    void aByteOrderMarkIsIgnored() throws Exception {
        TargetData d = TargetData.read(write("bom.csv", "\uFEFFa,y\n1,0\n"));
        assertEquals("0", d.defines().get("X_COL_a"));
    }
}
