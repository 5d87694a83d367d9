#!/usr/bin/python3
"""A run's summary.json without what changes from run to run (wall times,
memory, version, revision, the matrix-free multigrid's timings), one number per line, keys sorted: the form the
golden outputs are compared in with numdiff.

    filter_summary.py SUMMARY_JSON OUTPUT
"""
import json
import sys

summary = json.load(open(sys.argv[1]))
run = summary.get("run", {})
summary["run"] = {k: run[k] for k in ("ranks", "dofs") if k in run}
# The matrix-free operator's and the coarse solves' measured times and
# throughput vary with the machine, and so does the SIMD width it was built
# with (cmake/simd.cmake); their counts do not.
for key in ("fine_operator_time_s", "fine_operator_dofs_per_s",
            "coarse_solve_time_s", "simd_lanes_double", "simd_lanes_float"):
    summary.get("thermal", {}).get("multigrid", {}).pop(key, None)
with open(sys.argv[2], "w") as f:
    json.dump(summary, f, indent=1, sort_keys=True)
    f.write("\n")
