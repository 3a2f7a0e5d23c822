package org.leapfrog.bench.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.leapfrog.kernels.ElementType;
import org.leapfrog.kernels.nn.MatmulKernels.Precision;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.opencl.OpenClBackend;

/**
 * {@code leapfrog bench dense}: the dense-layer products in GFLOP/s next to OpenBLAS dgemm/sgemm, and the MLP
 * forward+backward pass next to PyTorch CPU, side by side in one run (each peer measurement right after ours on
 * the same shape, so a shared machine's load affects both alike).
 */
public final class DenseBenchmark {
    private static final String[] PRODUCTS = {"nn", "nt", "tn"};
    private static final Map<String, String> PRODUCT_NAMES = Map.of("nn", "x*W", "nt", "g*W^T", "tn", "x^T*g");

    private final DenseSettings settings;
    private final Consumer<String> log;

    public DenseBenchmark(DenseSettings settings, Consumer<String> log) {
        this.settings = settings;
        this.log = log;
    }

    public DenseReport run() {
        long t0 = System.nanoTime();
        String created = Instant.now().toString();
        List<String> notes = new ArrayList<>();
        List<BenchBackend> backends = BenchBackend.select(settings.backends());
        Path work = workDirectory();
        GemmPeer blas = new GemmPeer();
        String blasMissing = null;
        if (settings.peers()) {
            Optional<String> why = blas.build(work);
            if (why.isPresent()) {
                blasMissing = why.get();
                notes.add("OpenBLAS peer unavailable: " + blasMissing);
            }
        } else {
            blasMissing = "peers not run (--no-peers)";
        }

        // Each backend is opened once for the whole run (its programs are built once).
        List<Backend> opened = new ArrayList<>();
        try {
            for (BenchBackend b : backends) {
                opened.add(b.open());
            }
            return measure(backends, opened, blas, blasMissing, work, notes, created, t0);
        } finally {
            opened.forEach(Backend::close);
            deleteQuietly(work);
        }
    }

    private DenseReport measure(List<BenchBackend> backends, List<Backend> opened, GemmPeer blas, String blasMissing,
                                Path work, List<String> notes, String created, long t0) {
        List<DenseReport.MatmulRow> matmul = new ArrayList<>();
        Map<String, double[]> peerCache = new HashMap<>();
        for (DenseSettings.Shape shape : settings.shapes()) {
            for (Precision precision : Precision.values()) {
                String prec = precision == Precision.FLOAT64 ? "float64" : "float32";
                for (String op : PRODUCTS) {
                    List<double[]> ours = new ArrayList<>();
                    for (Backend b : opened) {
                        double s = productSeconds(b, op, precision, shape);
                        ours.add(new double[] {ProductTiming.gflops(shape, s)});
                    }
                    double[] peer = null;
                    if (blas.built()) {
                        peer = peerCache.computeIfAbsent(shape + op + prec, key -> bestPeer(blas, op, precision, shape));
                    }
                    for (int i = 0; i < backends.size(); i++) {
                        double g = ours.get(i)[0];
                        String peerLabel = peer == null ? "unavailable: " + blasMissing
                                : "openblas " + (precision == Precision.FLOAT64 ? "dgemm" : "sgemm") + " (" + (int) peer[1]
                                        + (peer[1] == 1 ? " thread)" : " threads)");
                        matmul.add(new DenseReport.MatmulRow(shape.toString(), PRODUCT_NAMES.get(op),
                                backends.get(i).label(), prec, g, peerLabel, peer == null ? null : peer[0],
                                peer == null ? null : g / peer[0]));
                        log.accept(String.format("%s %s %s %s: %.1f GFLOP/s%s", shape, PRODUCT_NAMES.get(op),
                                backends.get(i).label(), prec, g,
                                peer == null ? "" : String.format(" (OpenBLAS %.1f, ratio %.2f)", peer[0], g / peer[0])));
                    }
                }
            }
        }

        List<DenseReport.MlpRow> mlp = mlpRows(backends, opened, work, notes);
        List<String> described = backends.stream().map(b -> b.label() + ": " + b.device().describe()).toList();
        return new DenseReport("dense", created, (System.nanoTime() - t0) * 1e-9, MachineInfo.collect(), settings,
                described, matmul, mlp, notes);
    }

    private double productSeconds(Backend backend, String op, Precision precision, DenseSettings.Shape shape) {
        if (backend.kind() == BackendKind.JAVA) {
            return ProductTiming.java(op, precision, shape, settings.minSeconds());
        }
        return ProductTiming.openCl((OpenClBackend) backend, op, precision, shape, settings.minSeconds());
    }

    /** {GFLOP/s, threads}: the better of OpenBLAS with 1 and 2 threads. */
    private double[] bestPeer(GemmPeer blas, String op, Precision precision, DenseSettings.Shape shape) {
        String p = precision == Precision.FLOAT64 ? "d" : "s";
        double one = blas.gflops(op, p, shape, 1, settings.minSeconds());
        double two = blas.gflops(op, p, shape, 2, settings.minSeconds());
        return two > one ? new double[] {two, 2} : new double[] {one, 1};
    }

    private List<DenseReport.MlpRow> mlpRows(List<BenchBackend> backends, List<Backend> opened, Path work,
                                             List<String> notes) {
        String shape = settings.batch() + "x" + settings.width() + ", " + settings.layers() + " layers";
        Map<String, Double> torch = Map.of();
        String torchMissing = null;
        if (settings.peers()) {
            Optional<String> why = PyTorchMlpPeer.unavailableBecause();
            if (why.isPresent()) {
                torchMissing = why.get();
                notes.add("PyTorch peer unavailable: " + torchMissing);
            }
        } else {
            torchMissing = "peers not run (--no-peers)";
        }
        List<DenseReport.MlpRow> rows = new ArrayList<>();
        // Ours first (each backend in float64 then float32), then PyTorch right after, so all see the same load.
        ElementType[] precisions = {ElementType.FLOAT64, ElementType.FLOAT32};
        double[][] ours = new double[backends.size()][precisions.length];
        for (int i = 0; i < backends.size(); i++) {
            for (int p = 0; p < precisions.length; p++) {
                double ms = 1e3 * MlpTiming.seconds(opened.get(i), precisions[p], settings.batch(), settings.width(),
                        settings.layers(), settings.minSeconds());
                ours[i][p] = ms;
                log.accept(String.format("MLP %s %s %s: %.2f ms/op", shape, backends.get(i).label(),
                        precisionName(precisions[p]), ms));
            }
        }
        if (torchMissing == null) {
            torch = PyTorchMlpPeer.run(settings, work);
            log.accept("PyTorch MLP: " + torch);
        }
        for (int p = 0; p < precisions.length; p++) {
            String prec = precisionName(precisions[p]);
            Double pt = torch.get(prec);
            Double threads = torch.get(prec + " threads");
            for (int i = 0; i < backends.size(); i++) {
                double ms = ours[i][p];
                rows.add(new DenseReport.MlpRow(shape, backends.get(i).label(), prec, ms, pt,
                        threads == null ? null : threads.intValue(), pt == null ? null : pt / ms,
                        pt == null ? "PyTorch unavailable: " + torchMissing : null));
            }
        }
        return rows;
    }

    private static String precisionName(ElementType t) {
        return t == ElementType.FLOAT64 ? "float64" : "float32";
    }

    private static void deleteQuietly(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    private static Path workDirectory() {
        try {
            return Files.createTempDirectory("leapfrog-dense");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work directory for the peers", e);
        }
    }
}
