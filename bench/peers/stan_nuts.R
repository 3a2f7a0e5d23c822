#!/usr/bin/env Rscript
# Stan NUTS (rstan, default adaptation: diag_e metric, adapt_delta 0.8, max treedepth 10) on the workloads of
# `leapfrog bench ess`: ICG-50, German credit logistic regression, Funnel-3 and Rough Well, defined as Leapfrog's
# built-in targets are (see README "Targets"). One chain per core, chains run side by side (cores = chains).
# Per workload: min bulk and tail ESS over the parameters (rstan::monitor, rank-normalised, as R posterior), the
# warmup and sampling seconds Stan reports (chains run in parallel: the slowest chain's), gradient evaluations
# (n_leapfrog__ summed over every iteration of every chain, warmup included) and divergences. Compiled models are
# cached (rstan auto_write) in --cache, so only the first run compiles (compilation is never timed).
#
# Usage: Rscript stan_nuts.R --out FILE.csv --german GERMAN.csv [--chains 2] [--warmup 1000] [--draws 1000]
#        [--workloads icg50,german,funnel3,roughwell] [--cache DIR] [--seed 20181203] [--compile-only true]
# GERMAN.csv is samplers/src/main/resources/org/leapfrog/data/blr/german.csv (leapfrog bench ess passes it).
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

opt <- list(chains = "2", warmup = "1000", draws = "1000", workloads = "icg50,german,funnel3,roughwell",
            cache = file.path(Sys.getenv("HOME"), ".cache", "leapfrog-stan"), seed = "20181203")
args <- commandArgs(trailingOnly = TRUE)
i <- 1
while (i <= length(args)) {
  key <- sub("^--", "", args[i])
  opt[[key]] <- args[i + 1]
  i <- i + 2
}
if (is.null(opt$out) || is.null(opt$german)) stop("usage: stan_nuts.R --out FILE.csv --german GERMAN.csv [options]")
chains <- as.integer(opt$chains)
warmup <- as.integer(opt$warmup)
draws <- as.integer(opt$draws)
dir.create(opt$cache, recursive = TRUE, showWarnings = FALSE)
rstan_options(auto_write = TRUE)
options(mc.cores = chains)

models <- list(
  icg50 = "
data { int<lower=1> D; vector<lower=0>[D] sd_x; }
parameters { vector[D] x; }
model { x ~ normal(0, sd_x); }
",
  german = "
data { int<lower=1> N; int<lower=1> D; matrix[N, D] X; int<lower=0, upper=1> y[N]; }
parameters { vector[D] w; }
model { w ~ normal(0, 1); y ~ bernoulli_logit(X * w); }
",
  funnel3 = "
data { int<lower=2> D; real<lower=0> s; }
parameters { real v; vector[D - 1] x; }
model { v ~ normal(0, s); x ~ normal(0, exp(-v / 2)); }
",
  roughwell = "
data { int<lower=1> D; real<lower=0> eta; }
parameters { vector[D] x; }
model { target += -(0.5 * dot_self(x) + eta * sum(cos(x / eta))); }
")

german <- read.csv(opt$german)
feat <- as.matrix(german[, setdiff(names(german), "y")])
pop_sd <- function(v) sqrt(mean((v - mean(v))^2))
feat <- sweep(sweep(feat, 2, colMeans(feat)), 2, apply(feat, 2, pop_sd), "/")
X <- cbind(feat, 1)
data <- list(icg50 = list(D = 50, sd_x = sqrt(10^seq(-2, 2, length.out = 50))),
             german = list(N = nrow(X), D = ncol(X), X = X, y = german$y),
             funnel3 = list(D = 20, s = 3),
             roughwell = list(D = 2, eta = 0.01))

rows <- list()
for (name in strsplit(opt$workloads, ",")[[1]]) {
  file <- file.path(opt$cache, paste0(name, ".stan"))
  if (!file.exists(file) || paste(readLines(file), collapse = "\n") != trimws(models[[name]])) {
    writeLines(trimws(models[[name]]), file)
  }
  model <- stan_model(file = file)
  if (identical(opt$`compile-only`, "true")) next
  fit <- sampling(model, data = data[[name]], chains = chains, iter = warmup + draws, warmup = warmup,
                  refresh = 0, seed = as.integer(opt$seed), cores = chains)
  draws_array <- as.array(fit)
  draws_array <- draws_array[, , dimnames(draws_array)[[3]] != "lp__", drop = FALSE]
  mon <- as.data.frame(unclass(monitor(draws_array, warmup = 0, print = FALSE)))
  sp <- get_sampler_params(fit, inc_warmup = TRUE)
  nl <- lapply(sp, function(s) s[, "n_leapfrog__"])
  grad_warmup <- sum(sapply(nl, function(v) sum(v[seq_len(warmup)])))
  grad_sampling <- sum(sapply(nl, function(v) sum(v[warmup + seq_len(draws)])))
  div <- sum(sapply(sp, function(s) sum(s[warmup + seq_len(draws), "divergent__"])))
  t <- get_elapsed_time(fit)
  rows[[name]] <- data.frame(workload = name, chains = chains, warmup = warmup, draws = draws,
                             min_ess_bulk = min(mon$Bulk_ESS), min_ess_tail = min(mon$Tail_ESS),
                             warmup_seconds = max(t[, "warmup"]), sampling_seconds = max(t[, "sample"]),
                             total_seconds = max(t[, "warmup"] + t[, "sample"]),
                             gradients_warmup = grad_warmup, gradients_sampling = grad_sampling,
                             divergences = div,
                             stepsize = mean(sapply(sp, function(s) s[warmup + 1, "stepsize__"])),
                             rstan = as.character(packageVersion("rstan")))
  cat(sprintf("stan nuts %s: min bulk ESS %.0f, tail %.0f, %.2f s (warmup %.2f), %d gradients, %d divergences\n",
              name, min(mon$Bulk_ESS), min(mon$Tail_ESS), max(t[, "warmup"] + t[, "sample"]), max(t[, "warmup"]),
              grad_warmup + grad_sampling, div))
}
if (identical(opt$`compile-only`, "true")) quit(save = "no")
write.csv(do.call(rbind, rows), opt$out, row.names = FALSE)
cat("wrote", opt$out, "\n")
