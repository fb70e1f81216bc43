"""Winner determination on CATS files with HiGHS and SCIP, one thread each.

    python wdp.py [--solver highs|scip|both] [--time-limit SECONDS] FILE.txt...
                                     # prints one JSON line per file and solver

The model is CATS's set packing with dummy goods: maximize sum(price_b x_b) subject to each
good (real or dummy) in at most one accepted bid, x binary. Reading and model building are
excluded from "seconds" (wall clock) and "cpuSeconds" (the process's CPU time, which
a loaded machine inflates less); "welfare" is the optimal objective the solver proved. The CATS
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


def solve_highs(items, bids, time_limit=None):
    import highspy
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    if time_limit:
        h.setOptionValue("time_limit", float(time_limit))
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
    t, c = time.perf_counter(), time.process_time()
    h.run()
    seconds, cpu = time.perf_counter() - t, time.process_time() - c
    status = h.modelStatusToString(h.getModelStatus())
    return -h.getInfo().objective_function_value, seconds, cpu, status


def solve_scip(items, bids, time_limit=None):
    from pyscipopt import Model, quicksum
    m = Model()
    m.hideOutput()
    m.setParam("parallel/maxnthreads", 1)
    if time_limit:
        m.setParam("limits/time", float(time_limit))
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
    t, c = time.perf_counter(), time.process_time()
    m.optimize()
    seconds, cpu = time.perf_counter() - t, time.process_time() - c
    return m.getObjVal(), seconds, cpu, m.getStatus()


def main(argv):
    import argparse
    parser = argparse.ArgumentParser(description="Winner determination on CATS files with HiGHS and SCIP (one thread).")
    parser.add_argument("--solver", choices=("highs", "scip", "both"), default="both")
    parser.add_argument("--time-limit", type=float, default=None,
                        help="seconds per solver call (the status then says whether it was hit)")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    solvers = [("highs", solve_highs), ("scip", solve_scip)]
    if args.solver != "both":
        solvers = [s for s in solvers if s[0] == args.solver]
    for path in args.files:
        items, bids = read_cats(path)
        for name, solve in solvers:
            welfare, seconds, cpu, status = solve(items, bids, args.time_limit)
            print(json.dumps({"file": path, "solver": name, "welfare": welfare,
                              "seconds": round(seconds, 4), "cpuSeconds": round(cpu, 4), "status": status}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
