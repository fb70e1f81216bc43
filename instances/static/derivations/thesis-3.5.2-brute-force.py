#!/usr/bin/env python3
"""Independent derivation (run once, by hand) of the expected revenue guarantees of the
Section 3.5.2 auction (goods c, d; bidders 1, 2, 3), written without any rmsolve code.

G_i = min over agent i's possible reports of the VCG revenue R = sum_j W_{-j} - (n-1) W,
found by a grid search with step 0.25 over agent i's type space:
  - "monotone": (v(c), v(d), v(cd)) in [0, U]^3 with v(cd) >= max(v(c), v(d)); bundle values
    are valuations directly (W = best split of the goods).
  - "bids": values of the bidder's three XOR bids {c}, {d}, {c,d} in [0, U]^3, no other
    constraint; a bidder's value for a bundle is its best bid inside it (XOR, free disposal).
With U = 20 (the reported values are at most 12). The grid contains every breakpoint of this
piecewise-linear R (all data are integers), so the grid minimum is the exact minimum.
Printed results were copied into thesis-3.5.2-bids.expected.json; the monotone run
reproduces the thesis's G = (8, 9, 9) as a check of this script.
"""
import itertools
import numpy as np

reports = {1: (4, 5, 12), 2: (7, 6, 10), 3: (7, 5, 11)}   # v(c), v(d), v(cd)
U, step = 20.0, 0.25
grid = np.arange(0, U + step / 2, step)

def bundle_value(v, bundle):
    # v = (bid c, bid d, bid cd); XOR with free disposal: best bid inside the bundle
    c, d, cd = v
    if bundle == 0: return np.zeros_like(np.asarray(c, dtype=float))
    if bundle == 1: return np.asarray(c, dtype=float)
    if bundle == 2: return np.asarray(d, dtype=float)
    return np.maximum(np.maximum(c, d), cd)

allocations = list(itertools.product([0, 1, 2, 3], repeat=2))   # owner of c, owner of d (0: nobody)

def welfare(vals, agents):
    best = None
    for oc, od in allocations:
        total = 0
        for a in agents:
            b = (1 if oc == a else 0) | (2 if od == a else 0)
            total = total + bundle_value(vals[a], b)
        best = total if best is None else np.maximum(best, total)
    return best

def guarantee(i, domain):
    C, D, CD = np.meshgrid(grid, grid, grid, indexing="ij")
    mask = np.ones_like(C, dtype=bool)
    if domain == "monotone":
        mask = CD >= np.maximum(C, D)
    vals = {a: reports[a] for a in reports}
    vals[i] = (C, D, CD)
    agents = [1, 2, 3]
    W = welfare(vals, agents)
    R = -(len(agents) - 1) * W
    for j in agents:
        R = R + welfare(vals, [a for a in agents if a != j])
    R = np.where(mask, R, np.inf)
    k = np.unravel_index(np.argmin(R), R.shape)
    return float(R[k]), (float(C[k]), float(D[k]), float(CD[k]))

for domain in ("monotone", "bids"):
    for i in (1, 2, 3):
        g, arg = guarantee(i, domain)
        print(f"{domain}: G_{i} = {g} at report {arg}")
