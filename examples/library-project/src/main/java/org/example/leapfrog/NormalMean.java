package org.example.leapfrog;

import java.util.Random;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.Backends;
import org.leapfrog.samplers.hmc.HmcParameters;
import org.leapfrog.samplers.hmc.HmcSampler;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;

/**
 * Runs 4,096 HMC chains on Leapfrog's built-in standard normal in 5 dimensions and prints the mean and
 * standard deviation of the first coordinate over the chains' second half of iterations (about 0 and 1).
 * The backend is the first argument: java (default), opencl or auto.
 */
public final class NormalMean {
    public static void main(String[] args) {
        int chains = 4096, dim = 5, iterations = 200;
        Target target = Targets.byName("normal", dim);
        double[] positions = new double[dim * chains];   // chain-minor: coordinate d of chain c at d * chains + c
        Random random = new Random(1);
        for (int i = 0; i < positions.length; i++) {
            positions[i] = 4 * random.nextDouble() - 2;
        }
        double[] logDensities = new double[chains];
        double sum = 0, sumOfSquares = 0;
        long count = 0;
        // 10 steps of 0.2: a trajectory of length 2, away from the half period (pi) of a standard normal's
        // dynamics, where every step would nearly mirror the chains and they would mix slowly.
        try (Backend backend = Backends.open(args.length > 0 ? args[0] : "java", null, System.err::println);
             HmcSampler hmc = new HmcSampler(backend, target, HmcParameters.hmc(0.2, 10, Metric.unit(dim)), chains, 7L)) {
            hmc.init(positions);
            for (int it = 0; it < iterations; it++) {
                hmc.step(it);
                if (it >= iterations / 2) {
                    hmc.readState(positions, logDensities);
                    for (int c = 0; c < chains; c++) {
                        sum += positions[c];                 // coordinate 0 of chain c
                        sumOfSquares += positions[c] * positions[c];
                        count++;
                    }
                }
            }
            double mean = sum / count;
            System.out.printf("x.1 over %d chains x %d iterations (%s backend): mean %.4f, sd %.4f (exact: 0, 1)%n",
                    chains, iterations / 2, backend.kind().label(), mean, Math.sqrt(sumOfSquares / count - mean * mean));
        }
    }
}
