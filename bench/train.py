"""Benchmark the reliance learner on CPU (or GPU when present).
1. seconds per training step: fastai learner (reliance.train.learner.build_learner) vs a bare PyTorch loop, same timm model,
   batch, loss, optimiser and the same DataLoader of phantoms (goal: fastai <= 1.1x bare);
2. inference latency DICOM file -> probabilities (read, resize, normalise, forward) for two models;
3. ONNX Runtime vs torch eager on CPU, batch 1 and 16 (goal: ORT >= 1.5x faster);
4. with CUDA: training images/s with AMP and channels_last.
Run: HF_HUB_OFFLINE=1 python bench/train.py [--threads 2] [--size 128] [--bs 32]"""
import argparse, os, tempfile, time, json, statistics
from pathlib import Path
import numpy as np, torch
from reliance.data.phantoms import make_phantoms, PHANTOM_CATEGORIES
from reliance.train.config import train_config
from reliance.train.learner import build_learner
from reliance.train.checkpoint import save_checkpoint
from reliance.train.losses import MaskedBCE
from reliance.train.models import create_model
from reliance.train.spec import ModelSpec
from reliance.inference.predict import Predictor, export_onnx
from reliance.core import scratch_dir
from fastai.callback.core import Callback

ap = argparse.ArgumentParser()
ap.add_argument('--threads', type=int, default=2); ap.add_argument('--size', type=int, default=128)
ap.add_argument('--bs', type=int, default=32); ap.add_argument('--arch', default='resnet10t'); ap.add_argument('--reps', type=int, default=4)
a = ap.parse_args()
torch.set_num_threads(a.threads)
tmp = scratch_dir('bench_train_')   # deleted when the benchmark exits
make_phantoms(tmp, n=12*a.bs*10//7 + 20, size=a.size, seed=0)   # ~12 training batches
cfg = train_config(data=tmp/'phantomlabel', arch=a.arch, size=a.size, bs=a.bs, aug='none', progress=False, test=False,
                   cats=list(PHANTOM_CATEGORIES), out=tmp/'run', epochs=1, lr=1e-3, wd=0.0)
dev = 'cuda' if torch.cuda.is_available() else 'cpu'

class TrainTimer(Callback):
    order = 99
    def before_train(self): self.t = time.perf_counter(); self.n = 0
    def after_batch(self):
        if self.training: self.n += 1
    def after_train(self): self.times.append((time.perf_counter() - self.t)/self.n)
    def __init__(self): self.times = []

learn = build_learner(cfg).learn; tt = TrainTimer(); learn.add_cb(tt)
bare_model = build_learner(cfg).learn.model   # same construction and seed: identical initial weights
opt = torch.optim.AdamW(bare_model.parameters(), lr=1e-3, weight_decay=0.0)   # the learner uses the same (reliance.train.learner.adamw)
lf, dl = MaskedBCE(), learn.dls.train   # the same DataLoader for both

def bare_epoch():
    bare_model.train(); t = time.perf_counter(); n = 0
    for xb, yb in dl:
        xb, yb = xb.as_subclass(torch.Tensor), yb.as_subclass(torch.Tensor)   # as fastai's CastToTensor does
        loss = lf(bare_model(xb), yb); loss.backward(); opt.step(); opt.zero_grad(); n += 1
    return (time.perf_counter() - t)/n

bt = []
for r in range(a.reps + 1):   # interleaved, so that load from other jobs on a shared machine hits both alike; first round is warm-up
    learn.fit(1, 1e-3); bt.append(bare_epoch())
f, b, nb = min(tt.times[1:]), min(bt[1:]), len(dl)
print(f"[train step] {a.arch} bs={a.bs} {a.size}px {dev}, threads={a.threads}, {nb} batches/epoch, best of {a.reps} interleaved epochs:")
print(f"  fastai learner {f*1000:.1f} ms/step | bare PyTorch {b*1000:.1f} ms/step | ratio {f/b:.3f} (goal <= 1.1)")

# inference: DICOM -> probabilities, and ONNX Runtime vs eager
dcm = Path(__file__).resolve().parent.parent/'nbs'/'files'/'1.2.276.0.7230010.3.1.4.8323329.6904.1517875201.850819.dcm'
res = {}
for arch in ('resnet10t', 'convnext_atto'):
    m = create_model(arch, n_out=32, img_size=224)
    spec = ModelSpec(arch, [f'c{i}' for i in range(32)], 224, n_channels=1, img_size=224, mean=[0.449], std=[0.226])
    ck = save_checkpoint(tmp/f"{arch}.pth", m, spec)
    e = Predictor(ck); o = Predictor(export_onnx(ck, tmp/f'{arch}.onnx'), threads=a.threads)
    lat = []
    for _ in range(6):
        t = time.perf_counter(); p = e(e.prepare([dcm])); lat.append(time.perf_counter() - t)
    prep = []
    for _ in range(6):
        t = time.perf_counter(); x1 = e.prepare([dcm]); prep.append(time.perf_counter() - t)
    x16 = np.repeat(x1, 16, 0)
    tmin = {}
    for _ in range(8):   # interleaved, best of 8 (shared machine)
        for name, pred, x in (('eager_b1', e, x1), ('ort_b1', o, x1), ('eager_b16', e, x16), ('ort_b16', o, x16)):
            t = time.perf_counter(); pred(x); tmin[name] = min(tmin.get(name, 1e9), time.perf_counter() - t)
    r = dict(dicom_to_probs_ms=1000*min(lat[1:]), read_resize_ms=1000*min(prep[1:]),
             **{f'{k}_ms': 1000*v for k, v in tmin.items()},
             ort_max_abs_diff=float(np.abs(e(x16) - o(x16)).max()))
    res[arch] = r
    print(f"[inference] {arch} 224px: DICOM->probs {r['dicom_to_probs_ms']:.1f} ms (read+resize {r['read_resize_ms']:.1f} ms); "
          f"eager b1 {r['eager_b1_ms']:.1f} ms vs ORT {r['ort_b1_ms']:.1f} ms (x{r['eager_b1_ms']/r['ort_b1_ms']:.2f}); "
          f"b16 {r['eager_b16_ms']:.1f} vs {r['ort_b16_ms']:.1f} ms (x{r['eager_b16_ms']/r['ort_b16_ms']:.2f}, goal >= 1.5); "
          f"max |dp| {r['ort_max_abs_diff']:.1e}")

if torch.cuda.is_available():
    from fastai.callback.core import Callback
    for amp, cl in ((False, False), (True, False), (True, True)):
        c2 = train_config(cfg, amp=amp, channels_last=cl, bs=128, size=224, arch='convnext_atto', epochs=1)
        learn = build_learner(c2).learn; tt = TrainTimer(); learn.add_cb(tt)
        for _ in range(3): learn.fit(1, 1e-3)
        print(f"[gpu] convnext_atto 224px bs128 amp={amp} channels_last={cl}: {128/min(tt.times[1:]):.0f} images/s")
else:
    print("[gpu] no CUDA device: GPU images/s not measured")
