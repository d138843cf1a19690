"""Benchmark the retrieval embedding of reliance.train.embed against the classifier-feature baseline on phantoms.

1. Phantoms: `--n-train` of `--size` px with seed 0 (their train/val splits train every model) and `--n-test` with
   seed 1 (held out: all of them are queries and gallery, each query's own image left out; `--test-seed` draws
   another held-out set, e.g. to confirm on fresh images a setting chosen on seed 1).
2. Baseline: a classifier trained by `reliance.train.learner.train` (resnet10t, pretrained=False), its pooled features
   from `reliance.inference.retrieval.embed`. With `--matched`, a second classifier trained for as many epochs as the
   classifier and the fine-tuning together (the embedding has seen that many epochs).
3. Trained embedding: the classifier's backbone fine-tuned by `train_embed` (`--dim`-d, unit length), searched with
   the exact cosine index of reliance.inference.retrieval, one model per `--variants` entry (VARIANTS below: loss,
   mining, multi-task weight, pooling; all start from the same classifier with the same epochs; an entry with `of`
   trains nothing: it embeds the named variant's model with an inference option, `prob_weight`); hashing heads of
   `--bits` bits (the `base` variant's loss), searched with FAISS `IndexBinaryFlat` (`hamming_search`).
   With `--reference`, two rows that are not models to beat but bounds to read the table by: the classifiers'
   sigmoid outputs used as the embedding (`predict_files`), and the true label vectors themselves (an oracle for
   any label-space embedding searched by cosine).
4. Scores: `retrieval_metrics` class-average mAP@k (CheXtriev, both conventions) over the drawn phantom categories;
   the difference to each baseline (the classifier; with `--matched`, also the matched classifier) with a paired
   bootstrap over queries (the same resampled queries for both; the gallery fixed), 95% percentile interval; with
   `--vs VARIANT`, also against that trained variant.
5. Times: embedding img/s (CPU) and index build / query time on a synthetic gallery (`--gallery` random vectors /
   codes, 1,000 queries, k = 10): flat float index vs binary index.
Models are reused from `--work` when there (delete it to retrain). Example:
    OMP_NUM_THREADS=2 python bench/embed.py --work /tmp/embed_bench --out embed_bench.json --matched
    OMP_NUM_THREADS=2 python bench/embed.py --matched --epochs 12 --variants base mt jaccard ms mt_jaccard --bits 64
    OMP_NUM_THREADS=1 python bench/embed.py --matched --epochs 12 --bits --reference --variants mt_jaccard mt_jaccard_avgmax mt_jaccard_p1 --vs mt_jaccard
"""
import argparse, json, time
import numpy as np, pandas as pd, faiss
from pathlib import Path
from reliance.data.phantoms import make_phantoms, PHANTOM_CATEGORIES
from reliance.train.learner import train
from reliance.train.checkpoint import model_from_checkpoint, predict_files
from reliance.train.embed import train_embed, embed_images, binary_index, hamming_search
from reliance.inference.retrieval import embed, build_index, search, retrieval_metrics

# trained-embedding variants: train_embed options over the --loss/--mining defaults (every one fine-tuned from the same classifier)
# (`base` is session 6's setting: SupCon, per_category, no class head; train_embed's default was `mt_jaccard` in session 7 and is
# `mt_jaccard_avgmax` since session 8: every variant here spells out its pool, so the rows do not move with the default)
# session 8: mt_jaccard with other pooling (small signs), and mt_jaccard's trained model embedded with its class probabilities
# appended (`of`: no new training, the named variant's checkpoint loaded with `load_embed_model(prob_weight=...)`)
_MTJ = dict(loss='supcon', mining='jaccard', cls_weight=1.0)
VARIANTS = dict(base={}, jaccard=dict(loss='supcon', mining='jaccard'), ms=dict(loss='ms', mining='overlap'),
                mt=dict(cls_weight=1.0), mt_jaccard=_MTJ, zones=dict(pool='zones'),
                mt_jaccard_gem=dict(_MTJ, pool='gem'), mt_jaccard_max=dict(_MTJ, pool='max'), mt_jaccard_avgmax=dict(_MTJ, pool='avgmax'),
                mt_jaccard_zones=dict(_MTJ, pool='zones'), mt_jaccard_stages=dict(_MTJ, pool='stages'),
                **{f'mt_jaccard_p{w:g}': dict(of='mt_jaccard', prob_weight=w) for w in (0.5, 1, 2)},
                **{f'mt_jaccard_{pl}_p1': dict(of=f'mt_jaccard_{pl}', prob_weight=1) for pl in ('gem', 'max', 'avgmax', 'zones', 'stages')})
p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
p.add_argument('--work', default='/tmp/embed_bench'); p.add_argument('--out', default=None)
p.add_argument('--n-train', type=int, default=800); p.add_argument('--n-test', type=int, default=300); p.add_argument('--size', type=int, default=64)
p.add_argument('--clf-epochs', type=int, default=8); p.add_argument('--epochs', type=int, default=6); p.add_argument('--hash-epochs', type=int, default=6)
p.add_argument('--lr', type=float, default=1e-3); p.add_argument('--dim', type=int, default=128); p.add_argument('--pool', default='avg')
p.add_argument('--mining', default='per_category'); p.add_argument('--loss', default='supcon')
p.add_argument('--variants', nargs='*', default=['base'], choices=list(VARIANTS), help='trained embeddings to compare')
p.add_argument('--bits', type=int, nargs='*', default=[16, 32, 64]); p.add_argument('--k', type=int, default=5)
p.add_argument('--boot', type=int, default=1000); p.add_argument('--gallery', type=int, default=100_000); p.add_argument('--matched', action='store_true')
p.add_argument('--reference', action='store_true', help='also score the classifiers\' probabilities and the true labels as embeddings')
p.add_argument('--test-seed', type=int, default=1, help='seed of the held-out phantoms (not 0: seed 0 trains)')
p.add_argument('--vs', default=None, choices=list(VARIANTS), help='also compare every model with this variant (one of --variants; paired bootstrap as for the baselines)')
a = p.parse_args()
W = Path(a.work); W.mkdir(parents=True, exist_ok=True); cats = list(PHANTOM_CATEGORIES); res = dict(args=vars(a))
def save():
    if a.out: Path(a.out).write_text(json.dumps(res, indent=2, default=float))

# 1. phantoms
if a.test_seed == 0: raise SystemExit('--test-seed 0: seed 0 draws the training phantoms')
for s, n in ((0, a.n_train), (a.test_seed, a.n_test)):
    if not (W/f'ph{s}'/'phantomlabel'/'test.csv').exists(): make_phantoms(W/f'ph{s}', n=n, size=a.size, seed=s)
test_csv = W/f'ph{a.test_seed}'/'phantomlabel'/'all.csv'
pd.concat([pd.read_csv(W/f'ph{a.test_seed}'/'phantomlabel'/f'{s}.csv', dtype={'image_id': str}) for s in ('train', 'val', 'test')]).to_csv(test_csv, index=False)
lab = W/'ph0'/'phantomlabel'

def classifier(name, epochs):
    if not (W/name/'best.pth').exists():
        t = time.time()
        r = train(dict(data=str(lab), arch='resnet10t', size=a.size, bs=32, epochs=epochs, lr=3e-3, cats=cats, num_workers=0, progress=False,
                       test=False), out=str(W/name), overwrite=True)
        print(f"classifier {name}: {epochs} epochs, best val macro AUC {r.best:.3f} ({time.time() - t:.0f} s)", flush=True)
    return W/name/'best.pth'

def embedder(name, **kw):
    if not (W/name/'best.pth').exists():
        t = time.time()
        kw = dict(dict(loss=a.loss, mining=a.mining, pool=a.pool, cls_weight=0.0), **kw)   # the variants' options spelled out (not train_embed's defaults)
        r = train_embed(lab, W/name, cats=cats, size=a.size, lr=a.lr, overwrite=True, weights=str(W/'clf'/'best.pth'), **kw)
        print(f"embedding {name}: {kw}, best valid loss {r['best_valid_loss']:.4f} at epoch {r['best_epoch']} ({time.time() - t:.0f} s)", flush=True)
    return W/name/'best.pth'

clf = classifier('clf', a.clf_epochs)
models = {'classifier features': ('clf', clf)}
if a.matched: models['classifier features, matched epochs'] = ('clf', classifier('clf_matched', a.clf_epochs + a.epochs))
for v in a.variants:
    tag = '' if v == 'base' else f', {v}: ' + ' '.join(f'{k}={x}' for k, x in VARIANTS[v].items())
    if 'of' in VARIANTS[v]:   # an inference option on another variant's trained model
        o = VARIANTS[v]['of']; ck = embedder('emb' if o == 'base' else f'emb_{o}', dim=a.dim, epochs=a.epochs, **VARIANTS[o])
        models[f'trained embedding ({a.dim}-d{tag})'] = ('embp', (ck, VARIANTS[v]['prob_weight']))
    else: models[f'trained embedding ({a.dim}-d{tag})'] = ('emb', embedder('emb' if v == 'base' else f'emb_{v}', dim=a.dim, epochs=a.epochs, **VARIANTS[v]))
for b in a.bits: models[f'hash {b} bits'] = ('hash', embedder(f'hash{b}', bits=b, epochs=a.hash_epochs))
if a.reference:
    for m in [m for m in list(models) if m.startswith('classifier features')]: models[m.replace('features', 'probabilities')] = ('prob', models[m][1])
    models['true labels (oracle)'] = ('oracle', None)

# 2. rankings on the held-out seed
R, E, T = {}, {}, {}
for name, (kind, ck) in models.items():
    t = time.time()
    if kind in ('prob', 'oracle'):   # the rows of the first classifier, with other vectors
        e = dict(E['classifier features']); net_, spec_ = model_from_checkpoint(ck) if kind == 'prob' else (None, None)
        e['X'] = predict_files(net_, list(e['items'].file), spec_) if kind == 'prob' else e['items'][cats].to_numpy(np.float32)
    elif kind == 'embp': e = embed_images(ck[0], test_csv, prob_weight=ck[1])
    else: e = embed(str(ck), test_csv) if kind == 'clf' else embed_images(ck, test_csv)
    T[name] = len(e['X']) / (time.time() - t)
    n = len(e['X']); E[name] = e
    if kind == 'hash': R[name] = hamming_search(binary_index(e['codes']), e['codes'], a.k, exclude=np.arange(n))[1]
    else: R[name] = search(build_index(e['X']), e['X'], a.k, exclude=np.arange(n))[1]
ids = [E[m]['items'].image_id.tolist() for m in E]; assert all(i == ids[0] for i in ids), 'items differ between models'
Y = E['classifier features']['items'][cats].to_numpy(float)

def class_map(Rm, idx, conv):
    return float(retrieval_metrics(Y[idx], Y, Rm[idx], a.k, cats=cats).loc[(conv, 'class average'), f'mAP@{a.k}'])

rng = np.random.default_rng(0); n = len(Y); boots = [rng.integers(0, n, n) for _ in range(a.boot)]; allq = np.arange(n)
refs = [m for m in models if m.startswith('classifier features')]   # the baselines each model is compared with
tags = {r: 'clf' if j == 0 else 'matched' for j, r in enumerate(refs)}
if a.vs:
    if a.vs not in a.variants: raise SystemExit(f"--vs {a.vs}: not one of --variants {a.variants}")
    vsm = [m for m in models if m.startswith(f'trained embedding ({a.dim}-d' + ('' if a.vs == 'base' else f', {a.vs}:'))]
    refs.append(vsm[0]); tags[vsm[0]] = a.vs
rows = []
for conv in ('skip', 'zero'):
    base = {r: [class_map(R[r], bi, conv) for bi in boots] for r in refs}
    full = {r: class_map(R[r], allq, conv) for r in refs}
    for name in models:
        v = class_map(R[name], allq, conv); row = dict(convention=conv, model=name, **{f'class mAP@{a.k}': v})
        mine = [class_map(R[name], bi, conv) for bi in boots]
        for r in refs:
            if r == name: continue
            lo, hi = np.nanpercentile(np.array(mine) - np.array(base[r]), [2.5, 97.5])
            tag = tags[r]
            row.update({f'diff vs {tag}': v - full[r], f'{tag} ci_lo': lo, f'{tag} ci_hi': hi})
        rows.append(dict(row, img_per_s=T[name], dim=int(E[name]['X'].shape[1])))
tab = pd.DataFrame(rows)
print(f"\nheld-out phantom seed {a.test_seed}: {n} queries = gallery (self excluded), k = {a.k}, {a.boot} paired bootstrap resamples over queries")
print(tab.round(4).to_string(index=False), flush=True)
res['table'] = rows; save()

# 3. index times on a synthetic gallery
g = np.random.default_rng(1); Xg = g.standard_normal((a.gallery, a.dim), dtype=np.float32); Qg = g.standard_normal((1000, a.dim), dtype=np.float32)
def timed(f): t = time.perf_counter(); r = f(); return r, time.perf_counter() - t
ix, tb = timed(lambda: build_index(Xg)); _, tq = timed(lambda: search(ix, Qg, 10))
times = [dict(index=f'flat float {a.dim}-d (IndexFlatIP)', bytes_per_item=4*a.dim, build_s=tb, query_ms=tq)]
for b in a.bits:
    Cg = g.integers(0, 256, (a.gallery, b // 8), dtype=np.uint8); Cq = g.integers(0, 256, (1000, b // 8), dtype=np.uint8)
    ix, tb = timed(lambda: binary_index(Cg)); _, tq = timed(lambda: hamming_search(ix, Cq, 10))
    times.append(dict(index=f'binary {b} bits (IndexBinaryFlat)', bytes_per_item=b // 8, build_s=tb, query_ms=tq))
tt = pd.DataFrame(times); tt['query_ms'] = tt.query_ms / 1000 * 1e3
print(f"\nindex times: gallery {a.gallery:,} random items, 1,000 queries, k = 10 (ms per query), faiss {faiss.__version__}, threads {faiss.omp_get_max_threads()}")
print(tt.round(4).to_string(index=False))
res['index_times'] = times; save()
