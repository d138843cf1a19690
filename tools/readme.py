#!/usr/bin/env python3
"""Write README.md from nbs/index.ipynb (quarto's `nbdev-readme` needs network here).
Markdown cells are copied; code cells are shown with their text outputs; cells marked `#| hide`
and nbdev directives are dropped. `python tools/readme.py` rewrites README.md in place."""
import json, re
from pathlib import Path

root = Path(__file__).resolve().parents[1]
DIRECTIVE = re.compile(r'^\s*#\s*\|')

def cell_md(c):
    src = ''.join(c['source'])
    if c['cell_type'] == 'markdown': return src.strip()
    lines = src.splitlines()
    if any(re.match(r'^\s*#\s*\|\s*(hide|export|exporti|exports|echo:\s*false)\b', l) for l in lines): return ''
    code = '\n'.join(l for l in lines if not DIRECTIVE.match(l)).strip()
    if not code: return ''
    out = [f'```python\n{code}\n```']
    for o in c.get('outputs', []):
        txt = o.get('text') or o.get('data', {}).get('text/plain')
        if txt: out.append('    ' + ''.join(txt).rstrip().replace('\n', '\n    '))
    return '\n\n'.join(out)

def readme(nb=root/'nbs'/'index.ipynb'):
    "Markdown for README.md from the index notebook"
    cells = json.loads(Path(nb).read_text())['cells']
    body = '\n\n'.join(s for s in map(cell_md, cells) if s)
    # drop the quarto front-matter line-style description block
    return '<!-- WARNING: generated from nbs/index.ipynb by tools/readme.py; do not edit -->\n\n' + body + '\n'

if __name__ == '__main__': (root/'README.md').write_text(readme())
