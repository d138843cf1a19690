"""Benchmark reliance.stats on n=20,000 images x 32 categories (prevalence 1-30%, scores correlated with labels).
Run: python bench/stats.py   (MLstatkit optional: pip install MLstatkit)"""
import time, math, numpy as np
from sklearn.metrics import roc_auc_score
from reliance.stats import multilabel_auc, bootstrap_aucs, delong_paired, delong_placements

N, K, B = 20_000, 32, 1000
rng = np.random.default_rng(0)
prev = np.linspace(0.01, 0.30, K)
Y = (rng.random((N, K)) < prev).astype(float)
P = Y * rng.uniform(0.5, 1.5, K) + rng.normal(size=(N, K))
P2 = P + 0.5 * rng.normal(size=(N, K))

def tm(f, reps=3):
    best = float('inf')
    for _ in range(reps):
        t = time.perf_counter(); f(); best = min(best, time.perf_counter() - t)
    return best

t_sk = tm(lambda: [roc_auc_score(Y[:, k], P[:, k]) for k in range(K)])
t_dl = tm(lambda: multilabel_auc(Y, P, macro_micro=False))
t_dlmm = tm(lambda: multilabel_auc(Y, P))
bootstrap_aucs(P[:50, 0], Y[:50, 0].astype(bool), 10)  # compile (or load the cached) kernel before timing
t_bs = tm(lambda: [bootstrap_aucs(P[:, k], Y[:, k].astype(bool), B, seed=k) for k in range(K)], reps=3)  # best of 3: the machine is shared
nb = 20  # naive: sklearn in a Python loop, stratified resamples; timed on nb resamples per category, scaled to B
def naive():
    r = np.random.default_rng(1)
    for k in range(K):
        y = Y[:, k].astype(bool); pi, ni = np.flatnonzero(y), np.flatnonzero(~y)
        for _ in range(nb):
            idx = np.r_[r.choice(pi, len(pi)), r.choice(ni, len(ni))]
            roc_auc_score(y[idx], P[idx, k])
t_naive = tm(naive, reps=2) * B / nb  # best of 2, like the bootstrap timing
print(f"sklearn AUC only, 32 categories (floor): {t_sk*1e3:8.1f} ms")
print(f"reliance DeLong AUC+CI, 32 categories:   {t_dl*1e3:8.1f} ms  ratio to floor {t_dl/t_sk:.2f}x (goal <= 1.5x)")
print(f"  ... plus macro/micro with DeLong CIs:  {t_dlmm*1e3:8.1f} ms")
print(f"reliance stratified bootstrap {B} x 32:  {t_bs:8.2f} s")
print(f"naive sklearn bootstrap {B} x 32:        {t_naive:8.1f} s (timed on {nb} resamples/category, scaled)")
print(f"  bootstrap speed-up: {t_naive/t_bs:.1f}x (goal >= 60x)")
t_pair = tm(lambda: [delong_paired(P[:, k], P2[:, k], Y[:, k]) for k in range(K)])
print(f"reliance DeLong paired test, 32 categories: {t_pair*1e3:8.1f} ms")
try:
    from MLstatkit.stats import Delong_test
    t_ml = tm(lambda: [Delong_test(Y[:, k], P[:, k], P2[:, k]) for k in range(K)], reps=1)
    print(f"MLstatkit Delong_test, 32 categories:     {t_ml*1e3:8.1f} ms  -> paired speed-up {t_ml/t_pair:.1f}x (goal >= 8x)")
    r_ml = Delong_test(Y[:, 0], P[:, 0], P2[:, 0]); r_me = delong_paired(P[:, 0], P2[:, 0], Y[:, 0])
    print(f"  agreement on category 0: MLstatkit {r_ml}  reliance z={r_me['z']:.6f} p={r_me['p']:.6g}")
except ImportError as e: print("MLstatkit not installed:", e)

# Kernel comparison, interleaved so machine load hits both alike: the earlier pure-NumPy kernel (index draws,
# per-row bincount, `_Slots.auc` on blocks of resamples) vs the compiled kernel now behind `bootstrap_aucs`.
from reliance.stats import _Slots, _rowcount, _chunk
def boot_numpy(s, y, n_boot, seed):
    rng = np.random.default_rng(seed); sl = _Slots(s, y); out = np.empty(n_boot)
    for i in range(0, n_boot, step := _chunk(n_boot, len(s))):
        b = min(step, n_boot - i)
        cA = _rowcount(sl.binA[rng.integers(0, sl.nA, (b, sl.nA), dtype=np.int32)], sl.G)
        cL = _rowcount(sl.binL[rng.integers(0, sl.nL, (b, sl.nL), dtype=np.int32)], sl.S)
        out[i:i + b] = sl.auc(cA, cL)
    return out
tp, tc = float('inf'), float('inf')
for _ in range(3):
    tp = min(tp, tm(lambda: [boot_numpy(P[:, k], Y[:, k].astype(bool), B, k) for k in range(K)], reps=1))
    tc = min(tc, tm(lambda: [bootstrap_aucs(P[:, k], Y[:, k].astype(bool), B, seed=k) for k in range(K)], reps=1))
print(f"bootstrap kernel, NumPy: {tp:6.2f} s   compiled (current): {tc:6.2f} s   -> {tp/tc:.2f}x; "
      f"vs naive: NumPy {t_naive/tp:.1f}x, compiled {t_naive/tc:.1f}x")
