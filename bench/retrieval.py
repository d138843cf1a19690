"""Benchmark similar-case search (reliance.inference.retrieval) on synthetic 512-d float32 embeddings: index build and query time
for 10^5 and 10^6 gallery vectors, 1,000 queries, k=10. Contenders: FAISS exact (IndexFlatIP), FAISS HNSW, FAISS IVF,
and a chunked NumPy matrix product (`numpy_search`); recall@10 of the approximate indices against the exact ranking.

The vectors are a Gaussian mixture (1,000 cluster centres, within-cluster noise of the same scale as the spread of the
centres), a stand-in for embeddings of a trained model, which cluster; queries are fresh draws from the same mixture.
`--data gaussian` uses isotropic Gaussian vectors instead (no structure: the hardest case for an approximate index).
10^6 x 512 float32 is 2 GB per copy and the indices hold their own copy: run it alone, e.g.
    OMP_NUM_THREADS=2 python bench/retrieval.py --sizes 100000
    OMP_NUM_THREADS=2 python bench/retrieval.py --sizes 1000000 --ivf-nlist 1024 --ivf-train-per-cell 64
Times are wall and process CPU seconds (all threads): on a shared machine the CPU seconds are the steadier number.
"""
import argparse, json, os, platform, time
import numpy as np, faiss
from reliance.inference.retrieval import build_index, search, numpy_search, recall_at_k

p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
p.add_argument('--sizes', type=int, nargs='+', default=[100_000, 1_000_000])
p.add_argument('--dim', type=int, default=512)
p.add_argument('--queries', type=int, default=1000)
p.add_argument('--k', type=int, default=10)
p.add_argument('--data', choices=('mixture', 'gaussian'), default='mixture')
p.add_argument('--hnsw-m', type=int, default=16)
p.add_argument('--hnsw-ef-construction', type=int, default=40)
p.add_argument('--hnsw-ef-search', type=int, default=64)
p.add_argument('--ivf-nprobe', type=int, default=16)
p.add_argument('--ivf-nlist', type=int, default=None, help='default: 4 sqrt(n)')
p.add_argument('--ivf-train-per-cell', type=int, default=256)
p.add_argument('--out', default=None, help='JSON file for the numbers')
a = p.parse_args()

def vectors(n, d, seed, centres=None):
    "n float32 vectors, generated in chunks (the 10^6 case stays near 2 GB)"
    rng = np.random.default_rng(seed)
    X = np.empty((n, d), np.float32)
    for i in range(0, n, 100_000):
        m = min(100_000, n - i)
        X[i:i+m] = rng.standard_normal((m, d), dtype=np.float32)
        if centres is not None: X[i:i+m] += centres[rng.integers(0, len(centres), m)]
    return X

def timed(f):
    "(result, wall seconds, process CPU seconds over all threads)"
    t, c = time.perf_counter(), time.process_time(); r = f(); return r, time.perf_counter() - t, time.process_time() - c

print(f"faiss {faiss.__version__}, numpy {np.__version__}, {platform.processor() or platform.machine()}, "
      f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}, faiss threads {faiss.omp_get_max_threads()}, data {a.data}")
centres = vectors(1000, a.dim, 1) if a.data == 'mixture' else None
Q = vectors(a.queries, a.dim, 2, centres)
res = []
for n in a.sizes:
    X = vectors(n, a.dim, 3, centres)
    nlist = a.ivf_nlist or int(4 * np.sqrt(n))
    print(f"\n== n = {n:,} x {a.dim} float32 ({X.nbytes/2**30:.2f} GiB), {a.queries} queries, k = {a.k}")
    def report(method, b, q, ranking):
        r = dict(n=n, method=method, build_s=b[1], build_cpu_s=b[2], query_s=q[1], query_cpu_s=q[2], recall=recall_at_k(ranking, exact, a.k))
        print(f"{method:<46} build {r['build_s']:7.1f} s (cpu {r['build_cpu_s']:7.1f})  {a.queries} queries {r['query_s']:7.2f} s "
              f"(cpu {r['query_cpu_s']:7.2f}; {r['query_s']/a.queries*1e3:6.2f} ms/query)  recall@{a.k} {r['recall']:.3f}", flush=True)
        res.append(r)
        if a.out:
            with open(a.out, 'w') as f: json.dump(dict(args=vars(a), faiss=faiss.__version__, results=res), f, indent=2)
    b = timed(lambda: build_index(X, 'flat')); q = timed(lambda: search(b[0], Q, a.k)); exact = q[0][1]
    report('faiss IndexFlatIP (exact)', b, q, exact); b = None   # free the index
    q = timed(lambda: numpy_search(X, Q, a.k, chunk=64))
    report('numpy matmul, chunked (exact)', (None, 0.0, 0.0), q, q[0][1])
    b = timed(lambda: build_index(X, 'hnsw', m=a.hnsw_m, ef_construction=a.hnsw_ef_construction, ef_search=a.hnsw_ef_search)); q = timed(lambda: search(b[0], Q, a.k))
    report(f'faiss HNSW (M={a.hnsw_m}, efC={a.hnsw_ef_construction}, efS={a.hnsw_ef_search})', b, q, q[0][1]); b = None   # free the index
    b = timed(lambda: build_index(X, 'ivf', nlist=nlist, nprobe=a.ivf_nprobe, train_per_cell=a.ivf_train_per_cell)); q = timed(lambda: search(b[0], Q, a.k))
    report(f'faiss IVF (nlist={nlist}, nprobe={a.ivf_nprobe}, train {a.ivf_train_per_cell}/cell)', b, q, q[0][1]); b = None   # free the index
    X = None
