#!/usr/bin/env python3
"""Seconds Python's json.load takes on a file (best of --repeat runs, file read included),
as one JSON line: the reference of `rmsolve bench io`.

usage: json_load.py FILE [REPEAT]"""
import json
import sys
import time

path = sys.argv[1]
repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 3
best = float("inf")
for _ in range(repeat):
    t = time.perf_counter()
    with open(path, "rb") as f:
        json.load(f)
    best = min(best, time.perf_counter() - t)
print(json.dumps({"peer": "python-json", "file": path, "seconds": best, "repeat": repeat}))
