#!/usr/bin/python3
"""A run's summary.json without what changes from run to run (wall times,
memory, version, revision), one number per line, keys sorted: the form the
golden outputs are compared in with numdiff.

    filter_summary.py SUMMARY_JSON OUTPUT
"""
import json
import sys

summary = json.load(open(sys.argv[1]))
run = summary.get("run", {})
summary["run"] = {k: run[k] for k in ("ranks", "dofs") if k in run}
with open(sys.argv[2], "w") as f:
    json.dump(summary, f, indent=1, sort_keys=True)
    f.write("\n")
