package org.leapfrog.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code leapfrog} launcher script, run by bash on a copy of the checkout's layout whose jar holds
 * {@link LauncherProbe}, with a stand-in {@code mvn} on the PATH: what it passes to Maven, what reaches stderr,
 * its exit status, and that stopping it stops java.
 */
class LauncherScriptTest {
    private static final String PROBE = LauncherProbe.class.getName().replace('.', '/') + ".class";

    @TempDir
    Path root;
    private Path jar;

    @BeforeEach
    void layOutACheckout() throws IOException {
        assumeTrue(!System.getProperty("os.name").startsWith("Windows"), "the launcher is a bash script");
        Path script = root.resolve("leapfrog");
        Files.copy(Path.of("..", "leapfrog"), script);
        assertTrue(script.toFile().setExecutable(true));
        // What the staleness check looks at, all older than the jar.
        FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        for (Path p : List.of(root.resolve("pom.xml"), root.resolve("bench/pom.xml"), root.resolve("bench/src/A.java"),
                root.resolve("bench/peers/a.c"))) {
            Files.createDirectories(p.getParent());
            Files.writeString(p, "");
            Files.setLastModifiedTime(p, old);
        }
        Files.setLastModifiedTime(root.resolve("bench/src"), old);
        jar = root.resolve("bench/target/leapfrog.jar");
        Files.createDirectories(jar.getParent());
        writeProbeJar(jar);
        // A stand-in mvn: records its arguments and MAVEN_OPTS and "builds" by touching the jar.
        Path bin = Files.createDirectories(root.resolve("bin"));
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" > \"" + root.resolve("mvn-args")
                + "\"\nprintf '%s' \"$MAVEN_OPTS\" > \"" + root.resolve("mvn-opts") + "\"\ntouch \"" + jar + "\"\n");
        assertTrue(mvn.toFile().setExecutable(true));
    }

    /** Defect: every run showed the JVM's "Using incubator modules" warning on stderr. */
    @Test
    void stderrIsWhatTheProgramWroteAndTheExitStatusIsKept() throws Exception {
        Result r = launch("3");
        assertEquals(3, r.exit);
        assertEquals("probe: out\n", r.out);
        assertEquals("probe: err\nprogress 50%\r", r.err, "only the program's own stderr");
        assertFalse(Files.exists(root.resolve("mvn-args")), "a fresh jar is not rebuilt");
        assertEquals(0, launch("0").exit);
    }

    /** Defect: the build printed Maven's colour codes; it must be quiet, plain and free of download progress. */
    @Test
    void aStaleJarIsRebuiltQuietlyWithoutColour() throws Exception {
        Files.setLastModifiedTime(root.resolve("bench/src/A.java"), FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Result r = launch("0");
        assertEquals(0, r.exit);
        List<String> args = Files.readAllLines(root.resolve("mvn-args"));
        assertTrue(args.containsAll(List.of("-B", "-q", "--no-transfer-progress", "-Dstyle.color=never", "-DskipTests",
                "package")), args.toString());
        assertTrue(Files.readString(root.resolve("mvn-opts")).contains("-Djansi.noreset=true"));
        assertEquals("leapfrog: building (first use or sources changed)...\nprobe: err\nprogress 50%\r", r.err);
    }

    /** Stopping the launcher (as timeout(1) does) stops java, and the status says it was terminated. */
    @Test
    void terminatingTheLauncherStopsJava() throws Exception {
        Process p = start("wait");
        long javaPid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            javaPid = Long.parseLong(out.readLine().strip());
            p.destroy(); // SIGTERM to the launcher
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher did not stop");
        }
        assertEquals(128 + 15, p.exitValue());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ProcessHandle.of(javaPid).map(ProcessHandle::isAlive).orElse(false)) {
            assertTrue(System.nanoTime() < deadline, "java (pid " + javaPid + ") outlived the launcher");
            Thread.sleep(50);
        }
    }

    private record Result(int exit, String out, String err) {
    }

    private Result launch(String arg) throws Exception {
        Process p = start(arg);
        p.getOutputStream().close();
        byte[][] streams = new byte[2][];
        Thread errReader = new Thread(() -> streams[1] = readAll(p.getErrorStream()));
        errReader.start();
        streams[0] = readAll(p.getInputStream());
        errReader.join();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), new String(streams[0], StandardCharsets.UTF_8),
                new String(streams[1], StandardCharsets.UTF_8));
    }

    private Process start(String arg) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("leapfrog").toString(), arg);
        Map<String, String> env = pb.environment();
        env.put("PATH", root.resolve("bin") + ":" + Path.of(System.getProperty("java.home"), "bin") + ":"
                + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("LEAPFROG_JAVA_OPTS", "-Xmx64m");
        env.remove("MAVEN_OPTS");
        return pb.start();
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void writeProbeJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LauncherProbe.class.getName());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
             InputStream probe = LauncherScriptTest.class.getClassLoader().getResourceAsStream(PROBE)) {
            out.putNextEntry(new JarEntry(PROBE));
            probe.transferTo(out);
            out.closeEntry();
        }
    }
}
