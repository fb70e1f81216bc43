"""Independent derivation of the expected results of the reference instances in instances/units.

Exact rational arithmetic (fractions) and brute force: VCG by enumerating every allocation,
Bailey's rule by re-running that VCG without each agent, the worst-case optimal coefficients
from Guo & Conitzer's closed form (GEB 2009), the optimal-in-expectation program with scipy's
HiGHS (a second LP solver), AGV by enumerating the prior (thesis Tables 2.5-2.6).
Run: python3 units_reference.py  (writes ../NAME.json and ../NAME.expected.json).
"""
import itertools, json, os
from fractions import Fraction as F
from math import comb

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)

def vcg_table(values):
    """values[i][o]; lowest outcome index among ties; returns (o*, W, payments, W_-i)."""
    n, m = len(values), len(values[0])
    social = [sum(values[i][o] for i in range(n)) for o in range(m)]
    W = max(social)
    o = social.index(W)
    without = [max(social[k] - values[i][k] for k in range(m)) for i in range(n)]
    pay = [without[i] - (social[o] - values[i][o]) for i in range(n)]
    return o, W, pay, without

def units_table(v, m):
    n = len(v)
    sets = list(itertools.combinations(range(n), m))
    return sets, [[v[i] if i in s else 0 for s in sets] for i in range(n)]

def bailey(values):
    n = len(values)
    out = []
    for i in range(n):
        others = values[:i] + values[i + 1:]
        _, _, pay, _ = vcg_table(others)
        out.append(F(sum(pay), n))
    return out

def wco_coefficients(n, m):
    tot = sum(comb(n - 1, k) for k in range(m, n))
    c = [F(0)] * (n - 1)
    for j in range(m + 1, n):
        tail = sum(comb(n - 1, k) for k in range(j, n))
        c[j - 1] = F((-1) ** (j + m - 1) * (n - m) * comb(n - 1, m - 1) * tail, j * comb(n - 1, j) * tot)
    return c, 1 - F(comb(n - 1, m), tot)

def linear_rebates(v, c):
    out = []
    for i in range(len(v)):
        w = sorted(v[:i] + v[i + 1:], reverse=True)
        out.append(sum(cj * wj for cj, wj in zip(c, w)))
    return out

def num(x):
    x = F(x)
    return x.numerator if x.denominator == 1 else float(x)

def write(name, instance, mechanism, source, expect, tolerance=1e-6):
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        f.write(json.dumps(instance) + "\n")
    with open(os.path.join(OUT, name + ".expected.json"), "w") as f:
        f.write(json.dumps({"source": source, "command": ["solve", "--mechanism", mechanism],
                            "tolerance": tolerance, "expect": expect}, indent=1) + "\n")

def units_expect(name, agents, v, m, z, mechanism, extra=None):
    sets, table = units_table(v, m)
    o, W, pay, _ = vcg_table(table)
    agents_out = []
    for i, a in enumerate(agents):
        val = table[i][o]
        agents_out.append({"name": a, "value": num(val), "vcgPayment": num(pay[i]), "redistribution": num(z[i]),
                           "utility": num(val - pay[i] + z[i]), "wins": i in sets[o]})
    R = sum(pay)
    red = sum(z)
    e = {"mechanism": mechanism, "kind": "units", "welfare": num(W), "vcgRevenue": num(R), "redistributed": num(red),
         "revenue": num(R - red), "agents": agents_out}
    if R - red < 0: e["deficit"] = num(red - R)
    e.update(extra or {})
    return e

def units_instance(name, agents, v, m, upper=None, prior=None):
    d = {"kind": "units", "name": name, "units": m, "agents": agents, "values": [num(x) for x in v]}
    if upper is not None: d["domain"] = {"upper": upper}
    if prior is not None: d["prior"] = prior
    return d

# Table 3.1's car (values 10, 8, 6, 4) as one unit: RM = Bailey = (1.5, 1.5, 2, 2).
agents4 = ["ann", "bob", "cy", "dee"]
v4 = [F(10), F(8), F(6), F(4)]
_, t4 = units_table(v4, 1)
for mech in ["rm", "bailey"]:
    z = bailey(t4)
    write(f"car-units-{mech}", units_instance(f"car-units-{mech}", agents4, v4, 1, upper=100), mech,
          "thesis Table 3.1 (values 10, 8, 6, 4) as one unit; Bailey-Cavallo rebates (1/4)*second-highest other value, "
          "by brute-force VCG without each agent (derivations/units_reference.py)",
          units_expect("car", agents4, v4, 1, z, mech))
# Figure 1.3: three agents, values 10, 8, 6: Z = (2, 2, 8/3).
agents3 = ["1", "2", "3"]
v3 = [F(10), F(8), F(6)]
_, t3 = units_table(v3, 1)
write("figure-1.3-units-rm", units_instance("figure-1.3-units-rm", agents3, v3, 1), "rm",
      "thesis Figure 1.3 (values 10, 8, 6): Z = (2, 2, 8/3), utilities (4, 2, 8/3), centre keeps 4/3",
      units_expect("fig", agents3, v3, 1, bailey(t3), "rm"))
# Basic Groves on Table 2.4's values: T = (0, 10, 10, 10), utilities 10 each, deficit 30.
z = [vcg_table(t4)[3][i] for i in range(4)]  # Z_i = W_-i
write("table-2.4-units-basic-groves", units_instance("table-2.4-units-basic-groves", ["1", "2", "3", "4"], v4, 1), "basic-groves",
      "thesis Table 2.4 and its basic-Groves example: T = (0, 10, 10, 10), every utility 10, the centre pays out 30",
      units_expect("t24", ["1", "2", "3", "4"], v4, 1, z, "basic-groves"))
# WCO, one unit, four agents (= Moulin 2009): c = (0, 2/7, -1/7), alpha* = 4/7.
c, alpha = wco_coefficients(4, 1)
write("moulin-four-wco", units_instance("moulin-four-wco", agents4, v4, 1, upper=100), "wco",
      "Guo & Conitzer (GEB 2009) closed form for n = 4, m = 1 (Moulin 2009): c = (0, 2/7, -1/7), alpha* = 4/7",
      units_expect("m4", agents4, v4, 1, linear_rebates(v4, c), "wco",
                   {"optimalWorstCaseShare": num(alpha), "linearRebate": {"coefficients": [num(x) for x in c], "worstCaseShare": num(alpha)}}))
# WCO, two units, six agents: alpha* = 8/13.
agents6 = ["a", "b", "c", "d", "e", "f"]
v6 = [F(12), F(10), F(9), F(7), F(4), F(1)]
c, alpha = wco_coefficients(6, 2)
write("two-units-six-wco", units_instance("two-units-six-wco", agents6, v6, 2, upper=20), "wco",
      "Guo & Conitzer (GEB 2009) closed form for n = 6, m = 2 in exact rationals: alpha* = 1 - C(5,2)/(C(5,2)+C(5,3)+C(5,4)+C(5,5)) = 8/13",
      units_expect("w6", agents6, v6, 2, linear_rebates(v6, c), "wco",
                   {"optimalWorstCaseShare": num(alpha), "linearRebate": {"coefficients": [num(x) for x in c], "worstCaseShare": num(alpha)}}))
# Bailey = RM on two units, six agents.
_, t6 = units_table(v6, 2)
write("two-units-six-bailey", units_instance("two-units-six-bailey", agents6, v6, 2), "bailey",
      "Bailey's rule by brute-force VCG without each agent (2 units, 6 agents): Z_i = (2/6) * third-highest other value",
      units_expect("b6", agents6, v6, 2, bailey(t6), "bailey"))

# OEL: ten agents, two units, i.i.d. uniform on [0, 100]; scipy/HiGHS solves Guo & Conitzer's
# program (expected j-th highest of 9 uniforms = 100 (10 - j) / 10); the optimum is unique.
try:
    import numpy as np
    from scipy.optimize import linprog
    n, m, U = 10, 2, 100
    mu = [F(U * (n - j), n) for j in range(1, n)]
    A, b = [], []
    for k in range(1, n + 1):
        w = [0] * (n - 1)
        for j in range(1, k + 1):
            if j - 1 >= 1: w[j - 2] += j - 1
            if j <= n - 1: w[j - 1] += n - j
        A.append(w); b.append(m if k >= m + 1 else 0)
    for k in range(1, n):
        A.append([-1] * k + [0] * (n - 1 - k)); b.append(0)
    r = linprog([-float(n * x) for x in mu], A_ub=A, b_ub=b, bounds=[(None, None)] * (n - 1), method="highs")
    c = [F(x).limit_denominator(1000) for x in r.x]
    agents10 = [f"x{k}" for k in range(1, 11)]
    v10 = [F(x) for x in [95, 80, 72, 60, 51, 40, 33, 20, 12, 5]]
    ER = F(m * U * (n - m), n + 1)
    ESZ = sum(n * cj * mj for cj, mj in zip(c, mu))
    print("oel coefficients", c, "E[sum Z]", ESZ, "E[R]", ER)
    write("ten-uniform-oel", units_instance("ten-uniform-oel", agents10, v10, 2, upper=100,
                                            prior={"distribution": "uniform", "lower": 0, "upper": 100}), "oel",
          "Guo & Conitzer's optimal-in-expectation linear program solved by scipy/HiGHS (unique optimum c3 = 2/7, c4 = -1/7, "
          "c5 = 2/35); E[sum Z] = 1000/7, E[R] = 1600/11 (derivations/units_reference.py)",
          units_expect("o10", agents10, v10, 2, linear_rebates(v10, c), "oel",
                       {"expectedRedistribution": num(ESZ), "expectedVCGRevenue": num(ER),
                        "linearRebate": {"coefficients": [num(x) for x in c]}}))
except ImportError:
    print("scipy missing: the oel reference is not regenerated")

# Outcome tables. Table 2.4 under basic Groves.
t24 = [[10, 0, 0, 0], [0, 8, 0, 0], [0, 0, 6, 0], [0, 0, 0, 4]]
def table_instance(name, agents, outcomes, values, upper, prior=None):
    d = {"kind": "outcomes", "name": name, "agents": agents, "outcomes": outcomes, "values": values,
         "domain": {"lower": 0, "upper": upper}}
    if prior: d["prior"] = prior
    return d
def table_expect(agents, outcomes, values, z, mechanism, extra=None):
    o, W, pay, _ = vcg_table([[F(x) for x in row] for row in values])
    out = [{"name": a, "value": num(values[i][o]), "vcgPayment": num(pay[i]), "redistribution": num(z[i]),
            "utility": num(values[i][o] - pay[i] + z[i])} for i, a in enumerate(agents)]
    R, red = sum(pay), sum(z)
    e = {"mechanism": mechanism, "kind": "outcomes", "outcome": outcomes[o], "welfare": num(W), "vcgRevenue": num(R),
         "redistributed": num(red), "revenue": num(R - red), "agents": out}
    if R - red < 0: e["deficit"] = num(red - R)
    e.update(extra or {})
    return e
diag = lambda u, n: [[u if i == k else 0 for k in range(n)] for i in range(n)]
ag = ["1", "2", "3", "4"]; oc = ["o1", "o2", "o3", "o4"]
z = vcg_table([[F(x) for x in r] for r in t24])[3]
write("table-2.4-basic-groves", table_instance("table-2.4-basic-groves", ag, oc, t24, diag(100, 4)), "basic-groves",
      "thesis Table 2.4, basic Groves (h = 0): T = (0, 10, 10, 10), utilities (10, 10, 10, 10), the centre pays out 30",
      table_expect(ag, oc, t24, z, "basic-groves"))
# Bailey's rule with a deficit: a combinatorial-style outcome table (1 wants {c,d} at 10,
# 2 wants c at 9, 3 wants d at 9); VCG revenue 2, Bailey pays 0 + 9/3 + 9/3 = 6.
ag3 = ["1", "2", "3"]
oc3 = ["1:{c,d}", "2:{c} 3:{d}", "2:{c}", "3:{d}", "none"]
tb = [[10, 0, 0, 0, 0], [0, 9, 9, 0, 0], [0, 9, 0, 9, 0]]
write("bailey-deficit", table_instance("bailey-deficit", ag3, oc3, tb, 100), "bailey",
      "hand computation: VCG revenue 2 (agents 2 and 3 each pay 10 - 9 = 1); without agent 1 the revenue is 0, without 2 or 3 it is 9; "
      "Bailey pays 9/3 to each of 2 and 3: redistributed 6, deficit 4",
      table_expect(ag3, oc3, tb, bailey([[F(x) for x in r] for r in tb]), "bailey"))

# AGV: thesis Tables 2.5-2.6. Outcome o_k gives the item to agent k (so ties favour the lower index).
prior = {"1": {"types": [[0, 0, 0], [10, 0, 0], [20, 0, 0]], "probabilities": [0, 0.2, 0.8]},
         "2": {"types": [[0, 0, 0], [0, 10, 0], [0, 20, 0]], "probabilities": [0, 0.8, 0.2]},
         "3": {"types": [[0, 0, 0], [0, 0, 10], [0, 0, 20]], "probabilities": [0.8, 0.1, 0.1]}}
reports = [[10, 0, 0], [0, 10, 0], [0, 0, 20]]
def esw(i, own):
    tot = F(0)
    others = [j for j in range(3) if j != i]
    for ks in itertools.product(range(3), repeat=2):
        rows = [None] * 3; p = F(1)
        rows[i] = own
        for j, k in zip(others, ks):
            rows[j] = prior[str(j + 1)]["types"][k]; p *= F(str(prior[str(j + 1)]["probabilities"][k]))
        if p == 0: continue
        o, _, _, _ = vcg_table(rows)
        tot += p * sum(rows[j][o] for j in others)
    return tot
E = [esw(i, reports[i]) for i in range(3)]
T = [E[i] - F(1, 2) * (sum(E) - E[i]) for i in range(3)]
assert [float(x) for x in E] == [5.6, 18.2, 16.8] and [float(x) for x in T] == [-11.9, 7.0, 4.9]
_, _, pay, _ = vcg_table(reports)
z = [T[i] + pay[i] for i in range(3)]
write("table-2.6-agv", table_instance("table-2.6-agv", ag3, ["o1", "o2", "o3"], reports, diag(20, 3), prior), "agv",
      "thesis Tables 2.5-2.6 (eqs. 2.37-2.39): ESW = (5.6, 18.2, 16.8), T = (-11.9, 7, 4.9), utilities (-11.9, 7, 24.9), budget balanced",
      table_expect(ag3, ["o1", "o2", "o3"], reports, z, "agv", {"expectedExternality": [num(x) for x in E], "revenue": 0}))
print("written")
