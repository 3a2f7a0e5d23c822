package org.leapfrog.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.leapfrog.kernels.nn.Elementwise;
import org.leapfrog.kernels.nn.Gemm;
import org.leapfrog.kernels.nn.RandomOpKernels;

/**
 * The constants Java and OpenCL C share come from Java alone: the generated header holds Java's values, every
 * program starts with it, and no {@code .cl} file defines them again or uses a bare number where they belong.
 * (That the C compiler sees the same values is checked on a device by the runtime's ConstantsOnDeviceTest.)
 */
class KernelConstantsTest {
    private static final Pattern DEFINE = Pattern.compile("(?m)^\\s*#define\\s+(\\w+)\\s+(\\d+|\\(-\\d+\\))(u?)\\s*$");

    @Test
    void headerHoldsTheJavaValues() {
        List<String> names = new ArrayList<>();
        Matcher m = DEFINE.matcher(KernelConstants.header());
        List<long[]> values = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
            values.add(new long[] {Long.parseLong(m.group(2).replaceAll("[()]", ""))});
        }
        assertEquals(KernelConstants.all().size(), names.size(), KernelConstants.header());
        for (int i = 0; i < names.size(); i++) {
            assertEquals(KernelConstants.all().get(i).name(), names.get(i));
            assertEquals(KernelConstants.all().get(i).value(), values.get(i)[0], names.get(i));
        }
        assertEquals(RandomStream.PURPOSE_MOMENTUM, value("LF_PURPOSE_MOMENTUM"));
        assertEquals(RandomStream.PURPOSE_ACCEPT, value("LF_PURPOSE_ACCEPT"));
        assertEquals(RandomStream.PURPOSE_JITTER, value("LF_PURPOSE_JITTER"));
        assertEquals(RandomStream.PURPOSE_INIT, value("LF_PURPOSE_INIT"));
        assertEquals(Elementwise.SOFTPLUS, value("NN_SOFTPLUS"));
        assertEquals(Elementwise.DIV, value("NN_DIV"));
        assertEquals(KernelConstants.METRIC_DENSE, value("LF_METRIC_DENSE"));
        assertEquals(Gemm.IDENTITY, value("MM_IDENTITY"));
        assertEquals(Gemm.TANH, value("MM_TANH"));
        assertEquals(Gemm.SIGMOID, value("MM_SIGMOID"));
        assertEquals(Gemm.RELU, value("MM_RELU"));
        assertEquals(RandomOpKernels.NORMAL, value("NN_RANDOM_NORMAL"));
        assertEquals(RandomOpKernels.UNIFORM, value("NN_RANDOM_UNIFORM"));
        assertEquals(RandomOpKernels.RADEMACHER, value("NN_RANDOM_RADEMACHER"));
        assertEquals(RandomOpKernels.BERNOULLI, value("NN_RANDOM_BERNOULLI"));
        assertTrue(KernelConstants.header().contains("#define MM_IDENTITY (-1)\n"), "a negative value is parenthesised");
        assertTrue(KernelConstants.header().contains("#define LF_PURPOSE_ACCEPT 2u\n"), "purposes are unsigned");
    }

    private static long value(String name) {
        return KernelConstants.all().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().value();
    }

    @Test
    void everyProgramStartsWithTheHeader() {
        KernelDef def = RandomFillKernels.NORMALS;
        assertTrue(KernelSources.programText(def).startsWith(KernelConstants.header()));
    }

    @Test
    void noClFileRepeatsTheConstants() throws IOException, URISyntaxException {
        Set<String> names = new HashSet<>();
        KernelConstants.all().forEach(c -> names.add(c.name()));
        Path root = Paths.get(KernelConstantsTest.class.getClassLoader().getResource("org/leapfrog/kernels/philox.cl").toURI()).getParent();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".cl")).toList();
        }
        assertTrue(files.size() >= 10, "found the .cl files: " + files);
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            problems.addAll(problems(root.relativize(f).toString(), Files.readString(f), names));
        }
        assertEquals(List.of(), problems);
    }

    /** The checks find what they look for (so the test above can fail). */
    @Test
    void theChecksCatchRepeatedConstants() {
        String bad = "#define NN_EXP 3\n#if METRIC == 1\n#endif\nswitch (op) { case 4: break; }\n"
                + "RV u = lf_first_uniform_lanes(seed, chain, iteration, 2u);\n"
                + "lf_normals_lanes(seed, chain, iteration, 1, (uint)(j / 4), n);\n"
                + "if (act == 8) {}\nif (kind != 2) {}\nif (act == MM_TANH || kind == NN_RANDOM_UNIFORM) {}\n";
        assertEquals(7, problems("bad.cl", bad, Set.of("NN_EXP")).size(), problems("bad.cl", bad, Set.of("NN_EXP")).toString());
    }

    private static final Pattern LITERAL_CASE = Pattern.compile("case\\s+\\d+\\s*:");
    private static final Pattern LITERAL_METRIC = Pattern.compile("METRIC\\s*==\\s*\\d");
    /** An op, activation or kind code compared with a number instead of its generated name. */
    private static final Pattern LITERAL_CODE = Pattern.compile("\\b(op|act|kind)\\s*[!=]=\\s*\\(?-?\\d");
    /** A Philox draw (seed, chain, iteration, purpose, ...) with a number for the purpose. */
    private static final Pattern LITERAL_PURPOSE =
            Pattern.compile("lf_\\w+\\(\\s*seed\\s*,[^,;]+,[^,;]+,\\s*\\d+u?\\s*[,)]");

    private static List<String> problems(String file, String text, Set<String> names) {
        List<String> out = new ArrayList<>();
        Matcher d = Pattern.compile("(?m)^\\s*#define\\s+(\\w+)").matcher(text);
        while (d.find()) {
            if (names.contains(d.group(1))) {
                out.add(file + " defines " + d.group(1));
            }
        }
        for (Pattern p : List.of(LITERAL_CASE, LITERAL_METRIC, LITERAL_PURPOSE, LITERAL_CODE)) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                out.add(file + " uses a literal: " + m.group());
            }
        }
        return out;
    }
}
