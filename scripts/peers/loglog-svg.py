"""A log-log line chart (SVG) of seconds against bids, one line per distribution.

    python loglog-svg.py RESULTS.jsonl OUT.svg [--y seconds|cpuSeconds] [--title T]

RESULTS.jsonl: lines with "distribution", "bids" and the y field (lines whose status is not
"ok" are left out). No dependencies beyond the standard library.
"""
import argparse
import json
import math

COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("results")
    p.add_argument("out")
    p.add_argument("--y", default="seconds")
    p.add_argument("--title", default="All revenue guarantees: time against bids (log-log)")
    a = p.parse_args()
    series = {}
    for line in open(a.results):
        line = line.strip()
        if not line:
            continue
        r = json.loads(line)
        if r.get("status") != "ok" or r.get(a.y) is None:
            continue
        series.setdefault(r["distribution"], []).append((r["bids"], r[a.y]))
    xs = [x for s in series.values() for x, _ in s]
    ys = [y for s in series.values() for _, y in s]
    x0, x1 = 10 ** math.floor(math.log10(min(xs))), 10 ** math.ceil(math.log10(max(xs)))
    y0, y1 = 10 ** math.floor(math.log10(min(ys))), 10 ** math.ceil(math.log10(max(ys)))
    W, H, L, R, T, B = 640, 420, 70, 150, 40, 50
    def px(x): return L + (math.log10(x) - math.log10(x0)) / (math.log10(x1) - math.log10(x0)) * (W - L - R)
    def py(y): return H - B - (math.log10(y) - math.log10(y0)) / (math.log10(y1) - math.log10(y0)) * (H - T - B)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{W / 2}" y="20" text-anchor="middle" font-size="14">{a.title}</text>']
    # Grid and ticks at 1, 2, 5 × powers of ten.
    def ticks(lo, hi):
        t = []
        e = math.floor(math.log10(lo))
        while 10 ** e <= hi:
            for m in (1, 2, 5):
                v = m * 10 ** e
                if lo <= v <= hi:
                    t.append(v)
            e += 1
        return t
    for v in ticks(x0, x1):
        out.append(f'<line x1="{px(v):.1f}" y1="{T}" x2="{px(v):.1f}" y2="{H - B}" stroke="#ddd"/>')
        out.append(f'<text x="{px(v):.1f}" y="{H - B + 16}" text-anchor="middle">{v:g}</text>')
    for v in ticks(y0, y1):
        out.append(f'<line x1="{L}" y1="{py(v):.1f}" x2="{W - R}" y2="{py(v):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{L - 6}" y="{py(v) + 4:.1f}" text-anchor="end">{v:g}</text>')
    out.append(f'<rect x="{L}" y="{T}" width="{W - L - R}" height="{H - T - B}" fill="none" stroke="black"/>')
    out.append(f'<text x="{(L + W - R) / 2}" y="{H - 12}" text-anchor="middle">bids</text>')
    out.append(f'<text x="16" y="{(T + H - B) / 2}" text-anchor="middle" transform="rotate(-90 16 {(T + H - B) / 2})">{a.y}</text>')
    for k, (name, pts) in enumerate(sorted(series.items())):
        c = COLORS[k % len(COLORS)]
        pts.sort()
        out.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>' % (c, " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in pts)))
        for x, y in pts:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{c}"/>')
        slope = ""
        if len(pts) >= 2:
            lx = [math.log(x) for x, _ in pts]; ly = [math.log(y) for _, y in pts]
            mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
            den = sum((u - mx) ** 2 for u in lx)
            if den > 0:
                slope = f" (slope {sum((u - mx) * (v - my) for u, v in zip(lx, ly)) / den:.1f})"
        out.append(f'<text x="{W - R + 10}" y="{T + 16 + 18 * k}" fill="{c}">{name}{slope}</text>')
    out.append("</svg>")
    open(a.out, "w").write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
