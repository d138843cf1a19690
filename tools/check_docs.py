#!/usr/bin/env python3
"""Docs check without quarto: render the notebooks processed by `nbdev-proc-nbs` (in `_proc/`) to HTML
with nbconvert, open pages in headless Chromium, and check what a reader sees: the index with the two
commands, a rendered API entry (heading + signature) and at least one plot. Screenshots go to
`_proc/_html/*.png` (not committed). Run `nbdev-proc-nbs` first. Exit status 1 if a check fails.
Also: `reliance-evaluate` (run as `python -m reliance.evaluation.report` on small synthetic tables, as its notebook's tests do)
writes a `report.html`, which is screenshotted to `_proc/_html/evaluation_report.png` and checked to be non-blank.
Every page gets the whole subtitle (the YAML description, however many lines) and a sidebar grouped by band (the
notebook number: 00 labels ... 70 inference, 90 commands), checked on the taxonomy page and screenshotted.
`--report-only` runs just that check (no `_proc` needed)."""
import html, re, shutil, subprocess, sys, tempfile
import yaml
from pathlib import Path
import nbformat
from nbconvert import HTMLExporter

root = Path(__file__).resolve().parents[1]
proc, out = root/'_proc', root/'_proc'/'_html'
FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--hide-scrollbars', '--virtual-time-budget=3000']

TAX = '01_labels.taxonomy'   # the page whose API entry, subtitle and sidebar are checked
_KEYS = {'cell_type', 'execution_count', 'id', 'metadata', 'outputs', 'source', 'attachments'}

BANDS = [('00', 'Labels'), ('10', 'Imaging'), ('20', 'Data'), ('30', 'Training'), ('40', 'Statistics'),
         ('50', 'Evaluation'), ('60', 'Studies'), ('70', 'Inference'), ('90', 'Commands')]

def band_of(name):
    "Sidebar section of a page: its band from the notebook number (`40_stats.auc` -> Statistics), Tutorials, or Start"
    if name == 'index': return 'Start'
    if name.startswith('tutorials_'): return 'Tutorials'
    m = re.match(r'(\d)\d', name)
    return dict(BANDS).get(m.group(1) + '0', 'Other') if m else 'Other'

def front_matter(node):
    "title and description from the quarto front matter that nbdev-proc-nbs writes (YAML: a description may span lines)"
    raw = next((c.source for c in node.cells if c.cell_type == 'raw'), '')
    m = re.search(r'^---\s*\n(.*?)\n---', raw, re.S)
    try: fm = yaml.safe_load(m.group(1)) if m else {}
    except yaml.YAMLError: fm = {}
    return (fm or {}).get('title'), ' '.join(str((fm or {}).get('description') or '').split())

def sidebar(pages, titles, current):
    "One <nav> with the pages grouped by band, in notebook order"
    order = ['Start'] + [b for _, b in BANDS] + ['Tutorials', 'Other']
    groups = {}
    for k in pages: groups.setdefault(band_of(k), []).append(k)
    h = ['<nav class="reliance-sidebar" aria-label="pages by band">']
    for g in order:
        if g not in groups: continue
        h.append(f'<div class="band"><div class="band-name">{html.escape(g)}</div><ul>')
        for k in groups[g]:
            cls = ' class="current"' if k == current else ''
            h.append(f'<li{cls}><a href="{k}.html">{html.escape(titles.get(k) or k)}</a></li>')
        h.append('</ul></div>')
    return ''.join(h) + '</nav>'

SIDEBAR_CSS = """<style>
.reliance-sidebar{position:fixed;top:0;left:0;bottom:0;width:230px;overflow-y:auto;padding:12px 10px;background:#f6f8fa;border-right:1px solid #ddd;font:13px/1.35 sans-serif}
.reliance-sidebar .band-name{font-weight:700;margin:10px 0 2px;color:#333;text-transform:uppercase;font-size:11px;letter-spacing:.05em}
.reliance-sidebar ul{list-style:none;margin:0;padding:0}.reliance-sidebar li a{color:#0b5cad;text-decoration:none}
.reliance-sidebar li.current a{font-weight:700;color:#000}
body{margin-left:250px !important}
</style>"""

def render():
    "Render every processed notebook to `_proc/_html/<name>.html` with the full subtitle and a sidebar grouped by band; returns name -> path"
    out.mkdir(parents=True, exist_ok=True)
    from nbconvert.preprocessors import TagRemovePreprocessor
    exp = HTMLExporter(template_name='lab', exclude_input_prompt=True, exclude_output_prompt=True)
    exp.register_preprocessor(TagRemovePreprocessor(remove_input_tags={'hide-input'}, remove_cell_tags={'remove'}), enabled=True)
    nodes, titles = {}, {}
    for nb in sorted(proc.rglob('*.ipynb')):
        name = '_'.join(nb.relative_to(proc).with_suffix('').parts)   # tutorials/x -> tutorials_x
        nodes[name] = node = nbformat.read(nb, as_version=4)
        titles[name] = front_matter(node)[0] or name
    nodes = dict(sorted(nodes.items(), key=lambda kv: (kv[0] != 'index', kv[0].startswith('tutorials_'), kv[0])))
    pages = {}
    for name, node in nodes.items():
        title, desc = front_matter(node)
        for c in node.cells:   # nbdev adds bookkeeping keys (e.g. `has_sd`) that the notebook schema rejects
            for k in [k for k in c if k not in _KEYS]: del c[k]
            c.metadata.pop('execution', None)
            tags = c.metadata.setdefault('tags', [])
            if c.cell_type == 'raw': tags.append('remove')   # quarto front matter
            if c.cell_type == 'code' and re.search(r'^#\|\s*echo:\s*false', c.source, re.M): tags.append('hide-input')
            for o in c.get('outputs', []):   # quarto link attributes ([source](url){target=...}) are not markdown
                md = o.get('data', {}).get('text/markdown')
                if md: o['data']['text/markdown'] = re.sub(r'\)\{[^}]*\}', ')', md if isinstance(md, str) else ''.join(md))
        if title: node.cells.insert(0, nbformat.v4.new_markdown_cell(f"# {title}" + (f"\n\n> {desc}" if desc else '')))
        body, _ = exp.from_notebook_node(node)
        body = body.replace('</head>', SIDEBAR_CSS + '</head>', 1)
        body = re.sub(r'(<body[^>]*>)', lambda m: m.group(1) + sidebar(nodes, titles, name), body, count=1)
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
    dom = {k: chromium(p, '--dump-dom') for k,p in pages.items() if k in ('index', TAX)}
    idx = html.unescape(re.sub(r'<[^>]+>', '', dom.get('index', '')))
    check('reliance-demo --out' in idx and 'nbdev-test --n-workers 2' in idx, 'index shows the two fresh-machine commands')
    tx = dom.get(TAX, '')
    text = html.unescape(re.sub(r'<[^>]+>', '', tx))
    check(bool(re.search(r'<h3 id="load_taxonomy">load_taxonomy', tx)) and 'def load_taxonomy(' in text and "name:str | Path='reliance32'" in text,
          'taxonomy page renders the load_taxonomy API entry (heading + signature)')
    plots = [k for k,p in pages.items() if re.search(r'jp-RenderedImage[^>]*>\s*<img[^>]+src="data:image/png', p.read_text())]
    check(len(plots) > 0, f'at least one page shows a plot ({", ".join(plots) or "none"})')
    if plots: dom[plots[0]] = chromium(pages[plots[0]], '--dump-dom')
    check(not plots or '<img' in dom.get(plots[0], ''), 'the plot is an <img> in the rendered DOM')
    for k in ['index', TAX] + plots[:1]:
        chromium(pages[k], f'--screenshot={out/(k + ".png")}', '--window-size=1200,1600')
        check((out/f'{k}.png').exists() and (out/f'{k}.png').stat().st_size > 10_000, f'screenshot of {k} written')
    # the whole subtitle (a multi-line description) and the band sidebar, as a reader sees them
    src_nb = nbformat.read(proc/f'{TAX}.ipynb', as_version=4); want = front_matter(src_nb)[1]
    check(len(want) > 80 and want[-40:] in text, f'taxonomy page shows its whole subtitle ({len(want)} characters, ends "...{want[-30:]}")')
    side = re.search(r'<nav class="reliance-sidebar".*?</nav>', tx, re.S)
    bands = re.findall(r'class="band-name">([^<]+)<', side.group(0)) if side else []
    check(bands[:9] == ['Start', 'Labels', 'Imaging', 'Data', 'Training', 'Statistics', 'Evaluation', 'Studies', 'Inference'],
          f'sidebar grouped by band in pipeline order ({", ".join(bands)})')
    check('<li class="current"><a href="01_labels.taxonomy.html">' in tx, 'sidebar marks the current page')
    check_report(check)
    print(f'{len(pages)} pages rendered to {out}')
    sys.exit(1 if fails else 0)

if __name__ == '__main__': main()
