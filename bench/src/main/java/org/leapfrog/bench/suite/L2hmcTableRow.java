package org.leapfrog.bench.suite;

/**
 * One row of the L2HMC table: a sampler on a target with a step size. HMC rows come from this suite; learned
 * samplers add rows with their own {@code sampler} name, so the table gains their columns without a new format.
 *
 * @param target                 built-in target name
 * @param sampler                e.g. hmc
 * @param stepSize               leapfrog step size
 * @param leapfrogs              leapfrog steps per MH step
 * @param chains                 chains
 * @param steps                  MH steps per chain in the estimators
 * @param acceptRate             mean acceptance probability
 * @param paperEssPerStep        the L2HMC paper's ESS per MH step (true mean, trace of true covariance)
 * @param paperEssPerGradient    the same per gradient evaluation
 * @param minBulkEss             minimum over coordinates of the bulk ESS (Vehtari et al. 2021), all chains
 * @param minBulkEssPerChainStep minBulkEss / (chains * steps)
 * @param seconds                wall time of the sampling
 * @param moments                where the true moments come from
 */
public record L2hmcTableRow(String target, String sampler, double stepSize, int leapfrogs, int chains, int steps,
                            double acceptRate, double paperEssPerStep, double paperEssPerGradient, double minBulkEss,
                            double minBulkEssPerChainStep, double seconds, String moments) {
}
