"""Loader throughput: images/s per worker process for the PNG path and the packed-store path of `cxr_dls`,
each against its own bare floor, then what 16 cores deliver against what an H200 consumes.

- PNG path: `cxr_dls` over real NIH PNGs (512 px, 8-bit), decoded and letterboxed to `--size` per image
  (`load_image`); floor: bare PIL decode + the same Lanczos resize in float32, nothing else.
- packed path: `cxr_dls(store=...)` over a `pack_store` of the same images; floor: `np.take` of a shuffled
  batch of rows out of the memory-mapped array (read + copy), nothing else.
Both loaders are measured as the training loop sees them before the batch transforms (float conversion,
augmentation, normalisation), which run on the GPU in training; workers = 0 means in the main process.
Floors run in the same number of processes (1 for workers = 0). Files are read once before timing (page
cache); every measurement is repeated (`--repeat`, interleaved) and the best kept, since the machine may be shared.

    python bench/loader.py [--n 300] [--size 224] [--bs 64] [--workers 0 1 2] [--repeat 3]
"""
import argparse, json, os, platform, shutil, sys, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
import numpy as np, pandas as pd, torch
from PIL import Image
import reliance
from reliance.core import scratch_dir
from reliance.imaging.store import pack_store, ImageStore
from reliance.data.loaders import cxr_dls
from fasttransform import Pipeline

ROOT = Path(__file__).resolve().parents[1]
NIH = [p for p in (Path('/work/shared/data/cxr_samples/00000001_000.png'), Path('/work/shared/data/cxr_samples/00027426_000.png'))
       if p.exists()] or [ROOT/'nbs/files/00000001_000.png']
# Training images/s of an RTX 3090, AMP, channels_last, 224 px, from timm's published benchmark
# (huggingface/pytorch-image-models, results/benchmark-train-amp-nhwc-pt112-cu113-rtx3090.csv).
RTX3090 = dict(densenet121=913.65, convnext_tiny=819.24, deit_small_patch16_224=1050.7)
H200_OVER_3090 = 4.0   # ESTIMATE: HBM bandwidth 4.8 vs 0.94 TB/s (x5.1), dense FP16 tensor math ~x14; small models gain less

def make_data(d, n, size):
    "n copies of the real NIH PNGs, a label table, and a store packed from them"
    (d/'images').mkdir(parents=True, exist_ok=True)
    ids = [f'nih{i:05d}' for i in range(n)]
    for i, iid in enumerate(ids): shutil.copyfile(NIH[i % len(NIH)], d/'images'/f'{iid}.png')
    tb = pd.DataFrame(dict(image_id=ids, patient_id=ids, path=[f'images/{i}.png' for i in ids], nodule=np.arange(n) % 2))
    (d/'lab').mkdir(exist_ok=True); tb.to_csv(d/'lab'/'train.csv', index=False); tb.head(8).to_csv(d/'lab'/'val.csv', index=False)
    t = time.perf_counter(); pack_store(d/'lab', d/'store', img_dir=d, size=size, workers=os.cpu_count(), progress=False)
    return n/(time.perf_counter() - t)

def png_floor_one(f, size):
    "Bare decode + the same letterbox resize (512 px square in, so a plain resize): PIL only"
    a = np.asarray(Image.open(f), dtype=np.float32)/255
    s = size/max(a.shape)
    Image.fromarray(a).resize((size, size), Image.Resampling.LANCZOS, reducing_gap=2.0 if s < 0.5 else None)
    return 1

def _png_floor_share(a):
    files, size = a; t = time.perf_counter()
    for f in files: png_floor_one(f, size)
    return time.perf_counter() - t

def _mm_floor_share(a):
    path, rows, bs = a; arr = np.load(path, mmap_mode='r'); t = time.perf_counter()
    for i in range(0, len(rows) - bs + 1, bs): np.take(arr, rows[i:i+bs], axis=0)
    return time.perf_counter() - t

def in_procs(fn, shares, procs):
    "Images/s of `fn` over `shares` run in `procs` processes at once (wall time of the whole)"
    if procs <= 1: t = time.perf_counter(); fn(shares[0]); return time.perf_counter() - t
    with ProcessPoolExecutor(procs) as ex:
        list(ex.map(fn, shares[:procs]))      # start the workers (imports) before timing
        t = time.perf_counter(); list(ex.map(fn, shares)); return time.perf_counter() - t

def png_floor(files, size, procs):
    k = max(procs, 1); shares = [(files[i::k], size) for i in range(k)]
    return len(files)/in_procs(_png_floor_share, shares, k)

def mm_floor(path, n, bs, procs, reps):
    k = max(procs, 1); rows = np.random.default_rng(0).permutation(np.tile(np.arange(n), reps))
    shares = [(path, rows[i::k], bs) for i in range(k)]
    return (len(rows)//bs*bs)/in_procs(_mm_floor_share, shares, k)

def loader_ips(dls, repeat=1):
    "Images/s of the training loader before its batch transforms (as the GPU receives them), after a warm-up epoch"
    dl = dls.train; dl.after_batch = Pipeline([])
    if repeat > 1:   # a store-backed epoch over the rows `repeat` times (the same images again): long enough to time
        ds = dl.dataset
        ds.split, ds.row, ds.y = np.tile(ds.split, repeat), np.tile(ds.row, repeat), np.tile(ds.y, (repeat, 1)); dl.n = len(ds.row)
    for _ in dl: pass   # workers started (persistent) and caches warm: a real epoch of 100k images hides the start
    t = time.perf_counter(); k = 0
    for xb, _ in dl: k += len(xb)
    return k/(time.perf_counter() - t)

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--n', type=int, default=300); p.add_argument('--size', type=int, default=224)
    p.add_argument('--bs', type=int, default=64); p.add_argument('--workers', type=int, nargs='+', default=[0, 1, 2])
    p.add_argument('--repeat', type=int, default=3); p.add_argument('--store-epochs', type=int, default=20,
                   help='the packed loader reads the store this many times per epoch (one pass is too short to time)')
    a = p.parse_args()
    torch.set_num_threads(1)
    d = scratch_dir('bench_loader_')
    pack_ips = make_data(d, a.n, a.size)
    files = sorted(str(f) for f in (d/'images').glob('*.png'))
    for f in files: Path(f).read_bytes()
    st = ImageStore(d/'store'); arr_path = d/'store'/'train.npy'
    print(f"{a.n} copies of {len(NIH)} real NIH PNGs ({Image.open(files[0]).size[0]} px) -> {a.size} px; packed at {pack_ips:.0f} images/s "
          f"with {os.cpu_count()} processes; store {arr_path.stat().st_size/2**20:.1f} MiB; bs {a.bs}; cpus {os.cpu_count()}")
    res = {}
    for w in a.workers:
        best = dict(png=0, png_floor=0, packed=0, packed_floor=0)
        kw = dict(size=a.size, bs=a.bs, aug='none', num_workers=w, persistent_workers=w > 0)
        for _ in range(a.repeat):
            best['png_floor'] = max(best['png_floor'], png_floor(files, a.size, w))
            best['png'] = max(best['png'], loader_ips(cxr_dls(d/'lab', img_dir=d, **kw).dls))
            best['packed_floor'] = max(best['packed_floor'], mm_floor(arr_path, a.n, a.bs, w, a.store_epochs))
            best['packed'] = max(best['packed'], loader_ips(cxr_dls(d/'lab', store=st, **kw).dls, a.store_epochs))
        k = max(w, 1)
        r = {key: v/k for key, v in best.items()}    # per worker process
        r.update(png_vs_floor=best['png']/best['png_floor'], packed_vs_floor=best['packed']/best['packed_floor'],
                 packed_over_png=best['packed']/best['png'])
        res[w] = r
        print(f"workers={w} ({k} process{'es' if k > 1 else ''}), images/s per process: "
              f"PNG {r['png']:7.0f} (floor {r['png_floor']:7.0f}, x{r['png_vs_floor']:.2f} of floor) | "
              f"packed {r['packed']:8.0f} (floor {r['packed_floor']:8.0f}, x{r['packed_vs_floor']:.2f} of floor) | packed/PNG x{r['packed_over_png']:.0f}")
    # goals
    print("\ngoals:")
    for w, r in res.items():
        print(f"  workers={w}: packed >= 10x PNG per core: {'PASS' if r['packed_over_png'] >= 10 else 'FAIL'} (x{r['packed_over_png']:.0f}); "
              f"PNG >= 0.8x floor: {'PASS' if r['png_vs_floor'] >= 0.8 else 'FAIL'} (x{r['png_vs_floor']:.2f}); "
              f"packed >= 0.8x floor: {'PASS' if r['packed_vs_floor'] >= 0.8 else 'FAIL'} (x{r['packed_vs_floor']:.2f})")
    # on paper: 16 cores vs an H200
    png_core = max(r['png'] for r in res.values())
    packed_main = res[0]['packed'] if 0 in res else max(r['packed'] for r in res.values())
    print(f"\non paper, a 16-core node with one H200 (224 px, AMP, channels_last); per-core rates measured above on this machine:")
    print(f"  PNG path: 15 worker cores x {png_core:.0f} = {15*png_core:,.0f} images/s (one core left for the training loop)")
    print(f"  packed path: the training process alone reads {packed_main:,.0f} images/s (num_workers=0; workers add a copy through shared memory)")
    print(f"  H200 consumption = timm's RTX 3090 training images/s (results/benchmark-train-amp-nhwc-pt112-cu113-rtx3090.csv) x {H200_OVER_3090} (ESTIMATE):")
    for m, v in RTX3090.items():
        need = v*H200_OVER_3090
        print(f"    {m:24s} ~{need:6,.0f} images/s: PNG path feeds {min(1, 15*png_core/need):4.0%} of it "
              f"(needs ~{need/png_core:.0f} cores), packed path {min(1, packed_main/need):4.0%} ({need/packed_main:.2f} of one core)")
    print(json.dumps(dict(config=vars(a), reliance=reliance.__version__, python=platform.python_version(), torch=torch.__version__,
                          pack_ips=round(pack_ips, 1), results={w: {k: round(v, 3) for k, v in r.items()} for w, r in res.items()})))

if __name__ == '__main__': main()
