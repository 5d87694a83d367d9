#!/usr/bin/env bash
# postprocess/validation end to end on its coarse setting: every case runs,
# the report has its table, trends and figures, and it will not overwrite a
# file it did not write.
#   validation.sh NANOCONVECT POSTPROCESS_DIR SCRATCH_DIR
set -uo pipefail
bin=$1 post=$2 scratch=$3
rm -rf "$scratch"; mkdir -p "$scratch"
fail() { echo "FAIL: $*"; exit 1; }
report=$scratch/report/validation.md
"$post/validation" --coarse --bin "$bin" --output "$scratch/out" --report "$report" \
  > "$scratch/log" 2>&1 || fail "validation failed: $(tail -5 "$scratch/log")"
grep -q "^\[10/12\] diameter_sweep_cu" "$scratch/log" || fail "no progress lines"
grep -q "^\[11/12\] sensitivity_cu .* done" "$scratch/log" || fail "no sensitivity study"
grep -q "^\[12/12\] evolving_cu .* done" "$scratch/log" || fail "no evolving column"
grep -q "stripes at .* nm/s against a core speed" "$report" || fail "no stripe speed of the d(h, t) map"
rows=$(grep -c "^| .* | .* | .* | .* | .* | .* |$" <(sed -n '/^## 1\./,/^## 2\./p' "$report"))
[ "$rows" -ge 22 ] || fail "the comparison table has $rows lines, want >= 22"
grep -q "^| core speed band, Cu" "$report" || fail "no band of the core speed"
! grep -q "run failed\|not produced" "$report" || fail "the report names a failed run or figure"
for key in "MD set-up: steady back stress" "Al column with a surface oxide" \
           "longer is slower" "ΔT needed for 75 MPa" "core translation speed"; do
  grep -q "$key" "$report" || fail "no row '$key'"
done
n=0
for png in $(grep -o "figures/validation/[a-z_A-Z]*\.png" "$report" | sort -u); do
  [ "$(stat -c %s "$scratch/report/$png" 2>/dev/null || echo 0)" -gt 5000 ] ||
    fail "figure $png missing or empty"
  n=$((n + 1))
done
[ "$n" -ge 10 ] || fail "$n figures embedded, want 10"
echo "foreign text" > "$scratch/mine.md"
"$post/validation" --coarse --bin "$bin" --output "$scratch/out" --report "$scratch/mine.md" \
  > /dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] && grep -q "foreign text" "$scratch/mine.md" ||
  fail "a report not written by the script was not protected (exit $rc)"
echo "ok: $rows table lines, $n figures, a foreign file left alone"
