#!/usr/bin/env python3
"""Benchmark: wall time and peak memory to build and write all four label sets from the real tables.
Run: python bench/labels.py [--repeat 3]. Goal (issue): under 5 s and 1.5 GB on the 2-core dev machine."""
import argparse, resource, sys, tempfile, time
from reliance.labels import build_label_sets, write_label_sets, read_chestx14, read_padchest
from reliance.taxonomy import load_taxonomy

p = argparse.ArgumentParser(); p.add_argument('--repeat', type=int, default=3); a = p.parse_args()
for i in range(a.repeat):
    t0 = time.perf_counter(); cx = read_chestx14(); t1 = time.perf_counter(); pc = read_padchest(); t2 = time.perf_counter()
    sets = build_label_sets(); t3 = time.perf_counter()
    with tempfile.TemporaryDirectory() as d:
        write_label_sets(sets, d); t4 = time.perf_counter()
    n = len(sets['chestxlabel']['table']) + len(sets['padchestlabel']['table'])
    print(f"run {i+1}: read CX14 {t1-t0:.2f}s, read PadChest {t2-t1:.2f}s | build all four sets {t3-t2:.2f}s + write {t4-t3:.2f}s "
          f"= {t4-t2:.2f}s for {n:,} images")
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"peak RSS {peak:.0f} MB")
