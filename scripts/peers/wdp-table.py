"""Markdown table of scripts/peers/bench-wdp's results (JSON lines of rmsolve, HiGHS, SCIP).

    python wdp-table.py --commit C --timeout T results.jsonl > wdp-peers.md

Per instance: seconds of each solver, the peers' seconds over rmsolve's, whether the welfares
agree (within 1e-9 relative), and the load average when the instance started; per
distribution and size: the geometric mean and the smallest of each ratio. A peer stopped at its
time limit counts with its CPU seconds by then (wall seconds when it did not report them) in a
ratio, so the ratio is a lower bound, marked ">".
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
          "instance started. The machine is shared with other jobs, so each cell shows CPU seconds of the solving "
          "thread/process (what the ratios use) and wall seconds in parentheses.\n")
    if unavailable:
        for d, why in unavailable.items():
            if "invalid" in why:
                why = "rmsolve's CATS generator does not implement this distribution"
            print(f"- `{d}`: not generated ({why}).")
        print()

    def finished(r):
        return r is not None and "welfare" in r and str(r.get("status", "")).lower() == "optimal"

    def cell(r):
        if r is None:
            return "—"
        if r.get("status") == "timeout":
            return f"timeout ({r.get('seconds', args.timeout):.0f} wall)"
        if not finished(r) and "seconds" in r:
            cpu = f"{r['cpuSeconds']:.1f} CPU, " if "cpuSeconds" in r else ""
            return f"time limit ({cpu}{r['seconds']:.0f} wall)"
        if "seconds" not in r:
            return r.get("status", "?")
        return f"{r['cpuSeconds']:.3f} ({r['seconds']:.3f})"

    def ratio(peer, rm):
        """(value, text): the peer's CPU seconds over rmsolve's when both finished; with a
        timeout, wall seconds and a bound mark."""
        if peer is None or rm is None or "seconds" not in peer or "seconds" not in rm:
            return None, "—"
        if finished(peer) and finished(rm):
            v = peer["cpuSeconds"] / max(rm["cpuSeconds"], 1e-6)
            return v, f"{v:.1f}"
        if finished(rm):
            # The peer stopped at its time limit: its CPU seconds by then (when it reported
            # them) over rmsolve's, else wall over wall; a lower bound either way.
            if "cpuSeconds" in peer:
                v = peer["cpuSeconds"] / max(rm["cpuSeconds"], 1e-6)
            else:
                v = peer["seconds"] / max(rm["seconds"], 1e-6)
            return v, f">{v:.1f}"
        if finished(peer):
            v = peer["seconds"] / max(rm["seconds"], 1e-6)
            return v, f"<{v:.1f}"
        return None, "both timed out"

    summary = OrderedDict()
    print("| instance | bidders | welfare | rmsolve CPU s (wall) | HiGHS CPU s (wall) | SCIP CPU s (wall) | HiGHS / rmsolve | SCIP / rmsolve | agree | load |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for name, by in rows.items():
        rm, hi, sc = by.get("rmsolve"), by.get("highs"), by.get("scip")
        welfares = [r["welfare"] for r in (rm, hi, sc) if finished(r)]
        agree = "yes" if len(welfares) >= 2 and all(abs(w - welfares[0]) <= 1e-9 * max(1, abs(welfares[0])) for w in welfares) else (
            "MISMATCH" if len(welfares) >= 2 else "n/a")
        r_h, sr_h = ratio(hi, rm)
        r_s, sr_s = ratio(sc, rm)
        m = re.match(r"(.+)-(\d+)-(\d+)-(\d+)$", name)
        key = (m.group(1), f"{m.group(2)}×{m.group(3)}") if m else (name, "")
        summary.setdefault(key, []).append((r_h, r_s, rm, hi, sc))
        load = (by.get("load") or {}).get("uptime", "")
        welfare = f"{welfares[0]:.6g}" if welfares else "—"
        bidders = rm.get("bidders", "") if rm else ""
        print(f"| {name} | {bidders} | {welfare} | {cell(rm)} | {cell(hi)} | {cell(sc)} | {sr_h} | {sr_s} | {agree} | {load} |")
    print("\n## Per distribution and size\n")
    print("Geometric mean and smallest of each ratio over the seeds (CPU seconds; a peer stopped at its time limit "
          "enters with its CPU seconds by then, so such a ratio is a lower bound); instances each solver finished.\n")
    print("| distribution | goods × bids | finished (rmsolve, HiGHS, SCIP) | HiGHS / rmsolve (geo. mean, min) | SCIP / rmsolve (geo. mean, min) | ≥ 5× on every seed |")
    print("|---|---|---|---:|---:|---|")
    for (d, size), items in summary.items():
        def agg(k):
            v = [x[k] for x in items if x[k] is not None and x[k] > 0]
            if not v:
                return "—", None
            g = math.exp(sum(math.log(x) for x in v) / len(v))
            return f"{g:.1f}, {min(v):.1f}", min(v)
        h, mh = agg(0)
        s, ms = agg(1)
        done = ", ".join(str(sum(1 for x in items if finished(x[k]))) for k in (2, 3, 4))
        ok = "yes" if mh is not None and ms is not None and mh >= 5 and ms >= 5 and len([x for x in items if x[0] is not None]) == len(items) else "no"
        print(f"| {d} | {size} | {done} of {len(items)} | {h} | {s} | {ok} |")


if __name__ == "__main__":
    main()
