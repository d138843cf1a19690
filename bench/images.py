"""Throughput of `reliance.imaging.images.create_images` on real-size radiographs.

Synthesizes N DICOMs of 2,500 x 2,000 px, 12 bits stored (the RSNA sample upscaled, plus noise, with a
window and a rescale so the whole pipeline runs), then converts them to 512 px PNGs with 1 and 2 workers
and compares with the floor: bare `pydicom.dcmread(f).pixel_array` + the same Pillow resize, in the same
number of processes. Files are read once before timing so every run sees the page cache; each
measurement is repeated (`--repeat`, interleaved) and the best kept, since the machine may be shared.

    python bench/images.py [--n 120] [--syntax explicit|rle|j2k] [--workers 1 2] [--size 512] [--repeat 3]
"""
import argparse, os, shutil, sys, tempfile, time, json, platform
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
import numpy as np, pydicom
from PIL import Image
from pydicom.uid import ExplicitVRLittleEndian, RLELossless, JPEG2000Lossless
import reliance
from reliance.imaging.dicom import make_dicom
from reliance.imaging.images import create_images
from reliance.core import scratch_dir

RSNA = Path(__file__).resolve().parents[1]/'nbs/files/1.2.276.0.7230010.3.1.4.8323329.6904.1517875201.850819.dcm'
SYNTAX = dict(explicit=ExplicitVRLittleEndian, rle=RLELossless, j2k=JPEG2000Lossless)

def synth(d, n, syntax, rows=2500, cols=2000, seed=0):
    "Write n 12-bit DX DICOMs made from the RSNA image."
    base = pydicom.dcmread(RSNA).pixel_array.astype(np.float32)/255
    base = np.asarray(Image.fromarray(base).resize((cols, rows), Image.Resampling.BILINEAR))
    rng = np.random.default_rng(seed)
    for i in range(n):
        a = np.clip(base*3800 + 100 + rng.normal(0, 20, base.shape), 0, 4095).astype(np.uint16)
        ds = make_dicom(a, bits_stored=12, transfer_syntax=SYNTAX[syntax], RescaleSlope=1, RescaleIntercept=0,
                        WindowCenter=2048, WindowWidth=4096, ImagerPixelSpacing=[0.139, 0.139])
        ds.save_as(d/f'{i:04d}.dcm', enforce_file_format=True)

def floor_one(f, size=512):
    "Bare decode + the same resize as reliance (Lanczos, longest side = size)."
    a = pydicom.dcmread(f).pixel_array
    h, w = a.shape; s = size/max(h, w)
    Image.fromarray(a.astype(np.float32)).resize((round(w*s), round(h*s)), Image.Resampling.LANCZOS, reducing_gap=2.0)
    return 1

def floor(files, workers, size):
    t = time.perf_counter()
    if workers == 1: [floor_one(f, size) for f in files]
    else:
        with ProcessPoolExecutor(workers) as ex: list(ex.map(floor_one, files, [size]*len(files), chunksize=2))
    return len(files)/(time.perf_counter()-t)

def ours(src, dst, workers, size):
    shutil.rmtree(dst, ignore_errors=True)
    t = time.perf_counter()
    m = create_images(src, dst, size=size, workers=workers, progress=False)
    ips = len(m)/(time.perf_counter()-t)
    assert (m.status == 'ok').all(), m[m.status != 'ok'].head()
    return ips

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--n', type=int, default=120)
    p.add_argument('--syntax', default='explicit', choices=list(SYNTAX))
    p.add_argument('--workers', type=int, nargs='+', default=[1, 2])
    p.add_argument('--size', type=int, default=512)
    p.add_argument('--repeat', type=int, default=3, help='runs of each measurement; the best is kept (shared machine)')
    p.add_argument('--dir', default=None, help='work folder (default: a temp folder, removed after)')
    a = p.parse_args()
    d = Path(a.dir) if a.dir else scratch_dir('bench_images_'); src = d/'src'; src.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter(); synth(src, a.n, a.syntax)
    files = sorted(str(f) for f in src.glob('*.dcm'))
    mb = sum(os.path.getsize(f) for f in files)/2**20
    print(f"synthesized {a.n} DICOMs 2500x2000 12-bit {a.syntax} ({mb:.0f} MiB) in {time.perf_counter()-t:.1f} s")
    for f in files: Path(f).read_bytes()  # warm the page cache
    res = dict(config=vars(a), reliance=reliance.__version__, cpus=os.cpu_count(), python=platform.python_version(),
               pydicom=pydicom.__version__, results={})
    f1 = None
    for w in a.workers:
        fl = us = 0
        for _ in range(a.repeat):  # interleaved, best of `repeat`
            fl = max(fl, floor(files, w, a.size))
            us = max(us, ours(src, d/f'out{w}', w, a.size))
        f1 = f1 or (fl if w == 1 else None)
        res['results'][w] = dict(floor_ips=round(fl, 2), ours_ips=round(us, 2), ratio_vs_floor_same_workers=round(us/fl, 3))
        print(f"workers={w}: floor {fl:6.2f} img/s   reliance {us:6.2f} img/s   ratio {us/fl:.2f}"
              + (f"   per-worker vs 1-worker floor {us/w/f1:.2f}" if f1 else ''))
    if 1 in res['results'] and 2 in res['results']:
        r = res['results']
        print(f"scaling 1->2 workers: reliance x{r[2]['ours_ips']/r[1]['ours_ips']:.2f}, floor x{r[2]['floor_ips']/r[1]['floor_ips']:.2f}")
    print(json.dumps(res))
    if not a.dir: shutil.rmtree(d)

if __name__ == '__main__': main()
