#!/usr/bin/env python3
"""Benchmark: wall time and peak memory to build label sets from the real tables in torchxrayvision.
Default: all eight sources remapped and split together (`build_sources`), all views of PadChest and CheXpert
(about 600k rows), then written (`write_sources`, boxes included unless --no-boxes).
Goal (issue #17): build under 15 s and peak RSS under 2.5 GB on the 2-core dev machine.
Run: python bench/labels.py [--repeat 1] [--sources chestx14,padchest] [--frontal-only] [--no-boxes]"""
import argparse, resource, tempfile, time
import reliance.labels.sources as rs

p = argparse.ArgumentParser()
p.add_argument('--repeat', type=int, default=1)
p.add_argument('--sources', default=','.join(rs.SOURCES))
p.add_argument('--frontal-only', action='store_true')
p.add_argument('--no-boxes', action='store_true')
a = p.parse_args()
if a.no_boxes: rs.BOX_READERS.clear()
for i in range(a.repeat):
    t0, c0 = time.perf_counter(), time.process_time()
    sets = rs.build_sources(a.sources.split(','), frontal_only=a.frontal_only)
    t1, c1 = time.perf_counter(), time.process_time()
    rows = sum(len(s['table']) for k, s in sets.items() if k not in ('alllabel', 'urgencylabel', 'chestx14label'))
    with tempfile.TemporaryDirectory() as d:
        rs.write_sources(sets, d)
        t2, c2 = time.perf_counter(), time.process_time()
    print(f"run {i+1}: build {len(sets)} sets from {rows:,} source rows (alllabel {len(sets.get('alllabel', {}).get('table', [])):,}) "
          f"in {t1-t0:.1f} s wall ({c1-c0:.1f} s CPU) | write {t2-t1:.1f} s wall ({c2-c1:.1f} s CPU)"
          + (' without boxes' if a.no_boxes else ' with boxes'))
print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
