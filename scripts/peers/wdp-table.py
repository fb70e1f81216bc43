"""Markdown table of scripts/peers/bench-wdp's results (JSON lines of rmsolve, HiGHS, SCIP).

    python wdp-table.py --commit C --timeout T results.jsonl > wdp-peers.md

Per instance: seconds of each solver, the peers' seconds over rmsolve's, whether the welfares
agree (within 1e-9 relative), and the load average when the instance started; per
distribution and size: the geometric mean and the smallest of each ratio. A timeout counts as
the timeout in a ratio (so the ratio is a lower bound, marked ">").
"""
import argparse
import datetime
import json
import math
import os
import platform
import re
import subprocess
from collections import OrderedDict


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            memory = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{platform.system()} {platform.machine()}, {cpu}, {os.cpu_count()} cores{memory}"


def versions():
    out = []
    try:
        import highspy
        h = highspy.Highs()
        out.append(f"HiGHS {h.version()}" if hasattr(h, "version") else "HiGHS (highspy)")
    except Exception:
        out.append("HiGHS (highspy)")
    try:
        import pyscipopt
        m = pyscipopt.Model()
        out.append(f"SCIP {m.version()} (pyscipopt {pyscipopt.__version__})")
    except Exception:
        out.append("SCIP (pyscipopt)")
    return ", ".join(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--commit", default="?")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("results")
    args = parser.parse_args()
    rows = OrderedDict()
    unavailable = OrderedDict()
    with open(args.results) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            r = json.loads(line)
            name = os.path.basename(r["file"])[:-4]
            if r["solver"] == "generate":
                dist = name.split("-")[0]
                unavailable[dist] = r["status"]
                continue
            rows.setdefault(name, {})[r["solver"]] = r
    print("# Winner determination: rmsolve against HiGHS and SCIP\n")
    print(f"Date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}; commit {args.commit}; "
          f"machine: {machine()}; peers: {versions()}, one thread each; timeout {args.timeout:g} s per solver call.\n")
    print("Made by `scripts/peers/bench-wdp` (release build of rmsolve). Each instance is a CATS file made by "
          "`rmsolve generate combinatorial --distribution D --goods G --bids B --seed S`, solved in turn by "
          "`rmsolve bench wdp --files FILE` and `scripts/peers/wdp.py --solver highs|scip FILE` (set packing with "
          "dummy goods, x binary, gap tolerances 1e-9). Seconds exclude reading the file; rmsolve's include building "
          "its search from the bid lists. Ratios are the peer's seconds over rmsolve's (above 1: rmsolve is faster). "
          "\"agree\": all finished welfares equal within 1e-9 relative. Load: the 1/5/15-minute load average when the "
          "instance started (the machine is shared; ratios within one instance are what to read).\n")
    if unavailable:
        for d, why in unavailable.items():
            print(f"- `{d}`: not generated ({why}).")
        print()

    def secs(r):
        if r is None:
            return None, "—"
        if r.get("status") == "timeout":
            return args.timeout, f"timeout ({args.timeout:g})"
        if "seconds" not in r:
            return None, r.get("status", "?")
        s = r["seconds"]
        st = r.get("status", "")
        if st and st.lower() not in ("optimal",):
            return s, f"{s:.3f} ({st})"
        return s, f"{s:.3f}"

    summary = OrderedDict()
    print("| instance | bidders | welfare | rmsolve s | HiGHS s | SCIP s | HiGHS / rmsolve | SCIP / rmsolve | agree | load |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for name, by in rows.items():
        rm = by.get("rmsolve")
        t_rm, s_rm = secs(rm)
        t_h, s_h = secs(by.get("highs"))
        t_s, s_s = secs(by.get("scip"))
        welfares = [by[k]["welfare"] for k in ("rmsolve", "highs", "scip")
                    if k in by and "welfare" in by[k] and str(by[k].get("status", "")).lower() == "optimal"]
        agree = "yes" if len(welfares) >= 2 and all(abs(w - welfares[0]) <= 1e-9 * max(1, abs(welfares[0])) for w in welfares) else (
            "MISMATCH" if len(welfares) >= 2 else "n/a")
        def ratio(t, peer):
            if t is None or t_rm is None or t_rm <= 0:
                return None, "—"
            lower = (by.get(peer) or {}).get("status") == "timeout" or (by.get(peer) or {}).get("status", "").lower() in ("time limit reached", "timelimit")
            upper = (rm or {}).get("status") == "timeout"
            v = t / t_rm
            mark = ">" if lower and not upper else ("<" if upper and not lower else ("~" if upper and lower else ""))
            return v, f"{mark}{v:.1f}"
        r_h, sr_h = ratio(t_h, "highs")
        r_s, sr_s = ratio(t_s, "scip")
        m = re.match(r"(.+)-(\d+)-(\d+)-(\d+)$", name)
        key = (m.group(1), f"{m.group(2)}×{m.group(3)}") if m else (name, "")
        summary.setdefault(key, []).append((r_h, r_s, t_rm, t_h, t_s))
        load = (by.get("load") or {}).get("uptime", "")
        welfare = f"{rm['welfare']:.6g}" if rm and "welfare" in rm else (f"{welfares[0]:.6g}" if welfares else "—")
        bidders = rm.get("bidders", "") if rm else ""
        print(f"| {name} | {bidders} | {welfare} | {s_rm} | {s_h} | {s_s} | {sr_h} | {sr_s} | {agree} | {load} |")
    print("\n## Per distribution and size\n")
    print("Geometric mean and smallest of each ratio over the seeds; total seconds.\n")
    print("| distribution | goods × bids | rmsolve s | HiGHS s | SCIP s | HiGHS / rmsolve (geo. mean, min) | SCIP / rmsolve (geo. mean, min) | ≥ 5× on every seed |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for (d, size), items in summary.items():
        def agg(k):
            v = [x[k] for x in items if x[k] is not None and x[k] > 0]
            if not v:
                return "—", None
            g = math.exp(sum(math.log(x) for x in v) / len(v))
            return f"{g:.1f}, {min(v):.1f}", min(v)
        h, mh = agg(0)
        s, ms = agg(1)
        tot = lambda k: f"{sum(x[k] for x in items if x[k] is not None):.2f}"
        ok = "yes" if mh is not None and ms is not None and mh >= 5 and ms >= 5 else "no"
        print(f"| {d} | {size} | {tot(2)} | {tot(3)} | {tot(4)} | {h} | {s} | {ok} |")


if __name__ == "__main__":
    main()
