#!/usr/bin/env python3
"""Write README.md from nbs/index.ipynb (quarto's `nbdev-readme` needs network here).
Markdown cells are copied; code cells are shown with their text outputs; cells marked `#| hide`
and nbdev directives are dropped. A figure whose code is hidden (`#| echo: false`) is written to
nbs/images/index_<n>.png from the notebook's saved output and shown as an image.
`python tools/readme.py` rewrites README.md (and those PNGs) in place, nbs/sidebar.yml: the docs sidebar grouped by
band (quarto reads it; `custom_sidebar = true` keeps nbdev from overwriting it), and reliance/commands.json: every
command's parser, made from the real functions, which the console scripts' launcher answers --help, --version and
argument errors from (reliance.launch.write_specs; CI fails when this leaves a change, so a stale copy cannot ship)."""
import base64, json, re
from pathlib import Path

root = Path(__file__).resolve().parents[1]
DIRECTIVE = re.compile(r'^\s*#\s*\|')

def _figure(c, n):
    "Markdown image for the saved PNG output of a hidden-code cell, written to nbs/images/index_<n>.png"
    png = next((o['data']['image/png'] for o in c.get('outputs', []) if 'image/png' in o.get('data', {})), None)
    if png is None: return ''
    f = root/'nbs'/'images'/f'index_{n}.png'; f.parent.mkdir(exist_ok=True)
    f.write_bytes(base64.b64decode(''.join(png) if isinstance(png, list) else png))
    return f'![](nbs/images/{f.name})'

def cell_md(c, n=0):
    src = ''.join(c['source'])
    if c['cell_type'] == 'markdown': return src.strip()
    lines = src.splitlines()
    if any(re.match(r'^\s*#\s*\|\s*echo:\s*false\b', l) for l in lines): return _figure(c, n)
    if any(re.match(r'^\s*#\s*\|\s*(hide|export|exporti|exports)\b', l) for l in lines): return ''
    code = '\n'.join(l for l in lines if not DIRECTIVE.match(l)).strip()
    if not code: return ''
    out = [f'```python\n{code}\n```']
    for o in c.get('outputs', []):
        txt = o.get('text') or o.get('data', {}).get('text/plain')
        if txt: out.append('    ' + ''.join(txt).rstrip().replace('\n', '\n    '))
    return '\n\n'.join(out)

BANDS = [('0', 'Labels'), ('1', 'Imaging'), ('2', 'Data'), ('3', 'Training'), ('4', 'Statistics'), ('5', 'Evaluation'),
         ('6', 'Studies'), ('7', 'Inference'), ('9', 'Commands')]

def sidebar(nbs=root/'nbs'):
    "nbs/sidebar.yml: the index, then one section per band (notebooks by number), then the tutorials"
    lines = ['website:', '  sidebar:', '    contents:', '      - index.ipynb']
    for d, name in BANDS + [('tutorials', 'Tutorials')]:
        fs = sorted(f'tutorials/{p.name}' for p in (nbs/'tutorials').glob('*.ipynb')) if d == 'tutorials' else sorted(p.name for p in nbs.glob(f'{d}[0-9]*.ipynb'))
        if fs: lines += [f'      - section: {name}', '        contents:'] + [f'          - {f}' for f in fs]
    return '\n'.join(lines) + '\n'

def readme(nb=root/'nbs'/'index.ipynb'):
    "Markdown for README.md from the index notebook"
    cells = json.loads(Path(nb).read_text())['cells']
    body = '\n\n'.join(s for s in (cell_md(c, i) for i, c in enumerate(cells)) if s)
    # drop the quarto front-matter line-style description block
    return '<!-- WARNING: generated from nbs/index.ipynb by tools/readme.py; do not edit -->\n\n' + body + '\n'

if __name__ == '__main__':
    (root/'README.md').write_text(readme())
    (root/'nbs'/'sidebar.yml').write_text(sidebar())
    import sys; sys.path.insert(0, str(root))
    from reliance.launch import write_specs
    write_specs(root/'reliance'/'commands.json')
