#!/usr/bin/env bash
# Golden outputs (the ASPECT way): runs a shipped case on the coarse
# settings of coarse.prm and compares its summary.json (filtered) and CSV
# files with tests/reference/CASE/ by numdiff, relative 1e-8 (absolute
# 1e-12 for numbers near zero). With --bless it writes the references
# instead (scripts/bless_references); a changed reference is a reviewed
# diff, explained in the commit that changes the model.
#   golden.sh [--bless] MPIEXEC NANOCONVECT CASE SCRATCH_DIR
set -uo pipefail
bless=false
[ "${1:-}" = "--bless" ] && { bless=true; shift; }
mpiexec=$1 bin=$2 case=$3 scratch=$4
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
reference=$root/tests/reference/$case
fail() { echo "FAIL: $*"; echo "0 passed, 1 failed"; exit 1; }
rm -rf "$scratch"; mkdir -p "$scratch"
cat "$root/parameter_files/$case.prm" "$here/coarse.prm" > "$scratch/case.prm"
mode=()
[ "$case" = "paper_estimates" ] && mode=(estimate)
(cd "$root" && "$mpiexec" -np 2 "$bin" "${mode[@]}" -o "$scratch/run" "$scratch/case.prm") \
  < /dev/null > "$scratch/log" 2>&1 || fail "the run failed: $(tail -5 "$scratch/log")"
"$here/filter_summary.py" "$scratch/run/summary.json" "$scratch/summary.json" ||
  fail "summary.json unreadable"
files=(summary.json)
for csv in history.csv surface.csv interface.csv profile.csv; do
  [ -f "$scratch/run/$csv" ] && cp "$scratch/run/$csv" "$scratch/$csv" && files+=("$csv")
done
if $bless; then
  rm -rf "$reference"; mkdir -p "$reference"
  for f in "${files[@]}"; do cp "$scratch/$f" "$reference/$f"; done
  echo "blessed $case: ${files[*]}"
  exit 0
fi
[ -d "$reference" ] || fail "no reference for $case (scripts/bless_references)"
for f in "${files[@]}" $(cd "$reference" && ls); do
  [ -f "$reference/$f" ] || fail "$case: $f is new (no reference)"
  [ -f "$scratch/$f" ] || fail "$case: $f is missing from the run"
  numdiff -q -s ' \t\n,:[]{}' -r 1e-8 -a 1e-12 "$reference/$f" "$scratch/$f" > "$scratch/$f.numdiff" 2>&1 ||
    { numdiff -s ' \t\n,:[]{}' -r 1e-8 -a 1e-12 "$reference/$f" "$scratch/$f" | head -30
      fail "$case: $f differs from tests/reference/$case/$f"; }
done
echo "$case: ${#files[@]} files match the references"
echo "1 passed, 0 failed"
