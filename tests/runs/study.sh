#!/usr/bin/env bash
# The study runner on a two-case sweep: each case in its own directory, one
# study.csv row per case, a failed case reported apart while the other
# finishes (exit 1); a bad study value is an input error (exit 2).
#   study.sh MPIEXEC NANOCONVECT RUNS_DIR SCRATCH_DIR
set -uo pipefail
mpiexec=$1 bin=$2 runs=$3 scratch=$4
rm -rf "$scratch"; mkdir -p "$scratch"
fail() { echo "FAIL: $*"; exit 1; }

# Case 2 gives the thermal CG one iteration: it fails on every rank.
cat "$runs/tiny.prm" > "$scratch/sweep.prm"
cat >> "$scratch/sweep.prm" <<'PRM'
subsection Mechanics
  set Enable = false
end
subsection Surface transport
  set Stress trace = thermal
end
subsection Study
  set Parameter = Thermal/Max linear iterations
  set Values    = 1000, 1
end
PRM
"$mpiexec" -np 2 "$bin" -o "$scratch/out" "$scratch/sweep.prm" > "$scratch/log" 2>&1
rc=$?
[ "$rc" -eq 1 ] || fail "a study with a failed case exits 1, got $rc"
csv="$scratch/out/study.csv"
[ -f "$csv" ] || fail "no study.csv"
[ "$(wc -l < "$csv")" -eq 3 ] || fail "study.csv needs a header and 2 rows"
sed -n 1p "$csv" | grep -q '^case,parameter,value,status,directory' || fail "header: $(sed -n 1p "$csv")"
sed -n 2p "$csv" | grep -Eq '^1,"Thermal/Max linear iterations","1000",ok,.*,[0-9.]+' || fail "row 1: $(sed -n 2p "$csv")"
sed -n 3p "$csv" | grep -Eq '^2,"Thermal/Max linear iterations","1",failed,' || fail "row 2: $(sed -n 3p "$csv")"
[ -f "$scratch/out/case_01_1000/summary.json" ] || fail "case 1 has no summary"
grep -q "case 2 failed" "$scratch/log" || fail "the failure is not reported"
grep -q "about .* s left" "$scratch/log" || fail "no time estimate"

# A value the parameter does not accept: input error naming both.
sed -e 's/  set Values    = 1000, 1/  set Values    = 1000, many/' \
  "$scratch/sweep.prm" > "$scratch/bad.prm"
err=$("$bin" --validate "$scratch/bad.prm" 2>&1 >/dev/null); rc=$?
[ "$rc" -eq 2 ] || fail "bad study value exits 2, got $rc"
grep -q "'many' cannot be given to 'Thermal/Max linear iterations'" <<<"$err" ||
  fail "message: $err"
# Sensitivity mode on the coupled model: a baseline and one input at both
# ends of its range. A faster contact (larger delta_i D_i) inserts faster:
# v(low) < v(baseline) < v(high), an ordering any correct model keeps.
cat "$runs/tiny.prm" > "$scratch/sens.prm"
cat >> "$scratch/sens.prm" <<'PRM'
subsection Mechanics
  set Finite element degree = 1
end
subsection Time stepping
  set Stress increment per step = 20
end
subsection Study
  set Mode   = sensitivity
  set Inputs = Interface/Contact diffusivity prefactor: 5e-16, 5e-14
end
PRM
"$mpiexec" -np 2 "$bin" -o "$scratch/sens" "$scratch/sens.prm" > "$scratch/sens.log" 2>&1 ||
  fail "sensitivity study failed: $(tail -5 "$scratch/sens.log")"
scsv="$scratch/sens/study.csv"
[ "$(wc -l < "$scsv")" -eq 4 ] || fail "sensitivity study.csv needs a header and 3 rows"
sed -n 2p "$scsv" | grep -Eq '^1,"","",ok,.*case_01_baseline' || fail "baseline row: $(sed -n 2p "$scsv")"
/usr/bin/python3 - "$scsv" <<'PY' || fail "speeds not ordered low < baseline < high"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
v = [float(r["mechanics/core_speed_m_per_s"]) for r in rows]
print("  v (low, baseline, high):", v[1], v[0], v[2])
sys.exit(0 if v[1] < v[0] < v[2] else 1)
PY
here=$(cd "$(dirname "$0")/../.." && pwd)
"$here/postprocess/plot_tornado" "$scratch/sens" > "$scratch/tornado.log" 2>&1 ||
  fail "plot_tornado: $(cat "$scratch/tornado.log")"
[ "$(stat -c %s "$scratch/sens/tornado.png")" -gt 5000 ] || fail "no tornado.png"
grep -q "band" "$scratch/tornado.log" || fail "no band printed"
# Sensitivity inputs not of the form 'Entry: low, high': input error.
sed -e 's/5e-16, 5e-14/5e-16/' "$scratch/sens.prm" > "$scratch/sens_bad.prm"
err=$("$bin" --validate "$scratch/sens_bad.prm" 2>&1 >/dev/null); rc=$?
[ "$rc" -eq 2 ] || fail "bad sensitivity input exits 2, got $rc"
grep -q "is not 'Subsection/Entry: low, high'" <<<"$err" || fail "message: $err"
echo "study runner: ok"
