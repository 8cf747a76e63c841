# Extra R reference values for tests/test_rcompat.py (written for this project; not part of the blog).
#
# Regenerate (needs R; the tests themselves do not):
#     Rscript tests/data/make_r_extra_reference.R > tests/data/r_extra_reference.txt
# Generated with R 4.2.2 (Debian r-base-core), the version of blog_seed1_hidden10.txt.
#
# Output: one record a line, a tag then values; doubles with 17 significant digits (exact round trip).

emit <- function(tag, values) {
  if (is.double(values)) values <- sprintf("%.17g", values)
  cat(tag, values, "\n")
}

emit("r_version", gsub(" ", "_", R.version.string))

# ---------------------------------------------------------------- uniform and normal draws
RNGkind("Mersenne-Twister", "Inversion", "Rejection")
for (s in c(0L, 42L, 2016L, -1L, 2147483647L, -2147483647L)) {
  set.seed(s); emit(paste0("rnorm200_seed_", s), rnorm(200))
}
set.seed(42); emit("runif100_seed_42", runif(100))
set.seed(3);  emit("runif5_min_-2_max_3_seed_3", runif(5, -2, 3))
set.seed(3);  emit("rnorm5_mean_10_sd_0.5_seed_3", rnorm(5, 10, 0.5))

# qnorm (Wichura's AS241) in each of its three branches, and at rnorm's extreme inputs
p <- c(2^-27 / 2^27, 1e-300, 1e-20, 1e-12, 1e-5, 0.01, 0.07, 0.075, 0.0751, 0.3, 0.5,
       0.7, 0.924, 0.925, 0.93, 0.99, 1 - 1e-12, 1 - 2^-53)
emit("qnorm_p", p)
emit("qnorm_q", qnorm(p))

# one stream, several kinds of draws after each other
set.seed(7)
emit("mixed_seed_7_rnorm3", rnorm(3))
emit("mixed_seed_7_sample10_4", sample(1:10, 4))
emit("mixed_seed_7_runif2", runif(2))

# ---------------------------------------------------------------- sample(), both kinds
for (kind in c("Rejection", "Rounding")) {
  suppressWarnings(RNGkind(sample.kind = kind))
  set.seed(1);  emit(paste0(kind, "_seed_1_n_150_size_150"), sample(1:150, 150))
  set.seed(42); emit(paste0(kind, "_seed_42_n_10_size_10"), sample(1:10))
  set.seed(5);  emit(paste0(kind, "_seed_5_n_1_size_1_then_runif2"), c(sample(1, 1), runif(2)))
  set.seed(11); emit(paste0(kind, "_seed_11_n_65536_size_12"), sample(1:65536, 12))
  set.seed(11); emit(paste0(kind, "_seed_11_n_65537_size_12"), sample(1:65537, 12))
  set.seed(12); emit(paste0(kind, "_seed_12_n_1000000_size_20"), sample(1:1e6, 20))
  set.seed(14); emit(paste0(kind, "_seed_14_n_10000000_size_6"), sample(1:1e7, 6))
  set.seed(9);  emit(paste0(kind, "_seed_9_n_6_size_20_replace"), sample(1:6, 20, replace = TRUE))
}

# ---------------------------------------------------------------- train.dnn
# The loop of Peng Zhao's train.dnn (2016), rewritten compactly; same arithmetic, same order.
# Records the test accuracy train.dnn prints every `display` steps (predict.dnn uses max.col).
train <- function(X, Y, Xt, Yt, H, maxit, abstol, lr, reg, display, seed) {
  set.seed(seed)
  N <- nrow(X); D <- ncol(X); K <- length(unique(Y))
  idx <- cbind(1:N, match(Y, sort(unique(Y))))
  W1 <- 0.01 * matrix(rnorm(D * H), nrow = D, ncol = H); b1 <- matrix(0, nrow = 1, ncol = H)
  W2 <- 0.01 * matrix(rnorm(H * K), nrow = H, ncol = K); b2 <- matrix(0, nrow = 1, ncol = K)
  losses <- c(); acc <- c(); loss <- 100000; i <- 0
  while (i < maxit && loss > abstol) {
    i <- i + 1
    h <- pmax(sweep(X %*% W1, 2, b1, "+"), 0)
    s <- exp(sweep(h %*% W2, 2, b2, "+"))
    probs <- sweep(s, 1, rowSums(s), "/")
    loss <- sum(-log(probs[idx])) / N + 0.5 * reg * (sum(W1 * W1) + sum(W2 * W2))
    losses <- c(losses, loss)
    if (i %% display == 0) {
      ht <- pmax(sweep(Xt %*% W1, 2, b1, "+"), 0)
      st <- exp(sweep(ht %*% W2, 2, b2, "+"))
      acc <- c(acc, mean(Yt == max.col(sweep(st, 1, rowSums(st), "/"))))
    }
    d <- probs; d[idx] <- d[idx] - 1; d <- d / N
    dW2 <- t(h) %*% d; db2 <- colSums(d)
    dh <- d %*% t(W2); dh[h <= 0] <- 0
    dW1 <- t(X) %*% dh; db1 <- colSums(dh)
    W1 <- W1 - lr * (dW1 + reg * W1); b1 <- b1 - lr * db1
    W2 <- W2 - lr * (dW2 + reg * W2); b2 <- b2 - lr * db2
  }
  list(losses = losses, acc = acc, W1 = W1, b1 = b1, W2 = W2, b2 = b2)
}
X <- unname(data.matrix(iris[, 1:4])); Y <- as.integer(iris[, 5])

# the blog's run again: its losses must equal blog_seed1_hidden10.txt; adds the printed accuracies
suppressWarnings(RNGkind(sample.kind = "Rounding")); set.seed(1)
samp <- c(sample(1:50, 25), sample(51:100, 25), sample(101:150, 25))
m <- train(X[samp, ], Y[samp], X[-samp, ], Y[-samp], 10, 2000, 1e-2, 1e-2, 1e-3, 50, 1)
emit("blog_losses", m$losses)
emit("blog_display50_accuracy", m$acc)

# another run: default sample.kind, other seeds and sizes, stopped early by abstol
suppressWarnings(RNGkind(sample.kind = "Rejection")); set.seed(2016)
samp <- c(sample(1:50, 30), sample(51:100, 30), sample(101:150, 30))
m <- train(X[samp, ], Y[samp], X[-samp, ], Y[-samp], 6, 3000, 0.3, 5e-2, 1e-3, 100, 42)
emit("run2_config", c("Rejection", 2016, 30, 6, 3000, 0.3, 0.05, 0.001, 100, 42))
emit("run2_samp", samp)
emit("run2_losses", m$losses)
emit("run2_display100_accuracy", m$acc)
emit("run2_W1_final_colmajor", c(m$W1)); emit("run2_b1_final", c(m$b1))
emit("run2_W2_final_colmajor", c(m$W2)); emit("run2_b2_final", c(m$b2))
