#!/usr/bin/env python3
"""The work item of bench/blas-guard: products of two SIZE x SIZE random matrices, as many as make
the flops of 10 products at size 1500 (about 1.5 s on one core here) whatever SIZE: SIZE sets how
fine-grained the BLAS calls are, not how much work an item is.

    blas-work.py ENTRY [SIZE]            one work item; prints one line:
                                         entry=ENTRY size=SIZE reps=R blas_threads=N seconds=S checksum=X
    blas-work.py --pool TASKS [SIZE]     the baseline: a multiprocessing pool of one process per
                                         usable core (as nproc) runs items 1..TASKS, default BLAS threads
    blas-work.py --check                 prints the BLAS numpy loaded; exit 1 if none is seen

blas_threads is what BLAS itself reports (threadpoolctl), not what the environment asked for.
numpy is imported inside work() only, so a pool's parent never starts BLAS threads before fork.
"""
import os
import sys
import time

DEFAULT_SIZE = 1500
FLOPS = 10 * 2 * DEFAULT_SIZE ** 3   # per work item: 10 products of 1500 x 1500 (2 n^3 flops each)


def blas_threads():
    """Threads of the BLAS numpy uses, as the library reports them ('?' when none is found)."""
    from threadpoolctl import threadpool_info
    counts = [p["num_threads"] for p in threadpool_info() if p.get("user_api") == "blas"]
    return ",".join(str(c) for c in counts) if counts else "?"


def work(entry, size=DEFAULT_SIZE):
    import numpy as np
    rng = np.random.default_rng(entry)       # each entry its own, reproducible matrices
    a = rng.standard_normal((size, size))
    b = rng.standard_normal((size, size))
    reps = max(1, int(FLOPS / (2 * size ** 3) + 0.5))
    start = time.perf_counter()
    for _ in range(reps):
        c = a @ b                            # dgemm: BLAS splits it over its threads
    seconds = time.perf_counter() - start
    return (f"entry={entry} size={size} reps={reps} blas_threads={blas_threads()} seconds={seconds:.3f}"
            f" checksum={c.trace():.6g}")


def pool(tasks, size):
    from multiprocessing import Pool
    with Pool(len(os.sched_getaffinity(0))) as p:
        for line in p.starmap(work, [(e, size) for e in range(1, tasks + 1)], chunksize=1):
            print(line, flush=True)


def check():
    import numpy  # noqa: F401 (loads the BLAS that threadpoolctl then finds)
    from threadpoolctl import threadpool_info
    found = [p for p in threadpool_info() if p.get("user_api") == "blas"]
    for p in found:
        print(f"{p.get('internal_api')} {p.get('version')} ({p.get('threading_layer')}), "
              f"{p['num_threads']} threads by default: {p.get('filepath')}")
    return 0 if found else 1


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--check"]:
        sys.exit(check())
    if args[:1] == ["--pool"]:
        pool(int(args[1]), int(args[2]) if len(args) > 2 else DEFAULT_SIZE)
    else:
        print(work(int(args[0]), int(args[1]) if len(args) > 1 else DEFAULT_SIZE), flush=True)
