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
expect 2 "Line <2> of file <.*range.prm>.*Finite element degree.*Integer range 1...4" -- \
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
expect 2 "unknown option '--frobnicate'" -- "$bin" --frobnicate x.prm
expect 2 "no parameter file given" -- "$bin"

# A directory with a user's file is never written into.
mkdir -p "$scratch/mine"; echo "my notes" > "$scratch/mine/notes.txt"
expect 2 "holds files nanoconvect did not write" -- \
  "$bin" -o "$scratch/mine" "$runs/tiny.prm"
grep -q "my notes" "$scratch/mine/notes.txt" && [ "$(ls "$scratch/mine")" = notes.txt ] \
  && { passed=$((passed + 1)); echo "ok: user directory untouched"; } \
  || { failed=$((failed + 1)); echo "FAIL: user directory was changed"; }

# Help, version and the printed defaults (which must read back) work.
"$bin" --help | grep -q "Usage: nanoconvect" && passed=$((passed + 1)) || failed=$((failed + 1))
"$bin" --print-parameters > "$scratch/defaults.prm" \
  && "$bin" --validate "$scratch/defaults.prm" > /dev/null \
  && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: printed defaults"; }

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
