#!/usr/bin/env bash
# Runs the default case as a user would (2 ranks) and checks that every
# promised file is there, that summary.json holds the promised keys, and that
# a second run into the same directory is accepted (it is nanoconvect's).
#   run_default_case.sh MPIRUN NANOCONVECT FILE.prm OUTPUT_DIR
set -euo pipefail
mpirun=$1 bin=$2 prm=$3 out=$4
rm -rf "$out"
for attempt in 1 2; do
  "$mpirun" --oversubscribe -np 2 "$bin" -o "$out" "$prm" > "$out.log" 2>&1 \
    || { cat "$out.log"; echo "FAIL: run $attempt exited non-zero"; exit 1; }
done
cat "$out.log"
for f in summary.json profiles.csv bulk.pvd bulk_0000.pvtu bulk_0000.0.vtu \
         bulk_0000.1.vtu original.prm parameters.prm surface.csv surface.pvd \
         surface_0000.vtu; do
  [ -s "$out/$f" ] || { echo "FAIL: $out/$f missing or empty"; exit 1; }
done
for key in T_column_hot_end_K T_column_cold_end_K delta_T_column_K \
           mean_gradient_column_K_per_m peak_gradient_column_K_per_m \
           heat_flow_W J_T_atoms_per_m2_s J_sigma_atoms_per_m2_s \
           J_total_atoms_per_m2_s insertion_rate_atoms_per_s core_speed_m_per_s \
           eq1_stall_stress_Pa '"ranks": 2' '"dofs"' wall_time_s '"version"'; do
  grep -q -- "$key" "$out/summary.json" || { echo "FAIL: summary.json lacks $key"; exit 1; }
done
head -1 "$out/profiles.csv" | grep -q '^path,r_nm,z_nm,T_K,dTdz_K_per_m' \
  || { echo "FAIL: profiles.csv header"; exit 1; }
# VTU coordinates are in nanometres: the tip's top face is at z = 625 nm,
# the highest point of the mesh both ranks wrote (read by VTK: the points
# are compressed binary, no text to search).
/usr/bin/python3 - "$out/bulk_0000.pvtu" <<'PY' || { echo "FAIL: VTU coordinates are not in nm"; exit 1; }
import sys, vtk
reader = vtk.vtkXMLPUnstructuredGridReader()
reader.SetFileName(sys.argv[1])
reader.Update()
bounds = reader.GetOutput().GetBounds()
top = max(bounds[1], bounds[3], bounds[5])
assert abs(top - 625) < 1e-3, bounds
print(f"bulk VTU: highest point at {top:.3f} nm")
PY
cmp -s "$prm" "$out/original.prm" || { echo "FAIL: original.prm is not the input"; exit 1; }
# --validate's estimates before meshing against the run: the mechanics DoFs
# of its serial column mesh against the parallel mechanics' (within 25 %),
# a run time per coupled step, no warning for the default case.
"$mpirun" --oversubscribe -np 2 "$bin" --validate "$prm" > "$out.validate" 2>&1 \
  || { cat "$out.validate"; echo "FAIL: --validate"; exit 1; }
/usr/bin/python3 - "$out.validate" "$out/summary.json" <<'PY' || { echo "FAIL: --validate's estimate"; exit 1; }
import json, re, sys
text, s = open(sys.argv[1]).read(), json.load(open(sys.argv[2]))
m = re.search(r"run time ~[0-9.,]+ s for the thermal solve; ~[0-9.,]+ s per coupled step \(~([0-9,]+) mechanics DoFs\)", text)
assert m, text
estimate, dofs = int(m.group(1).replace(",", "")), s["mechanics"]["dofs"]
assert abs(estimate / dofs - 1) < 0.25, (estimate, dofs)
assert "warning" not in text, text
print(f"--validate: {estimate} mechanics DoFs estimated, {dofs} in the run")
PY
# A long run is flagged: the 3D stack with the mechanics on 1 nm cells
# (~1.1 M mechanics DoFs; the issue's 3D size, 132 k on a 1.03 M-DoF
# stack, runs in 130-155 s, doc/performance.md).
{ cat "$(dirname "$prm")/paper_cu_3d.prm"
  printf 'subsection Mechanics\n  set Enable = true\n  set Cell size = 1\nend\n'
  printf 'subsection Surface transport\n  set Stress trace = mechanics\nend\n'; } > "$out.long.prm"
"$mpirun" --oversubscribe -np 2 "$bin" --validate "$out.long.prm" > "$out.long" 2>&1 \
  || { cat "$out.long"; echo "FAIL: --validate of a long run"; exit 1; }
grep -q "warning: this run may take more than 10 minutes" "$out.long" \
  || { cat "$out.long"; echo "FAIL: no warning for a long run"; exit 1; }
# Values, each against a fact the output must satisfy.
/usr/bin/python3 - "$out" <<'PY' || { echo "FAIL: values"; exit 1; }
import csv, json, math, sys
out = sys.argv[1]
s = json.load(open(out + "/summary.json"))
t, m, e = s["thermal"], s["mechanics"], s["surface"]["ends"]
Omega, k_B = 1.18e-29, 1.380649e-23
# Energy: hot in = cold out (no radiation, steady).
assert abs(t["energy_balance_relative"]) < 1e-6, t["energy_balance_relative"]
# Steady rigid column: it neither grows nor shrinks, so the plated and the
# drained volume rates agree (history.csv's last row).
assert m["end_reason"] == "steady state", m["end_reason"]
last = list(csv.DictReader(open(out + "/history.csv")))[-1]
plated = Omega * float(last["insertion_rate_atoms_per_s"])
drained = float(last["drainage_rate_m3_per_s"])
assert abs(plated / drained - 1) < 1e-3, (plated, drained)
# The contact's sigma_n(r) in interface.csv (the rings of the coupled
# plating): its area mean is the contact's mean stress; at the steady state
# the rigid core plates every ring at its own speed; the perimeter exceeds
# the mean by the Coble value k_B T I / (8 pi dD) within the rings'
# second-order discretization (doc/model.md, section 10.1.1).
rows = list(csv.DictReader(open(out + "/interface.csv")))
area = [float(x["area_nm2"]) for x in rows]
sn = [float(x["contact_sigma_n_Pa"]) for x in rows]
mean = sum(a * x for a, x in zip(area, sn)) / sum(area)
assert abs(mean / e["contact_stress_Pa"] - 1) < 1e-9, (mean, e["contact_stress_Pa"])
v = m["core_speed_m_per_s"]
for x in rows:
    g = float(x["contact_plating_rate_m_per_s"])
    assert abs(g / v - 1) < 1e-4, (x["r_nm"], g, v)
T_c = s["surface"]["T_cold_end_K"]
I = plated / Omega
jam = k_B * T_c * I / (8 * math.pi * s["interface"]["contact_delta_D_m3_per_s"])
drop = s["interface"]["contact_perimeter_stress_Pa"] - e["contact_stress_Pa"]
assert abs(drop / jam - 1) < 0.02, (drop, jam)
print(f"values: balance {t['energy_balance_relative']:.1e}, plated/drained "
      f"{plated / drained:.6f}, perimeter - mean {drop / 1e6:.1f} MPa "
      f"(Coble {jam / 1e6:.1f})")
PY
echo "1 passed, 0 failed"
