"""Measure the trained detector (reliance.train.detect) against Grad-CAM boxes (reliance.inference.localise) on phantoms.

Train: phantoms of seed 0 (train/val splits). Test: every phantom of a held-out seed (default 1). Both box methods choose
their free parameters on the seed-0 validation images by the RSNA score (detector: NMS IoU and score threshold, per
epoch; Grad-CAM: feature level, CAM threshold and a confidence threshold, per category) and are scored once on the test images:
- RSNA score per box category and pooled over (image, category) units, with a paired bootstrap over test images
  (pooled: whole images resampled with all their categories);
- image-level macro AUC of the detector's classification head vs a plain classifier (reliance.train.learner.train,
  same backbone, same images), with a paired bootstrap over images;
- RSNA score on the test images against NMS IoU x score threshold (a curve, not used for any choice);
- train and predict images/s on this machine (CPU unless --device cuda); a smoke run on the RSNA sample DICOM.
    PYTHONPATH=. python bench/detect.py --out /tmp/detect_bench
"""
import argparse, json, os, time, shutil
from pathlib import Path
import numpy as np, pandas as pd, torch
from sklearn.metrics import roc_auc_score
from reliance.data.phantoms import make_phantoms, PHANTOM_CATEGORIES
from reliance.labels.boxes import read_boxes
from reliance.train.learner import train
from reliance.train.detect import train_detector, detect, load_detector
from reliance.inference.predict import Predictor
from reliance.inference.localise import localise
from reliance.train.boxscore import rsna_score, rsna_bootstrap, threshold_sweep, write_submission

p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
p.add_argument('--out', required=True)
p.add_argument('--n-train', type=int, default=800); p.add_argument('--n-test', type=int, default=300)
p.add_argument('--size', type=int, default=64); p.add_argument('--arch', default='resnet10t')
p.add_argument('--epochs', type=int, default=20); p.add_argument('--lr', type=float, default=2e-3); p.add_argument('--bs', type=int, default=8)
p.add_argument('--clf-epochs', type=int, default=8)
p.add_argument('--test-seed', type=int, default=1); p.add_argument('--n-boot', type=int, default=2000)
p.add_argument('--device', default=None)
p.add_argument('--reuse', action='store_true', help='reuse the phantoms and trained models already in --out')
a = p.parse_args()
out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
res = dict(args=vars(a), torch_threads=torch.get_num_threads(), device=a.device or ('cuda' if torch.cuda.is_available() else 'cpu'))
T0 = time.time()

# data: seed 0 for training/validation, a held-out seed for the test
if not (a.reuse and (out/'train'/'phantomlabel'/'val.csv').exists()):
    make_phantoms(out/'train', n=a.n_train, size=a.size, seed=0); make_phantoms(out/'test', n=a.n_test, size=a.size, seed=a.test_seed)
    pd.concat([pd.read_csv(out/'test'/'phantomlabel'/f'{s}.csv', dtype={'image_id': str}) for s in ('train', 'val', 'test')]).to_csv(out/'test'/'phantomlabel'/'all.csv', index=False)
lab, test_tab = out/'train'/'phantomlabel', out/'test'/'phantomlabel'/'all.csv'
tb = pd.read_csv(test_tab, dtype={'image_id': str}); ids = list(tb.image_id)
truth_all, val_ids = read_boxes(out/'test'/'phantomlabel'/'boxes.csv'), list(pd.read_csv(lab/'val.csv', dtype={'image_id': str}).image_id)
truth_val = read_boxes(lab/'boxes.csv'); truth_val = truth_val[truth_val.image_id.isin(set(val_ids))]

# the detector
if not (a.reuse and (out/'det'/'best.pth').exists()):
    shutil.rmtree(out/'det', ignore_errors=True); t = time.time()
    dres = train_detector(dict(data=str(lab), arch=a.arch, size=a.size, bs=a.bs, epochs=a.epochs, lr=a.lr, cats=list(PHANTOM_CATEGORIES), device=a.device, progress=True), out=out/'det')
    res['detector_train_seconds'] = time.time() - t
hist = pd.read_csv(out/'det'/'history.csv'); print(hist.round(4).to_string(index=False))
model, spec = load_detector(out/'det'/'best.pth', a.device)
box_cats = spec.model_kwargs['box_categories']
res['detector_operating'] = spec.operating; res['train_img_s'] = float(hist.train_img_s.median())
t = time.time(); det = detect((model, spec), test_tab, device=a.device); res['predict_img_s'] = len(ids)/(time.time() - t)
raw = detect((model, spec), test_tab, iou=1.0, score=0.05, device=a.device)

# the plain classifier and its Grad-CAM boxes, level and threshold chosen per category on the validation images
if not (a.reuse and (out/'clf'/'best.pth').exists()):
    shutil.rmtree(out/'clf', ignore_errors=True); t = time.time()
    train(dict(data=str(lab), arch=a.arch, size=a.size, bs=32, epochs=a.clf_epochs, lr=3e-3, cats=list(PHANTOM_CATEGORIES), num_workers=0, progress=False, test=False), out=str(out/'clf'))
    res['classifier_train_seconds'] = time.time() - t
pr = Predictor(out/'clf'/'best.pth')
cam_choice, cam_test = {}, []
for c in box_cats:                # level x CAM threshold x confidence threshold (as the detector's score threshold), on validation
    best, tv = None, truth_val[truth_val.category == c]
    for level in (-1, -2):
        for th in (0.5, 0.7):
            bv = localise(pr, lab/'val.csv', c, th, level)
            for conf in (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
                s = rsna_score(tv, bv[bv.confidence >= conf], images=val_ids)[0]
                if best is None or s > best[0]: best = (s, level, th, conf)
    cam_choice[c] = dict(val_rsna=best[0], level=best[1], threshold=best[2], min_confidence=best[3])
    bt = localise(pr, test_tab, c, best[2], best[1]); cam_test.append(bt[bt.confidence >= best[3]])
print('Grad-CAM settings chosen on validation:', cam_choice)
cam = pd.concat(cam_test, ignore_index=True); res['cam_choice'] = cam_choice

# RSNA scores with paired bootstrap CIs (detector = A, Grad-CAM = B)
rows = []
for c in box_cats + ['pooled']:
    if c == 'pooled':
        u = lambda d: d.assign(image_id=d.image_id + '|' + d.category)
        units = [f'{i}|{k}' for i in ids for k in box_cats]
        b = rsna_bootstrap(u(truth_all), u(det['boxes']), u(cam), units, a.n_boot, groups=[x.split('|')[0] for x in units])
    else:
        b = rsna_bootstrap(truth_all[truth_all.category == c], det['boxes'][det['boxes'].category == c], cam[cam.category == c], ids, a.n_boot)
    rows.append(dict(category=c, detector=b['a'], det_ci=b['a_ci'], gradcam=b['b'], cam_ci=b['b_ci'], diff=b['diff'], diff_ci=b['diff_ci'],
                     ratio=b['ratio'], ratio_ci=b['ratio_ci'], truth_boxes=int((truth_all.category == c).sum()) if c != 'pooled' else len(truth_all)))
tab = pd.DataFrame(rows); res['rsna'] = rows
print('\nRSNA score on the held-out test phantoms (paired bootstrap 95% CI over images):')
print(tab.assign(**{k: tab[k].map(lambda v: f"[{v[0]:.3f}, {v[1]:.3f}]") for k in ('det_ci', 'cam_ci', 'diff_ci', 'ratio_ci')}).round(3).to_string(index=False))

# image-level AUC: detector head vs the plain classifier
cats = [c for c in PHANTOM_CATEGORIES if tb[c].nunique() == 2]
pd_ = det['probs'].set_index('image_id').loc[ids, cats].to_numpy()
files = [str(out/'test'/q) for q in tb.path]
pc = np.concatenate([pr(pr.prepare(files[i:i+64])) for i in range(0, len(files), 64)])[:, [pr.cats.index(c) for c in cats]]
Y = tb[cats].to_numpy(float)
def macro(P, idx):
    return np.mean([roc_auc_score(Y[idx, k], P[idx, k]) for k in range(len(cats)) if len(np.unique(Y[idx, k])) == 2])
full = np.arange(len(ids)); rng = np.random.default_rng(0)
bs = np.array([(macro(pd_, i), macro(pc, i)) for i in (rng.integers(0, len(ids), len(ids)) for _ in range(min(a.n_boot, 1000)))])
res['auc'] = dict(detector_head=macro(pd_, full), classifier=macro(pc, full), diff=macro(pd_, full) - macro(pc, full),
                  diff_ci=[float(v) for v in np.percentile(bs[:, 0] - bs[:, 1], [2.5, 97.5])], categories=cats)
print(f"\nimage-level macro AUC on the test phantoms ({len(cats)} categories): detector head {res['auc']['detector_head']:.3f}, "
      f"plain classifier {res['auc']['classifier']:.3f}, difference {res['auc']['diff']:+.3f} (95% CI {res['auc']['diff_ci'][0]:+.3f} to {res['auc']['diff_ci'][1]:+.3f})")

# the curve: test RSNA score against NMS IoU x score threshold (reported, never used to choose)
sw = threshold_sweep(truth_all, raw['boxes'], ids, ious=(0.2, 0.3, 0.5, 0.7, 1.0), scores=(0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7))
sw.to_csv(out/'test_sweep.csv', index=False); res['curve'] = sw.to_dict('records')
print('\ntest RSNA score (mean over box categories) by NMS IoU (rows) and score threshold (columns):')
print(sw.pivot(index='iou', columns='score', values='rsna').round(3).to_string())

# smoke run on the real RSNA sample DICOM (1024 x 1024, MONOCHROME2)
dcm = Path(__file__).resolve().parents[1]/'nbs'/'files'/'1.2.276.0.7230010.3.1.4.8323329.6904.1517875201.850819.dcm'
sm = detect((model, spec), dcm, iou=0.5, score=0.05, device=a.device)
write_submission(sm['boxes'][sm['boxes'].category == 'consolidation_pneumonia'], out/'rsna_smoke_submission.csv', images=sm['images'])
res['rsna_smoke'] = dict(boxes=len(sm['boxes']), image_size=sm['boxes'][['image_width', 'image_height']].drop_duplicates().values.tolist(),
                         probs=sm['probs'].round(3).to_dict('records'), submission=(out/'rsna_smoke_submission.csv').read_text())
print(f"\nRSNA sample DICOM smoke run: {len(sm['boxes'])} box(es) at score >= 0.05; submission:\n{res['rsna_smoke']['submission']}")
res['seconds'] = time.time() - T0
print(f"\ntrain {res['train_img_s']:.1f} img/s, predict {res['predict_img_s']:.1f} img/s ({res['device']}, {res['torch_threads']} threads); total {res['seconds']:.0f} s")
(out/'detect_bench.json').write_text(json.dumps(res, indent=1, default=str))
