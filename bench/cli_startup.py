#!/usr/bin/env python3
"""Start-up time of every reliance command (issue #27, item 7): `--help`, `--version` and a bad argument, run as pip's
console script runs them (a file named after the command: `from reliance.launch import reliance_x; sys.exit(reliance_x())`),
median wall time of a subprocess over --reps runs. With --baseline, the same `--help` as the console script ran before
the launcher (importing the command's module first: `from reliance.inference.predict import predict_cli; ...`).
With --importtime CMD, `python -X importtime` of both paths for that command: the largest imports.

Usage: python bench/cli_startup.py [--reps 3] [--baseline] [--importtime reliance-predict] [--only reliance-predict,reliance-train]
Run from the repository root (it puts the checkout first on PYTHONPATH)."""
import argparse, os, re, statistics, subprocess, sys, tempfile, time
from pathlib import Path

root = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(root))
from reliance.launch import COMMANDS   # noqa: E402  (light: no torch)

CALLS = {'--help': ['--help'], '--version': ['--version'], 'bad arg': ['--no-such-flag']}

def script(d, prog, old=False):
    "A console script for `prog`, as pip writes it: through the launcher, or (old) straight to the command's function"
    mod, fn = COMMANDS[prog].split(':') if old else ('reliance.launch', prog.replace('-', '_'))
    f = Path(d)/('old' if old else 'new')/prog; f.parent.mkdir(exist_ok=True)
    f.write_text(f"import sys\nfrom {mod} import {fn}\nif __name__ == '__main__': sys.exit({fn}())\n")
    return f

def timed(f, args, reps, env):
    "(median seconds, exit code) of `python f args`"
    ts, rc = [], None
    for _ in range(reps):
        t0 = time.perf_counter()
        r = subprocess.run([sys.executable, str(f), *args], capture_output=True, text=True, env=env)
        ts.append(time.perf_counter() - t0); rc = r.returncode
    return statistics.median(ts), rc

def importtime(f, args, env, top=12):
    "The `top` packages with the largest cumulative import time (ms; a package's first import, with what it imports) of `python -X importtime f args`"
    r = subprocess.run([sys.executable, '-X', 'importtime', str(f), *args], capture_output=True, text=True, env=env)
    per = {}
    for m in re.finditer(r'import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)', r.stderr):
        name = m.group(4)
        if '.' not in name or name.startswith('reliance.'): per[name] = max(per.get(name, 0), int(m.group(2)) / 1000)
    return sorted(((v, k) for k, v in per.items()), reverse=True)[:top]

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--reps', type=int, default=3, help='runs per call (median reported)')
    ap.add_argument('--baseline', action='store_true', help="also time the old console script's --help (imports torch; slow)")
    ap.add_argument('--importtime', default=None, help='a command to show -X importtime for (both paths)')
    ap.add_argument('--only', default=None, help='comma-separated commands (default: all)')
    a = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=str(root) + os.pathsep + os.environ.get('PYTHONPATH', ''), HF_HUB_OFFLINE='1', COLUMNS='100')
    progs = a.only.split(',') if a.only else list(COMMANDS)
    d = tempfile.mkdtemp(prefix='reliance-cli-bench-')
    head = f"{'command':20} " + ' '.join(f"{k:>12}" for k in CALLS) + (f" {'old --help':>12}" if a.baseline else '')
    print(f"median wall seconds over {a.reps} run(s), python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}\n{head}")
    worst, olds = 0.0, []
    bare = statistics.median([timed(Path(d)/'pass.py', [], 1, env)[0] for _ in range(a.reps) if (Path(d)/'pass.py').write_text('') is not None])
    print(f"{'(python, empty file)':20} {bare:8.3f}     : the floor every command pays")
    for prog in progs:
        new = script(d, prog)
        cells = []
        for k, args in CALLS.items():
            t, rc = timed(new, args, a.reps, env); worst = max(worst, t)
            cells.append(f"{t:8.3f} ({rc})")
        if a.baseline:
            t, rc = timed(script(d, prog, old=True), ['--help'], max(1, a.reps // 3), env); olds.append(t)
            cells.append(f"{t:8.3f} ({rc})")
        print(f"{prog:20} " + ' '.join(f"{c:>12}" for c in cells), flush=True)
    if 'reliance-train' in progs:   # a value argparse cannot type-check: the launcher runs `reliance.train.config.check_flags` on it first
        t, rc = timed(script(d, 'reliance-train'), ['--data', 'labels', '--epochs', 'x'], a.reps, env); worst = max(worst, t)
        print(f"{'reliance-train --epochs x (a wrongly typed option value)':58} {t:8.3f} ({rc})")
    print(f"slowest launcher call: {worst:.3f} s (goal < 1 s); exit codes in brackets (0 help/version, 2 bad argument)")
    if olds: print(f"old console script --help: median {statistics.median(olds):.2f} s, max {max(olds):.2f} s over {len(olds)} commands")
    if a.importtime:
        for label, old in (('launcher', False), ('old console script', True)):
            top = importtime(script(d, a.importtime, old=old), ['--help'], env)
            print(f"\n-X importtime, {a.importtime} --help, {label}: packages and reliance modules with the largest cumulative import time (ms; nested, so they overlap)")
            for ms, name in top: print(f"  {ms:9.1f}  {name}")

if __name__ == '__main__': main()
