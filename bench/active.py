"""Active learning on a phantom domain shift, larger than the notebook's test run (CPU minutes, or GPU).
A source model is trained on the `public` phantom profile; the target is `hospital_a` (reliance.data.domains). Every round
trains from the source checkpoint on the labelled target images (best epoch by target validation AUC), tests on the
target test split, and picks the next batch with each strategy (reliance.studies.active.run_active); 3 seeds.
Prints the source model's target AUC (round -1: no target labels), the learning curves (mean and 95% t-interval over
seeds) and each strategy minus random at equal budget (paired t-test over seeds); writes the plot and summary to --out.
Run: HF_HUB_OFFLINE=1 python bench/active.py [--size 48] [--n 500] [--rounds 5] [--budget 20] [--epochs 4] [--out bench_active]"""
import argparse, json, time
from pathlib import Path
import pandas as pd, torch
from reliance.core import scratch_dir
from reliance.data.domains import make_domain
from reliance.train.learner import train
from reliance.evaluation.score import evaluate_checkpoint
from reliance.studies.active import run_active, write_active, learning_curves, compare_strategies, read_state

ap = argparse.ArgumentParser()
ap.add_argument('--size', type=int, default=48); ap.add_argument('--n', type=int, default=500)
ap.add_argument('--rounds', type=int, default=5); ap.add_argument('--init-size', type=int, default=20)
ap.add_argument('--budget', type=int, default=20); ap.add_argument('--epochs', type=int, default=4)
ap.add_argument('--seeds', default='0,1,2'); ap.add_argument('--threads', type=int, default=2)
ap.add_argument('--out', default='bench_active')
a = ap.parse_args()
torch.set_num_threads(a.threads)
tmp = scratch_dir('bench_active_'); t0 = time.time()
make_domain(tmp/'src', 'public', n=a.n, size=a.size, seed=0); make_domain(tmp/'tgt', 'hospital_a', n=a.n, size=a.size, seed=1)
src_lab, tgt_lab = next((tmp/'src').glob('*label')), next((tmp/'tgt').glob('*label'))
cfg = dict(size=a.size, epochs=a.epochs, bs=16, aug='none', lr=3e-3, progress=False)
src = train(dict(cfg, data=str(src_lab), img_dir=str(tmp/'src'), out=str(tmp/'source'), epochs=2 * a.epochs, model_kwargs={'drop_rate': 0.2}))
on_src = evaluate_checkpoint(src.best_path, src_lab/'test.csv', tmp/'src')['macro']['auc']
on_tgt = evaluate_checkpoint(src.best_path, tgt_lab/'test.csv', tmp/'tgt')['macro']['auc']
print(f"source model: source test macro AUC {on_src:.3f}, target test macro AUC {on_tgt:.3f} (no target labels)")
print(f"target pool {len(pd.read_csv(tgt_lab/'train.csv'))} images, val {len(pd.read_csv(tgt_lab/'val.csv'))}, test {len(pd.read_csv(tgt_lab/'test.csv'))}")
seeds = tuple(int(s) for s in a.seeds.split(','))
run_active(tgt_lab, a.out, seeds=seeds, rounds=a.rounds, init_size=a.init_size, budget=a.budget, config=cfg, init=src.best_path,
           mc_passes=10, overwrite=True)
summ = write_active(a.out); st = read_state(a.out)
pd.set_option('display.width', 160)
print(learning_curves(st).round(3).to_string(index=False))
print(compare_strategies(st).round(3).to_string(index=False))
print(f"{time.time() - t0:.0f} s; plot {a.out}/learning_curves.png")
json.dump(dict(source_on_source=on_src, source_on_target=on_tgt, args=vars(a), final=summ['final']), open(Path(a.out)/'bench.json', 'w'), indent=1)
