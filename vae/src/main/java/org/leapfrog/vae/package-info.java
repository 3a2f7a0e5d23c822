/**
 * Latent-variable models trained with Leapfrog's samplers: the Hamiltonian VAE (tempered flows,
 * {@code org.leapfrog.samplers.his}) and VAEs trained with short MCMC runs, on MNIST. Not built yet: this
 * module holds the place in the reactor so those models can depend on samplers without changing the layout.
 */
package org.leapfrog.vae;
