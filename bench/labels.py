#!/usr/bin/env python3
"""Benchmark: wall and CPU time and peak memory to build label sets from the real tables in torchxrayvision, and the
build's ratio to the time pandas takes just to READ the same tables (the floor).

Two cases:
- `all` (default): the eight sources remapped and split together (`build_sources`), all views of PadChest and CheXpert
  unless --frontal-only, then written (`write_sources`, boxes included unless --no-boxes).
- `cli` (--cli): what `reliance-labels --out DIR` does with no other option: the four sets of ChestX-ray14 and PadChest
  (`build_downloads` + `write_downloads`, frontal views), build and write together against the read floor of those two tables.

The read floor: `pd.read_csv` of each label table the build reads, with the columns and dtypes the reader asks for
(chestx14, padchest, chexpert, vindr, rsna, rsna_headers, siim, nihexpert, openi_meta), plus opening the Open-i tarball
and parsing each XML report in it (`ET.fromstring`: the XML analogue of the CSV parse; pandas' `read_xml` parses too). With boxes (the default), the write has its own floor: the box tables
(BBox_List, and vindr/rsna/siim read again by the box readers). Nothing else: no checks, no remapping, no splitting.

Goals (issue #26 item 5): build <= 2x the floor, write <= 5 s, the `cli` case <= 2x its floor, all eight sources
< 15 s and < 2.5 GB peak RSS on the 2-core dev machine.

Results must not change: --save FILE writes a fingerprint of every written file (CSV bytes; summary.json without its
time/version stamps) and of every in-memory table; --check FILE compares against it and exits 1 on any difference.

Run 1 of a process includes importing what the build imports (statsmodels, krippendorff, ...); run 2 is warm.
Run: python bench/labels.py [--repeat 1] [--cli] [--sources chestx14,padchest] [--frontal-only] [--no-boxes]
                            [--save fp.json | --check fp.json] [--profile out.prof] [--stages]
--stages: after the runs, each source's reader alone (warm, best of --repeat) against the read floor of its own tables,
and what the rest of the build (remapping, splitting, summaries) costs beyond the readers."""
import argparse, hashlib, json, resource, sys, tarfile, tempfile, time, xml.etree.ElementTree as ET
from pathlib import Path
import pandas as pd
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import reliance.labels.sources as rs
from reliance.labels.tables import builtin_table
from reliance.core import frame_fingerprint

# the columns and dtypes each reader asks `read_csv_checked` for (see reliance/labels/tables.py and sources.py)
_S = str
FLOOR = {
    'chestx14': dict(usecols=['Image Index', 'Finding Labels', 'Patient ID', 'Patient Age', 'Patient Gender', 'View Position'],
                     dtype={'Image Index': _S, 'Finding Labels': _S, 'Patient Gender': _S, 'View Position': _S}),
    'padchest': dict(usecols=['ImageID', 'ImageDir', 'PatientID', 'PatientSex_DICOM', 'Projection', 'Pediatric', 'Labels',
                              'PatientBirth', 'StudyDate_DICOM', 'MethodLabel'],
                     dtype={'ImageID': _S, 'PatientID': _S, 'Labels': _S, 'Projection': _S, 'Pediatric': _S, 'MethodLabel': _S,
                            'PatientSex_DICOM': _S, 'StudyDate_DICOM': _S}),
    'chexpert': dict(usecols=['Path', 'Sex', 'Age', 'Frontal/Lateral', 'AP/PA'] + rs.CHEXPERT_LABELS,
                     dtype={'Path': _S, 'Sex': _S, 'Frontal/Lateral': _S, 'AP/PA': _S}),
    'vindr': dict(usecols=['image_id', 'class_name', 'rad_id'], dtype=_S),
    'rsna': dict(usecols=['patientId', 'Target'], dtype={'patientId': _S}),
    'rsna_headers': dict(usecols=['PatientID', 'PatientAge', 'PatientSex', 'ViewPosition'],
                         dtype={'PatientID': _S, 'PatientSex': _S, 'ViewPosition': _S}),
    'siim': dict(dtype=_S),
    'nihexpert': dict(usecols=['Image Index', 'Patient ID', 'Patient Age', 'Patient Gender', 'View Position', 'Set Id'] + rs.NIHEXPERT_LABELS,
                      dtype=_S),
    'openi_meta': dict(usecols=['imageid', 'View Position', "Patient's Birth Date", 'Study Date'], dtype=_S),
}
BOX_FLOOR = {'nihboxes': {}, 'vindr': {}, 'rsna': {}, 'siim': dict(dtype=_S)}   # the box readers read whole tables
NEEDS = {'chestx14': ['chestx14'], 'padchest': ['padchest'], 'chexpert': ['chexpert'], 'vindr': ['vindr'], 'rsna': ['rsna', 'rsna_headers'],
         'siim': ['siim'], 'nihexpert': ['nihexpert'], 'openi': ['openi_meta']}

def _clock(): return time.perf_counter(), time.process_time()

def read_floor(sources, boxes=False):
    "(wall, cpu) seconds to read the tables the build of `sources` reads (and, with boxes, those the box readers read)"
    t0, c0 = _clock()
    for s in sources:
        for name in NEEDS[s]: pd.read_csv(builtin_table(name), **FLOOR[name])
        if s == 'openi':                       # the Open-i reports are XML in a tarball: read and parse each (pandas' read_xml parses too)
            with tarfile.open(builtin_table('openi')) as tf:
                for m in tf:
                    if m.isfile() and m.name.endswith('.xml'): ET.fromstring(tf.extractfile(m).read())
    tb, cb = _clock()
    if boxes:
        for name, kw in BOX_FLOOR.items():
            if name == 'nihboxes' or name in sources: pd.read_csv(builtin_table(name), **kw)
    t1, c1 = _clock()
    return (tb - t0, cb - c0), (t1 - tb, c1 - cb)

def _readers(frontal_only):
    "source -> a call of its reader with the build's options (`build_sources` calls the same, with the same defaults)"
    from reliance.labels.tables import read_chestx14, read_padchest
    return dict(chestx14=read_chestx14, padchest=lambda: read_padchest(frontal_only=frontal_only),
                chexpert=lambda: rs.read_chexpert(frontal_only=frontal_only), vindr=rs.read_vindr, rsna=rs.read_rsna,
                siim=rs.read_siim, nihexpert=rs.read_nihexpert, openi=rs.read_openi)

def stages(sources, frontal_only, repeat, build_wall):
    "Print each source's reader (wall, best of `repeat`) against the floor of its own tables; the rest of the build is `build_wall` minus the readers"
    calls, rows, tot_r, tot_f = _readers(frontal_only), [], 0.0, 0.0
    for s in sources:
        r = min(_timed(calls[s]) for _ in range(repeat)); f = min(read_floor([s])[0][0] for _ in range(repeat))
        rows.append((s, r, f)); tot_r += r; tot_f += f
    print(f"{'source':10} {'reader s':>9} {'floor s':>8} {'ratio':>6}")
    for s, r, f in rows: print(f"{s:10} {r:9.2f} {f:8.2f} {r/f:5.1f}x")
    print(f"{'readers':10} {tot_r:9.2f} {tot_f:8.2f} {tot_r/tot_f:5.1f}x | rest of the build (remap, split, summaries; best build {build_wall:.2f} s "
          f"minus the readers): {build_wall - tot_r:.2f} s = {(build_wall - tot_r)/tot_f:.1f}x the floor")

def _timed(f):
    t = time.perf_counter(); f(); return time.perf_counter() - t

def fingerprints(sets, out):
    "sha256 of every written file (summary.json without created_utc/versions) and frame_fingerprint of every in-memory table"
    fp = {}
    for f in sorted(Path(out).rglob('*')):
        if not f.is_file(): continue
        if f.name == 'summary.json':
            j = json.loads(f.read_text())
            for k in ('created_utc', 'versions'): j.get('provenance', {}).pop(k, None)
            data = json.dumps(j, sort_keys=True).encode()
        else: data = f.read_bytes()
        fp['file:' + str(f.relative_to(out))] = hashlib.sha256(data).hexdigest()
    for k, s in sets.items():
        if k == '_found': continue
        for part in ('table', 'readers', 'reports', 'agreement'):
            if part in s: fp[f'frame:{k}/{part}'] = frame_fingerprint(s[part])
    return fp

def compare(fp, ref):
    "Lines naming each fingerprint that differs, is missing or is new"
    bad = [f"differs: {k}" for k in ref if k in fp and fp[k] != ref[k]] + [f"missing: {k}" for k in ref if k not in fp]
    return bad + [f"new: {k}" for k in fp if k not in ref]

def main():
    p = argparse.ArgumentParser()
    p.add_argument('--repeat', type=int, default=1)
    p.add_argument('--cli', action='store_true', help='the reliance-labels --out case: four sets of ChestX-ray14 and PadChest')
    p.add_argument('--sources', default=','.join(rs.SOURCES))
    p.add_argument('--frontal-only', action='store_true')
    p.add_argument('--no-boxes', action='store_true')
    p.add_argument('--save', help='write the fingerprints of the results to this JSON file')
    p.add_argument('--check', help='compare the fingerprints of the results with this JSON file')
    p.add_argument('--profile', help='cProfile the first run (build and write) into this file')
    p.add_argument('--stages', action='store_true', help="after the runs: each source's reader against its own read floor")
    a = p.parse_args()
    if a.no_boxes: rs.BOX_READERS.clear()
    if a.cli:
        from reliance.labels.downloads import build_downloads, write_downloads
        sources = ['chestx14', 'padchest']
        build = lambda: build_downloads({}, tables=dict(chestx14=None, padchest=None), progress=False)
        write = write_downloads
    else:
        sources = a.sources.split(',')
        build = lambda: rs.build_sources(sources, frontal_only=a.frontal_only)
        write = rs.write_sources
    boxes = bool(rs.BOX_READERS) and not a.cli
    if a.stages and a.cli: p.error('--stages times the readers of the eight-source build: leave out --cli')
    best = float('inf')
    for i in range(a.repeat):
        (fw, fc), (bw, bc) = read_floor(sources, boxes)
        prof = None
        if a.profile and i == 0:
            import cProfile; prof = cProfile.Profile(); prof.enable()
        t0, c0 = _clock()
        sets = build()
        t1, c1 = _clock(); best = min(best, t1 - t0)
        with tempfile.TemporaryDirectory() as d:
            write(sets, d)
            t2, c2 = _clock()
            if prof: prof.disable(); prof.dump_stats(a.profile)
            fp = fingerprints(sets, d) if (a.save or a.check) and i == 0 else None
        rows = sum(len(s['table']) for k, s in sets.items() if k not in ('alllabel', 'urgencylabel', 'chestx14label') and not k.startswith('_'))
        if a.cli:
            tot_w, tot_c = t2 - t0, c2 - c0
            print(f"run {i+1} (reliance-labels --out: {sum(not k.startswith('_') for k in sets)} sets, {rows:,} source rows): build+write {tot_w:.2f} s wall "
                  f"({tot_c:.2f} s CPU) [build {t1-t0:.2f} s, write {t2-t1:.2f} s] | read floor {fw:.2f} s wall ({fc:.2f} s CPU) | "
                  f"ratio {tot_w/fw:.2f}x wall, {tot_c/fc:.2f}x CPU")
        else:
            print(f"run {i+1}: build {len(sets)} sets from {rows:,} source rows (alllabel {len(sets.get('alllabel', {}).get('table', [])):,}) "
                  f"in {t1-t0:.2f} s wall ({c1-c0:.2f} s CPU) | read floor {fw:.2f} s wall ({fc:.2f} s CPU) | "
                  f"ratio {(t1-t0)/fw:.2f}x wall, {(c1-c0)/fc:.2f}x CPU")
            print(f"       write {t2-t1:.2f} s wall ({c2-c1:.2f} s CPU)" + (' without boxes' if a.no_boxes else
                  f' with boxes (box tables read floor {bw:.2f} s wall, {bc:.2f} s CPU)') +
                  f" | build+write {t2-t0:.2f} s wall ({c2-c0:.2f} s CPU)")
        if fp is not None:
            if a.save:
                Path(a.save).write_text(json.dumps(fp, indent=1, sort_keys=True)); print(f"saved {len(fp)} fingerprints to {a.save}")
            if a.check:
                bad = compare(fp, json.loads(Path(a.check).read_text()))
                print(f"check against {a.check}: " + ('IDENTICAL, ' + f"{len(fp)} fingerprints" if not bad else f"{len(bad)} DIFFER"))
                for b in bad[:30]: print('  ' + b)
                if bad: sys.exit(1)
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if a.stages: stages(sources, a.frontal_only, max(a.repeat, 2), best)

if __name__ == '__main__': main()
