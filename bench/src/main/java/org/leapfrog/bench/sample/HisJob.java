package org.leapfrog.bench.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.runtime.Backend;
import org.leapfrog.samplers.his.HisFlow;
import org.leapfrog.samplers.his.Tempering;
import org.leapfrog.samplers.output.LeapfrogVersion;
import org.leapfrog.samplers.target.Target;

/**
 * {@code leapfrog sample --sampler his}: Hamiltonian importance sampling. Each draw starts every chain afresh
 * from q0 = N(0, I), runs the tempered flow (K = --steps leapfrog steps, fixed quadratic tempering from
 * --beta0), and weights the end point. Reports the log normaliser estimate, Kish's ESS and the weighted
 * moments; writes the kept chains' end points and log weights to {@code his-draws.csv}. There is no Markov
 * chain, so warmup, thinning and resume do not apply.
 */
final class HisJob {
    private final SampleOptions options;
    private final Target target;
    private final PrintWriter out;
    private final PrintWriter err;

    HisJob(SampleOptions options, Target target, PrintWriter out, PrintWriter err, boolean interactive) {
        this.options = options;
        this.target = target;
        this.out = out;
        this.err = err;
    }

    int run() {
        if (options.resume()) {
            throw new IllegalArgumentException("--resume: the his sampler draws independent flows; rerun instead");
        }
        int n = options.chains(), d = target.dimension();
        double eps = options.stepSize() != null ? options.stepSize() : DefaultStepSizes.forTarget(target.name());
        double[] stepSizes = new double[d];
        Arrays.fill(stepSizes, eps);
        Tempering tempering = Tempering.fixedQuadratic(options.beta0(), options.steps());
        Map<String, String> identity = options.identity(target.name(), eps);
        Path dir = options.out();
        WeightedMoments moments = new WeightedMoments(d);
        double[] z0 = new double[d * n], zk = new double[d * n], logq0 = new double[n], logw = new double[n];
        int[] words = new int[4];
        double[] normals = new double[4];
        long start = System.nanoTime();
        long gradients;
        OutputDirectory.prepare(dir);
        Path csv = dir.resolve("his-draws.csv");
        try (Backend backend = SampleJob.openBackend(target, options, err);
             HisFlow flow = new HisFlow(backend, target, stepSizes, tempering, n, options.seed(), options.precision(),
                     options.numerics());
             BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write("# leapfrog_version = " + LeapfrogVersion.current() + "\n# " + identity + "\ndraw,chain,log_weight," + String.join(",", target.parameterNames()) + "\n");
            for (int k = 0; k < options.draws(); k++) {
                for (int c = 0; c < n; c++) {
                    double sq = 0;
                    for (int j = 0; j < d; j += 4) {
                        RandomStream.normals(options.seed(), c, k, RandomStream.PURPOSE_INIT, j / 4, words, normals, 0, 4);
                        for (int q = 0; q < 4 && j + q < d; q++) {
                            z0[(j + q) * n + c] = normals[q];
                            sq += normals[q] * normals[q];
                        }
                    }
                    logq0[c] = -0.5 * sq - 0.5 * d * Math.log(2 * Math.PI);
                }
                flow.run(k, z0, logq0, null, zk, null, logw);
                moments.add(logw, zk, n);
                for (int c = 0; c < options.keepChains(); c++) {
                    StringBuilder row = new StringBuilder().append(k).append(',').append(c + 1).append(',').append(logw[c]);
                    for (int j = 0; j < d; j++) {
                        row.append(',').append(zk[j * n + c]);
                    }
                    w.write(row.append('\n').toString());
                }
            }
            gradients = flow.gradientEvaluations();
            double seconds = (System.nanoTime() - start) * 1e-9;
            report(dir, identity, backend, moments, gradients, seconds);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + csv, e);
        }
        return 0;
    }

    private void report(Path dir, Map<String, String> identity, Backend backend, WeightedMoments m, long gradients,
                        double seconds) throws IOException {
        List<String> names = target.parameterNames();
        out.printf("%-12s %12s %12s%n", "name", "mean", "sd");
        for (int d = 0; d < names.size(); d++) {
            out.printf("%-12s %12.5g %12.5g%n", names.get(d), m.mean(d), m.sd(d));
        }
        out.printf("log Z estimate %.6g (se %.3g) from %d weighted draws, Kish ESS %.1f%n", m.logMeanWeight(),
                m.logMeanWeightSe(), m.count(), m.kishEss());
        out.printf("gradient evaluations %d, wall %.3f s, backend %s (%s)%n", gradients, seconds,
                backend.kind().label(), backend.device().name());
        out.printf("wrote %s, %s%n", dir.resolve("his-draws.csv"), dir.resolve("summary.json"));
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ObjectNode settings = root.putObject("settings");
        identity.forEach(settings::put);
        var params = root.putArray("parameters");
        for (int d = 0; d < names.size(); d++) {
            ObjectNode p = params.addObject();
            p.put("name", names.get(d));
            p.put("mean", m.mean(d));
            p.put("sd", m.sd(d));
        }
        ObjectNode run = root.putObject("run");
        run.put("leapfrog_version", LeapfrogVersion.current().toString());
        run.put("backend", backend.kind().label());
        run.put("device", backend.device().name());
        run.put("log_z", m.logMeanWeight());
        run.put("log_z_se", m.logMeanWeightSe());
        run.put("kish_ess", m.kishEss());
        run.put("gradient_evaluations", gradients);
        run.put("wall_seconds", seconds);
        Files.writeString(dir.resolve("summary.json"), mapper.writeValueAsString(root) + "\n");
        out.flush();
    }
}
