package org.leapfrog.bench.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the dense benchmark's files: {@code dense.json} (everything), {@code dense.md} (the report) and two
 * plots, {@code dense-matmul.png} (GFLOP/s per product, ours and OpenBLAS) and {@code dense-mlp.png} (ms per MLP
 * pass, ours and PyTorch).
 */
public final class DenseReportWriter {
    private DenseReportWriter() {
    }

    /** The files written, in order. */
    public static List<Path> write(DenseReport r, Path dir) {
        ResultFiles.outputDirectory(dir);
        List<Path> files = List.of(dir.resolve("dense.json"), dir.resolve("dense.md"), dir.resolve("dense-matmul.png"),
                dir.resolve("dense-mlp.png"));
        ResultFiles.json(files.get(0), r);
        ResultFiles.text(files.get(1), markdown(r));
        matmulPlot(r, files.get(2));
        mlpPlot(r, files.get(3));
        return files;
    }

    private static String key(DenseReport.MatmulRow m) {
        return m.shape() + " " + m.product() + " " + (m.precision().equals("float64") ? "f64" : "f32");
    }

    static String markdown(DenseReport r) {
        StringBuilder md = new StringBuilder("# Dense layers: matrix products and the MLP pass\n\n");
        md.append("- Run: ").append(r.createdAt()).append(r.settings().quick() ? " (--quick)" : "")
                .append(String.format(", %.0f s", r.wallSeconds())).append('\n');
        md.append("- Machine: ").append(r.machine().describe()).append('\n');
        for (String b : r.backends()) {
            md.append("- Backend: ").append(b).append('\n');
        }
        Set<String> labels = new LinkedHashSet<>();
        r.matmul().forEach(m -> labels.add(m.backend()));
        md.append("\n## Matrix products, GFLOP/s (2 n k m / s), next to OpenBLAS on the same shape\n\n");
        md.append("Shapes are n x k x m of a dense layer (batch, inputs, outputs); x*W is the forward product, "
                + "g*W^T and x^T*g the backward ones. Ratio: the best of our backends over OpenBLAS (the better of 1 "
                + "and 2 threads), measured right after ours.\n\n");
        md.append("| shape | product | precision |");
        labels.forEach(l -> md.append(' ').append(l).append(" |"));
        md.append(" OpenBLAS | best / OpenBLAS |\n|---|---|---|");
        labels.forEach(l -> md.append("---|"));
        md.append("---|---|\n");
        Map<String, List<DenseReport.MatmulRow>> groups = new LinkedHashMap<>();
        r.matmul().forEach(m -> groups.computeIfAbsent(key(m), k -> new ArrayList<>()).add(m));
        for (List<DenseReport.MatmulRow> g : groups.values()) {
            DenseReport.MatmulRow first = g.get(0);
            md.append("| ").append(first.shape()).append(" | ").append(first.product()).append(" | ")
                    .append(first.precision()).append(" |");
            double best = 0;
            for (String l : labels) {
                DenseReport.MatmulRow row = g.stream().filter(m -> m.backend().equals(l)).findFirst().orElse(null);
                md.append(' ').append(row == null ? "-" : ResultFiles.num(row.gflops())).append(" |");
                if (row != null) {
                    best = Math.max(best, row.gflops());
                }
            }
            Double peer = first.peerGflops();
            md.append(' ').append(ResultFiles.num(peer)).append(" | ")
                    .append(peer == null ? "-" : ResultFiles.num(best / peer)).append(" |\n");
        }
        md.append("\n## MLP forward + backward (ms per pass), next to PyTorch CPU\n\n");
        md.append("PyTorch: the better of 1 and 2 threads with OMP_WAIT_POLICY=PASSIVE. Speedup: PyTorch ms / ours.\n\n");
        md.append("| shape | backend | precision | ms/op | PyTorch ms/op | speedup vs PyTorch | note |\n|---|---|---|---|---|---|---|\n");
        for (DenseReport.MlpRow m : r.mlp()) {
            md.append("| ").append(m.shape()).append(" | ").append(m.backend()).append(" | ").append(m.precision())
                    .append(" | ").append(ResultFiles.num(m.mlpMs())).append(" | ").append(ResultFiles.num(m.pytorchMs()))
                    .append(m.pytorchThreads() == null ? "" : " (" + m.pytorchThreads() + " thr)").append(" | ")
                    .append(ResultFiles.num(m.speedupVsPytorch())).append(" | ").append(m.note() == null ? "" : m.note())
                    .append(" |\n");
        }
        if (!r.notes().isEmpty()) {
            md.append("\n## Notes\n\n");
            r.notes().forEach(n -> md.append("- ").append(n).append('\n'));
        }
        return md.toString();
    }

    private static void matmulPlot(DenseReport r, Path file) {
        List<String> categories = new ArrayList<>();
        r.matmul().forEach(m -> {
            if (!categories.contains(key(m))) {
                categories.add(key(m));
            }
        });
        Map<String, double[]> series = new LinkedHashMap<>();
        for (DenseReport.MatmulRow m : r.matmul()) {
            int i = categories.indexOf(key(m));
            series.computeIfAbsent(m.backend(), k -> new double[categories.size()])[i] = m.gflops();
            if (m.peerGflops() != null) {
                series.computeIfAbsent("openblas", k -> new double[categories.size()])[i] = m.peerGflops();
            }
        }
        Plots.bars(file, "Dense-layer products: GFLOP/s", "GFLOP/s", categories, series);
    }

    private static void mlpPlot(DenseReport r, Path file) {
        List<String> categories = new ArrayList<>();
        Map<String, double[]> values = new LinkedHashMap<>();
        for (DenseReport.MlpRow m : r.mlp()) {
            if (m.mlpMs() != null) {
                categories.add("leapfrog " + m.backend() + " " + m.precision());
                values.put(categories.get(categories.size() - 1), new double[] {m.mlpMs()});
            }
        }
        Set<String> seen = new LinkedHashSet<>();
        for (DenseReport.MlpRow m : r.mlp()) {
            if (m.pytorchMs() != null && seen.add(m.precision())) {
                categories.add("pytorch " + m.precision());
                values.put(categories.get(categories.size() - 1), new double[] {m.pytorchMs()});
            }
        }
        double[] ms = categories.stream().mapToDouble(c -> values.get(c)[0]).toArray();
        Plots.bars(file, "MLP forward + backward: ms per pass (lower is better)", "ms", categories, Map.of("ms/op", ms));
    }
}
