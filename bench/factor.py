"""An initialisation study on phantoms with `reliance-study`, RadiologyNET's question on synthetic images:
random weights vs the weights of a model trained on another phantom domain (`file:`) vs those weights
with the classifier re-initialised (`body:`), crossed with a training-data fraction, over several seeds.

Draws a source domain (default `hospital_b`) and the study's domain (`public`) with `reliance.data.domains`,
trains a resnet10t (pretrained=False) on the source, then runs the study with `--workers` worker processes
on one study folder (the first claims it, the others join with --resume), and prints the summary, the
test macro AUC per level at epoch 1, 2 and the best epoch (mean and SD over seeds), which worker ran which
run, and the wall time. Everything is SYNTHETIC: it shows what the study measures, not effect sizes on real
images.

    python bench/factor.py [--out bench_factor] [--n 500] [--size 32] [--epochs 5] [--seeds 3]
                           [--fractions 0.2,1] [--source hospital_b] [--workers 2]
"""
import argparse, json, os, subprocess, sys, time
from pathlib import Path
import pandas as pd, yaml, optuna
from reliance.data.domains import make_domain
from reliance.train.learner import train

ap = argparse.ArgumentParser()
ap.add_argument('--out', default='bench_factor'); ap.add_argument('--n', type=int, default=500)
ap.add_argument('--size', type=int, default=32); ap.add_argument('--epochs', type=int, default=5)
ap.add_argument('--seeds', type=int, default=3); ap.add_argument('--fractions', default='0.2,1')
ap.add_argument('--source', default='hospital_b'); ap.add_argument('--workers', type=int, default=2)
a = ap.parse_args()
out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
cats = ['pleural_effusion', 'pneumothorax', 'cardiomegaly', 'nodule', 'mass']
t0 = time.time()
if not (out/'public'/'publiclabel'/'test.csv').exists(): make_domain(out/'public', 'public', n=a.n, size=a.size, seed=0)
if not (out/'src'/'best.pth').exists():
    make_domain(out/'source', a.source, n=a.n, size=a.size, seed=1)
    r = train(dict(data=str(out/'source'/f'{a.source}label'), arch='resnet10t', size=a.size, bs=32, epochs=a.epochs, lr=3e-3, cats=cats,
                   out=str(out/'src'), progress=False, test=False, overwrite=True))
    print(f"source model on {a.source}: best validation macro AUC {r.best:.3f} at epoch {r.best_epoch + 1}")
t_prep = time.time() - t0
base = dict(data=str(out/'public'/'publiclabel'), arch='resnet10t', size=a.size, bs=32, epochs=a.epochs, lr=3e-3, cats=cats, num_workers=0)
(out/'base.yaml').write_text(yaml.safe_dump(base))
w = str(out/'src'/'best.pth')
args = [sys.executable, '-m', 'reliance.studies.factor', '--config', str(out/'base.yaml'), '--factor', f'init=random,file:{w},body:{w}',
        '--factor', f'fraction={a.fractions}', '--seeds', str(a.seeds), '--out', str(out/'study'), '--quiet']
env = dict(os.environ, OMP_NUM_THREADS='1', MPLBACKEND='Agg')
t1 = time.time()
resume = ['--resume'] if (out/'study'/'study_made_with.json').exists() else []
procs = [subprocess.Popen(args + resume, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)]
while a.workers > 1 and not (out/'study'/'study_made_with.json').exists() and procs[0].poll() is None: time.sleep(0.2)
procs += [subprocess.Popen(args + ['--resume'], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(a.workers - 1)]
res = [p.communicate() for p in procs]
t_study = time.time() - t1
for i, (p, (so, se)) in enumerate(zip(procs, res)):
    print(f"worker {i}: exit {p.returncode}" + (f"; stderr: {se.strip().splitlines()[-1]}" if p.returncode else ''))
print(res[0][0])
lv = pd.read_csv(out/'study'/'levels.csv', dtype={'epoch': str})
tab = lv[lv.epoch.isin(['1', '2', str(a.epochs), 'best'])].pivot_table(index=['init', 'fraction'], columns='epoch', values=['test_mean', 'test_sd'])
tab.index = [(i if not i.startswith(('file', 'body')) else i.split(':')[0], f) for i, f in tab.index]
print('test macro AUC per level (mean and SD over seeds) at epochs 1, 2, last and the best epoch:')
print(tab.round(3).to_string())
st = optuna.load_study(study_name='reliance-study', storage=f"sqlite:///{(out/'study'/'study.db').resolve()}")
done = [t for t in st.get_trials() if t.state.name == 'COMPLETE']
print(f"runs per worker: {pd.Series([t.user_attrs['worker'] for t in done]).value_counts().to_dict()}")
print(f"wall time: data + source model {t_prep:.0f} s, study ({len(done)} runs, {a.workers} workers) {t_study:.0f} s")
print(json.dumps(json.loads((out/'study'/'transfer.json').read_text()), indent=None)[:600])
