#!/usr/bin/env bash
# Each plot script makes its PNG and PDF from a small coupled run, and
# refuses a directory that is not a run (exit 2).
#   plots.sh MPIEXEC NANOCONVECT RUNS_DIR POSTPROCESS_DIR SCRATCH_DIR
set -uo pipefail
mpiexec=$1 bin=$2 runs=$3 post=$4 scratch=$5
rm -rf "$scratch"; mkdir -p "$scratch"
fail() { echo "FAIL: $*"; exit 1; }
cat "$runs/tiny.prm" > "$scratch/case.prm"
cat >> "$scratch/case.prm" <<'PRM'
subsection Mechanics
  set Finite element degree = 1
end
subsection Time stepping
  set End time = 2e-3
end
PRM
"$mpiexec" -np 2 "$bin" -o "$scratch/run" "$scratch/case.prm" > "$scratch/log" 2>&1 ||
  fail "the run failed: $(tail -5 "$scratch/log")"
for plot in plot_profiles plot_history; do
  "$post/$plot" "$scratch/run" "$scratch/$plot" || fail "$plot failed"
  for ext in png pdf; do
    [ -s "$scratch/$plot.$ext" ] || fail "$plot wrote no $ext"
  done
  "$post/$plot" "$scratch/nowhere" 2>/dev/null; rc=$?
  [ "$rc" -eq 2 ] || fail "$plot on a missing run exits 2, got $rc"
done
echo "plots: ok"
