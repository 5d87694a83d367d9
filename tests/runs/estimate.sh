#!/usr/bin/env bash
# 'nanoconvect estimate' on paper_estimates.prm: every estimate equals its
# closed form (doc/model.md, section 5) computed here from the file's inputs.
#   estimate.sh NANOCONVECT PRM_FILE OUTPUT_DIR
set -uo pipefail
bin=$1 prm=$2 out=$3
rm -rf "$out"
"$bin" estimate -o "$out" "$prm" > "$out.log" 2>&1 ||
  { cat "$out.log"; echo "FAIL: estimate exited non-zero"; echo "0 passed, 1 failed"; exit 1; }
/usr/bin/python3 - "$out/summary.json" <<'PY'
import json, math, sys
e = json.load(open(sys.argv[1]))["estimates"]
k, eV = 1.380649e-23, 1.602176634e-19
# The inputs of paper_estimates.prm.
Omega, Q, D, delta = 1.18e-29, 0.17 * eV, 4.92e-12, 0.228e-9
E, alpha, T_h, grad, L, d = 130e9, 16.5e-6, 673.15, 1e8, 120e-9, 55e-9
sigma_b, duration = 75e6, 41.2
T_c = T_h - grad * L
J_T = D * Q * grad / (k * T_h**2) / Omega
J_s = D * E * alpha * grad / (k * T_h)
v = 4 * Omega * (J_T + J_s) * delta / d
exact = {"eq1_stall_stress_Pa": Q * math.log(T_h / T_c) / Omega,
         "eq1_delta_T_K": T_h * (1 - math.exp(-Omega * sigma_b / Q)),
         "J_T_atoms_per_m2_s": J_T, "J_sigma_atoms_per_m2_s": J_s,
         "J_total_atoms_per_m2_s": J_T + J_s, "core_speed_m_per_s": v,
         "circulation_period_s": L / v, "cycles_in_duration": duration * v / L}
exact["eq1_min_gradient_K_per_m"] = exact["eq1_delta_T_K"] / L
bad = [f"{key}: {e.get(key)} against {x}" for key, x in exact.items()
       if e.get(key) is None or abs(e[key] / x - 1) > 1e-12]
for b in bad:
    print("FAIL:", b)
print(f"{len(exact) - len(bad)} estimates equal their closed forms")
print(f"{0 if bad else 1} passed, {1 if bad else 0} failed")
sys.exit(1 if bad else 0)
PY
