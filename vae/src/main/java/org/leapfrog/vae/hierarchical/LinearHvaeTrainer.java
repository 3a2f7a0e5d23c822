package org.leapfrog.vae.hierarchical;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.leapfrog.runtime.tensor.Arena;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.runtime.tensor.optim.Adam;
import org.leapfrog.runtime.tensor.optim.LearningRateSchedule;

/**
 * Minibatch training of a {@link LinearHvae} on a fixed data set with Adam: ELBO epochs (the hVAE and the
 * pre-training of every MCMC variant) and Algorithm 1 epochs (phi0 by the ELBO, theta by log p(x, z_K) at the
 * chain's final state, no gradient through the chain). theta and phi0 have their own Adam (the same updates as
 * one Adam over both, since Adam is per coordinate and both step every iteration).
 */
public final class LinearHvaeTrainer implements AutoCloseable {
    private final LinearHvae model;
    private final double[] data;
    private final int observations;
    private final int batch;
    private final long seed;
    private final Adam theta;
    private final Adam phi;
    private final Arena arena;
    private int iteration;

    /**
     * @param data  row-major {@code N x dx} observations
     * @param batch minibatch size (the last minibatch of an epoch may be smaller)
     * @param rate  Adam learning rate
     */
    public LinearHvaeTrainer(LinearHvae model, double[] data, int batch, double rate, long seed) {
        if (data.length == 0 || data.length % model.dataDim() != 0) {
            throw new IllegalArgumentException("data: length " + data.length + "; allowed: a positive multiple of dx = "
                    + model.dataDim());
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch: " + batch + "; allowed: >= 1");
        }
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate: " + rate + "; allowed: > 0");
        }
        this.model = model;
        this.data = data;
        this.observations = data.length / model.dataDim();
        this.batch = batch;
        this.seed = seed;
        this.theta = new Adam(model.modelParameters(), LearningRateSchedule.constant(rate));
        this.phi = new Adam(model.encoderParameters(), LearningRateSchedule.constant(rate));
        this.arena = new Arena(model.engine());
    }

    /** Gives the step's pooled storage back. */
    @Override
    public void close() {
        arena.close();
    }

    /** One epoch of ELBO ascent on theta and phi0; returns the mean ELBO per observation over the epoch. */
    public double elboEpoch(int epoch) {
        double sum = 0;
        for (int[] rows : minibatches(epoch)) {
            try (Arena.Scope scope = arena.open()) {
                theta.zeroGrad();
                phi.zeroGrad();
                Tensor x = model.batch(data, rows);
                Tensor[] eps = model.noise(rows.length, seed, iteration++);
                Tensor elbo = model.elbo(x, eps[0], eps[1]).sum();
                Graph.backward(elbo.mul(-1.0 / rows.length));
                theta.step();
                phi.step();
                sum += elbo.item();
            }
        }
        return sum / observations;
    }

    /**
     * One epoch of Algorithm 1: per minibatch, z0 from the encoder, the chain's K steps to z_K, phi0 updated by
     * the ELBO and theta by the mean of log p(x, z_K). Returns the mean ELBO per observation over the epoch.
     */
    public double mcmcEpoch(int epoch, LatentChain chain) {
        double sum = 0;
        for (int[] rows : minibatches(epoch)) {
            theta.zeroGrad();
            phi.zeroGrad();
            Tensor x = model.batch(data, rows);
            Tensor[] eps = model.noise(rows.length, seed, iteration);
            LinearHvae.Encoding e = model.encode(x, eps[0], eps[1]);
            Tensor elbo = model.elbo(x, e).sum();
            Graph.backward(elbo.mul(-1.0 / rows.length));
            theta.zeroGrad();   // theta learns from z_K only (Algorithm 1)
            Tensor zK = chain.run(x, e.z().detach(), z -> model.logJoint(x, z), iteration);
            Graph.backward(model.logJoint(x, zK.detach()).sum().mul(-1.0 / rows.length));
            theta.step();
            phi.step();
            sum += elbo.item();
            iteration++;
        }
        return sum / observations;
    }

    /** The epoch's minibatches: a permutation of the observations keyed by (seed, epoch), cut in order. */
    List<int[]> minibatches(int epoch) {
        int[] perm = new int[observations];
        for (int i = 0; i < observations; i++) {
            perm[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        for (int i = observations - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        List<int[]> out = new ArrayList<>();
        for (int from = 0; from < observations; from += batch) {
            int[] rows = new int[Math.min(batch, observations - from)];
            System.arraycopy(perm, from, rows, 0, rows.length);
            out.add(rows);
        }
        return out;
    }

    /** Minibatch steps taken so far (the noise counter). */
    public int iterations() {
        return iteration;
    }
}
