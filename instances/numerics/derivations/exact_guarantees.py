#!/usr/bin/env python3
"""Exact revenue guarantees of small static instances, in rational arithmetic, sharing no code
with rmsolve: the independent source of the numbers in instances/numerics/*.expected.json.

    python3 exact_guarantees.py INSTANCE.json        # prints VCG and every G_i as JSON

Every number of the instance is read as the exact rational its decimal text denotes
(fractions.Fraction), and everything after that is exact.

VCG (thesis Def. 2.24): W = max_o sum_k v_k(o), W_{-j} = max_o sum_{k != j} v_k(o), payment
p_j = W_{-j} - sum_{k != j} v_k(o*), revenue R = sum_j W_{-j} - (n-1) W.

G_i (thesis Def. 3.5) is the least VCG revenue over agent i's reports x in its domain, the
others' reports fixed. R(x) = W_{-i} + sum_{j != i} max_o (c^j_o + x_o) - (n-1) max_o (c_o + x_o)
with c_o = sum_{k != i} v_k(o), c^j_o = c_o - v_j(o): a sum of maxima of affine functions, linear
on every cell cut out of the domain by the hyperplanes where two pieces of one maximum tie.
With finite lower bounds each cell is pointed and R >= 0 is bounded below, so the minimum is
attained at a vertex of a cell: the solution of dim independent equations chosen among the
domain's bounds, its constraints and those tie hyperplanes. All of them are enumerated, solved
exactly, kept when inside the domain, and evaluated by the VCG formula above.

Instances: kind "outcomes" (bounds and linear constraints), and kind "combinatorial" with the
"monotone" domain (one coordinate per non-empty bundle, 0 <= x_B <= upper, free disposal
x_B <= x_{B+g}; the report of a bidder gives each bundle its best XOR bid inside it).
"""
import itertools
import json
import sys
from fractions import Fraction as F


def load(path):
    with open(path) as f:
        return json.load(f, parse_float=F, parse_int=F)


def outcome_table(doc):
    agents, outcomes = doc["agents"], doc["outcomes"]
    n, m = len(agents), len(outcomes)
    values = [[F(v) for v in row] for row in doc["values"]]
    dom = doc.get("domain", {})

    def matrix(node, none):
        if node is None:
            return [[none] * m for _ in range(n)]
        if isinstance(node, list):
            return [[none if v is None else F(v) for v in row] for row in node]
        return [[F(node)] * m for _ in range(n)]

    lower = matrix(dom.get("lower", 0), None) if "lower" in dom else [[F(0)] * m for _ in range(n)]
    upper = matrix(dom.get("upper"), None) if "upper" in dom else [[None] * m for _ in range(n)]
    rows = [[] for _ in range(n)]
    for c in dom.get("constraints", []):
        i = agents.index(c["agent"])
        coef = [F(0)] * m
        for name, a in c["terms"].items():
            coef[outcomes.index(name)] += F(a)
        rhs = F(c["rhs"])
        lo = rhs if c["sense"] in (">=", "=", "==") else None
        hi = rhs if c["sense"] in ("<=", "=", "==") else None
        rows[i].append((coef, lo, hi))
    # agent i's coordinate for outcome o is o itself
    column = [list(range(m)) for _ in range(n)]
    reports = values
    return agents, outcomes, column, reports, lower, upper, rows


def monotone_auction(doc):
    goods = doc["goods"]
    g = len(goods)
    U = doc.get("domain", {}).get("upper")
    U = None if U is None else F(U)
    bundles = [frozenset(goods[k] for k in range(g) if mask >> k & 1) for mask in range(1, 1 << g)]
    bidders = [b["name"] for b in doc["bidders"]]
    n = len(bidders)
    reports = []
    for b in doc["bidders"]:
        bids = [(frozenset(x["bundle"]), F(x["value"])) for x in b["bids"]]
        reports.append([max([v for (s, v) in bids if s <= B] + [F(0)]) for B in bundles])
    # outcomes: every assignment of each good to a bidder or to nobody
    outcomes, column = [], [[] for _ in range(n)]
    for owner in itertools.product(range(-1, n), repeat=g):
        outcomes.append(owner)
        for i in range(n):
            B = frozenset(goods[k] for k in range(g) if owner[k] == i)
            column[i].append(bundles.index(B) if B else -1)
    d = len(bundles)
    lower = [[F(0)] * d for _ in range(n)]
    upper = [[U] * d for _ in range(n)]
    rows = [[] for _ in range(n)]
    for i in range(n):
        for a, A in enumerate(bundles):
            for b, B in enumerate(bundles):
                if A < B and len(B) == len(A) + 1:
                    coef = [F(0)] * d
                    coef[a], coef[b] = F(1), F(-1)
                    rows[i].append((coef, None, F(0)))   # x_A - x_B <= 0
    names = [" ".join(f"{bidders[i]}:{{{','.join(goods[k] for k in range(g) if o[k] == i)}}}" for i in range(n)) for o in outcomes]
    return bidders, names, column, reports, lower, upper, rows


def value(column, x, i, o):
    c = column[i][o]
    return F(0) if c < 0 else x[c]


def vcg(column, reports, n, m):
    v = [[value(column, reports[i], i, o) for o in range(m)] for i in range(n)]
    social = [sum(v[k][o] for k in range(n)) for o in range(m)]
    W = max(social)
    o_star = social.index(W)          # lowest index among the exact maxima
    without = [max(social[o] - v[j][o] for o in range(m)) for j in range(n)]
    pay = [without[j] - (W - v[j][o_star]) for j in range(n)]
    return dict(outcome=o_star, welfare=W, valueWithout=without, values=[v[j][o_star] for j in range(n)],
                payments=pay, revenue=sum(without) - (n - 1) * W)


def solve(A, b):
    d = len(A)
    M = [list(A[r]) + [b[r]] for r in range(d)]
    for c in range(d):
        p = next((r for r in range(c, d) if M[r][c] != 0), None)
        if p is None:
            return None
        M[c], M[p] = M[p], M[c]
        for r in range(d):
            if r != c and M[r][c] != 0:
                f = M[r][c] / M[c][c]
                M[r] = [M[r][k] - f * M[c][k] for k in range(d + 1)]
    return [M[r][d] / M[r][r] for r in range(d)]


def guarantee(i, column, reports, lower, upper, rows, n, m):
    d = len(reports[i])
    planes = set()
    for k in range(d):
        e = tuple(F(int(k == t)) for t in range(d))
        for bnd in (lower[i][k], upper[i][k]):
            if bnd is not None:
                planes.add((e, bnd))
    for coef, lo, hi in rows[i]:
        for bnd in (lo, hi):
            if bnd is not None:
                planes.add((tuple(coef), bnd))
    v = [[value(column, reports[k], k, o) for o in range(m)] for k in range(n)]
    c = [sum(v[k][o] for k in range(n) if k != i) for o in range(m)]
    terms = [c] + [[c[o] - v[j][o] for o in range(m)] for j in range(n) if j != i]
    for t in terms:
        for o, o2 in itertools.combinations(range(m), 2):
            a, b = column[i][o], column[i][o2]
            if a == b:
                continue
            coef = [F(0)] * d
            if a >= 0: coef[a] += 1
            if b >= 0: coef[b] -= 1
            planes.add((tuple(coef), t[o2] - t[o]))
    planes = sorted(planes)

    def inside(x):
        for k in range(d):
            if lower[i][k] is not None and x[k] < lower[i][k]: return False
            if upper[i][k] is not None and x[k] > upper[i][k]: return False
        for coef, lo, hi in rows[i]:
            a = sum(coef[k] * x[k] for k in range(d))
            if lo is not None and a < lo: return False
            if hi is not None and a > hi: return False
        return True

    def revenue(x):
        rep = list(reports)
        rep[i] = x
        return vcg(column, rep, n, m)["revenue"]

    best, arg = revenue(reports[i]), list(reports[i])
    for combo in itertools.combinations(planes, d):
        x = solve([p[0] for p in combo], [p[1] for p in combo])
        if x is not None and inside(x):
            r = revenue(x)
            if r < best:
                best, arg = r, x
    return best, arg


def main(path):
    doc = load(path)
    if doc["kind"] == "outcomes":
        agents, outcomes, column, reports, lower, upper, rows = outcome_table(doc)
    else:
        assert doc.get("domain", {}).get("type", "monotone") == "monotone"
        agents, outcomes, column, reports, lower, upper, rows = monotone_auction(doc)
    n, m = len(agents), len(outcomes)
    r = vcg(column, reports, n, m)
    G = [guarantee(i, column, reports, lower, upper, rows, n, m) for i in range(n)]
    out = dict(outcome=outcomes[r["outcome"]], welfare=str(r["welfare"]), vcgRevenue=str(r["revenue"]),
               agents=[dict(name=agents[i], value=str(r["values"][i]), vcgPayment=str(r["payments"][i]),
                            revenueGuarantee=str(G[i][0]), minimizer=[str(t) for t in G[i][1]]) for i in range(n)])
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main(sys.argv[1])
