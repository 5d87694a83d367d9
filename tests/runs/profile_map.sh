#!/usr/bin/env bash
# The d(h, t) map of the shipped evolving case (coarse settings): the
# stripes' speed, measured from profile.csv alone by plot_profile_map,
# equals the core speed of history.csv within 5 %; summary.json's
# measure (the same algorithm in C++, mechanics.profile_map) equals the
# plot's to 1e-9 and the core's within 5 %; the plot refuses a run without
# profile.csv (exit 2).
#   profile_map.sh MPIEXEC NANOCONVECT ROOT SCRATCH_DIR
set -uo pipefail
mpiexec=$1 bin=$2 root=$3 scratch=$4
rm -rf "$scratch"; mkdir -p "$scratch"
fail() { echo "FAIL: $*"; echo "0 passed, 1 failed"; exit 1; }
cat "$root/parameter_files/evolving_cu.prm" "$root/tests/golden/coarse.prm" > "$scratch/case.prm"
"$mpiexec" -np 2 "$bin" -o "$scratch/run" "$scratch/case.prm" < /dev/null > "$scratch/log" 2>&1 ||
  fail "the run failed: $(tail -5 "$scratch/log")"
"$root/postprocess/plot_profile_map" "$scratch/run" "$scratch/map" || fail "plot_profile_map failed"
for ext in png pdf json; do
  [ -s "$scratch/map.$ext" ] || fail "plot_profile_map wrote no $ext"
done
/usr/bin/python3 - "$scratch/map.json" "$scratch/run/summary.json" <<'PY' || fail "the stripes do not move at the core speed"
import json, sys
m = json.load(open(sys.argv[1]))
s = json.load(open(sys.argv[2]))["mechanics"]["profile_map"]
print(f"stripes {m.get('stripe_speed_nm_per_s')} nm/s, core {m.get('core_speed_nm_per_s')} nm/s "
      f"over {m['pairs']} pairs; summary.json: stripes {s['stripe_speed_m_per_s']} m/s, "
      f"core {s['core_speed_m_per_s']} m/s over {s['pairs']} pairs")
ok = m["pairs"] >= 10 and abs(m["ratio"] - 1) < 0.05
ok = ok and s["pairs"] == m["pairs"]
ok = ok and abs(s["stripe_speed_m_per_s"] / (1e-9 * m["stripe_speed_nm_per_s"]) - 1) < 1e-9
ok = ok and abs(s["stripe_speed_m_per_s"] / s["core_speed_m_per_s"] - 1) < 0.05
sys.exit(0 if ok else 1)
PY
mkdir -p "$scratch/not_evolving"
"$root/postprocess/plot_profile_map" "$scratch/not_evolving" 2>/dev/null; rc=$?
[ "$rc" -eq 2 ] || fail "plot_profile_map on a run without profile.csv exits 2, got $rc"
echo "1 passed, 0 failed"
