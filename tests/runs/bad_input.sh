#!/usr/bin/env bash
# Bad input gets exit code 2 and a message naming the file, the line, the
# entry and what is allowed; nothing a user wrote is overwritten.
#   bad_input.sh NANOCONVECT RUNS_DIR SCRATCH_DIR
set -uo pipefail
bin=$1 runs=$2 scratch=$3
rm -rf "$scratch"; mkdir -p "$scratch"
passed=0 failed=0

# expect CODE REGEX -- command...: exit code CODE and stderr matching REGEX.
expect() {
  local code=$1 regex=$2; shift 3
  local err; err=$("$@" 2>&1 >/dev/null); local rc=$?
  if [ "$rc" -eq "$code" ] && grep -Eq -- "$regex" <<<"$err"; then
    passed=$((passed + 1)); echo "ok: $*"
  else
    failed=$((failed + 1))
    echo "FAIL: $* -> exit $rc (want $code), message: $err (want /$regex/)"
  fi
}

cat > "$scratch/misspelt.prm" <<'PRM'
subsection Geometry
  set Column diameter = 55
  set Colum length    = 100
end
PRM
cat > "$scratch/range.prm" <<'PRM'
subsection Thermal
  set Finite element degree = 7
end
PRM
cat > "$scratch/geometry.prm" <<'PRM'
subsection Geometry
  set Column diameter = 300
end
PRM
cat > "$scratch/gmsh.prm" <<'PRM'
subsection Geometry
  set Mesh source = gmsh
  set Gmsh file   = no_such_mesh.msh
end
PRM
cat > "$scratch/catalyst.prm" <<'PRM'
subsection Catalyst
  set Script = no_such_script.py
end
PRM
cat > "$scratch/catalyst_study.prm" <<'PRM'
subsection Catalyst
  set Script = catalyst_study.prm
end
subsection Study
  set Parameter = Geometry/Column length
  set Values    = 100, 120
end
PRM
cat > "$scratch/subsection.prm" <<'PRM'
subsection Thermall
end
PRM

expect 2 "misspelt.prm:3: unknown parameter 'Colum length'.*'Column length'" -- \
  "$bin" --validate "$scratch/misspelt.prm"
expect 2 "range.prm:2: Parameter 'Thermal/Finite element degree' = '7' is not allowed: it must be a whole number from 1 to 4" -- \
  "$bin" --validate "$scratch/range.prm"
expect 2 "no such parameter file" -- "$bin" --validate "$scratch/absent.prm"
expect 2 "Column diameter.*must not exceed 'Substrate radius'|Column diameter.*oxide" -- \
  "$bin" --validate "$scratch/geometry.prm"
expect 2 "subsection.prm:1: unknown subsection 'Thermall'.*'Thermal'" -- \
  "$bin" --validate "$scratch/subsection.prm"
expect 2 "Gmsh file' = 'no_such_mesh.msh': no such file" -- \
  "$bin" --validate "$scratch/gmsh.prm"
expect 2 "Catalyst/Script' = 'no_such_script.py': no such file" -- \
  "$bin" --validate "$scratch/catalyst.prm"
expect 2 "in situ visualisation runs one case per process" -- \
  bash -c 'cd "$0" && "$1" --validate catalyst_study.prm' "$scratch" "$bin"
# Values a person did not mean (issue 16's list): a length in metres, a hot
# end colder than the cold one, NaN, binary junk, an empty file, a neck wider
# than the column.
printf 'subsection Geometry\n  set Column diameter = 55e-9\nend\n' > "$scratch/metres.prm"
expect 2 "Column diameter' = 5.5e-08 nm.*did you mean 55 nm" -- \
  "$bin" --validate "$scratch/metres.prm"
printf 'subsection Thermal\n  set Hot temperature = 250\nend\n' > "$scratch/cold_hot.prm"
expect 2 "Hot temperature' = 250 K must exceed 'Thermal/Cold temperature' = 293.15 K" -- \
  "$bin" --validate "$scratch/cold_hot.prm"
printf 'subsection Thermal\n  set Linear algebra = PETSc\nend\n' > "$scratch/petsc_mf.prm"
expect 2 "Linear algebra' = PETSc chooses the library of the assembled matrix, but 'Thermal/Linear solver' = matrix-free assembles none" -- \
  "$bin" --validate "$scratch/petsc_mf.prm"
printf 'subsection Geometry\n  set Column length = nan\nend\n' > "$scratch/nan.prm"
expect 2 "nan.prm:2: Parameter 'Geometry/Column length' = 'nan' is not allowed: it must be a finite number" -- \
  "$bin" --validate "$scratch/nan.prm"
printf 'set Dimension = 2\n\x00\x8f\xff junk\n' > "$scratch/binary.prm"
expect 2 "binary.prm:2: holds bytes that are not text" -- \
  "$bin" --validate "$scratch/binary.prm"
: > "$scratch/empty.prm"
expect 2 "empty.prm: holds no 'set' or 'subsection' line" -- \
  "$bin" --validate "$scratch/empty.prm"
printf 'subsection Mechanics\n  set Neck diameter = 80\nend\n' > "$scratch/neck.prm"
expect 2 "Neck diameter' = 80 nm: must be 0 \\(no neck\\) or from 1 nm to 'Geometry/Column diameter' = 55 nm" -- \
  "$bin" --validate "$scratch/neck.prm"
# The evolving column's shape (doc/model.md, section 6.1).
shape() { printf 'subsection Mechanics\n  set Enable = true\n%s\nend\nsubsection Shape\n  set Evolve = true\n%s\nend\n' "$1" "$2"; }
shape '' '  set Initial shape = sinusoidal
  set Perturbation amplitude = 20' > "$scratch/shape_amplitude.prm"
expect 2 "Perturbation amplitude' = 20 nm: must stay below a quarter of the column's diameter" -- \
  "$bin" --validate "$scratch/shape_amplitude.prm"
shape '' '  set Initial shape = random
  set Perturbation wavelength = 0.1' > "$scratch/shape_wavelength.prm"
expect 2 "Perturbation wavelength' = 0.1 nm: must span four surface elements" -- \
  "$bin" --validate "$scratch/shape_wavelength.prm"
shape '  set Neck diameter = 35' '' > "$scratch/shape_neck.prm"
expect 2 "Neck diameter' = 35 nm with 'Shape/Evolve' = true" -- \
  "$bin" --validate "$scratch/shape_neck.prm"
shape '' '  set Initial shape = file
  set Profile file = nowhere.csv' > "$scratch/shape_file.prm"
expect 2 "Profile file' = 'nowhere.csv': no such file" -- \
  "$bin" --validate "$scratch/shape_file.prm"
printf 'h_nm,d_nm\n0,50\n60,52\n' > "$scratch/short.csv"
shape '' "  set Initial shape = file
  set Profile file = $scratch/short.csv" > "$scratch/shape_short.prm"
expect 2 "covers h = 0 nm to 60 nm; the column runs from 0 to 120 nm" -- \
  "$bin" --validate "$scratch/shape_short.prm"
{ echo 'set Dimension = 3'; shape '' ''; } > "$scratch/shape_3d.prm"
expect 2 "Evolve' = true needs 'Dimension' = 2" -- \
  "$bin" --validate "$scratch/shape_3d.prm"
echo "garbage" > "$scratch/garbage.msh"
printf 'subsection Geometry\n  set Mesh source = gmsh\n  set Gmsh file = %s\nend\n' \
  "$scratch/garbage.msh" > "$scratch/garbage_mesh.prm"
expect 2 "Gmsh file' = '.*garbage.msh': the mesh cannot be read" -- \
  "$bin" --validate "$scratch/garbage_mesh.prm"
printf 'set Dimension = 3\nsubsection Mesh\n  set Global refinement = 5\nend\n' > "$scratch/huge.prm"
expect 2 "the run would need ~.* thermal DoFs .*it cannot fit. Lower 'Mesh/Global refinement'" -- \
  "$bin" --validate "$scratch/huge.prm"
# A restart with fewer ranks than the checkpoint is refused before any solve.
mkdir -p "$scratch/two_rank_run/checkpoint"
echo '{"ranks": 2}' > "$scratch/two_rank_run/checkpoint/state.json"
cp "$runs/tiny.prm" "$scratch/two_rank_run/original.prm"
expect 2 "checkpoint was written by 2 rank\\(s\\); restart with as many" -- \
  "$bin" --restart "$scratch/two_rank_run"
expect 2 "unknown option '--frobnicate'" -- "$bin" --frobnicate x.prm
expect 2 "no parameter file given" -- "$bin"

# A directory with a user's file is never written into.
mkdir -p "$scratch/mine"; echo "my notes" > "$scratch/mine/notes.txt"
expect 2 "holds files nanoconvect did not write" -- \
  "$bin" -o "$scratch/mine" "$runs/tiny.prm"
grep -q "my notes" "$scratch/mine/notes.txt" && [ "$(ls "$scratch/mine")" = notes.txt ] \
  && { passed=$((passed + 1)); echo "ok: user directory untouched"; } \
  || { failed=$((failed + 1)); echo "FAIL: user directory was changed"; }

# Under mpirun (2 ranks): one message from rank 0, exit 2, and with
# --quiet (as scripts/run calls it) no Open MPI banner.
printf 'subsection Geometry\n  set Column diameter = 55e-9\nend\n' > "$scratch/metres.prm"
out=$(mpirun --quiet --oversubscribe -np 2 "$bin" --validate "$scratch/metres.prm" 2>&1); rc=$?
if [ "$rc" -eq 2 ] && [ "$(grep -c '^nanoconvect: error:' <<<"$out")" -eq 1 ] \
   && ! grep -q -- "----" <<<"$out" && grep -q "did you mean 55 nm" <<<"$out"; then
  passed=$((passed + 1)); echo "ok: 2 ranks, one message, no banner"
else
  failed=$((failed + 1)); echo "FAIL: 2 ranks -> exit $rc: $out"
fi

# Help, version and the printed defaults (which must read back) work.
"$bin" --help | grep -q "Usage: nanoconvect" && passed=$((passed + 1)) || failed=$((failed + 1))
"$bin" --print-parameters > "$scratch/defaults.prm" \
  && "$bin" --validate "$scratch/defaults.prm" > /dev/null \
  && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: printed defaults"; }

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
