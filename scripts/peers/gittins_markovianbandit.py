#!/usr/bin/env python3
"""Gittins indices of every finite arm of an rmsolve kind "bandit" file (named or compact
form) computed by markovianbandit (Gast, Gaujal & Khun). Prints one JSON line with the wall
times of reading (json.load and building the matrices) and of the index computation.

usage: gittins_markovianbandit.py FILE [--compare RMSOLVE_RESULT.json]
With --compare, also reports the largest difference to `rmsolve gittins --format json`."""
import json
import sys
import time

start = time.perf_counter()
import numpy as np
import markovianbandit as mb
imported = time.perf_counter()

path = sys.argv[1]
with open(path) as f:
    doc = json.load(f)
loaded = time.perf_counter()
discount = doc["discount"]
arms = []
for arm in doc["arms"]:
    if "beta" in arm:
        continue
    states = arm["states"]
    names = [f"s{k}" for k in range(states)] if isinstance(states, int) else states
    n = len(names)
    index = {name: k for k, name in enumerate(names)}
    P = np.zeros((n, n))
    if isinstance(arm["transitions"], list):
        if "next" in arm:
            for s, (nxt, row) in enumerate(zip(arm["next"], arm["transitions"])):
                P[s, nxt] = row
        else:
            P[:, :] = np.array(arm["transitions"], dtype=float)
        R = np.array(arm["rewards"], dtype=float)
    else:
        for s, row in arm["transitions"].items():
            for t, p in row.items():
                P[index[s], index[t]] = p
        R = np.zeros(n)
        for s, r in arm["rewards"].items():
            R[index[s]] = r
    arms.append((arm["name"], names, P, R))
built = time.perf_counter()
indices = {}
for name, names, P, R in arms:
    bandit = mb.rested_bandit_from_P1_R1(P, R)
    values = bandit.gittins_indices(discount=discount)
    indices[name] = dict(zip(names, (float(v) for v in values)))
done = time.perf_counter()
line = {"peer": "markovianbandit", "file": path, "importSeconds": imported - start,
        "jsonLoadSeconds": loaded - imported, "buildSeconds": built - loaded,
        "indexSeconds": done - built, "totalSeconds": done - start}
if len(sys.argv) > 3 and sys.argv[2] == "--compare":
    with open(sys.argv[3]) as f:
        ours = json.load(f)
    diff = 0.0
    for arm in ours["arms"]:
        theirs = indices.get(arm["name"], {})
        for state, value in arm["indices"].items():
            diff = max(diff, abs(value - theirs[state]))
    line["maxAbsDifferenceToRmsolve"] = diff
print(json.dumps(line, sort_keys=True))
