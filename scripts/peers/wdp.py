"""Winner determination on CATS files with HiGHS and SCIP, one thread each.

    python wdp.py FILE.txt...        # prints one JSON line per file and solver

The model is CATS's set packing with dummy goods: maximize sum(price_b x_b) subject to each
good (real or dummy) in at most one accepted bid, x binary. Reading and model building are
excluded from "seconds"; "welfare" is the optimal objective the solver proved. The CATS
reader here follows the format rmsolve reads (docs/formats.md): "%" comments, the header
lines "goods N", "bids B", "dummy D", then "k price good ... #" per bid.
"""
import json
import sys
import time


def read_cats(path):
    goods = dummy = None
    bids = []
    with open(path) as f:
        for line in f:
            fields = line.split()
            if not fields or fields[0].startswith("%"):
                continue
            if fields[0] == "goods":
                goods = int(fields[1])
            elif fields[0] == "dummy":
                dummy = int(fields[1])
            elif fields[0] == "bids":
                continue
            else:
                assert fields[-1] == "#", f"{path}: bid line without '#'"
                bids.append((float(fields[1]), [int(g) for g in fields[2:-1]]))
    return goods + dummy, bids


def solve_highs(items, bids):
    import highspy
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("mip_rel_gap", 1e-9)
    h.setOptionValue("mip_abs_gap", 1e-9)
    inf = highspy.kHighsInf
    rows = [[] for _ in range(items)]
    for j, (_, goods) in enumerate(bids):
        for g in goods:
            rows[g].append(j)
    lp = highspy.HighsLp()
    lp.num_col_ = len(bids)
    lp.num_row_ = items
    lp.col_cost_ = [-p for p, _ in bids]
    lp.col_lower_ = [0.0] * len(bids)
    lp.col_upper_ = [1.0] * len(bids)
    lp.row_lower_ = [-inf] * items
    lp.row_upper_ = [1.0] * items
    starts, index, value = [0], [], []
    columns = [[] for _ in bids]
    for g, members in enumerate(rows):
        for j in members:
            columns[j].append(g)
    for col in columns:
        index.extend(col)
        value.extend([1.0] * len(col))
        starts.append(len(index))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = starts
    lp.a_matrix_.index_ = index
    lp.a_matrix_.value_ = value
    lp.integrality_ = [highspy.HighsVarType.kInteger] * len(bids)
    h.passModel(lp)
    t = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - t
    status = h.modelStatusToString(h.getModelStatus())
    return -h.getInfo().objective_function_value, seconds, status


def solve_scip(items, bids):
    from pyscipopt import Model, quicksum
    m = Model()
    m.hideOutput()
    m.setParam("parallel/maxnthreads", 1)
    m.setParam("lp/threads", 1)
    m.setParam("limits/gap", 1e-9)
    m.setParam("limits/absgap", 1e-9)
    x = [m.addVar(vtype="B", obj=p) for p, _ in bids]
    rows = [[] for _ in range(items)]
    for j, (_, goods) in enumerate(bids):
        for g in goods:
            rows[g].append(x[j])
    for members in rows:
        if len(members) > 1:
            m.addCons(quicksum(members) <= 1)
    m.setMaximize()
    t = time.perf_counter()
    m.optimize()
    seconds = time.perf_counter() - t
    return m.getObjVal(), seconds, m.getStatus()


def main(paths):
    for path in paths:
        items, bids = read_cats(path)
        for name, solve in (("highs", solve_highs), ("scip", solve_scip)):
            welfare, seconds, status = solve(items, bids)
            print(json.dumps({"file": path, "solver": name, "welfare": welfare,
                              "seconds": round(seconds, 4), "status": status}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
