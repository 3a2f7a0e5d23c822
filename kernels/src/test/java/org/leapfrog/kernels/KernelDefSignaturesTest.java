package org.leapfrog.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.kernels.KernelSignature.Arg;
import org.leapfrog.kernels.KernelSignature.Kind;
import org.leapfrog.kernels.nn.MatmulKernels;
import org.leapfrog.kernels.nn.MatmulKernels.Form;
import org.leapfrog.kernels.nn.MatmulKernels.Precision;
import org.leapfrog.kernels.nn.NetworkActivation;
import org.leapfrog.kernels.nn.NetworkEvalKernel;
import org.leapfrog.kernels.nn.NetworkSpec;
import org.leapfrog.kernels.nn.NnKernels;
import org.leapfrog.kernels.nn.OptimizerKernels;
import org.leapfrog.kernels.nn.RandomOpKernels;
import org.leapfrog.kernels.nn.TargetOpKernels;

/**
 * Every kernel of this module declares its parameters, and the declaration agrees with the OpenCL parameter
 * list (names, kinds, element types with {@code REAL} resolved from the kernel's build definitions; {@code const}
 * buffers exactly the read-only ones). The sampler kernels are checked the same way by the samplers' own
 * KernelSignaturesTest. A scan of every module's main sources makes sure no kernel is defined without a
 * signature, so a new one cannot slip past both lists.
 */
class KernelDefSignaturesTest {
    /** Every kernel definition of the kernels module, in each precision and form it is built in. */
    static List<KernelDef> all() {
        List<KernelDef> defs = new ArrayList<>(List.of(RandomFillKernels.WORDS, RandomFillKernels.NORMALS,
                RandomFillKernels.UNIFORMS, RandomOpKernels.RANDOM, RandomOpKernels.RANDOM_FLOAT32));
        defs.addAll(NnKernels.ALL);
        defs.addAll(NnKernels.Float32.ALL);
        defs.addAll(OptimizerKernels.ALL);
        defs.addAll(OptimizerKernels.Float32.ALL);
        defs.addAll(org.leapfrog.kernels.nn.ConvKernels.ALL);
        for (org.leapfrog.kernels.nn.ActivationKernels.Function fn : org.leapfrog.kernels.nn.ActivationKernels.Function.values()) {
            defs.add(org.leapfrog.kernels.nn.ActivationKernels.def(fn, org.leapfrog.kernels.ElementType.FLOAT64, 8));
            defs.add(org.leapfrog.kernels.nn.ActivationKernels.def(fn, org.leapfrog.kernels.ElementType.FLOAT32, 1));
        }
        for (Precision p : Precision.values()) {
            for (Form f : Form.values()) {
                defs.add(MatmulKernels.gemm(p, f));
                defs.add(MatmulKernels.gemmTransA(p, f));
            }
            defs.add(MatmulKernels.actGrad(p));
            defs.add(MatmulKernels.actGradSum(p));
        }
        NetworkSpec spec = NetworkSpec.builder("sig", 3).dense(4, NetworkActivation.TANH)
                .dense(2, NetworkActivation.IDENTITY).build();
        for (String real : List.of("double", "float")) {
            for (int lanes : new int[] {1, 8}) {
                defs.add(NetworkEvalKernel.def(spec, lanes, real));
            }
        }
        defs.add(TargetOpKernels.logpGrad("sig", "", 2, (a, from, to) -> { }));
        defs.add(TargetOpKernels.hvp("sig", "", 2, (a, from, to) -> { }));
        defs.add(TargetOpKernels.logpGradFloat32("sig", "", 2, (a, from, to) -> { }));
        defs.add(TargetOpKernels.hvpFloat32("sig", "", 2, (a, from, to) -> { }));
        return defs;
    }

    @Test
    void signaturesMatchTheOpenClParameters() {
        List<KernelDef> defs = all();
        assertTrue(defs.size() >= 35, "listed " + defs.size() + " kernels");
        for (KernelDef def : defs) {
            KernelSignature s = def.signature();
            assertNotNull(s, def.name() + " has a signature");
            List<Arg> parsed = parse(KernelSources.programText(def), def.entryPoint(), def.defines());
            assertEquals(parsed.size(), s.size(), def.name() + " " + def.entryPoint() + ": " + s);
            for (int i = 0; i < s.size(); i++) {
                Arg want = parsed.get(i);
                Arg got = s.arg(i);
                String where = def.name() + " (" + def.entryPoint() + ") argument " + i + " " + want.name();
                assertEquals(want.name(), got.name(), where);
                assertEquals(want.kind(), got.kind(), where);
                assertEquals(want.elementType(), got.elementType(), where);
                assertEquals(want.access() == Access.READ, got.access() == Access.READ,
                        where + ": const in C exactly when declared read-only");
            }
        }
    }

    @Test
    void theParserReadsParameterLists() {
        List<Arg> a = parse("__kernel void k(ulong seed, uint it, __global const REAL *x, __global int *acc,\n"
                + " REAL beta, __global float *f, __global REAL *y) {}", "k", Map.of("REAL", "float"));
        assertEquals(List.of("seed", "it", "x", "acc", "beta", "f", "y"), a.stream().map(Arg::name).toList());
        assertEquals(List.of(Kind.LONG, Kind.INT, Kind.BUFFER, Kind.BUFFER, Kind.DOUBLE, Kind.BUFFER, Kind.BUFFER),
                a.stream().map(Arg::kind).toList());
        assertEquals(Access.READ, a.get(2).access());
        assertEquals(Access.READ_WRITE, a.get(6).access());
        assertEquals(ElementType.FLOAT32, a.get(2).elementType());
        assertEquals(ElementType.INT32, a.get(3).elementType());
        assertEquals(ElementType.FLOAT64, parse("__kernel void k(__global REAL *y) {}", "k", Map.of("REAL", "double"))
                .get(0).elementType());
    }

    /**
     * The parameters of {@code __kernel void entry(...)}: const buffers READ, others READ_WRITE; {@code REAL} is
     * the kernel's build definition. (A REAL scalar is a DOUBLE argument: scalars are set as double and narrowed
     * by the backend.)
     */
    static List<Arg> parse(String source, String entry, Map<String, String> defines) {
        Matcher m = Pattern.compile("__kernel\\s+void\\s+" + entry + "\\s*\\(([^)]*)\\)").matcher(source);
        assertTrue(m.find(), "kernel " + entry + " in its program");
        String real = defines.getOrDefault("REAL", "double");
        List<Arg> out = new ArrayList<>();
        for (String p : m.group(1).split(",")) {
            String[] tokens = p.replace("*", " * ").trim().split("\\s+");
            String name = tokens[tokens.length - 1];
            boolean buffer = p.contains("*");
            boolean constant = List.of(tokens).contains("const");
            String type = null;
            for (String tok : tokens) {
                if (!tok.equals("__global") && !tok.equals("const") && !tok.equals("*")) {
                    type = tok.equals("REAL") ? real : tok;
                    break;
                }
            }
            if (buffer) {
                ElementType et = switch (type) {
                    case "double" -> ElementType.FLOAT64;
                    case "float" -> ElementType.FLOAT32;
                    case "int", "uint" -> ElementType.INT32;
                    case "long", "ulong" -> ElementType.INT64;
                    default -> throw new AssertionError("buffer type " + type + " in " + p);
                };
                out.add(new Arg(out.size(), name, Kind.BUFFER, et, constant ? Access.READ : Access.READ_WRITE));
            } else {
                Kind k = switch (type) {
                    case "ulong", "long" -> Kind.LONG;
                    case "int", "uint" -> Kind.INT;
                    case "double", "float" -> Kind.DOUBLE;
                    default -> throw new AssertionError("scalar type " + type + " in " + p);
                };
                out.add(new Arg(out.size(), name, k, null, Access.READ));
            }
        }
        return out;
    }

    // ---- every definition in the project's main sources is signed ----

    @Test
    void noKernelIsDefinedWithoutASignature() throws IOException {
        Path root = Paths.get("").toAbsolutePath();
        if (!Files.isDirectory(root.resolve("src/main/java/org/leapfrog/kernels"))) {
            root = root.resolve("kernels");
        }
        Path project = root.getParent();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(project)) {
            s.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/")
                    && !p.toString().contains("/target/") && !p.getFileName().toString().equals("KernelDef.java"))
                    .forEach(files::add);
        }
        Map<String, String> sources = new java.util.TreeMap<>();
        for (Path f : files) {
            sources.put(project.relativize(f).toString(), Files.readString(f));
        }
        for (String module : List.of("kernels/", "runtime/", "samplers/")) {
            assertTrue(sources.keySet().stream().anyMatch(k -> k.startsWith(module)), "scanned " + module);
        }
        Scan scan = Scan.of(sources);
        assertTrue(scan.definitions >= 10, "found the kernel definitions: " + scan.definitions);
        assertEquals(List.of(), scan.unsigned);
    }

    /** The scan finds unsigned definitions (so the test above can fail) and accepts the signed forms. */
    @Test
    void theScanCatchesUnsignedDefinitions() {
        String signed = """
                class A {
                    static final KernelDef X = KernelDef.of("x", "x", Args.SIGNATURE, (a, f, t) -> { }, "x.cl");
                    static final KernelDef Y = new KernelDef("y", "y", L, "", D, twin, Y_ARGS.SIGNATURE);
                    static KernelDef z() {
                        return def("z").withSignature(Z.SIGNATURE);
                    }
                    static KernelDef def(String n) {
                        // new KernelDef(in a comment) and "new KernelDef(" in a string do not count
                        return new KernelDef(n, n, List.of(), "", Map.of(), (a, f, t) -> { int i = 0; });
                    }
                }
                """;
        Scan ok = Scan.of(Map.of("A.java", signed));
        assertEquals(3, ok.definitions);
        assertEquals(List.of(), ok.unsigned);
        String unsigned = """
                class B {
                    static final KernelDef X = KernelDef.of("x", "x", B::run, SOURCES.toArray(new String[0]));
                    static final KernelDef Y = KernelDef.of("y", "y", twin, "y.cl");
                    static final KernelDef Z = new KernelDef("z", "z", L, "", D, (a, f, t) -> { run(a); });
                    static final KernelDef W = new KernelDef("w", "w", L, "", D, twin, null);
                    static KernelDef helper() {
                        return new KernelDef("h", "h", L, "", D, twin);
                    }
                    static KernelDef user() {
                        return helper();
                    }
                }
                """;
        Scan bad = Scan.of(Map.of("B.java", unsigned));
        assertEquals(5, bad.definitions);
        assertEquals(5, bad.unsigned.size(), bad.unsigned.toString());
    }

    /** Kernel definitions found in Java sources, and those without a signature. */
    static final class Scan {
        private static final Pattern DEFINITION = Pattern.compile("new\\s+KernelDef\\s*\\(|\\bKernelDef\\s*\\.\\s*of\\s*\\(");
        private static final Pattern METHOD = Pattern.compile("\\b(\\w+)\\s*\\([^;{}()]*(?:\\([^;{}()]*\\)[^;{}()]*)*\\)\\s*\\{");
        private static final Set<String> KEYWORDS = Set.of("if", "for", "while", "switch", "catch", "synchronized");

        int definitions;
        final List<String> unsigned = new ArrayList<>();

        static Scan of(Map<String, String> sources) {
            Map<String, String> code = new java.util.TreeMap<>();
            sources.forEach((file, text) -> code.put(file, blankCommentsAndStrings(text)));
            Scan scan = new Scan();
            code.forEach((file, text) -> {
                Matcher m = DEFINITION.matcher(text);
                while (m.find()) {
                    scan.definitions++;
                    if (!signed(file, text, m.start(), m.end(), code)) {
                        scan.unsigned.add(file + ":" + line(text, m.start()) + " defines a kernel without a signature");
                    }
                }
            });
            return scan;
        }

        /** Whether the definition starting at {@code start} (its argument list opens at {@code open - 1}) is signed. */
        private static boolean signed(String file, String text, int start, int open, Map<String, String> code) {
            int close = closing(text, open - 1);
            List<String> args = arguments(text.substring(open, close));
            String after = text.substring(close + 1, statementEnd(text, close + 1));
            if (after.contains(".withSignature(")) {
                return true;
            }
            if (text.startsWith("new", start)) {
                if (args.size() == 7 && !args.get(6).trim().equals("null")) {
                    return true;
                }
            } else if (args.size() >= 4 && !isTwin(args.get(2)) && !args.get(3).trim().startsWith("\"")
                    && !args.get(3).contains("toArray(") && !args.get(2).trim().equals("null")) {
                return true;
            }
            // An unsigned definition returned by a helper counts when every use of the helper adds a signature.
            String before = text.substring(0, start);
            if (!before.stripTrailing().endsWith("return")) {
                return false;
            }
            String helper = null;
            Matcher m = METHOD.matcher(before);
            while (m.find()) {
                if (!KEYWORDS.contains(m.group(1))) {
                    helper = m.group(1);
                }
            }
            if (helper == null) {
                return false;
            }
            String simpleClass = Paths.get(file).getFileName().toString().replace(".java", "");
            int uses = 0;
            for (Map.Entry<String, String> e : code.entrySet()) {
                String other = e.getValue();
                Pattern call = e.getKey().equals(file)
                        ? Pattern.compile("(?<![\\w.])" + helper + "\\s*\\(")
                        : Pattern.compile("\\b" + simpleClass + "\\s*\\.\\s*" + helper + "\\s*\\(");
                Matcher c = call.matcher(other);
                while (c.find()) {
                    int paren = c.end() - 1;
                    int end = closing(other, paren);
                    if (e.getKey().equals(file) && other.substring(end + 1).stripLeading().startsWith("{")) {
                        continue; // the helper's own declaration
                    }
                    uses++;
                    if (!other.substring(end + 1, statementEnd(other, end + 1)).contains(".withSignature(")) {
                        return false;
                    }
                }
            }
            return uses > 0;
        }

        private static boolean isTwin(String arg) {
            return arg.contains("->") || arg.contains("::") || arg.contains("new ") || arg.trim().equals("twin");
        }

        /** The index of the parenthesis closing the one at {@code open}. */
        private static int closing(String text, int open) {
            int depth = 0;
            for (int i = open; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '(' || c == '{' || c == '[') {
                    depth++;
                } else if (c == ')' || c == '}' || c == ']') {
                    depth--;
                    if (depth == 0) {
                        return i;
                    }
                }
            }
            throw new IllegalStateException("unbalanced parentheses");
        }

        /** The end of the statement (its semicolon, or a closing bracket of the enclosing block) from {@code from}. */
        private static int statementEnd(String text, int from) {
            int depth = 0;
            for (int i = from; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '(' || c == '{' || c == '[') {
                    depth++;
                } else if (c == ')' || c == '}' || c == ']') {
                    if (depth == 0) {
                        return i;
                    }
                    depth--;
                } else if (c == ';' && depth == 0) {
                    return i;
                }
            }
            return text.length();
        }

        /** Top-level comma-separated arguments. */
        private static List<String> arguments(String inside) {
            List<String> out = new ArrayList<>();
            int depth = 0;
            int from = 0;
            for (int i = 0; i < inside.length(); i++) {
                char c = inside.charAt(i);
                if (c == '(' || c == '{' || c == '[') {
                    depth++;
                } else if (c == ')' || c == '}' || c == ']') {
                    depth--;
                } else if (c == ',' && depth == 0) {
                    out.add(inside.substring(from, i));
                    from = i + 1;
                }
            }
            if (!inside.isBlank()) {
                out.add(inside.substring(from));
            }
            return out;
        }

        private static int line(String text, int at) {
            return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
        }

        /**
         * The text with comments blanked and string and char literals reduced to {@code ""} contents of spaces
         * (lengths and line breaks kept), so brackets and keywords inside them are not seen.
         */
        static String blankCommentsAndStrings(String s) {
            StringBuilder out = new StringBuilder(s.length());
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (s.startsWith("//", i)) {
                    while (i < s.length() && s.charAt(i) != '\n') {
                        out.append(' ');
                        i++;
                    }
                } else if (s.startsWith("/*", i)) {
                    int end = s.indexOf("*/", i + 2);
                    end = end < 0 ? s.length() : end + 2;
                    for (; i < end; i++) {
                        out.append(s.charAt(i) == '\n' ? '\n' : ' ');
                    }
                } else if (s.startsWith("\"\"\"", i)) {
                    int end = s.indexOf("\"\"\"", i + 3);
                    end = end < 0 ? s.length() : end + 3;
                    out.append('"');
                    for (int j = i + 1; j < end - 1; j++) {
                        out.append(s.charAt(j) == '\n' ? '\n' : ' ');
                    }
                    out.append('"');
                    i = end;
                } else if (c == '"' || c == '\'') {
                    int j = i + 1;
                    while (j < s.length() && s.charAt(j) != c) {
                        j += s.charAt(j) == '\\' ? 2 : 1;
                    }
                    out.append(c);
                    for (int k = i + 1; k < j && k < s.length(); k++) {
                        out.append(' ');
                    }
                    if (j < s.length()) {
                        out.append(c);
                    }
                    i = j + 1;
                } else {
                    out.append(c);
                    i++;
                }
            }
            return out.toString();
        }
    }
}
