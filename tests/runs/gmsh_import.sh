#!/usr/bin/env bash
# The Gmsh description of the default stack (meshes/stack_axisym.geo) gives
# the same mesh volumes and, within 0.5 %, the same column temperature drop
# as the built-in generator; its physical groups become nanoconvect's ids.
#   gmsh_import.sh MPIRUN NANOCONVECT GEO_FILE SCRATCH_DIR
set -euo pipefail
mpirun=$1 bin=$2 geo=$3 scratch=$4
rm -rf "$scratch"; mkdir -p "$scratch"
gmsh -2 -format msh41 "$geo" -o "$scratch/stack.msh" > "$scratch/gmsh.log" 2>&1 \
  || { cat "$scratch/gmsh.log"; echo "FAIL: gmsh"; exit 1; }
cat > "$scratch/gmsh.prm" <<PRM
set Output directory = $scratch/gmsh_run
subsection Geometry
  set Mesh source = gmsh
  set Gmsh file   = $scratch/stack.msh
end
subsection Mesh
  set Global refinement = 0
  set Corner refinement = 0
  set Oxide refinement  = 0
end
subsection Output
  set Write vtu = false
end
PRM
cat > "$scratch/builtin.prm" <<PRM
set Output directory = $scratch/builtin_run
subsection Output
  set Write vtu = false
end
PRM
"$mpirun" --oversubscribe -np 2 "$bin" "$scratch/gmsh.prm" > "$scratch/gmsh_run.log"
"$mpirun" --oversubscribe -np 2 "$bin" "$scratch/builtin.prm" > "$scratch/builtin_run.log"
value() { sed -n "s/.*\"$1\": \([-0-9.e+]*\).*/\1/p" "$2"; }
g=$(value delta_T_column_K "$scratch/gmsh_run/summary.json")
b=$(value delta_T_column_K "$scratch/builtin_run/summary.json")
v=$(value volume_error_relative "$scratch/gmsh_run/summary.json")
e=$(value energy_balance_relative "$scratch/gmsh_run/summary.json")
echo "Delta T_column: Gmsh $g K, built-in $b K; Gmsh volume error $v, balance $e"
awk -v g="$g" -v b="$b" -v v="$v" -v e="$e" 'BEGIN {
  d = g / b - 1; if (d < 0) d = -d; if (e < 0) e = -e;
  ok = (d < 0.005) && (v < 1e-10) && (e < 1e-6);
  print (ok ? "1 passed, 0 failed" : "0 passed, 1 failed"); exit !ok }'
