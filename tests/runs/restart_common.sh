# Shared by kill_restart.sh and interrupt.sh (sourced): the counters, the
# small coupled case and the comparison of a restarted run with an
# uninterrupted one.
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
python=/usr/bin/python3

# write_case FILE "TIME STEPPING ENTRIES": the coarse coupled case (linear
# mechanics, no VTU) with the given 'Time stepping' entries.
write_case() {
  cat > "$1" <<PRM
subsection Mesh
  set Global refinement = 0
  set Corner refinement = 1
end
subsection Output
  set Write vtu = false
end
subsection Mechanics
  set Finite element degree = 1
end
subsection Time stepping
$2
end
PRM
}

# same REF RUN: the final state of RUN equals REF's (relative 1e-10).
same() {
  $python - "$1/summary.json" "$2/summary.json" <<'PY'
import json, sys
a, b = (json.load(open(f))["mechanics"] for f in sys.argv[1:3])
for k in ("back_stress_Pa", "core_speed_m_per_s", "core_position_m",
          "plated_volume_m3", "time_s", "steps", "max_plastic_strain"):
    x, y = a[k], b[k]
    if abs(x - y) > 1e-10 * max(abs(x), abs(y), 1e-300):
        sys.exit(f"{k}: {x} uninterrupted, {y} after the stop and restart")
PY
}
