#!/usr/bin/env Rscript
# Static HMC in Stan (rstan, Debian r-cran-rstan): the throughput benchmark's workloads, timed on this machine.
#
# Same workload as `leapfrog bench throughput`: unit metric (unit_e), L = 10 leapfrog steps (Stan takes
# floor(int_time / eps) steps; int_time = 10.5 * eps so that rounding cannot make it 9),
# no step-size jitter, no adaptation, full Metropolis step; ICG-50 with step size 0.18 and German credit logistic
# regression (features standardised with population sd, intercept, N(0, 1) prior) with step size 0.03.
# Stan runs one chain per core; gradient evaluations are floor(int_time / stepsize) per iteration, timed by Stan itself
# (sampling phase of each chain; chains run in parallel, so the rate is total gradients / the slowest chain's time).
# Writes rows to results/peers.csv (replacing earlier stan rows).
#
# rstan 2.21 (and, judging by their sources, later versions) has the adapt_engaged test inverted for static HMC with unit_e: its
# stan_fit.hpp calls the non-adapting service hmc_static_unit_e when adapt_engaged is TRUE and the adapting
# hmc_static_unit_e_adapt when it is FALSE. The adapting one runs init_stepsize and dual averaging in warmup and,
# at the end of warmup (immediately with warmup = 0), sets the step size to the averaged one: about 2.2 after one
# warmup iteration, exp(0) = 1 after none (cmdstan issue #602 describes the warmup = 0 case). So this script
# passes adapt_engaged = TRUE with warmup = 0, which in rstan means "no adaptation": the non-adapting service
# neither calls init_stepsize nor changes the step size. The recorded stepsize__ is still checked.
#
# Usage: Rscript bench/peers/stan_hmc.R [CHAINS [ITERATIONS]]   (default: number of cores, 2000)
# Debian's r-cran-bh ships no include/ directory (its headers are the system Boost in /usr/include), but rstan
# looks for BH's include/: give it a private copy of BH whose include/ points at /usr/include.
if (!nzchar(system.file("include", package = "BH")) && dir.exists("/usr/include/boost")) {
  lib <- file.path(tempdir(), "bh-lib")
  dir.create(lib, showWarnings = FALSE)
  file.copy(find.package("BH"), lib, recursive = TRUE)
  file.symlink("/usr/include", file.path(lib, "BH", "include"))
  .libPaths(c(lib, .libPaths()))
}
suppressPackageStartupMessages(library(rstan))
args <- commandArgs(trailingOnly = TRUE)
file_arg <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
here <- dirname(normalizePath(file_arg))
repo <- dirname(dirname(here))
cores <- parallel::detectCores()
chains <- if (length(args) >= 1) as.integer(args[1]) else cores
iters <- if (length(args) >= 2) as.integer(args[2]) else 2000L
options(mc.cores = cores)

icg_code <- "
data { int<lower=1> D; vector<lower=0>[D] sd_x; }
parameters { vector[D] x; }
model { x ~ normal(0, sd_x); }
"
blr_code <- "
data { int<lower=1> N; int<lower=1> D; matrix[N, D] X; int<lower=0, upper=1> y[N]; }
parameters { vector[D] w; }
model { w ~ normal(0, 1); y ~ bernoulli_logit(X * w); }
"
german <- read.csv(file.path(repo, "samplers/src/main/resources/org/leapfrog/data/blr/german.csv"))
feat <- as.matrix(german[, setdiff(names(german), "y")])
pop_sd <- function(v) sqrt(mean((v - mean(v))^2))
feat <- sweep(sweep(feat, 2, colMeans(feat)), 2, apply(feat, 2, pop_sd), "/")
X <- cbind(feat, 1)  # intercept last

workloads <- list(
  icg50 = list(code = icg_code, data = list(D = 50, sd_x = sqrt(10^seq(-2, 2, length.out = 50))), eps = 0.18,
               init = function() list(x = rnorm(50) * sqrt(10^seq(-2, 2, length.out = 50)))),
  german = list(code = blr_code, data = list(N = nrow(X), D = ncol(X), X = X, y = german$y), eps = 0.03,
                init = function() list(w = rnorm(ncol(X)) * 0.1)))

rows <- list()
for (name in names(workloads)) {
  w <- workloads[[name]]
  model <- stan_model(model_code = w$code)  # compilation is not timed
  # adapt_engaged = TRUE selects rstan's NON-adapting unit_e service (see the comment at the top)
  fit <- sampling(model, data = w$data, chains = chains, iter = iters, warmup = 0, algorithm = "HMC",
                  init = function(chain_id) w$init(), refresh = 0, seed = 20181203,
                  control = list(stepsize = w$eps, int_time = 10.5 * w$eps, metric = "unit_e", stepsize_jitter = 0,
                                 adapt_engaged = TRUE))
  sp <- get_sampler_params(fit, inc_warmup = FALSE)
  # Guard against an rstan whose adapt_engaged test is no longer inverted (it would then adapt and re-tune the
  # step size): refuse to report a different workload.
  used <- unique(unlist(lapply(sp, function(s) s[, "stepsize__"])))
  if (any(abs(used - w$eps) > 1e-9)) {
    stop(sprintf("%s: Stan ran with step size(s) %s instead of %g; not the benchmark's workload, nothing written",
                 name, paste(signif(used, 4), collapse = ", "), w$eps))
  }
  # static HMC records no n_leapfrog__: each iteration takes floor(int_time / stepsize) = 10 leapfrog steps
  grads <- sum(sapply(sp, function(s) sum(floor(s[, "int_time__"] / s[, "stepsize__"]))))
  accept <- mean(sapply(sp, function(s) mean(s[, "accept_stat__"])))
  seconds <- max(get_elapsed_time(fit)[, "sample"])
  rate <- grads / seconds
  cat(sprintf("stan %s: %d chains x %d iterations, %.3g s, %.3g grad evals/s, accept %.3f\n", name, chains, iters,
              seconds, rate, accept))
  rows[[name]] <- data.frame(peer = "stan", workload = name, chains = chains, iterations = iters,
                             seconds = signif(seconds, 6), grad_evals_per_s = signif(rate, 6),
                             accept_rate = round(accept, 4),
                             device = sprintf("rstan %s, %d cores, one chain per core", packageVersion("rstan"), cores))
}
out <- file.path(here, "results", "peers.csv")
dir.create(dirname(out), showWarnings = FALSE)
new <- do.call(rbind, rows)
if (file.exists(out)) {
  old <- read.csv(out, stringsAsFactors = FALSE)
  new <- rbind(old[old$peer != "stan", ], new)
}
write.csv(new, out, row.names = FALSE, quote = TRUE)
cat("wrote", out, "\n")
