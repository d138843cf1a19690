"""GPU training throughput fed from the packed store, against the compute floor (one command, <= 5 minutes).

For densenet121, convnext_tiny and deit_small_patch16_224 at 224 px, bf16 autocast (AMP), channels_last and
`torch.compile` (falls back to eager, and says so, where compiling fails), one grey input channel, 14 outputs,
masked BCE, fused AdamW:
- floor: training steps on a synthetic batch that already sits on the GPU (no loader at all);
- store-fed: the same steps on batches of `cxr_dls(store=..., device='cuda', aug='light')`: the uint8 batch is
  gathered from the memory-mapped store in the training process, copied to the GPU, and converted, augmented
  and normalised there by fastai's batch transforms.
Goal: store-fed >= 0.9x floor. The store holds `--n` copies of real NIH PNGs packed at 224 px with all cores.
Without CUDA it says so and exits 0 (`--cpu-smoke` runs the whole path on the CPU with a tiny model, for tests).

    python bench/gpu.py [--bs 256] [--steps 30] [--no-compile] [--archs densenet121 convnext_tiny deit_small_patch16_224]
"""
import argparse, json, os, sys, time, warnings
from pathlib import Path
import torch

ARCHS = ['densenet121', 'convnext_tiny', 'deit_small_patch16_224']

def step_fn(model, opt, loss_fn, amp):
    def step(x, y):
        with torch.autocast(x.device.type, dtype=torch.bfloat16, enabled=amp):
            loss = loss_fn(model(x).float(), y)
        loss.backward(); opt.step(); opt.zero_grad(set_to_none=True)
        return loss
    return step

def timed(step, batches, steps, warmup, sync):
    "Images/s over `steps` steps after `warmup` steps; `batches` yields (x, y) on the device"
    for _ in range(warmup): step(*next(batches))
    sync(); t = time.perf_counter(); n = 0
    for _ in range(steps):
        x, y = next(batches); step(x, y); n += len(x)
    sync(); return n/(time.perf_counter() - t)

def forever(dl, cl):
    "Batches of a loader, epoch after epoch, as plain channels_last tensors"
    while True:
        for x, y in dl: yield x.as_subclass(torch.Tensor).contiguous(memory_format=cl), y.as_subclass(torch.Tensor)

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--archs', nargs='+', default=ARCHS); p.add_argument('--bs', type=int, default=256)
    p.add_argument('--size', type=int, default=224); p.add_argument('--n', type=int, default=2048)
    p.add_argument('--steps', type=int, default=30); p.add_argument('--warmup', type=int, default=8)
    p.add_argument('--no-compile', action='store_true'); p.add_argument('--budget', type=float, default=270,
                   help='seconds: models not started by then are skipped, so that the whole run stays under 5 minutes')
    p.add_argument('--cpu-smoke', action='store_true', help='run the code path on the CPU with resnet10t at 32 px (a test, not a measurement)')
    a = p.parse_args()
    if not torch.cuda.is_available() and not a.cpu_smoke:
        print("bench/gpu.py: no CUDA device on this machine: nothing measured (run it on a GPU node)"); return 0
    t0 = time.perf_counter()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from loader import make_data
    from reliance.core import scratch_dir
    from reliance.data.loaders import cxr_dls
    from reliance.train.models import create_model
    from reliance.train.losses import MaskedBCE
    if a.cpu_smoke: a.archs, a.bs, a.size, a.n, a.steps, a.warmup, a.no_compile = ['resnet10t'], 8, 32, 40, 2, 1, True
    dev = torch.device('cuda' if torch.cuda.is_available() and not a.cpu_smoke else 'cpu')
    sync = torch.cuda.synchronize if dev.type == 'cuda' else (lambda: None)
    if dev.type == 'cuda': torch.backends.cudnn.benchmark = True; torch.backends.cuda.matmul.allow_tf32 = True; torch.backends.cudnn.allow_tf32 = True
    d = scratch_dir('bench_gpu_')
    pack_ips = make_data(d, a.n, a.size)
    info = dict(device=torch.cuda.get_device_name() if dev.type == 'cuda' else 'cpu (smoke test)', cpus=os.cpu_count(),
                torch=torch.__version__, bs=a.bs, size=a.size, n=a.n, pack_ips=round(pack_ips, 1))
    print(f"{info['device']}, {os.cpu_count()} cpus, torch {torch.__version__}; store of {a.n} NIH PNG copies packed at {pack_ips:.0f} images/s")
    cl, res = torch.channels_last, {}
    for arch in a.archs:
        if time.perf_counter() - t0 > a.budget: print(f"{arch}: skipped (time budget of {a.budget:.0f} s spent)"); continue
        torch.manual_seed(0)
        model = create_model(arch, n_out=14, pretrained=False, in_chans=1, img_size=a.size).to(dev, memory_format=cl).train()
        opt = torch.optim.AdamW(model.parameters(), lr=1e-4, fused=dev.type == 'cuda')
        net, how, tc = model, 'eager', time.perf_counter()
        if not a.no_compile:
            try:
                net = torch.compile(model); s = step_fn(net, opt, MaskedBCE(), True)
                x = torch.randn(a.bs, 1, a.size, a.size, device=dev).contiguous(memory_format=cl); y = torch.randint(0, 2, (a.bs, 14), device=dev).float()
                s(x, y); sync(); how = 'compiled'
            except Exception as e:
                warnings.warn(f"{arch}: torch.compile failed ({type(e).__name__}: {str(e)[:120]}); measured eager"); net = model
        tc = time.perf_counter() - tc
        step = step_fn(net, opt, MaskedBCE(), True)
        x = torch.randn(a.bs, 1, a.size, a.size, device=dev).contiguous(memory_format=cl); y = torch.randint(0, 2, (a.bs, 14), device=dev).float()
        def synthetic():
            while True: yield x, y
        dls = cxr_dls(d/'lab', store=d/'store', size=a.size, bs=a.bs, aug='light', stats=arch,
                      cats=['nodule'], device=dev, num_workers=0)
        y14 = lambda it: ((xb, torch.cat([yb, yb.new_zeros(len(yb), 13)], 1)) for xb, yb in it)   # 14 outputs, as the floor
        floor, fed = 0.0, 0.0
        for _ in range(2):   # interleaved, best of 2
            floor = max(floor, timed(step, synthetic(), a.steps, a.warmup, sync))
            fed = max(fed, timed(step, y14(forever(dls.train, cl)), a.steps, a.warmup, sync))
        res[arch] = dict(how=how, compile_s=round(tc, 1), floor_ips=round(floor, 1), store_fed_ips=round(fed, 1), ratio=round(fed/floor, 3))
        print(f"{arch:24s} {how:8s} floor {floor:8.0f} images/s | store-fed {fed:8.0f} images/s | x{fed/floor:.2f} "
              f"({'PASS' if fed/floor >= 0.9 else 'FAIL'} >= 0.9) | compile+first step {tc:.0f} s")
    print(f"total {time.perf_counter() - t0:.0f} s")
    print(json.dumps(dict(info=info, results=res)))
    return 0

if __name__ == '__main__': sys.exit(main())
