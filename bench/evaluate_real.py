"""Time `reliance-evaluate` on the real urgencylabel test split (ChestX-ray14 + PadChest, all 32 categories) with SYNTHETIC
predictions (score = label * 1.6 - 1.5 + N(0, 1), through a sigmoid; unknown labels drawn as negatives): the cost of a full
report on ~43k test images, and where it goes. The AUCs say nothing about any model.
Run: python bench/evaluate_real.py [OUT]   (OUT default: a scratch folder; the report is OUT/evaluation/report.html)"""
import json, subprocess, sys, time
from pathlib import Path
import numpy as np, pandas as pd
from reliance.core import scratch_dir
from reliance.labels.tables import build_label_sets, write_label_sets, METADATA

out = Path(sys.argv[1]) if len(sys.argv) > 1 else scratch_dir()
t0 = time.perf_counter(); write_label_sets({'urgencylabel': build_label_sets()['urgencylabel']}, out); t_build = time.perf_counter() - t0
u = out/'urgencylabel'; rng = np.random.default_rng(0)
for sp in ('val', 'test'):
    t = pd.read_csv(u/f'{sp}.csv', dtype={'image_id': str, 'patient_id': str}); cats = [c for c in t.columns if c not in METADATA]
    z = t[cats].fillna(0).to_numpy() * 1.6 - 1.5 + rng.normal(0, 1, (len(t), len(cats)))
    pd.concat([t[['image_id']], pd.DataFrame(1 / (1 + np.exp(-z)), columns=cats)], axis=1).to_csv(out/f'{sp}_synthetic_preds.csv', index=False)
cmd = [sys.executable, '-m', 'reliance.evaluation.report', '--labels', u/'test.csv', '--preds', out/'test_synthetic_preds.csv', '--val-labels', u/'val.csv',
       '--val-preds', out/'val_synthetic_preds.csv', '--metadata', out/'metadata.csv', '--out', out/'evaluation', '--overwrite',
       '--note', 'SYNTHETIC predictions (labels + noise) on the real urgencylabel test split: not a model result']
t0 = time.perf_counter(); r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True); t_eval = time.perf_counter() - t0
print(r.stdout.strip() or r.stderr.strip())
ev = json.loads((out/'evaluation'/'evaluation.json').read_text())
sg = pd.read_csv(out/'evaluation'/'subgroups.csv')
print(f"label set build + write: {t_build:.1f} s; reliance-evaluate (32 categories, {ev['n_images']} test images): {t_eval:.1f} s")
print(f"macro AUC (synthetic): {ev['auc']['macro']['auc']:.3f} over {ev['auc']['macro']['n_categories']} categories; "
      f"subgroup rows: {len(sg)}, of which too_small: {(sg.status == 'too_small').sum()}, tested: {sg.p.notna().sum()}")
print(f"report: {out/'evaluation'/'report.html'} ({(out/'evaluation'/'report.html').stat().st_size / 1e3:.0f} kB)")
