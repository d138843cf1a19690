"""Architecture and hygiene gates for reliance, run by CI after the notebook tests.

Checks, each printed with its numbers; the exit code is 1 if any gate fails:
- import graph: every `reliance` module imports only modules exported by EARLIER notebooks (notebook order =
  file order in nbs/), hence no circles;
- ruff F401/F811/F821/F841 on reliance/: 0 findings;
- notebooks: none over 300 KB; no markdown cell other than the title uses an H1 (`# `); every `#| export` cell
  defines at most one public name (functions, classes and public module-level constants count; imports do not);
- test share: share of exported public names used in a later test (a non-export code cell that asserts, or
  whose next code cell asserts), over all notebooks: >= 85%.
Usage: python tools/check_arch.py [--verbose]
"""
import ast, json, re, subprocess, sys
from pathlib import Path

root = Path(__file__).resolve().parents[1]
nbs_dir, lib = root/'nbs', root/'reliance'
verbose = '--verbose' in sys.argv
TEST = re.compile(r'\btest_(eq|ne|close|fail|warns|is|eq_type|shuffled|stdout|sig)\w*\s*\(|\bassert\b')
fails = []
MIN_SHARE = 0.85

def cells(p): return json.loads(p.read_text())['cells']
def src(c): return ''.join(c['source'])
def is_export(s): return bool(re.match(r'\s*#\|\s*export', s))

notebooks = sorted(p for p in nbs_dir.glob('*.ipynb'))
order = {}   # module -> notebook index
for i, p in enumerate(notebooks):
    for c in cells(p):
        m = re.match(r'\s*#\|\s*default_exp\s+(\S+)', src(c))
        if m: order[m.group(1)] = i

# import graph (modules are dotted paths under reliance/: 'stats.auc'; relative imports of any level resolved)
def resolve(mod, node):
    "reliance module names an ImportFrom node may refer to"
    if node.level:
        pkg = ['reliance'] + mod.split('.')[:-1]
        parts = pkg[:len(pkg) - (node.level - 1)] + (node.module.split('.') if node.module else [])
    else:
        if not (node.module or '').startswith('reliance'): return []
        parts = node.module.split('.')
    base = '.'.join(parts[1:])
    return ([base] if base else []) + [f"{base}.{a.name}".lstrip('.') for a in node.names]
edges, missing = {}, []
for mod in order:
    f = lib/(mod.replace('.', '/') + '.py')
    deps = set()
    for n in ast.walk(ast.parse(f.read_text())):
        if isinstance(n, ast.ImportFrom):
            cands = resolve(mod, n)
            hit = [c for c in cands if c in order]
            deps.update(hit)
            if cands and not hit and cands[0] not in ('', '_modidx') and not cands[0].endswith('__version__') \
               and not (lib/cands[0].replace('.', '/')).is_dir(): missing.append((mod, cands[0]))
        elif isinstance(n, ast.Import):
            deps.update(a.name[len('reliance.'):] for a in n.names if a.name.startswith('reliance.') and a.name[len('reliance.'):] in order)
    edges[mod] = deps - {mod}
late = [(m, d) for m, ds in edges.items() for d in sorted(ds) if order[d] >= order[m]]
print(f"import graph: {len(order)} modules, {sum(map(len, edges.values()))} imports between them, "
      f"{len(late)} that import a later notebook's module" + (f": {late}" if late else ""))
if late: fails.append('import order')
if missing: print(f"imports of reliance modules that no notebook exports: {missing}"); fails.append('missing modules')

# ruff
r = subprocess.run([sys.executable, '-m', 'ruff', 'check', '--quiet', '--select', 'F401,F811,F821,F841',
                    '--output-format', 'concise', str(lib)], capture_output=True, text=True)
found = [l for l in r.stdout.splitlines() if re.match(r'.+:\d+:\d+:', l)]
ran = r.returncode == 0 or (r.returncode == 1 and found)   # 1 without findings: ruff did not run (e.g. not installed)
print(f"ruff F401/F811/F821/F841 findings in reliance/: {len(found)}" + ('' if ran else f" (ruff did not run: {r.stderr.strip()[:200]})"))
for l in found[:20]: print('  ', l)
if not ran or found: fails.append('ruff')

# purity: reliance.stats imports only reliance.stats and reliance.core, and no torch/fastai/timm at run time
impure = [(m, d) for m, ds in edges.items() if m.startswith('stats.') for d in ds if not (d.startswith('stats.') or d == 'core')]
probe = ("import importlib, pkgutil, sys, reliance.stats as s\n"
         "[importlib.import_module('reliance.stats.' + m.name) for m in pkgutil.iter_modules(s.__path__)]\n"
         "print(','.join(sorted({m.split('.')[0] for m in sys.modules} & {'torch', 'fastai', 'timm', 'torchvision'})))")
r = subprocess.run([sys.executable, '-c', probe], capture_output=True, text=True, cwd=root)
heavy = r.stdout.strip() if r.returncode == 0 else f"(probe failed: {r.stderr.strip()[-200:]})"
print(f"reliance.stats purity: {len(impure)} imports of other bands" + (f" {impure}" if impure else "") +
      f"; heavy packages after importing every stats module: {heavy or 'none'}")
if impure or heavy: fails.append('stats purity')

# complexity: no function above ruff's McCabe complexity 15
r = subprocess.run([sys.executable, '-m', 'ruff', 'check', '--quiet', '--select', 'C901', '--config', 'lint.mccabe.max-complexity=15',
                    '--output-format', 'concise', str(lib)], capture_output=True, text=True)
cx = [l.split('reliance/', 1)[-1] for l in r.stdout.splitlines() if 'C901' in l]
print(f"functions above McCabe complexity 15: {len(cx)}" + ''.join(f"\n   {l}" for l in cx))
if cx: fails.append('complexity')

# notebooks: sizes, headings, one definition per export cell, test share
all_nbs = notebooks + sorted((nbs_dir/'tutorials').glob('*.ipynb'))
big = [(p.name, p.stat().st_size//1024) for p in all_nbs if p.stat().st_size > 300*1024]
print(f"notebooks over 300 KB: {len(big)}" + (f" {big}" if big else "") + f" (largest: "
      f"{max((p.stat().st_size//1024, p.name) for p in all_nbs)})")
if big: fails.append('size')

def names_of(s):
    "Public names a cell defines at top level"
    try: tree = ast.parse('\n'.join(l for l in s.splitlines() if not l.lstrip().startswith(('#|', '%'))))
    except SyntaxError: return []
    out = []
    for n in tree.body:
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)): out.append(n.name)
        elif isinstance(n, ast.Assign): out += [t.id for t in n.targets if isinstance(t, ast.Name)]
        elif isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name): out.append(n.target.id)
    return [o for o in out if not o.startswith('_')]

h1, multi, defined = [], [], []   # defined: (notebook index, cell index, name)
for i, p in enumerate(notebooks):
    cs = cells(p); title_seen = False
    for j, c in enumerate(cs):
        s = src(c)
        if c['cell_type'] == 'markdown':
            heads = [l for l in s.splitlines() if re.match(r'#\s', l)]
            if heads and not title_seen: title_seen = True; heads = heads[1:]
            h1 += [(p.name, l[:50]) for l in heads]
        elif is_export(s):
            ns = names_of(s)
            ns = list(dict.fromkeys(ns))
            if len(ns) > 1: multi.append((p.name, ns))
            defined += [(i, j, n) for n in ns]
print(f"markdown H1 headings other than the title: {len(h1)}" + (f" {h1[:10]}" if h1 else ""))
print(f"export cells defining more than one public name: {len(multi)}" + (f" {multi[:10]}" if multi else ""))
if h1: fails.append('headings')
if multi: fails.append('one definition per cell')

code = {i: [(j, src(c)) for j, c in enumerate(cells(p)) if c['cell_type'] == 'code'] for i, p in enumerate(notebooks)}
def tested(i, j, name):
    "An asserting code cell that names `name` after its definition and before the next export cell of the notebook"
    pat = re.compile(rf'\b{re.escape(name)}\b')
    for jj, s in code[i]:
        if jj <= j: continue
        if is_export(s): return False
        if pat.search(s) and TEST.search(s): return True
    return False
per = {}
for i, j, n in defined: per.setdefault(notebooks[i].name, []).append((n, tested(i, j, n)))
tot = sum(len(v) for v in per.values()); ok = sum(t for v in per.values() for _, t in v)
share = ok/max(tot, 1)
print(f"test share (strict: an asserting cell naming the definition before the next export cell): {ok}/{tot} = {share:.0%}")
for nb, v in per.items():
    miss = [n for n, t in v if not t]
    if verbose or miss: print(f"   {nb}: {len(v) - len(miss)}/{len(v)}" + (f" untested: {miss}" if miss else ""))
if share < MIN_SHARE: fails.append('test share')

print("architecture gates: " + ("all passed" if not fails else "FAILED: " + ", ".join(fails)))
sys.exit(1 if fails else 0)
