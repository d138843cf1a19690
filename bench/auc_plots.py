"""`reliance-auc` with plots against `--no-plots` at 10^6 images: the plots should reuse the report's statistics (goal <= 1.2x).

Writes labels.csv and preds.csv (10^6 images x 4 categories, prevalence 2-20%, scores correlated with the labels, 5% unknown
labels) into a folder, then times both commands as whole processes, interleaved, and prints the medians of wall and CPU (user + system)
seconds and the median of the paired ratios (CPU seconds are the steadier figure on a shared machine);
`--profile` also times the parts of `write_plots` in one process.

    python bench/auc_plots.py [--n 1000000] [--k 4] [--runs 5] [--dir /tmp/auc_bench] [--profile]
"""
import argparse, os, resource, shutil, statistics, subprocess, sys, time
from pathlib import Path
import numpy as np, pandas as pd

ROOT = Path(__file__).resolve().parents[1]   # this checkout's reliance, whichever is installed
CLI = shutil.which('reliance-auc', path=str(Path(sys.executable).parent)) or 'reliance-auc'

def make(d:Path, n:int, k:int, seed:int=0):
    "labels.csv and preds.csv for `n` images and `k` categories in `d` (kept when already there)"
    d.mkdir(parents=True, exist_ok=True)
    if (d/'labels.csv').exists() and (d/'preds.csv').exists() and len(pd.read_csv(d/'preds.csv', usecols=[0])) == n: return d
    rng = np.random.default_rng(seed)
    ids = [f'img{i:07d}' for i in range(n)]
    cats = [f'cat{j}' for j in range(k)]
    Y = (rng.random((n, k)) < np.linspace(.02, .2, k)).astype(float)
    P = 1/(1 + np.exp(-(rng.normal(size=(n, k)) + 1.2*Y - 2)))
    Y[rng.random((n, k)) < .05] = np.nan
    lab = pd.DataFrame(Y, columns=cats); lab.insert(0, 'image_id', ids)
    pre = pd.DataFrame(P.round(6), columns=cats); pre.insert(0, 'image_id', ids)
    lab.to_csv(d/'labels.csv', index=False, float_format='%g'); pre.to_csv(d/'preds.csv', index=False)
    return d

def run(d:Path, plots:bool):
    out = d/('out_plots' if plots else 'out_noplots'); shutil.rmtree(out, ignore_errors=True)
    cmd = [CLI, '--labels', str(d/'labels.csv'), '--preds', str(d/'preds.csv'), '--out', str(out)]
    env = {**os.environ, 'PYTHONPATH': os.pathsep.join([str(ROOT), os.environ.get('PYTHONPATH', '')]), 'MPLBACKEND': 'Agg'}
    cpu = lambda: (lambda r: r.ru_utime + r.ru_stime)(resource.getrusage(resource.RUSAGE_CHILDREN))
    t, c = time.perf_counter(), cpu(); subprocess.run(cmd + ([] if plots else ['--no-plots']), check=True, capture_output=True, env=env)
    return time.perf_counter() - t, cpu() - c   # wall and CPU (user + system) seconds of the whole process

def profile(d:Path):
    "CPU seconds of the report and of each plot, in one process"
    sys.path.insert(0, str(ROOT))
    from reliance.evaluation.aucreport import auc_report
    from reliance.evaluation.tables import read_labels, read_preds
    from reliance.stats.plots import plot_roc, plot_forest
    import matplotlib.pyplot as plt
    L, _ = read_labels(d/'labels.csv'); P, _ = read_preds(d/'preds.csv', L)
    t = time.process_time(); rep = auc_report(L, P); tr = time.process_time() - t
    t = time.process_time(); plt.close(plot_roc(L, P, n_boot=500, report=rep)); tp = time.process_time() - t
    t = time.process_time(); plt.close(plot_roc(L, P, n_boot=500)); ts = time.process_time() - t
    t = time.process_time(); plt.close(plot_forest(rep)); tf = time.process_time() - t
    print(f"in one process, CPU seconds: report {tr:.2f} s | plot_roc reusing the report {tp:.2f} s | plot_roc standalone {ts:.2f} s | plot_forest {tf:.2f} s")

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--n', type=int, default=1_000_000); p.add_argument('--k', type=int, default=4)
    p.add_argument('--runs', type=int, default=5); p.add_argument('--dir', default='/tmp/auc_bench')
    p.add_argument('--profile', action='store_true')
    a = p.parse_args()
    d = make(Path(a.dir), a.n, a.k)
    if a.profile: profile(d)
    run(d, True); run(d, False)   # warm-up (file cache, compiled kernels)
    tp, tn = [], []
    for _ in range(a.runs): tp.append(run(d, True)); tn.append(run(d, False))
    for j, what in enumerate(('wall', 'CPU')):
        mp, mn = statistics.median(x[j] for x in tp), statistics.median(x[j] for x in tn)
        r = statistics.median(x[j]/y[j] for x, y in zip(tp, tn))
        print(f"reliance-auc at {a.n:,} images x {a.k} categories, {a.runs} interleaved runs, {what} s: with plots median {mp:.2f} "
              f"(min {min(x[j] for x in tp):.2f}), --no-plots median {mn:.2f} (min {min(x[j] for x in tn):.2f}); paired ratio median {r:.2f}x (goal <= 1.2x)")
    return 0

if __name__ == '__main__': sys.exit(main())
