# Reference values from R's pROC for reliance's statistics notebooks (GitHub issue 13).
#
#   Rscript tools/proc_reference.R [out.json]      (default: nbs/files/proc_reference.json)
#
# Needs R with pROC (Debian: apt-get install r-base-core r-cran-proc r-cran-jsonlite).
# CI does not need R: the notebooks compare against the committed JSON.
# Every data set is defined here (or is pROC's aSAH, written into the JSON too), so the JSON is
# self-contained. Numbers are written with 17 significant digits; NA, NaN and +-Inf as the strings
# "NA", "NaN", "Inf", "-Inf". An R error is stored as {"error": message}; warnings as "warnings": [...].
suppressPackageStartupMessages(library(pROC))
args <- commandArgs(trailingOnly = TRUE)
out_path <- if (length(args)) args[1] else "nbs/files/proc_reference.json"

# ---- a small JSON writer (17 significant digits; jsonlite only escapes strings) ----
num1 <- function(v) {
  if (is.na(v) && !is.nan(v)) return('"NA"')
  if (is.nan(v)) return('"NaN"')
  if (is.infinite(v)) return(if (v > 0) '"Inf"' else '"-Inf"')
  sprintf("%.17g", v)
}
str1 <- function(s) if (is.na(s)) '"NA"' else as.character(jsonlite::toJSON(s, auto_unbox = TRUE))
to_json <- function(x) {
  if (is.null(x)) return("null")
  if (is.list(x)) {
    if (!is.null(names(x))) {
      parts <- mapply(function(k, v) paste0(str1(k), ":", to_json(v)), names(x), x)
      return(paste0("{", paste(parts, collapse = ","), "}"))
    }
    return(paste0("[", paste(vapply(x, to_json, ""), collapse = ","), "]"))
  }
  if (is.factor(x)) x <- as.character(x)
  one <- if (is.logical(x)) {
    function(v) if (is.na(v)) '"NA"' else if (v) "true" else "false"
  } else if (is.numeric(x)) num1 else str1
  vals <- vapply(as.list(x), one, "")
  if (length(x) == 1 && is.null(attr(x, "as_array"))) return(vals)
  paste0("[", paste(vals, collapse = ","), "]")
}
arr <- function(x) structure(as.numeric(x), as_array = TRUE) # always a JSON array, even of length 1

# run `expr`, keep its value (through `f`), its warnings and its error message
capture <- function(expr, f = identity) {
  warns <- character(0)
  val <- withCallingHandlers(
    tryCatch(list(ok = expr), error = function(e) list(err = conditionMessage(e))),
    warning = function(w) {
      warns <<- c(warns, conditionMessage(w))
      invokeRestart("muffleWarning")
    }
  )
  out <- if (!is.null(val$err)) list(error = val$err) else list(value = f(val$ok))
  if (length(warns)) out$warnings <- as.list(warns)
  out
}
plain <- function(x) as.numeric(unclass(x)) # drop pROC attributes

# ---- data sets: cases (label 1) and controls (label 0); higher score = case (direction '<') ----
data(aSAH)
ds <- list()
for (v in c("s100b", "ndka", "wfns")) {
  ds[[paste0("asah_", v)]] <- list(
    cases = as.numeric(aSAH[[v]][aSAH$outcome == "Poor"]),
    controls = as.numeric(aSAH[[v]][aSAH$outcome == "Good"])
  )
}
ds$one_pos <- list(cases = 0.8, controls = (1:20) / 20) # 1 case vs 20 controls, the case tied with one control
ds$one_neg <- list(cases = (1:20) / 20, controls = 0.3) # 20 cases vs 1 control, tied with one case
ds$one_each <- list(cases = 0.7, controls = 0.2)
ds$one_each_tied <- list(cases = 0.5, controls = 0.5)
ds$constant <- list(cases = rep(0.5, 10), controls = rep(0.5, 10))
ds$constant_one_pos <- list(cases = 0.5, controls = rep(0.5, 10))
ds$perfect <- list(cases = (11:20) / 20, controls = (1:10) / 20)
# a second score on the same subjects (same order: cases then controls) for the paired tests
ds2 <- list(
  one_pos = list(cases = 0.35, controls = ((20:1) / 20)^2),
  one_neg = list(cases = sqrt((1:20) / 20), controls = 0.9),
  constant = list(cases = (1:10) / 10, controls = (10:1) / 20),
  constant_one_pos = list(cases = 0.9, controls = (1:10) / 10)
)
# tied scores on a 5-point scale (many ties inside and across the classes)
ds$tied <- list(
  cases = c(1, 2, 3, 3, 4, 4, 4, 5, 5, 5, 5, 3, 2, 5, 4),
  controls = c(1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4, 5, 1, 2, 3, 1, 2)
)
# a continuous synthetic set with two ties across the classes
ds$synth <- list(
  cases = c(0.91, 0.85, 0.77, 0.77, 0.64, 0.58, 0.52, 0.49, 0.33, 0.95, 0.71, 0.66),
  controls = c(0.12, 0.25, 0.31, 0.38, 0.44, 0.49, 0.52, 0.57, 0.61, 0.69, 0.08, 0.19, 0.27, 0.73, 0.05, 0.35)
)
mkroc <- function(d, ...) roc(controls = d$controls, cases = d$cases, direction = "<", quiet = TRUE, ...)

# ---- a. one case / one control / constant scores ----
ht <- function(t) list(statistic = plain(t$statistic), p_value = plain(t$p.value),
                       estimate = arr(plain(t$estimate)),
                       conf_int = if (is.null(t$conf.int)) NULL else arr(plain(t$conf.int)))
ci3 <- function(x) arr(plain(x))
edge <- list()
for (nm in c("one_pos", "one_neg", "one_each", "one_each_tied", "constant", "constant_one_pos", "perfect")) {
  d <- ds[[nm]]
  r <- capture(mkroc(d))
  rec <- list(data = nm, roc = r[setdiff(names(r), "value")])
  if (is.null(r$error)) {
    ro <- r$value
    rec$auc <- capture(auc(ro), plain)
    rec$var_delong <- capture(var(ro, method = "delong"), plain)
    rec$ci_delong <- capture(ci.auc(ro, method = "delong"), ci3)
    set.seed(1)
    rec$ci_bootstrap <- capture(ci.auc(ro, method = "bootstrap", boot.n = 500), ci3)
    rec$ci_bootstrap_seed <- 1
    rec$ci_bootstrap_n <- 500
    rec$partial_sp_1_0.9 <- capture(auc(ro, partial.auc = c(1, 0.9)), plain)
    rec$partial_sp_1_0.9_correct <- capture(auc(ro, partial.auc = c(1, 0.9), partial.auc.correct = TRUE), plain)
    if (!is.null(ds2[[nm]])) {
      ro2 <- mkroc(ds2[[nm]])
      rec$paired_with <- paste0(nm, ":paired_with")
      rec$auc2 <- plain(auc(ro2))
      rec$roc_test_paired_delong <- capture(roc.test(ro, ro2, paired = TRUE, method = "delong"), ht)
      rec$roc_test_unpaired_delong <- capture(roc.test(ro, ro2, paired = FALSE, method = "delong"), ht)
      rec$cov_delong <- capture(cov(ro, ro2, method = "delong"), plain)
    }
  }
  edge[[length(edge) + 1]] <- rec
}
# two constant scores against each other (DeLong: difference 0 over standard error 0)
ro_c <- mkroc(ds$constant); ro_c2 <- mkroc(list(cases = rep(0.7, 10), controls = rep(0.7, 10)))
ds$constant_b <- list(cases = rep(0.7, 10), controls = rep(0.7, 10))
edge[[length(edge) + 1]] <- list(data = "constant_vs_constant_b", scores1 = "constant", scores2 = "constant_b",
  roc_test_paired_delong = capture(roc.test(ro_c, ro_c2, paired = TRUE, method = "delong"), ht),
  roc_test_unpaired_delong = capture(roc.test(ro_c, ro_c2, paired = FALSE, method = "delong"), ht),
  cov_delong = capture(cov(ro_c, ro_c2, method = "delong"), plain))
# a ROC curve with no case or no control at all: what roc() says
edge[[length(edge) + 1]] <- list(data = "no_cases", roc = capture(auc(roc(controls = c(0.1, 0.2), cases = numeric(0), direction = "<", quiet = TRUE)), plain))
edge[[length(edge) + 1]] <- list(data = "no_controls", roc = capture(auc(roc(controls = numeric(0), cases = c(0.1, 0.2), direction = "<", quiet = TRUE)), plain))

# ---- b. partial AUC ----
ranges <- list(c(1, 0.9), c(0.9, 1), c(1, 0.8), c(0.8, 1), c(0.95, 0.85), c(0.8, 0.6), c(0.5, 0),
               c(1, 0), c(0.92, 0.91), c(0.3, 0.7), c(1, 0.99), c(0.1, 0))
partial <- list()
for (nm in c("asah_s100b", "asah_ndka", "asah_wfns", "tied", "synth", "one_pos", "one_neg", "constant", "perfect")) {
  ro <- mkroc(ds[[nm]])
  for (b in ranges) for (focus in c("specificity", "sensitivity")) for (corr in c(FALSE, TRUE)) {
    v <- capture(auc(ro, partial.auc = b, partial.auc.focus = focus, partial.auc.correct = corr), plain)
    partial[[length(partial) + 1]] <- c(list(data = nm, bounds = arr(b), focus = focus, correct = corr), v)
  }
}
# the bootstrap CI of a partial AUC (pROC's draws are R's; reliance can only agree within Monte Carlo error).
# reuse.auc = FALSE is needed: with the default TRUE, ci.auc keeps the roc's stored full AUC and silently ignores partial.auc
partial_ci <- list()
for (cfg in list(list("asah_s100b", c(1, 0.8), "specificity", FALSE), list("asah_s100b", c(1, 0.8), "specificity", TRUE),
                 list("asah_ndka", c(1, 0.9), "sensitivity", TRUE), list("asah_wfns", c(1, 0.8), "specificity", FALSE))) {
  ro <- mkroc(ds[[cfg[[1]]]])
  set.seed(42)
  v <- capture(ci.auc(ro, partial.auc = cfg[[2]], partial.auc.focus = cfg[[3]], partial.auc.correct = cfg[[4]],
                      method = "bootstrap", boot.n = 20000, conf.level = 0.95, reuse.auc = FALSE),
               function(x) list(ci = ci3(x), auc = plain(attr(x, "auc"))))
  partial_ci[[length(partial_ci) + 1]] <- c(list(data = cfg[[1]], bounds = arr(cfg[[2]]), focus = cfg[[3]], correct = cfg[[4]],
                                               boot_n = 20000, seed = 42, conf = 0.95), v)
}

# ---- c. power.roc.test ----
pw <- function(x) {
  keep <- intersect(c("ncases", "ncontrols", "auc", "auc1", "auc2", "sig.level", "power"), names(x))
  res <- lapply(x[keep], plain)
  names(res) <- sub(".", "_", names(res), fixed = TRUE)
  res
}
power <- list()
addp <- function(call, args, expr, form) {
  power[[length(power) + 1]] <<- c(list(call = call, form = form, args = args), capture(expr, pw))
}
nul <- function() NULL
one_curve <- list(
  list(ncases = 41, ncontrols = 72, auc = 0.73, sig.level = 0.05),
  list(ncases = 41, ncontrols = 72, auc = 0.73),
  list(auc = 0.73, sig.level = 0.05, power = 0.95, kappa = 1.7),
  list(ncases = 41, ncontrols = 72, auc = 0.73, power = 0.95, sig.level = NULL),
  list(ncases = 41, ncontrols = 72, sig.level = 0.05, power = 0.95),
  list(ncases = 20, ncontrols = 20, auc = 0.8),
  list(ncases = 20, kappa = 3, auc = 0.8),
  list(ncontrols = 60, kappa = 3, auc = 0.8, power = 0.9, sig.level = NULL),
  list(auc = 0.85, power = 0.8, kappa = 1),
  list(auc = 0.85, power = 0.8, kappa = 4, alternative = "one.sided"),
  list(auc = 0.6, power = 0.9, kappa = 2, sig.level = 0.01),
  list(ncases = 100, ncontrols = 300, auc = 0.65, alternative = "one.sided"),
  list(ncases = 100, ncontrols = 300, power = 0.8),
  list(ncases = 10, ncontrols = 10, power = 0.99, sig.level = 0.001),
  list(ncases = 200, ncontrols = 200, auc = 0.5),
  list(ncases = 50, ncontrols = 50, auc = 0.4),
  list(ncases = 3, ncontrols = 3, power = 0.999, sig.level = 0.0001)
)
for (a in one_curve) {
  jargs <- a
  jargs[vapply(a, is.null, TRUE)] <- "NULL"
  addp(paste0("power.roc.test(", paste(names(a), vapply(a, function(v) if (is.null(v)) "NULL" else as.character(v), ""), sep = "=", collapse = ", "), ")"),
       jargs, do.call(power.roc.test, a), "numeric")
}
# from a pilot ROC curve (the docs' rocobj) and a few more
r_s100b <- mkroc(ds$asah_s100b); r_ndka <- mkroc(ds$asah_ndka); r_wfns <- mkroc(ds$asah_wfns)
addp("power.roc.test(roc(s100b))", list(roc = "asah_s100b"), power.roc.test(r_s100b), "pilot")
addp("power.roc.test(roc(s100b), power=0.9)", list(roc = "asah_s100b", power = 0.9), power.roc.test(r_s100b, power = 0.9), "pilot")
addp("power.roc.test(roc(s100b), power=0.9, kappa=2)", list(roc = "asah_s100b", power = 0.9, kappa = 2), power.roc.test(r_s100b, power = 0.9, kappa = 2), "pilot")
addp("power.roc.test(roc(s100b), power=0.9, sig.level=NULL)", list(roc = "asah_s100b", power = 0.9, sig.level = "NULL"), power.roc.test(r_s100b, power = 0.9, sig.level = NULL), "pilot")
addp("power.roc.test(roc(wfns), alternative='one.sided')", list(roc = "asah_wfns", alternative = "one.sided"), power.roc.test(r_wfns, alternative = "one.sided"), "pilot")
addp("power.roc.test(roc(tied), sig.level=0.01)", list(roc = "tied", sig.level = 0.01), power.roc.test(mkroc(ds$tied), sig.level = 0.01), "pilot")
addp("power.roc.test(auc=auc(roc(s100b)), sig.level=0.05, power=0.95, kappa=1.7)", list(auc = plain(auc(r_s100b)), sig.level = 0.05, power = 0.95, kappa = 1.7),
     power.roc.test(auc = auc(r_s100b), sig.level = 0.05, power = 0.95, kappa = 1.7), "numeric")
# two paired curves (the docs' ndka vs wfns; and s100b vs wfns, s100b vs ndka)
pairs <- list(c("asah_ndka", "asah_wfns"), c("asah_s100b", "asah_wfns"), c("asah_s100b", "asah_ndka"))
for (p in pairs) for (m in c("delong", "obuchowski")) {
  r1 <- mkroc(ds[[p[1]]]); r2 <- mkroc(ds[[p[2]]])
  lab <- sprintf("power.roc.test(roc(%s), roc(%s), method='%s'", p[1], p[2], m)
  addp(paste0(lab, ", power=0.9)"), list(roc1 = p[1], roc2 = p[2], method = m, power = 0.9), power.roc.test(r1, r2, power = 0.9, method = m), "paired")
  addp(paste0(lab, ")"), list(roc1 = p[1], roc2 = p[2], method = m), power.roc.test(r1, r2, method = m), "paired")
  addp(paste0(lab, ", power=0.9, sig.level=NULL)"), list(roc1 = p[1], roc2 = p[2], method = m, power = 0.9, sig.level = "NULL"),
       power.roc.test(r1, r2, power = 0.9, sig.level = NULL, method = m), "paired")
  addp(paste0(lab, ", power=0.8, kappa=2, alternative='one.sided')"), list(roc1 = p[1], roc2 = p[2], method = m, power = 0.8, kappa = 2, alternative = "one.sided"),
       power.roc.test(r1, r2, power = 0.8, kappa = 2, alternative = "one.sided", method = m), "paired")
}
# partial AUC (specificity 1-0.9), Obuchowski variance: the docs' roc3/roc4
r3 <- roc(controls = ds$asah_ndka$controls, cases = ds$asah_ndka$cases, direction = "<", quiet = TRUE, partial.auc = c(1, 0.9))
r4 <- roc(controls = ds$asah_wfns$controls, cases = ds$asah_wfns$cases, direction = "<", quiet = TRUE, partial.auc = c(1, 0.9))
pa <- list(roc1 = "asah_ndka", roc2 = "asah_wfns", method = "obuchowski", partial_auc = arr(c(1, 0.9)))
addp("power.roc.test(roc3, roc4, power=0.9, method='obuchowski')", c(pa, power = 0.9), power.roc.test(r3, r4, power = 0.9, method = "obuchowski"), "paired")
addp("power.roc.test(roc3, roc4, method='obuchowski')", pa, power.roc.test(r3, r4, method = "obuchowski"), "paired")
addp("power.roc.test(roc3, roc4, power=0.9, sig.level=NULL, method='obuchowski')", c(pa, power = 0.9, sig.level = "NULL"),
     power.roc.test(r3, r4, power = 0.9, sig.level = NULL, method = "obuchowski"), "paired")
# binormal parameters only (example 2 of Obuchowski & McClish 1997, as in the docs)
ob <- list(A1 = 2.6, B1 = 1, A2 = 1.9, B2 = 1, rn = 0.6, ra = 0.6, FPR11 = 0, FPR12 = 0.2, FPR21 = 0, FPR22 = 0.2, delta = 0.037)
addp("power.roc.test(ob.params, power=0.8, sig.level=0.05)", list(params = ob, power = 0.8, sig.level = 0.05), power.roc.test(ob, power = 0.8, sig.level = 0.05), "params")
addp("power.roc.test(ob.params, power=0.8, sig.level=NULL, ncases=107)", list(params = ob, power = 0.8, sig.level = "NULL", ncases = 107),
     power.roc.test(ob, power = 0.8, sig.level = NULL, ncases = 107), "params")
addp("power.roc.test(ob.params, power=NULL, sig.level=0.05, ncases=107)", list(params = ob, power = "NULL", sig.level = 0.05, ncases = 107),
     power.roc.test(ob, power = NULL, sig.level = 0.05, ncases = 107), "params")
ob_full <- ob[c("A1", "B1", "A2", "B2", "rn", "ra", "delta")]
addp("power.roc.test(ob.params without FPRs, power=0.8)", list(params = ob_full, power = 0.8), power.roc.test(ob_full, power = 0.8), "params")
# what pROC does at the edges: unpaired curves, one case
r_one <- mkroc(ds$one_pos); r_one2 <- mkroc(ds2$one_pos)
addp("power.roc.test(roc(one_pos))", list(roc = "one_pos"), power.roc.test(r_one), "pilot")
addp("power.roc.test(roc(one_pos), roc(one_pos second score), power=0.9)", list(roc1 = "one_pos", roc2 = "one_pos:paired_with", method = "delong", power = 0.9),
     power.roc.test(r_one, r_one2, power = 0.9), "paired")
addp("power.roc.test(roc(s100b), roc(tied)) [unpaired]", list(roc1 = "asah_s100b", roc2 = "tied"), power.roc.test(r_s100b, mkroc(ds$tied)), "unpaired")
# intermediate variances, to check the pieces one by one
pieces <- list(
  var_delong = lapply(list(s100b = r_s100b, ndka = r_ndka, wfns = r_wfns), function(r) plain(var(r, method = "delong"))),
  var_obuchowski = lapply(list(s100b = r_s100b, ndka = r_ndka, wfns = r_wfns), function(r) plain(var(r, method = "obuchowski"))),
  cov_delong_ndka_wfns = plain(cov(r_ndka, r_wfns, method = "delong")),
  cov_obuchowski_ndka_wfns = plain(cov(r_ndka, r_wfns, method = "obuchowski")),
  binormal_ndka = plain(coef(smooth(r_ndka, method = "binormal")$model)),
  binormal_wfns = plain(coef(smooth(r_wfns, method = "binormal")$model)),
  var_obuchowski_partial_ndka = plain(var(r3, method = "obuchowski")),
  cov_obuchowski_partial = plain(cov(r3, r4, method = "obuchowski"))
)
pieces$binormal_ndka <- arr(pieces$binormal_ndka); pieces$binormal_wfns <- arr(pieces$binormal_wfns)

# ---- d. thresholds with ties: coords (exact) and ci.coords (bootstrap, seeded) ----
coords_ref <- list()
for (nm in c("asah_s100b", "asah_wfns", "tied", "synth", "one_pos", "constant")) {
  ro <- mkroc(ds[[nm]])
  for (inp in c("sensitivity", "specificity")) {
    xs <- c(0.5, 0.8, 0.9, 0.95, 1)
    v <- capture(coords(ro, x = xs, input = inp, ret = c("threshold", "sensitivity", "specificity"), transpose = FALSE),
                 function(m) lapply(as.data.frame(m), arr))
    coords_ref[[length(coords_ref) + 1]] <- c(list(data = nm, kind = "input", input = inp, x = arr(xs)), v)
  }
  for (bm in c("youden", "closest.topleft")) {
    v <- capture(coords(ro, "best", best.method = bm, ret = c("threshold", "sensitivity", "specificity"), transpose = FALSE),
                 function(m) lapply(as.data.frame(m), arr))
    coords_ref[[length(coords_ref) + 1]] <- c(list(data = nm, kind = "best", best_method = bm), v)
  }
  v <- capture(coords(ro, "local maximas", ret = c("threshold", "sensitivity", "specificity"), transpose = FALSE),
               function(m) lapply(as.data.frame(m), arr))
  coords_ref[[length(coords_ref) + 1]] <- c(list(data = nm, kind = "local maximas"), v)
}
ci_coords_ref <- list()
cic <- function(m) lapply(m, function(a) list(rows = rownames(a), cols = colnames(a), values = lapply(seq_len(nrow(a)), function(i) arr(a[i, ]))))
for (nm in c("asah_s100b", "tied", "constant")) {
  ro <- mkroc(ds[[nm]])
  for (rt in list(c("threshold", "specificity"), "specificity")) {
    set.seed(7)
    v <- capture(ci.coords(ro, x = c(0.9, 0.95), input = "sensitivity", ret = rt, boot.n = 500), cic)
    ci_coords_ref[[length(ci_coords_ref) + 1]] <- c(list(data = nm, x = arr(c(0.9, 0.95)), input = "sensitivity", ret = as.list(rt), boot_n = 500, seed = 7), v)
  }
  for (pol in c("stop", "omit", "random")) {
    set.seed(7)
    v <- capture(ci.coords(ro, x = "best", best.method = "youden", best.policy = pol, ret = c("threshold", "sensitivity", "specificity"), boot.n = 500), cic)
    ci_coords_ref[[length(ci_coords_ref) + 1]] <- c(list(data = nm, x = "best", best_method = "youden", best_policy = pol, boot_n = 500, seed = 7), v)
  }
}

# ---- e. bootstrap CIs of operating points with many resamples (reliance agrees within Monte Carlo error) ----
# ci.sp / ci.se: quantiles of the resampled curves read at fixed sensitivities / specificities (with coords' interpolation);
# ci.coords(x = "best", best.policy = "random"): the Youden point of every resample, a random one among tied best points
ci_many <- list()
cim <- function(a) list(rows = rownames(a), values = lapply(seq_len(nrow(a)), function(i) arr(a[i, ])))
for (nm in c("asah_s100b", "asah_wfns", "tied", "synth")) {
  ro <- mkroc(ds[[nm]])
  xs <- c(0.5, 0.8, 0.9, 0.95)
  set.seed(11)
  v <- capture(ci.sp(ro, sensitivities = xs, boot.n = 20000, conf.level = 0.95), cim)
  ci_many[[length(ci_many) + 1]] <- c(list(data = nm, fun = "ci.sp", x = arr(xs), boot_n = 20000, seed = 11), v)
  set.seed(11)
  v <- capture(ci.se(ro, specificities = xs, boot.n = 20000, conf.level = 0.95), cim)
  ci_many[[length(ci_many) + 1]] <- c(list(data = nm, fun = "ci.se", x = arr(xs), boot_n = 20000, seed = 11), v)
  set.seed(11)
  v <- capture(ci.coords(ro, x = xs, input = "sensitivity", ret = "specificity", boot.n = 20000), function(m) cim(m$specificity))
  ci_many[[length(ci_many) + 1]] <- c(list(data = nm, fun = "ci.coords", input = "sensitivity", ret = "specificity", x = arr(xs), boot_n = 20000, seed = 11), v)
  set.seed(11)
  v <- capture(ci.coords(ro, x = "best", best.method = "youden", best.policy = "random", ret = c("threshold", "sensitivity", "specificity"), boot.n = 20000),
               function(m) lapply(m, function(a) arr(a[1, ])))
  ci_many[[length(ci_many) + 1]] <- c(list(data = nm, fun = "ci.coords", x = "best", best_method = "youden", best_policy = "random", boot_n = 20000, seed = 11), v)
}

datasets <- lapply(c(ds, setNames(ds2, paste0(names(ds2), ":paired_with"))), function(d) list(cases = arr(d$cases), controls = arr(d$controls)))
res <- list(
  meta = list(pROC = as.character(packageVersion("pROC")), R = R.version.string, script = "tools/proc_reference.R",
              note = "cases = label 1, controls = label 0, direction '<' (higher score = case) unless stated; NA/NaN/Inf are strings"),
  datasets = datasets, edge = edge, partial = partial, partial_ci = partial_ci,
  power = power, power_pieces = pieces, coords = coords_ref, ci_coords = ci_coords_ref, ci_many = ci_many
)
writeLines(to_json(res), out_path)
cat(sprintf("wrote %s (%d bytes)\n", out_path, file.size(out_path)))
