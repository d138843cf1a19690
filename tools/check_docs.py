#!/usr/bin/env python3
"""Docs check without quarto: render the notebooks processed by `nbdev-proc-nbs` (in `_proc/`) to HTML
with nbconvert, open pages in headless Chromium, and check what a reader sees: the index with the two
commands, a rendered API entry (heading + signature) and at least one plot. Screenshots go to
`_proc/_html/*.png` (not committed). Run `nbdev-proc-nbs` first. Exit status 1 if a check fails.
Also: `reliance-evaluate` (run as `python -m reliance.evaluation.report` on small synthetic tables, as its notebook's tests do)
writes a `report.html`, which is screenshotted to `_proc/_html/evaluation_report.png` and checked to be non-blank.
`--report-only` runs just that check (no `_proc` needed)."""
import html, re, shutil, subprocess, sys, tempfile
from pathlib import Path
import nbformat
from nbconvert import HTMLExporter

root = Path(__file__).resolve().parents[1]
proc, out = root/'_proc', root/'_proc'/'_html'
FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--hide-scrollbars', '--virtual-time-budget=3000']

_KEYS = {'cell_type', 'execution_count', 'id', 'metadata', 'outputs', 'source', 'attachments'}

def render():
    "Render every processed notebook to `_proc/_html/<name>.html`; returns name -> path"
    out.mkdir(parents=True, exist_ok=True)
    from nbconvert.preprocessors import TagRemovePreprocessor
    exp = HTMLExporter(template_name='lab', exclude_input_prompt=True, exclude_output_prompt=True)
    exp.register_preprocessor(TagRemovePreprocessor(remove_input_tags={'hide-input'}, remove_cell_tags={'remove'}), enabled=True)
    pages = {}
    for nb in sorted(proc.rglob('*.ipynb')):
        node = nbformat.read(nb, as_version=4)
        title = next((c.source for c in node.cells if c.cell_type == 'raw'), '')
        m = re.search(r'^title:\s*(.+)$', title, re.M)
        for c in node.cells:   # nbdev adds bookkeeping keys (e.g. `has_sd`) that the notebook schema rejects
            for k in [k for k in c if k not in _KEYS]: del c[k]
            c.metadata.pop('execution', None)
            tags = c.metadata.setdefault('tags', [])
            if c.cell_type == 'raw': tags.append('remove')   # quarto front matter
            if c.cell_type == 'code' and re.search(r'^#\|\s*echo:\s*false', c.source, re.M): tags.append('hide-input')
            for o in c.get('outputs', []):   # quarto link attributes ([source](url){target=...}) are not markdown
                md = o.get('data', {}).get('text/markdown')
                if md: o['data']['text/markdown'] = re.sub(r'\)\{[^}]*\}', ')', md if isinstance(md, str) else ''.join(md))
        d = re.search(r'^description:\s*(.+)$', title, re.M)
        if m: node.cells.insert(0, nbformat.v4.new_markdown_cell(f"# {m.group(1).strip().strip(chr(39))}" + (f"\n\n> {d.group(1).strip().strip(chr(39))}" if d else '')))
        body, _ = exp.from_notebook_node(node)
        name = '_'.join(nb.relative_to(proc).with_suffix('').parts)   # tutorials/x -> tutorials_x
        (out/f'{name}.html').write_text(body)
        pages[name] = out/f'{name}.html'
    return pages

def chromium(page, *args, timeout=60):
    "Run headless Chromium on a local page with `args`; returns stdout"
    exe = shutil.which('chromium') or shutil.which('chromium-browser') or shutil.which('google-chrome')
    if not exe: raise SystemExit("check_docs: no chromium on PATH (Debian: apt-get install chromium)")
    with tempfile.TemporaryDirectory() as prof:
        r = subprocess.run([exe, *FLAGS, f'--user-data-dir={prof}', *args, page.as_uri()], capture_output=True, text=True, timeout=timeout)
    return r.stdout

def _toy_eval(folder, n=300, seed=0):
    "Labels, SYNTHETIC predictions and metadata CSVs of a small test set in `folder`; returns the reliance-evaluate arguments"
    import numpy as np, pandas as pd
    rng = np.random.default_rng(seed); folder.mkdir(parents=True, exist_ok=True)
    Y = pd.DataFrame(dict(normal=(rng.random(n) < 0.4).astype(float)))
    Y['cardiomegaly'] = np.where(Y.normal == 1, 0, (rng.random(n) < 0.5).astype(float))
    ids = [f'img{i:04d}' for i in range(n)]
    pd.concat([pd.DataFrame(dict(image_id=ids, patient_id=[f'p{i // 2}' for i in range(n)], path='x.png', source='toy')), Y], axis=1).to_csv(folder/'test.csv', index=False)
    pd.concat([pd.DataFrame(dict(image=ids)), 1 / (1 + np.exp(-(Y * 1.5 - 0.7 + rng.normal(0, 1, Y.shape))))], axis=1).to_csv(folder/'preds.csv', index=False)
    pd.DataFrame(dict(image_id=ids, sex=rng.choice(['F', 'M'], n), age=rng.integers(1, 99, n), view=rng.choice(['PA', 'AP'], n))).to_csv(folder/'metadata.csv', index=False)
    return ['--labels', folder/'test.csv', '--preds', folder/'preds.csv', '--metadata', folder/'metadata.csv', '--note', 'SYNTHETIC predictions (docs check)']

def check_report(check):
    "Run reliance-evaluate on a small synthetic table, screenshot its report.html, check the picture is not blank"
    from PIL import Image
    import numpy as np
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        r = subprocess.run([sys.executable, '-m', 'reliance.evaluation.report', *map(str, _toy_eval(tmp/'in')), '--out', str(tmp/'evaluation')],
                           capture_output=True, text=True, cwd=root, timeout=600)
        page = tmp/'evaluation'/'report.html'
        check(r.returncode == 0 and page.is_file(), 'reliance-evaluate wrote report.html' + ('' if r.returncode == 0 else f': {r.stderr.strip()[-300:]}'))
        if not page.is_file(): return
        text = html.unescape(re.sub(r'<[^>]+>', '', chromium(page, '--dump-dom')))
        check(all(s in text for s in ('Data flow', 'Subgroups', 'Checklist')) and 'SYNTHETIC' in text, 'report.html renders its sections in Chromium')
        png = out/'evaluation_report.png'
        chromium(page, f'--screenshot={png}', '--window-size=1100,4000')
        if not png.is_file(): check(False, 'screenshot of report.html written'); return
        a = np.asarray(Image.open(png).convert('L'), dtype=float)
        ink = float((a < 200).mean())                       # share of non-background pixels
        check(png.stat().st_size > 10_000 and ink > 0.01 and a.std() > 10, f'screenshot of report.html is not blank ({ink:.1%} ink, {png.stat().st_size:,} bytes)')

def main():
    fails = []
    def check(ok, what): print(('ok   ' if ok else 'FAIL ') + what); ok or fails.append(what)
    if '--report-only' in sys.argv:
        check_report(check); sys.exit(1 if fails else 0)
    pages = render()
    dom = {k: chromium(p, '--dump-dom') for k,p in pages.items() if k in ('index', '01_taxonomy')}
    idx = html.unescape(re.sub(r'<[^>]+>', '', dom.get('index', '')))
    check('reliance-demo --out' in idx and 'nbdev-test --n-workers 2' in idx, 'index shows the two fresh-machine commands')
    tx = dom.get('01_taxonomy', '')
    text = html.unescape(re.sub(r'<[^>]+>', '', tx))
    check(bool(re.search(r'<h3 id="load_taxonomy">load_taxonomy', tx)) and 'def load_taxonomy(' in text and "name:str | Path='reliance32'" in text,
          'taxonomy page renders the load_taxonomy API entry (heading + signature)')
    plots = [k for k,p in pages.items() if re.search(r'jp-RenderedImage[^>]*>\s*<img[^>]+src="data:image/png', p.read_text())]
    check(len(plots) > 0, f'at least one page shows a plot ({", ".join(plots) or "none"})')
    if plots: dom[plots[0]] = chromium(pages[plots[0]], '--dump-dom')
    check(not plots or '<img' in dom.get(plots[0], ''), 'the plot is an <img> in the rendered DOM')
    for k in ['index', '01_taxonomy'] + plots[:1]:
        chromium(pages[k], f'--screenshot={out/(k + ".png")}', '--window-size=1200,1600')
        check((out/f'{k}.png').exists() and (out/f'{k}.png').stat().st_size > 10_000, f'screenshot of {k} written')
    check_report(check)
    print(f'{len(pages)} pages rendered to {out}')
    sys.exit(1 if fails else 0)

if __name__ == '__main__': main()
