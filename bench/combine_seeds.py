#!/usr/bin/env python3
"""Pools the per-seed scores of several recorded runs of one benchmark into one table.

    python3 bench/combine_seeds.py --out results/NAME [--ratio A/B ...] SRC_DIR...

Each SRC_DIR is a recorded run (its results_long.csv and run.txt). A score recorded by two runs for the same method,
data and seed must be the same in both (the baselines are, when the runs saw the same data); a mismatch stops the
script, so runs on different data are never pooled. Timings (*_seconds) and errors are left out.
Writes OUT/summary.csv (method,data,metric,mean,sd,n,seeds; sd over seeds, n - 1), OUT/results_long.csv (the pooled
rows), OUT/ratios.csv (for each --ratio A/B and each data and metric both have: the per-seed ratio A / B, its mean
and sd over the seeds both have) and OUT/run.txt (command, commit, machine, date, wall time, and each source's
command and commit). Only the standard library.
"""
import argparse
import csv
import datetime
import math
import os
import platform
import subprocess
import sys
import time

HEADER = ["benchmark", "method", "data", "seed", "metric", "value"]


def read_run(folder):
    path = os.path.join(folder, "results_long.csv")
    if not os.path.isfile(path):
        sys.exit(f"combine_seeds: {path} not found (a recorded run folder holds results_long.csv and run.txt)")
    with open(path, newline="") as f:
        reader = csv.reader(f)
        if next(reader, None) != HEADER:
            sys.exit(f"combine_seeds: {path}: header is not {','.join(HEADER)}")
        return [row for row in reader]


def source_lines(folder):
    path = os.path.join(folder, "run.txt")
    if not os.path.isfile(path):
        sys.exit(f"combine_seeds: {path} not found")
    with open(path) as f:
        keep = [l.strip() for l in f if l.startswith(("command:", "commit:"))]
    return f"  {folder}: " + "; ".join(keep)


def mean_sd(values):
    m = sum(values) / len(values)
    sd = math.sqrt(sum((v - m) ** 2 for v in values) / (len(values) - 1)) if len(values) > 1 else float("nan")
    return m, sd


def fmt(v):
    return "NaN" if math.isnan(v) else f"{v:.6g}"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True, help="folder to write")
    p.add_argument("--ratio", action="append", default=[], help="A/B: per-seed ratio of method A to method B")
    p.add_argument("sources", nargs="+", help="recorded run folders")
    a = p.parse_args()
    start = time.time()
    ratios = []
    for r in a.ratio:
        if r.count("/") != 1 or "" in r.split("/"):
            sys.exit(f"combine_seeds: --ratio '{r}' is not METHOD/METHOD")
        ratios.append(tuple(r.split("/")))

    scores = {}   # (benchmark, method, data, metric) -> {seed: value}
    origin = {}
    for folder in a.sources:
        for bench, method, data, seed, metric, value in read_run(folder):
            if metric.endswith("_seconds") or metric == "error":
                continue
            key = (bench, method, data, metric)
            seeds = scores.setdefault(key, {})
            v = float(value)
            if seed in seeds and seeds[seed] != v:
                sys.exit(f"combine_seeds: {method} {data} {metric} seed {seed} is {seeds[seed]} in {origin[key, seed]} but {v} in "
                         f"{folder}: the runs did not see the same data")
            seeds[seed] = v
            origin.setdefault((key, seed), folder)
    for m in {x for r in ratios for x in r}:
        if not any(k[1] == m for k in scores):
            sys.exit(f"combine_seeds: --ratio names method '{m}', which no source has")

    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "results_long.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        for (bench, method, data, metric), seeds in sorted(scores.items()):
            for seed in sorted(seeds, key=int):
                w.writerow([bench, method, data, seed, metric, repr(seeds[seed])])
    with open(os.path.join(a.out, "summary.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["method", "data", "metric", "mean", "sd", "n", "seeds"])
        for (bench, method, data, metric), seeds in sorted(scores.items()):
            m, sd = mean_sd(list(seeds.values()))
            w.writerow([method, data, metric, fmt(m), fmt(sd), len(seeds), " ".join(sorted(seeds, key=int))])
    with open(os.path.join(a.out, "ratios.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["ratio", "data", "metric", "seed", "value"])
        for num, den in ratios:
            for (bench, method, data, metric), seeds in sorted(scores.items()):
                if method != num or (bench, den, data, metric) not in scores:
                    continue
                other = scores[bench, den, data, metric]
                common = sorted(set(seeds) & set(other), key=int)
                per_seed = [seeds[s] / other[s] for s in common]
                for s, v in zip(common, per_seed):
                    w.writerow([f"{num}/{den}", data, metric, s, fmt(v)])
                if per_seed:
                    m, sd = mean_sd(per_seed)
                    w.writerow([f"{num}/{den}", data, metric, "mean", fmt(m)])
                    w.writerow([f"{num}/{den}", data, metric, "sd", fmt(sd)])

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip() or "unknown"
    with open(os.path.join(a.out, "run.txt"), "w") as f:
        f.write("command: python3 bench/combine_seeds.py " + " ".join(sys.argv[1:]) + "\n")
        f.write(f"commit: {commit}\n")
        f.write(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python {platform.python_version()}\n")
        f.write(f"date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%MZ')}\n")
        f.write(f"wall seconds: {time.time() - start:.1f}\n")
        f.write("sources:\n" + "\n".join(source_lines(s) for s in a.sources) + "\n")
    print(f"wrote {a.out}/ (run.txt results_long.csv summary.csv ratios.csv)")


if __name__ == "__main__":
    main()
