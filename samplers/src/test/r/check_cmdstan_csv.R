# Checks that R reads a CmdStan CSV written by CmdStanCsvSink (run by CmdStanCsvSinkTest when Rscript exists).
# Usage: Rscript check_cmdstan_csv.R FILE ROWS COLUMN...
# Exits non-zero with a message if the columns, the row count or the value types are not as expected.
args <- commandArgs(trailingOnly = TRUE)
file <- args[1]
rows <- as.integer(args[2])
expected <- args[-(1:2)]
d <- read.csv(file, comment.char = "#", check.names = FALSE)
if (!identical(names(d), expected)) {
  stop("columns differ: got ", paste(names(d), collapse = ","), "; expected ", paste(expected, collapse = ","))
}
if (nrow(d) != rows) stop("expected ", rows, " rows, got ", nrow(d))
for (col in names(d)) {
  if (!is.numeric(d[[col]])) stop("column ", col, " is not numeric")
  if (anyNA(d[[col]])) stop("column ", col, " has missing values")
}
if (!all(d$divergent__ %in% c(0, 1))) stop("divergent__ is not 0/1")
cat("OK", nrow(d), "rows", ncol(d), "columns\n")
