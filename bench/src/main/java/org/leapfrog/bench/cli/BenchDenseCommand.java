package org.leapfrog.bench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.leapfrog.bench.suite.DenseBenchmark;
import org.leapfrog.bench.suite.DenseReport;
import org.leapfrog.bench.suite.DenseReportWriter;
import org.leapfrog.bench.suite.DenseSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leapfrog bench dense}: dense-layer products versus OpenBLAS and the MLP pass versus PyTorch CPU. */
@Command(name = "dense", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Matrix products of dense layers in GFLOP/s next to OpenBLAS dgemm/sgemm (float64 and float32, "
                + "java and opencl), and an MLP forward+backward pass next to PyTorch CPU, side by side in one run.")
final class BenchDenseCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", defaultValue = "bench-out/dense", paramLabel = "DIR",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = "--quick", description = "Only the MLP's shape and 4096x256x256, 0.5 s per measurement.")
    boolean quick;
    @Option(names = "--shapes", paramLabel = "LIST", split = ",",
            description = "Product shapes NxKxM (batch x inputs x outputs); default 4096x100x100,4096x256x256,"
                    + "8192x512x512,4096x1024x1024 (--quick: the first two).")
    List<String> shapes;
    @Option(names = "--batch", paramLabel = "N", description = "MLP batch (default: 4096).")
    Integer batch;
    @Option(names = "--width", paramLabel = "N", description = "MLP width (default: 100).")
    Integer width;
    @Option(names = "--layers", paramLabel = "N", description = "MLP dense layers (default: 3).")
    Integer layers;
    @Option(names = "--min-seconds", paramLabel = "S", description = "Timed seconds per measurement (default: 2; --quick: 0.5).")
    Double minSeconds;
    @Option(names = "--backends", paramLabel = "LIST", defaultValue = "all",
            description = "all, or a comma-separated list of java, opencl, opencl:N (default: ${DEFAULT-VALUE}).")
    String backends;
    @Option(names = "--no-peers", description = "Do not build or run OpenBLAS and PyTorch.")
    boolean noPeers;

    @Override
    public Integer call() {
        DenseSettings d = quick ? DenseSettings.quickSettings() : DenseSettings.full();
        DenseSettings s = new DenseSettings(d.quick(),
                shapes == null ? d.shapes() : shapes.stream().map(DenseSettings.Shape::parse).toList(),
                batch != null ? batch : d.batch(), width != null ? width : d.width(), layers != null ? layers : d.layers(),
                minSeconds != null ? minSeconds : d.minSeconds(), backends, !noPeers);
        PrintWriter err = spec.commandLine().getErr();
        DenseReport report = new DenseBenchmark(s, line -> {
            err.println(line);
            err.flush();
        }).run();
        PrintWriter o = spec.commandLine().getOut();
        for (Path p : DenseReportWriter.write(report, out)) {
            o.println("wrote " + p);
        }
        o.flush();
        return 0;
    }
}
