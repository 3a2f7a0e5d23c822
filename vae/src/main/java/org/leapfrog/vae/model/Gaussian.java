package org.leapfrog.vae.model;

import org.leapfrog.runtime.tensor.Tensor;

/**
 * A diagonal Gaussian per batch row, {@code N(mu, diag sigma^2)}: {@code mu}, {@code sigma} and {@code logSigma}
 * are {@code batch x latent} tensors (graph nodes of the encoder, so everything below is differentiable in the
 * encoder's parameters).
 */
public record Gaussian(Tensor mu, Tensor sigma, Tensor logSigma) {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    public int latent() {
        return mu.cols();
    }

    /** The reparameterised draw {@code mu + sigma * eps} for standard normals {@code eps} (batch x latent). */
    public Tensor sample(Tensor eps) {
        return mu.add(sigma.mul(eps));
    }

    /** {@code log N(z; mu, sigma^2)} summed over the latent dimensions: {@code batch x 1}. */
    public Tensor logDensity(Tensor z) {
        Tensor u = z.sub(mu).div(sigma);
        return u.square().mul(-0.5).sub(logSigma).sumCols().add(-latent() * HALF_LOG_2PI);
    }

    /**
     * {@code log N(mu + sigma eps; mu, sigma^2)} written in the noise: {@code sum(-eps^2/2 - log sigma) - d/2 log 2 pi}
     * (the same value as {@link #logDensity} of {@link #sample}, without the division).
     */
    public Tensor logDensityOfSample(Tensor eps) {
        return eps.square().mul(-0.5).sub(logSigma).sumCols().add(-latent() * HALF_LOG_2PI);
    }

    /** {@code KL(N(mu, sigma^2) || N(0, I))} per row, in closed form: {@code batch x 1}. */
    public Tensor klToStandardNormal() {
        return mu.square().add(sigma.square()).sub(logSigma.mul(2.0)).add(-1.0).sumCols().mul(0.5);
    }

    /** {@code log N(z; 0, I)} summed over the columns: {@code batch x 1}. */
    public static Tensor standardNormalLogDensity(Tensor z) {
        return z.square().mul(-0.5).sumCols().add(-z.cols() * HALF_LOG_2PI);
    }
}
