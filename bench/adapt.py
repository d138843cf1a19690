"""Domain shift on phantoms, repeated over seeds: the source model's drop on a shifted profile, the recovery
by fine-tuning with N target labels, and the forgetting of the source with and without replay.

For each seed: draw `public` (source) and a target profile (default `hospital_b`) with that seed, train a
resnet10t on the source, then `reliance.studies.adapt.adapt` it for each budget N (no replay) and, at the largest
budget, with replay. Prints one row per (seed, N, replay) and the mean and sd over seeds; writes them to
`--out` (CSV + JSON with provenance). Everything is SYNTHETIC: it shows what the pipeline measures, not
effect sizes on real images.

    python bench/adapt.py [--seeds 0 1 2] [--budgets 30 100 0] [--replay 0.5] [--n-source 400] [--n-target 300]
                          [--size 40] [--trains all] [--epochs 4] [--out bench_adapt]
(budget 0 = the whole target training split)
"""
import argparse, json, time
from pathlib import Path
import numpy as np, pandas as pd
from reliance.core import scratch_dir, provenance, write_json, write_csv_atomic
from reliance.data.phantoms import PHANTOM_CATEGORIES
from reliance.data.domains import make_domain
from reliance.train.learner import train
from reliance.studies.adapt import adapt

ap = argparse.ArgumentParser()
ap.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
ap.add_argument('--budgets', type=int, nargs='+', default=[30, 100, 0])
ap.add_argument('--replay', type=float, default=0.5)
ap.add_argument('--target', default='hospital_b')
ap.add_argument('--n-source', type=int, default=400); ap.add_argument('--n-target', type=int, default=300)
ap.add_argument('--size', type=int, default=40); ap.add_argument('--trains', default='all'); ap.add_argument('--epochs', type=int, default=4)
ap.add_argument('--out', default='bench_adapt')
a = ap.parse_args()
rows, t0 = [], time.time()
for seed in a.seeds:
    w = scratch_dir()
    make_domain(w, 'public', n=a.n_source, size=a.size, seed=seed); make_domain(w, a.target, n=a.n_target, size=a.size, seed=seed + 100)
    src = train(dict(data=w/'publiclabel', arch='resnet10t', size=a.size, bs=32, epochs=6, lr=5e-3, cats=list(PHANTOM_CATEGORIES),
                     out=w/'source', progress=False, seed=seed))
    plan = [(n, 0.0) for n in a.budgets] + [(a.budgets[-1], a.replay)]
    for n, rp in plan:
        r = adapt(src.best_path, w/f'{a.target}label', out=w/f'ad{n}_{rp}', source=w/'publiclabel', trains=a.trains, n_labels=n or None,
                  lr=3e-3, epochs=a.epochs, replay=rp, seed=seed)
        t, s = r['target']['change']['macro'], r['source']['change']['macro']
        rows.append(dict(seed=seed, N=r['n_target_train'], budget=n, replay=rp, best_epoch=r['best_epoch'],
                         source_on_source=s['auc2'], source_on_target=t['auc2'], drop=s['auc2'] - t['auc2'],
                         target_after=t['auc1'], gain=t['auc_diff'], gain_lo=t['ci_low'], gain_hi=t['ci_high'], gain_p=t['p'],
                         source_after=s['auc1'], source_change=s['auc_diff'], sc_lo=s['ci_low'], sc_hi=s['ci_high'], sc_p=s['p']))
        print(' '.join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in rows[-1].items()), flush=True)
df = pd.DataFrame(rows)
summ = df.groupby(['budget', 'replay'])[['N', 'drop', 'gain', 'source_change']].agg(['mean', 'std']).round(4)
print(summ.to_string()); print(f"{time.time() - t0:.0f} s")
out = Path(a.out); write_csv_atomic(df, out/'runs.csv')
write_json(dict(rows=rows, note='SYNTHETIC phantoms', provenance=provenance(vars(a), a.seeds[0])), out/'adapt_bench.json')
