package org.leapfrog.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.samplers.diagnostics.ChainDraws;
import org.leapfrog.samplers.diagnostics.Convergence;
import org.leapfrog.samplers.output.CmdStanCsv;
import org.leapfrog.samplers.target.BlrDataset;
import org.leapfrog.samplers.target.LogisticRegression;
import org.leapfrog.samplers.target.OpenClTarget;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.TargetData;
import org.leapfrog.samplers.target.TargetEvaluator;

/**
 * The README's worked examples under {@code examples/targets/}: eight schools as an OpenCL C file with JSON data
 * and as a Java class (compiled here with javax.tools and loaded with --target-class/--classpath), and a
 * logistic regression from a CSV file checked against the built-in German credit target.
 */
class UserTargetExamplesTest extends InProcessCli {
    static final Path EXAMPLES = findExamples();
    @TempDir
    static Path classes;
    private static Backend opencl;

    private static Path findExamples() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("examples/targets"))) {
                return p.resolve("examples/targets");
            }
        }
        throw new IllegalStateException("examples/targets not found above " + Path.of("").toAbsolutePath());
    }

    /** Compiles EightSchools.java (and two broken targets) into a class directory, with eight_schools.cl next to it. */
    @BeforeAll
    static void compileExamples() throws Exception {
        Path src = classes.resolve("src");
        Files.createDirectories(src.resolve("bad"));
        Files.writeString(src.resolve("bad/NoData.java"), wrapper("NoData", "public NoData() { }"));
        Files.writeString(src.resolve("bad/IntOnly.java"), wrapper("IntOnly", "public IntOnly(int d) { }"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter log = new StringWriter();
        boolean ok = javac.getTask(log, null, null, List.of("-d", classes.toString(), "-cp", compileClasspath()),
                null, javac.getStandardFileManager(null, null, null).getJavaFileObjects(
                        EXAMPLES.resolve("EightSchools.java").toFile(), src.resolve("bad/NoData.java").toFile(),
                        src.resolve("bad/IntOnly.java").toFile())).call();
        assertTrue(ok, log.toString());
        Files.copy(EXAMPLES.resolve("eight_schools.cl"), classes.resolve("eight_schools.cl"));
    }

    /** A standard normal in 2 dimensions with the given constructor. */
    private static String wrapper(String name, String constructor) {
        return "package bad;\n"
                + "import org.leapfrog.samplers.target.StandardNormal;\n"
                + "public class " + name + " implements org.leapfrog.samplers.target.Target {\n"
                + "    private final StandardNormal n = new StandardNormal(2);\n"
                + "    " + constructor + "\n"
                + "    public String name() { return \"" + name + "\"; }\n"
                + "    public int dimension() { return 2; }\n"
                + "    public void logDensityAndGradient(double[] x, double[] g, double[] lp, int s, int f, int t) {\n"
                + "        n.logDensityAndGradient(x, g, lp, s, f, t);\n"
                + "    }\n"
                + "    public void hessianVectorProduct(double[] x, double[] v, double[] o, int s, int f, int t) {\n"
                + "        n.hessianVectorProduct(x, v, o, s, f, t);\n"
                + "    }\n"
                + "}\n";
    }

    /** Where Leapfrog's own classes are (surefire's java.class.path may be a manifest-only jar). */
    private static String compileClasspath() throws Exception {
        List<String> parts = new ArrayList<>();
        for (Class<?> c : List.of(Target.class, org.leapfrog.runtime.tensor.BatchedDensity.class,
                org.leapfrog.kernels.KernelSources.class)) {
            parts.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        return String.join(java.io.File.pathSeparator, parts);
    }

    @AfterAll
    static void close() {
        if (opencl != null) {
            opencl.close();
        }
    }

    private static Backend opencl() {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        if (opencl == null) {
            opencl = Backends.open("opencl", null, msg -> { });
        }
        return opencl;
    }

    private static TargetData eightSchoolsData() {
        return TargetData.read(EXAMPLES.resolve("eight_schools.json"));
    }

    private static Target eightSchoolsClass(TargetData data) throws Exception {
        URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, UserTargetExamplesTest.class.getClassLoader());
        return (Target) loader.loadClass("EightSchools").getConstructor(TargetData.class).newInstance(data);
    }

    private static OpenClTarget eightSchoolsFile(TargetData data) throws Exception {
        return OpenClTarget.fromSource("eight_schools", 10, Files.readString(EXAMPLES.resolve("eight_schools.cl")), data);
    }

    /** The OpenCL C file (on the device) and the Java class (on the host) agree; so does the class's own device code. */
    @Test
    void eightSchoolsFileAndJavaClassAgree() throws Exception {
        Backend backend = opencl();
        TargetData data = eightSchoolsData();
        Target java = eightSchoolsClass(data);
        assertTrue(java.deviceCode().isPresent(), "eight_schools.cl next to the class gives it device code");
        for (Target device : List.of(eightSchoolsFile(data), java)) {
            for (int vw : new int[] {1, 8}) {
                compare(backend, device, java, vw, 1e-10, 1e-6, (x, c, s, r) -> {
                    for (int i = 0; i < 10; i++) {
                        x[i * s + c] = 1.5 * gaussianOf(r);
                    }
                });
            }
        }
    }

    /** German credit from the committed CSV through the example logistic_regression.cl equals the built-in target. */
    @Test
    void csvLogisticRegressionMatchesTheBuiltInGermanTarget() throws Exception {
        assertEquals(germanCsv(), Files.readString(EXAMPLES.resolve("german_credit.csv")),
                "german_credit.csv is exported from the vendored data (regenerate: see README 'Your own target')");
        Backend backend = opencl();
        OpenClTarget csv = OpenClTarget.fromSource("logistic_regression", 25,
                Files.readString(EXAMPLES.resolve("logistic_regression.cl")), TargetData.read(EXAMPLES.resolve("german_credit.csv")));
        LogisticRegression german = LogisticRegression.of(BlrDataset.GERMAN);
        for (int vw : new int[] {1, 8}) {
            compare(backend, csv, german, vw, 1e-10, 1e-6, (x, c, s, r) -> {
                for (int i = 0; i < 25; i++) {
                    x[i * s + c] = 0.4 * gaussianOf(r);
                }
            });
        }
    }

    interface Positions {
        void fill(double[] x, int chain, int stride, SplittableRandom r);
    }

    /** Log density, gradient (tol, relative to max(1, |value|)) and Hessian-vector product (hvpTol). */
    private static void compare(Backend backend, Target device, Target java, int vw, double tol, double hvpTol, Positions where) {
        int n = 19, d = java.dimension();
        try (TargetEvaluator ev = new TargetEvaluator(backend, device, n, vw)) {
            int s = ev.stride();
            SplittableRandom r = new SplittableRandom(17 + vw);
            for (int c = 0; c < n; c++) {
                where.fill(ev.position(), c, s, r);
                for (int i = 0; i < d; i++) {
                    ev.direction()[i * s + c] = gaussianOf(r);
                }
            }
            ev.evaluate();
            double[] lp = new double[s], g = new double[d * s], hv = new double[d * s];
            java.logDensityAndGradient(ev.position(), g, lp, s, 0, n);
            java.hessianVectorProduct(ev.position(), ev.direction(), hv, s, 0, n);
            for (int c = 0; c < n; c++) {
                close("log density", lp[c], ev.logDensity()[c], tol, c);
                for (int i = 0; i < d; i++) {
                    close("gradient " + i, g[i * s + c], ev.gradient()[i * s + c], tol, c);
                    close("HVP " + i, hv[i * s + c], ev.hessianVectorProduct()[i * s + c], hvpTol, c);
                }
            }
        }
    }

    private static void close(String what, double expected, double actual, double tol, int chain) {
        assertTrue(Math.abs(expected - actual) <= tol * Math.max(1, Math.abs(expected)),
                what + " of chain " + chain + ": " + actual + " vs " + expected);
    }

    private static double gaussianOf(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log1p(-r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** The CSV of the README's example: German credit standardised as the built-in target does, then y. */
    static String germanCsv() {
        double[] z = LogisticRegression.of(BlrDataset.GERMAN).designMatrix();
        double[] y = BlrDataset.GERMAN.labels();
        int p = BlrDataset.GERMAN.features(), d = p + 1;
        StringBuilder sb = new StringBuilder();
        for (int j = 1; j <= p; j++) {
            sb.append('x').append(j).append(',');
        }
        sb.append("y\n");
        for (int n = 0; n < y.length; n++) {
            for (int j = 0; j < p; j++) {
                sb.append(z[n * d + j]).append(',');
            }
            sb.append((int) y[n]).append('\n');
        }
        return sb.toString();
    }

    /** Writes german_credit.csv: {@code mvn -o -q -pl bench -am test -Dtest=UserTargetExamplesTest#writeGermanCsv
     * -Dsurefire.failIfNoSpecifiedTests=false -Dleapfrog.writeExamples=true}. */
    @Test
    void writeGermanCsv() throws Exception {
        assumeTrue(Boolean.getBoolean("leapfrog.writeExamples"));
        Files.writeString(EXAMPLES.resolve("german_credit.csv"), germanCsv());
    }

    /**
     * E[mu] and E[tau] of eight schools by quadrature of the two-dimensional marginal posterior
     * p(mu, tau | y) ~ N(mu | 0, 25) halfCauchy(tau | 0, 5) prod_j N(y_j | mu, sigma_j^2 + tau^2), on a grid in
     * (mu, log tau): an exact reference independent of the sampler.
     */
    static double[] eightSchoolsReference() {
        double[] y = {28, 8, -3, 7, -1, 1, 18, 12}, sigma = {15, 10, 16, 11, 9, 11, 10, 18};
        int nm = 1200, nu = 1200;
        double m0 = -40, m1 = 50, u0 = -14, u1 = 9;
        double hm = (m1 - m0) / nm, hu = (u1 - u0) / nu;
        double[] logw = new double[(nm + 1) * (nu + 1)];
        double max = Double.NEGATIVE_INFINITY;
        for (int a = 0; a <= nm; a++) {
            double mu = m0 + a * hm;
            for (int b = 0; b <= nu; b++) {
                double tau = Math.exp(u0 + b * hu);
                double l = -mu * mu / 50 - Math.log1p(tau * tau / 25) + Math.log(tau);
                for (int j = 0; j < y.length; j++) {
                    double v = sigma[j] * sigma[j] + tau * tau, r = y[j] - mu;
                    l -= 0.5 * (Math.log(v) + r * r / v);
                }
                logw[a * (nu + 1) + b] = l;
                max = Math.max(max, l);
            }
        }
        double z = 0, smu = 0, stau = 0;
        for (int a = 0; a <= nm; a++) {
            for (int b = 0; b <= nu; b++) {
                double w = Math.exp(logw[a * (nu + 1) + b] - max) * (a == 0 || a == nm ? 0.5 : 1) * (b == 0 || b == nu ? 0.5 : 1);
                z += w;
                smu += w * (m0 + a * hm);
                stau += w * Math.exp(u0 + b * hu);
            }
        }
        return new double[] {smu / z, stau / z};
    }

    /**
     * Sampling eight schools from the OpenCL file (OpenCL backend) and from the Java class (Java backend) gives
     * the posterior means of mu and tau: within 5 Monte Carlo standard errors (from the draws' ESS) of the
     * quadrature reference; for a sampler with no bias that fails with probability about 6e-7 per check,
     * 2.3e-6 for the four checks. Seeds are fixed, so the outcome is reproducible.
     */
    @Test
    void eightSchoolsPosteriorMeansOnBothBackends(@TempDir Path dir) throws Exception {
        double[] ref = eightSchoolsReference();
        // Sanity of the quadrature itself: the literature's values for this model are about 4.4 and 3.6.
        assertTrue(Math.abs(ref[0] - 4.4) < 0.2 && Math.abs(ref[1] - 3.6) < 0.2, ref[0] + ", " + ref[1]);
        String json = EXAMPLES.resolve("eight_schools.json").toString();
        List<String[]> runs = new ArrayList<>();
        runs.add(new String[] {"--target-class", "EightSchools", "--classpath", classes.toString(), "--data", json,
            "--backend", "java", "--out", dir.resolve("java").toString()});
        if (OpenClRequirement.availableOrFailInCi()) {
            runs.add(new String[] {"--target-file", EXAMPLES.resolve("eight_schools.cl").toString(), "--dim", "10",
                "--data", json, "--backend", "opencl", "--out", dir.resolve("opencl").toString()});
        }
        for (String[] target : runs) {
            List<String> args = new ArrayList<>(List.of("sample", "--chains", "64", "--keep-chains", "64", "--warmup",
                    "400", "--draws", "500", "--seed", "11"));
            args.addAll(List.of(target));
            assertEquals(0, run(args.toArray(new String[0])), err.toString());
            Path out = Path.of(target[target.length - 1]);
            List<CmdStanCsv.Contents> chains = CmdStanCsv.readChains(out, range(64));
            double[][] mu = new double[64][], tau = new double[64][];
            for (int c = 0; c < 64; c++) {
                CmdStanCsv.Contents csv = chains.get(c);
                List<String> cols = csv.columns();
                mu[c] = csv.column(cols.get(6));
                tau[c] = csv.column(cols.get(7)).clone();
                for (int i = 0; i < tau[c].length; i++) {
                    tau[c][i] = Math.exp(tau[c][i]);
                }
            }
            check(target[0] + " mu", ChainDraws.of(mu), ref[0]);
            check(target[0] + " tau", ChainDraws.of(tau), ref[1]);
        }
    }

    private static void check(String what, ChainDraws draws, double reference) {
        double mean = 0;
        for (double v : draws.values()) {
            mean += v;
        }
        mean /= draws.values().length;
        double mcse = Convergence.mcseMean(draws);
        assertTrue(Math.abs(mean - reference) < 5 * mcse, what + ": mean " + mean + ", reference " + reference + ", MCSE " + mcse);
    }

    private static int[] range(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /**
     * The CSV regression end to end through the CLI on OpenCL; its posterior means are within 5 MCSE plus 0.05
     * posterior sd (the reference's own accuracy) of the published German credit moments, per coefficient
     * (false-failure rate under 1.5e-5 for the 25 checks; seed fixed).
     */
    @Test
    void csvLogisticRegressionSamplesEndToEnd(@TempDir Path dir) throws Exception {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        int code = run("sample", "--target-file", EXAMPLES.resolve("logistic_regression.cl").toString(), "--dim", "25",
                "--data", EXAMPLES.resolve("german_credit.csv").toString(), "--backend", "opencl", "--chains", "32",
                "--keep-chains", "32", "--warmup", "200", "--draws", "200", "--seed", "5", "--out", dir.toString());
        assertEquals(0, code, err.toString());
        double[] refMean = BlrDataset.GERMAN.referencePosteriorMean(), refSd = BlrDataset.GERMAN.referencePosteriorSd();
        List<CmdStanCsv.Contents> chains = CmdStanCsv.readChains(dir, range(32));
        assertEquals("logistic_regression", chains.get(0).settings().get("target"));
        for (int i = 0; i < 25; i++) {
            double[][] x = new double[32][];
            for (int c = 0; c < 32; c++) {
                x[c] = chains.get(c).column("x." + (i + 1));
            }
            ChainDraws draws = ChainDraws.of(x);
            double mean = java.util.Arrays.stream(draws.values()).average().orElseThrow();
            double tol = 5 * Convergence.mcseMean(draws) + 0.05 * refSd[i];
            assertTrue(Math.abs(mean - refMean[i]) < tol, "coefficient " + i + ": " + mean + " vs " + refMean[i] + " (tol " + tol + ")");
        }
    }

    /** Each problem is one line on stderr, exit code 2, no stack trace. */
    private void assertError(String expectedStart, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        List<String> a = new ArrayList<>(List.of("sample", "--chains", "8", "--warmup", "0", "--draws", "5"));
        a.addAll(List.of(args));
        assertEquals(2, run(a.toArray(new String[0])), err.toString());
        String e = err.toString().strip();
        assertFalse(e.contains("\n"), e);
        assertFalse(e.contains("\tat "), e);
        assertTrue(e.startsWith("leapfrog: " + expectedStart), e);
    }

    @Test
    void userTargetErrorsAreOneLine(@TempDir Path dir) throws Exception {
        String cl = EXAMPLES.resolve("eight_schools.cl").toString();
        String json = EXAMPLES.resolve("eight_schools.json").toString();
        String cp = classes.toString();
        String o = dir.toString();
        assertError("--data: data file " + dir.resolve("none.json") + ": does not exist",
                "--target-file", cl, "--dim", "10", "--data", dir.resolve("none.json").toString(), "--out", o);
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"J\": 8, \"y\": [1, 2, 3, 4, 5, 6, 7, NaN], \"sigma\": [1, 1, 1, 1, 1, 1, 1, 1]}");
        assertError("--data: data file " + bad + ": y[7] is NaN; allowed: a finite number",
                "--target-file", cl, "--dim", "10", "--data", bad.toString(), "--out", o);
        Path partial = dir.resolve("partial.json");
        Files.writeString(partial, "{\"J\": 8, \"y\": [1, 2, 3, 4, 5, 6, 7, 8]}");
        assertError("--target-file " + cl + " with --data " + partial + ": target 'eight_schools' uses OFF_sigma, sigma_LEN, "
                + "which the data does not define", "--target-file", cl, "--dim", "10", "--data", partial.toString(), "--out", o);
        assertError("--target-file " + cl + " (no --data): target 'eight_schools' uses J, OFF_sigma, OFF_y,",
                "--target-file", cl, "--dim", "10", "--out", o);
        assertError("--target-file " + cl + ": an OpenCL C target runs on the OpenCL backend only, and the Java backend "
                + "was selected; allowed: --backend opencl", "--target-file", cl, "--dim", "10", "--data", json,
                "--backend", "java", "--out", o);
        // The same when the Java backend comes from the system property rather than --backend (checked once the
        // backend is open), for the MCMC samplers and for his.
        System.setProperty("leapfrog.backend", "java");
        try {
            for (String sampler : List.of("hmc", "his")) {
                assertError("--target-file " + cl + ": an OpenCL C target runs on the OpenCL backend only",
                        "--target-file", cl, "--dim", "10", "--data", json, "--sampler", sampler, "--out", o);
            }
        } finally {
            System.clearProperty("leapfrog.backend");
        }
        assertError("--data: given with the built-in --target normal, which takes no data",
                "--target", "normal", "--dim", "2", "--data", json, "--out", o);
        assertError("--classpath: given without --target-class", "--target", "normal", "--dim", "2", "--classpath", cp, "--out", o);
        assertError("--target-class: Nope not found on --classpath " + cp, "--target-class", "Nope", "--classpath", cp, "--out", o);
        assertError("--classpath: '" + dir.resolve("missing") + "' is missing", "--target-class", "EightSchools",
                "--classpath", cp + java.io.File.pathSeparator + dir.resolve("missing"), "--out", o);
        assertError("--target-class: java.lang.String does not implement org.leapfrog.samplers.target.Target",
                "--target-class", "java.lang.String", "--out", o);
        assertError("--target-class: bad.IntOnly has no usable constructor", "--target-class", "bad.IntOnly", "--classpath", cp, "--out", o);
        assertError("--target-class: bad.NoData has no public constructor taking TargetData, so it cannot use --data",
                "--target-class", "bad.NoData", "--classpath", cp, "--data", json, "--out", o);
        assertError("--target-class: the constructor of EightSchools (given empty data: no --data) threw "
                + "IllegalArgumentException: data: no entry 'J'", "--target-class", "EightSchools", "--classpath", cp, "--out", o);
        assertError("--dim: 3 but EightSchools has dimension 10", "--target-class", "EightSchools", "--classpath", cp,
                "--data", json, "--dim", "3", "--out", o);
        assertError("--target / --target-file / --target-class: give exactly one of them",
                "--target-class", "EightSchools", "--target", "normal", "--out", o);
    }

    /**
     * A class with only a no-arg constructor runs without data; having no OpenCL code, it runs on Java under
     * auto (with a notice) even where an OpenCL device exists.
     */
    @Test
    void javaOnlyTargetClassRunsOnJavaUnderAuto(@TempDir Path dir) throws Exception {
        assertEquals(0, run("sample", "--target-class", "bad.NoData", "--classpath", classes.toString(),
                "--chains", "8", "--warmup", "20", "--draws", "20", "--out", dir.toString()), err.toString());
        assertTrue(out.toString().contains("x.2"), out.toString());
        assertTrue(err.toString().contains("leapfrog: target 'NoData' has no OpenCL code (its deviceCode() is empty); "
                + "using the java backend"), err.toString());
        assertTrue(Files.readString(dir.resolve("summary.json")).contains("\"backend\" : \"java\""));
    }
}
