"""GPU readiness in one short run (< 5 minutes on one node): training images/s of convnext_tiny and densenet121 at 224 px
under AMP (bf16, fp16), channels_last and `torch.compile`, each fed by the packed store against its synthetic-tensor floor,
and a 2-process `torchrun` (DDP) on one node when 2 GPUs exist.

For each architecture (one grey channel, 14 outputs, masked BCE, fused AdamW), training steps are timed on:
- floor: a random batch already on the device (no loader at all): what the model can consume;
- store-fed: batches of `cxr_dls(store=..., device=...)`, the training path: uint8 rows gathered from the memory-mapped
  store (`reliance.imaging.store`), copied to the device, converted, augmented and normalised there.
Rows: fp32 NCHW eager (reference), bf16 and fp16 channels_last eager, bf16 channels_last compiled; then DDP over 2 GPUs
(store-fed, bf16, channels_last, eager; images/s summed over the processes). Goal: store-fed >= 0.9x floor.
A model not started within `--budget` seconds is skipped and said, so that the whole run stays under 5 minutes.
On a machine without CUDA (or with `--smoke`) it runs the same code paths on the CPU in seconds: resnet10t, 32 px,
a few batches, fp32 and bf16 only, no compile (a test for CI, not a measurement); `--ddp` adds a 2-process gloo torchrun.

    python bench/gpu.py [--archs convnext_tiny densenet121] [--bs 128] [--steps 20] [--no-compile] [--no-ddp] [--smoke] [--json FILE]
"""
import argparse, json, os, subprocess, sys, time, warnings
from pathlib import Path
import torch

ARCHS = ['convnext_tiny', 'densenet121']
N_OUT = 14
HERE = Path(__file__).resolve().parent
# (label, amp dtype name or None, channels_last, compiled, also store-fed)
CONFIGS = [('fp32 NCHW eager', None, False, False, False), ('bf16 CL eager', 'bf16', True, False, True),
           ('fp16 CL eager', 'fp16', True, False, False), ('bf16 CL compiled', 'bf16', True, True, True)]
DT = {'bf16': torch.bfloat16, 'fp16': torch.float16}

def make_step(model, opt, amp, dev):
    "One training step (forward, masked BCE, backward, optimiser step) under `amp`; fp16 uses a GradScaler"
    from reliance.train.losses import MaskedBCE
    loss_fn, dt = MaskedBCE(), DT.get(amp)
    scaler = torch.amp.GradScaler(dev.type, enabled=amp == 'fp16')
    def step(x, y):
        with torch.autocast(dev.type, dtype=dt or torch.float32, enabled=dt is not None):
            loss = loss_fn(model(x).float(), y)
        scaler.scale(loss).backward(); scaler.step(opt); scaler.update(); opt.zero_grad(set_to_none=True)
        return loss
    return step

def timed(step, batches, steps, warmup, sync):
    "Images/s over `steps` steps after `warmup` steps; `batches` yields (x, y) on the device"
    for _ in range(warmup): step(*next(batches))
    sync(); t = time.perf_counter(); n = 0
    for _ in range(steps):
        x, y = next(batches); step(x, y); n += len(x)
    sync(); return n/(time.perf_counter() - t)

def store_batches(dl, cl):
    "Batches of a loader, epoch after epoch, as plain tensors (channels_last when asked) with 14 target columns"
    mf = torch.channels_last if cl else torch.contiguous_format
    while True:
        for x, y in dl:
            y = y.as_subclass(torch.Tensor)
            yield x.as_subclass(torch.Tensor).contiguous(memory_format=mf), torch.cat([y, y.new_zeros(len(y), N_OUT - y.shape[1])], 1)

def synthetic(bs, size, dev, cl):
    x = torch.randn(bs, 1, size, size, device=dev).contiguous(memory_format=torch.channels_last if cl else torch.contiguous_format)
    y = torch.randint(0, 2, (bs, N_OUT), device=dev).float()
    while True: yield x, y

def build(arch, size, dev, cl, kw):
    from reliance.train.models import create_model
    torch.manual_seed(0)
    m = create_model(arch, n_out=N_OUT, pretrained=False, in_chans=1, img_size=size, **kw).to(dev).train()
    if cl: m = m.to(memory_format=torch.channels_last)
    opt = torch.optim.AdamW(m.parameters(), lr=1e-4, fused=dev.type == 'cuda')
    return m, opt

def loaders(d, size, bs, dev, arch):
    from reliance.data.loaders import cxr_dls
    return cxr_dls(d/'lab', store=d/'store', size=size, bs=bs, aug='light', stats=arch, cats=['nodule'], device=dev, num_workers=0)

def run_config(a, arch, conf, d, dev, sync, kw):
    "One table row: floor (and store-fed) images/s of `arch` under one configuration"
    label, amp, cl, comp, fed = conf
    model, opt = build(arch, a.size, dev, cl, kw)
    net, how, tc = model, 'eager', 0.0
    if comp:
        t = time.perf_counter()
        try:
            net = torch.compile(model); make_step(net, opt, amp, dev)(*next(synthetic(a.bs, a.size, dev, cl))); sync(); how = 'compiled'
        except Exception as e:
            warnings.warn(f"{arch}: torch.compile failed ({type(e).__name__}: {str(e)[:120]}); measured eager"); net = model
        tc = time.perf_counter() - t
    step = make_step(net, opt, amp, dev)
    floor = timed(step, synthetic(a.bs, a.size, dev, cl), a.steps, a.warmup, sync)
    fed_ips = timed(step, store_batches(loaders(d, a.size, a.bs, dev, arch).train, cl), a.steps, a.warmup, sync) if fed else None
    return dict(arch=arch, config=label + (' (eager: compile failed)' if comp and how == 'eager' else ''), mode=how, floor_ips=round(floor, 1),
                store_fed_ips=None if fed_ips is None else round(fed_ips, 1), ratio=None if fed_ips is None else round(fed_ips/floor, 3),
                compile_s=round(tc, 1) if comp else None)

def ddp_worker(a):
    """Inside torchrun: store-fed bf16 channels_last DDP steps; rank 0 prints the summed images/s as one JSON line.
    Each process reads its own shuffled pass of the store: `reliance.train.distributed.DistributedDL` cannot wrap a store
    loader yet (its per-item `sample` meets `StoreDL.create_batches`, which expects batches of positions)."""
    import torch.distributed as dist
    from torch.nn.parallel import DistributedDataParallel
    from reliance.train.distributed import setup_distributed
    setup_distributed()
    rank, world = dist.get_rank(), dist.get_world_size()
    dev = torch.device('cuda', torch.cuda.current_device()) if torch.cuda.is_available() else torch.device('cpu')
    sync = torch.cuda.synchronize if dev.type == 'cuda' else (lambda: None)
    cl = dev.type == 'cuda'
    model, opt = build(a.archs[0], a.size, dev, cl, {})
    net = DistributedDataParallel(model, device_ids=[dev.index] if dev.type == 'cuda' else None)
    torch.manual_seed(rank); dl = loaders(Path(a.store), a.size, a.bs, dev, a.archs[0]).train
    ips = timed(make_step(net, opt, 'bf16', dev), store_batches(dl, cl), a.steps, a.warmup, sync)
    t = torch.tensor([ips], device=dev); dist.all_reduce(t)
    if rank == 0: print('DDP_RESULT ' + json.dumps(dict(arch=a.archs[0], config=f'bf16 {"CL" if cl else "NCHW"} eager DDP x{world}', mode='eager',
                                                      floor_ips=None, store_fed_ips=round(float(t), 1), ratio=None, compile_s=None)), flush=True)
    dist.destroy_process_group()
    return 0

def run_ddp(a, d, n):
    "Launch `n` processes with torchrun on this node; the row it measured, or None (said) when it failed"
    cmd = [sys.executable, '-m', 'torch.distributed.run', '--standalone', f'--nproc_per_node={n}', str(Path(__file__).resolve()), '--worker',
           '--store', str(d), '--archs', a.archs[0], '--bs', str(a.bs), '--size', str(a.size), '--steps', str(a.steps), '--warmup', str(a.warmup)]
    if a.smoke: cmd.append('--smoke')
    env = {**os.environ, 'PYTHONPATH': os.pathsep.join([str(HERE.parent), os.environ.get('PYTHONPATH', '')]), 'OMP_NUM_THREADS': '1'}
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=a.ddp_timeout)
    line = next((l for l in r.stdout.splitlines() if l.startswith('DDP_RESULT ')), None)
    if line is None:
        err = [l for l in r.stderr.splitlines() if 'Error' in l and 'ChildFailedError' not in l] or r.stderr.strip().splitlines() or ['']
        print(f"torchrun x{n}: no result (exit {r.returncode}): {err[-1][:240]}"); return None
    return json.loads(line[len('DDP_RESULT '):])

def table(rows, smoke=False):
    "The results as a fixed-width text table (no PASS/FAIL in a smoke test: it measures nothing)"
    f = lambda v, w: f"{v:>{w}.0f}" if isinstance(v, (int, float)) else f"{'-':>{w}}"
    ratio = lambda v: f"{v:7.2f} {'smoke' if smoke else 'PASS' if v >= 0.9 else 'FAIL':>4s}" if v is not None else f"{'-':>12s}"
    out = [f"{'arch':14s} {'configuration':24s} {'floor img/s':>11s} {'store img/s':>11s} {'store/floor':>12s} {'compile s':>9s}"]
    for r in rows:
        out.append(f"{r['arch']:14s} {r['config']:24s} "
                   f"{f(r['floor_ips'], 11)} {f(r['store_fed_ips'], 11)} "
                   f"{ratio(r['ratio'])} "
                   f"{f(r['compile_s'], 9)}")
    return '\n'.join(out)

def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--archs', nargs='+', default=ARCHS); p.add_argument('--bs', type=int, default=128)
    p.add_argument('--size', type=int, default=224); p.add_argument('--n', type=int, default=1024, help='images in the store')
    p.add_argument('--steps', type=int, default=20); p.add_argument('--warmup', type=int, default=5)
    p.add_argument('--no-compile', action='store_true'); p.add_argument('--no-ddp', action='store_true')
    p.add_argument('--ddp', action='store_true', help='in --smoke, also run the 2-process torchrun (gloo on CPU)')
    p.add_argument('--budget', type=float, default=240, help='seconds: configurations not started by then are skipped (said)')
    p.add_argument('--ddp-timeout', type=float, default=150)
    p.add_argument('--smoke', '--cpu-smoke', dest='smoke', action='store_true', help='seconds-long CPU run of every code path (automatic without CUDA)')
    p.add_argument('--json', default=None, help='also write the results to this JSON file')
    p.add_argument('--worker', action='store_true', help=argparse.SUPPRESS); p.add_argument('--store', default=None, help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if not torch.cuda.is_available() and not a.smoke:
        print("bench/gpu.py: no CUDA device here: running the CPU smoke test (--smoke), not a measurement"); a.smoke = True
    if a.smoke:
        a.archs, a.size, a.n, a.bs, a.steps, a.warmup = ['resnet10t'], 32, 24, 8, 2, 1
        if not torch.cuda.is_available(): a.no_compile = True
    return a

def main(argv=None):
    a = parse(argv)
    if a.worker: return ddp_worker(a)
    t0 = time.perf_counter()
    sys.path.insert(0, str(HERE)); sys.path.insert(0, str(HERE.parent))
    from loader import make_data
    from reliance.core import scratch_dir, resolve_device
    dev = resolve_device('cpu' if a.smoke and not torch.cuda.is_available() else 'auto')
    sync = torch.cuda.synchronize if dev.type == 'cuda' else (lambda: None)
    if dev.type == 'cuda': torch.backends.cudnn.benchmark = True; torch.backends.cuda.matmul.allow_tf32 = True; torch.backends.cudnn.allow_tf32 = True
    d = scratch_dir('bench_gpu_'); pack_ips = make_data(d, a.n, a.size)
    name = torch.cuda.get_device_name(dev) if dev.type == 'cuda' else 'CPU (smoke test, not a measurement)'
    n_gpu = torch.cuda.device_count() if dev.type == 'cuda' else 0
    print(f"{name}; {n_gpu} GPU(s), {os.cpu_count()} CPUs, torch {torch.__version__}; bs {a.bs}, {a.size} px; "
          f"store of {a.n} NIH PNG copies packed at {pack_ips:.0f} images/s")
    confs = [c for c in CONFIGS if not (a.no_compile and c[3]) and not (dev.type == 'cpu' and c[1] == 'fp16')]
    rows = []
    for arch in a.archs:
        for conf in confs:
            if time.perf_counter() - t0 > a.budget: print(f"{arch} {conf[0]}: skipped (time budget of {a.budget:.0f} s spent)"); continue
            rows.append(run_config(a, arch, conf, d, dev, sync, {})); print(table(rows[-1:], a.smoke).splitlines()[1], flush=True)
    n_ddp = 2 if (n_gpu >= 2 or (a.smoke and a.ddp and dev.type == 'cpu')) else 0
    if n_ddp and not a.no_ddp:
        if time.perf_counter() - t0 > a.budget: print(f"torchrun x{n_ddp}: skipped (time budget of {a.budget:.0f} s spent)")
        elif (r := run_ddp(a, d, n_ddp)) is not None: rows.append(r)
    elif not a.no_ddp: print(f"torchrun x2: not run ({n_gpu} GPU(s) here; it needs 2)")
    print(); print(table(rows, a.smoke)); print(f"total {time.perf_counter() - t0:.0f} s")
    if a.json: Path(a.json).write_text(json.dumps(dict(device=name, n_gpu=n_gpu, torch=torch.__version__, bs=a.bs, size=a.size, rows=rows), indent=1))
    return 0

if __name__ == '__main__': sys.exit(main())
