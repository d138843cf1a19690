"""Labels from reports (reliance.labels.reports): speed of the rule labeller and of the model's inference on PadChest's
report text (one process, one thread: reports/s per core), and, with --eval, the F1 figures against people:
PadChest physician reports of the test split of reliance's patient split (model trained on the train split only)
and Open-i by patient-grouped 5-fold CV, with patient-bootstrap 95% CIs, per category and on the reports with
negation / hedge cues. Goals (issue 28): rules >= 5,000 reports/s per core, model >= 2,000/s; PadChest micro-F1 >= 0.95,
Open-i >= 0.85.
Rates are per CPU-second of the process (time.process_time), i.e. per core, so a busy shared machine does not
deflate them; the wall-clock rates are stored too (`wall_per_s`).
Run: OMP_NUM_THREADS=1 python bench/reports.py [--n 20000] [--eval] [--out bench_reports]"""
import argparse, json, os, time
from pathlib import Path
import numpy as np, pandas as pd
from reliance.core import write_json, provenance
from reliance.labels.tables import builtin_table
from reliance.labels.reports import (load_lexicon, label_reports, load_report_model, evaluate_reports, metrics_table, openi_reports,
                                     relabel_padchest)

ap = argparse.ArgumentParser()
ap.add_argument('--n', type=int, default=20000, help='PadChest reports timed (random, distinct ReportIDs)')
ap.add_argument('--eval', action='store_true', help='also measure F1 (trains the models if none is shipped or cached)')
ap.add_argument('--n-boot', type=int, default=1000)
ap.add_argument('--out', default='bench_reports')
a = ap.parse_args()
out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
res = dict(threads=os.environ.get('OMP_NUM_THREADS'))

raw = pd.read_csv(builtin_table('padchest'), usecols=['ReportID', 'Report'], dtype=str).drop_duplicates('ReportID')
texts = raw.Report.fillna('').sample(min(a.n, len(raw)), random_state=0).tolist()
print(f"PadChest: {len(texts):,} distinct reports timed ({np.mean([len(t) for t in texts]):.0f} characters on average)")

lex = load_lexicon('es')
def rate(f, xs):
    "Reports per CPU-second of this process (process time: the rate per core, whatever else the machine runs); wall rate kept aside"
    t, w = time.process_time(), time.perf_counter(); f(xs)
    walls.append(len(xs) / (time.perf_counter() - w))
    return len(xs) / (time.process_time() - t)
walls = []
def clear(lx): lx._sent_cache.clear(); lx._raw_cache.clear(); lx._cache.clear()   # sentence, raw-sentence and word caches
clear(lex)
res['rules_cold_per_s'] = rate(lambda x: label_reports(x, 'es'), texts)       # empty sentence and word caches
res['rules_warm_per_s'] = rate(lambda x: label_reports(x, 'es'), texts)       # the same reports again
half = len(texts) // 2
clear(lex)
label_reports(texts[:half], 'es')
res['rules_unseen_half_per_s'] = rate(lambda x: label_reports(x, 'es'), texts[half:])   # new reports after labelling others
print(f"rules: {res['rules_cold_per_s']:,.0f} reports/s cold, {res['rules_unseen_half_per_s']:,.0f}/s on unseen reports after "
      f"{half:,} others, {res['rules_warm_per_s']:,.0f}/s warm (goal 5,000/s per core)")

m = load_report_model('es')
res['model_per_s'] = rate(lambda x: m.predict(x), texts)
res['model_label_reports_per_s'] = rate(lambda x: label_reports(x, 'es', method='model', model=m), texts)
print(f"model: {res['model_per_s']:,.0f} reports/s predict, {res['model_label_reports_per_s']:,.0f}/s through label_reports with evidence (goal 2,000/s)")

en = openi_reports().text.tolist()
clear(load_lexicon('en'))
res['rules_en_cold_per_s'] = rate(lambda x: label_reports(x, 'en'), en)
print(f"rules on Open-i (English, raw text): {res['rules_en_cold_per_s']:,.0f} reports/s cold ({len(en):,} reports)")

if a.eval:
    for lang in ('es', 'en'):
        t = time.time()
        ev = evaluate_reports(lang, model=m if lang == 'es' else None, n_boot=a.n_boot)
        res[f'eval_{lang}'] = ev
        print(f"\n{ev['data']} ({ev['reports']:,} reports, {time.time() - t:.0f}s)")
        print(metrics_table(ev).to_string(index=False))
        per = pd.DataFrame({meth: {c: r['f1'] for c, r in ev[meth]['all']['per_category'].items()} for meth in ('rules', 'model')})
        per.insert(0, 'positives', [ev['rules']['all']['per_category'][c]['positives'] for c in per.index])
        print(per.to_string())
    for meth in ('rules', 'model'):
        t = time.time()
        _, ag = relabel_padchest(meth, n_boot=200)
        res[f'relabel_{meth}'] = {k: ag[k] for k in ('reports', 'micro_f1', 'micro_ci', 'macro_f1', 'macro_ci')}
        print(f"PadChest RNN-labelled reports relabelled by the {meth}: agreement micro-F1 {ag['micro_f1']:.4f} "
              f"[{ag['micro_ci'][0]:.4f}, {ag['micro_ci'][1]:.4f}], macro-F1 {ag['macro_f1']:.4f} ({ag['reports']:,} reports, {time.time() - t:.0f}s)")
res['wall_per_s'] = walls
res['provenance'] = provenance(vars(a), 0, {'padchest': builtin_table('padchest')})
write_json(res, out/'reports_bench.json')
print(f"written {out/'reports_bench.json'}")
