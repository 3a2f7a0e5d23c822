# Makes the reference fixtures for org.leapfrog.samplers.diagnostics.ConvergenceFixtureTest.
# Run from the repository root:  Rscript samplers/src/test/r/make_posterior_fixtures.R
# Needs R package 'posterior' (Debian: apt-get install r-cran-posterior; fixtures were made with 1.4.0).
# Writes, under samplers/src/test/resources/org/leapfrog/samplers/diagnostics/posterior/:
#   <case>.csv      one column per chain (chain1, chain2, ...), one row per draw, values as %.17g
#   reference.csv   case,measure,value  (value "NA" where posterior returns NA, "ERROR: ..." if it fails)
suppressPackageStartupMessages(library(posterior))

out_dir <- "samplers/src/test/resources/org/leapfrog/samplers/diagnostics/posterior"
dir.create(out_dir, recursive = TRUE, showWarnings = FALSE)
set.seed(20240611)

ar1 <- function(n, phi, chains, sd = 1) {
  sapply(seq_len(chains), function(c) as.numeric(stats::filter(rnorm(n, sd = sd), phi, method = "recursive")))
}

cases <- list()
cases$normal_4x1000 <- matrix(rnorm(4000), 1000, 4)
cases$ar09_4x500 <- ar1(500, 0.9, 4)
cases$ar099_2x300 <- ar1(300, 0.99, 2)
cases$antithetic_4x400 <- ar1(400, -0.7, 4)
cases$cauchy_4x1000 <- matrix(rcauchy(4000), 1000, 4)
cases$student2_3x700 <- matrix(rt(2100, df = 2), 700, 3)
stuck <- ar1(300, 0.5, 4); stuck[, 3] <- 0.75
cases$stuck_chain_4x300 <- stuck
partly_stuck <- ar1(300, 0.5, 4); partly_stuck[101:300, 2] <- partly_stuck[100, 2]
cases$partly_stuck_4x300 <- partly_stuck
shifted <- matrix(rnorm(2000), 500, 4); shifted[, 4] <- shifted[, 4] + 2
cases$shifted_chain_4x500 <- shifted
cases$scale_mismatch_4x500 <- matrix(rnorm(2000), 500, 4) %*% diag(c(1, 1, 1, 5))
cases$constant_all_4x100 <- matrix(3.25, 100, 4)
cases$constant_per_chain_3x50 <- matrix(rep(c(1, 2, 4), each = 50), 50, 3)
cases$near_constant_4x100 <- matrix(1 + 1e-17 * rnorm(400), 100, 4)
cases$tiny_scale_4x200 <- matrix(1e-12 * rnorm(800), 200, 4)
cases$ties_rounded_4x500 <- round(ar1(500, 0.6, 4), 1)
cases$binary_4x250 <- matrix(as.numeric(runif(1000) < 0.3), 250, 4)
cases$one_chain_1000 <- ar1(1000, 0.8, 1)
cases$one_chain_7 <- ar1(7, 0.3, 1)
cases$odd_4x101 <- ar1(101, 0.4, 4)
cases$short_4x5 <- matrix(rnorm(20), 5, 4)
cases$short_4x4 <- matrix(rnorm(16), 4, 4)
cases$short_4x3 <- matrix(rnorm(12), 3, 4)
cases$short_4x2 <- matrix(rnorm(8), 2, 4)
cases$short_4x1 <- matrix(rnorm(4), 1, 4)
cases$short_1x3 <- matrix(rnorm(3), 3, 1)
cases$short_6x3 <- matrix(rnorm(18), 3, 6)
nan_case <- matrix(rnorm(400), 100, 4); nan_case[17, 2] <- NaN
cases$nan_4x100 <- nan_case
inf_case <- matrix(rnorm(400), 100, 4); inf_case[42, 3] <- Inf
cases$inf_4x100 <- inf_case
cases$many_chains_64x40 <- ar1(40, 0.7, 64)
cases$long_2x5000 <- ar1(5000, 0.95, 2)

measures <- list(
  rhat = function(x) rhat(x),
  rhat_basic_split = function(x) rhat_basic(x, split = TRUE),
  rhat_basic_nosplit = function(x) rhat_basic(x, split = FALSE),
  ess_bulk = function(x) ess_bulk(x),
  ess_tail = function(x) ess_tail(x),
  ess_q5 = function(x) ess_quantile(x, 0.05),
  ess_q95 = function(x) ess_quantile(x, 0.95),
  ess_q50 = function(x) ess_quantile(x, 0.5),
  ess_mean = function(x) ess_mean(x),
  ess_sd = function(x) ess_sd(x),
  ess_basic_nosplit = function(x) ess_basic(x, split = FALSE),
  mcse_mean = function(x) mcse_mean(x),
  mcse_sd = function(x) mcse_sd(x),
  mcse_q5 = function(x) mcse_quantile(x, 0.05),
  mcse_q50 = function(x) mcse_quantile(x, 0.5),
  mcse_q95 = function(x) mcse_quantile(x, 0.95),
  q5 = function(x) quantile2(x, 0.05),
  q50 = function(x) quantile2(x, 0.5),
  q95 = function(x) quantile2(x, 0.95),
  mean = function(x) mean(x),
  sd = function(x) sd(x)
)

fmt <- function(v) if (is.na(v)) "NA" else sprintf("%.17g", v)
rows <- character()
for (name in names(cases)) {
  x <- cases[[name]]
  colnames(x) <- paste0("chain", seq_len(ncol(x)))
  write.csv(apply(x, c(1, 2), fmt), file.path(out_dir, paste0(name, ".csv")), row.names = FALSE, quote = FALSE)
  for (m in names(measures)) {
    v <- tryCatch(suppressWarnings(fmt(unname(as.numeric(measures[[m]](x))))),
                  error = function(e) paste0("ERROR: ", gsub("[,\n]", " ", conditionMessage(e))))
    rows <- c(rows, paste(name, m, v, sep = ","))
  }
}
writeLines(c(paste0("# posterior ", packageVersion("posterior"), ", ", R.version.string), "case,measure,value", rows),
           file.path(out_dir, "reference.csv"))
