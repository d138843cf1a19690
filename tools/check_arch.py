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

def cells(p): return json.loads(p.read_text())['cells']
def src(c): return ''.join(c['source'])
def is_export(s): return bool(re.match(r'\s*#\|\s*export', s))

notebooks = sorted(p for p in nbs_dir.glob('*.ipynb'))
order = {}   # module -> notebook index
for i, p in enumerate(notebooks):
    for c in cells(p):
        m = re.match(r'\s*#\|\s*default_exp\s+(\S+)', src(c))
        if m: order[m.group(1)] = i

# import graph
edges, missing = {}, []
for mod in order:
    f = lib/(mod.replace('.', '/') + '.py')
    deps = set()
    for n in ast.walk(ast.parse(f.read_text())):
        if isinstance(n, ast.ImportFrom):
            base = n.module or ''
            if n.level == 1: cands = [base] if base else [a.name for a in n.names]
            elif base.startswith('reliance.'): cands = [base[len('reliance.'):]]
            elif base == 'reliance': cands = [a.name for a in n.names]   # from reliance import x
            else: cands = []
            deps.update(c for c in cands if c in order)
            missing += [(mod, c) for c in cands if c not in order and c != '_modidx' and not (base == 'reliance' and c == '__version__')]
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
    pat = re.compile(rf'\b{re.escape(name)}\b')
    for k in range(i, len(notebooks)):
        cc = code[k]
        for n, (jj, s) in enumerate(cc):
            if (k == i and jj <= j) or is_export(s) or not pat.search(s): continue
            nxt = cc[n + 1][1] if n + 1 < len(cc) else ''
            if TEST.search(s) or (TEST.search(nxt) and not is_export(nxt)): return True
    return False
per = {}
for i, j, n in defined: per.setdefault(notebooks[i].name, []).append((n, tested(i, j, n)))
tot = sum(len(v) for v in per.values()); ok = sum(t for v in per.values() for _, t in v)
share = ok/max(tot, 1)
print(f"test share: {ok}/{tot} exported public names used in a later test = {share:.0%}")
for nb, v in per.items():
    miss = [n for n, t in v if not t]
    if verbose or miss: print(f"   {nb}: {len(v) - len(miss)}/{len(v)}" + (f" untested: {miss}" if miss else ""))
if share < 0.85: fails.append('test share')

print("architecture gates: " + ("all passed" if not fails else "FAILED: " + ", ".join(fails)))
sys.exit(1 if fails else 0)
