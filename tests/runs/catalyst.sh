#!/usr/bin/env bash
# In situ visualisation with ParaView Catalyst (a build with
# -DNANOCONVECT_WITH_CATALYST=ON): a coupled run renders T and the stress
# through postprocess/catalyst/render_fields.py (under xvfb-run) at every
# hand-over and writes no VTU file; extracts.py writes the channels, whose
# fields are those of the run's .pvd series.
#   catalyst.sh MPIEXEC NANOCONVECT RUNS_DIR CATALYST_SCRIPTS_DIR SCRATCH_DIR
set -uo pipefail
mpiexec=$1 bin=$2 runs=$3 scripts=$4 scratch=$5
rm -rf "$scratch"; mkdir -p "$scratch"
fail() { echo "FAIL: $*"; exit 1; }
python=/usr/bin/python3

# case.prm SCRIPT INTERVAL: the small coupled case with a Catalyst script.
make_case() {
  cat "$runs/tiny.prm" > "$scratch/$1"
  cat >> "$scratch/$1" <<PRM
subsection Mechanics
  set Finite element degree = 1
end
subsection Time stepping
  set End time = 2e-3
end
subsection Catalyst
  set Script   = $2
  set Interval = $3
end
PRM
}

# 1. Rendering, every 2nd step and the last.
make_case render.prm "$scripts/render_fields.py" 2
xvfb-run -a -n $((100 + RANDOM % 800)) -s '-screen 0 1280x1024x24 -noreset' \
  "$mpiexec" -np 2 "$bin" -o "$scratch/render" "$scratch/render.prm" \
  > "$scratch/render.log" 2>&1 || fail "the rendering run failed: $(tail -5 "$scratch/render.log")"
read -r steps executions < <($python - "$scratch/render/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(s["mechanics"]["steps"], s["run"]["catalyst_executions"])
PY
)
expected=$((steps / 2 + 1 + steps % 2))
[ "$executions" -eq "$expected" ] ||
  fail "$steps steps at interval 2 make $expected hand-overs, the run reports $executions"
for kind in T stress; do
  n=$(find "$scratch/render" -name "catalyst_${kind}_*.png" -size +5k | wc -l)
  [ "$n" -eq "$expected" ] || fail "want $expected non-empty catalyst_${kind}_*.png, found $n"
done
n=$(find "$scratch/render" -name '*.vtu' -o -name '*.pvtu' -o -name '*.pvd' | wc -l)
[ "$n" -eq 0 ] || fail "the in situ run wrote $n VTU/PVD files"
echo "ok: $executions hand-overs rendered to catalyst_T_*.png and catalyst_stress_*.png, no VTU files"

# 2. Extracts, every step, in a run that also writes its .pvd series: every
#    channel at every step, and at the last step the very fields of the files.
make_case extracts.prm "$scripts/extracts.py" 1
cat >> "$scratch/extracts.prm" <<'PRM'
subsection Output
  set Write vtu = true
end
PRM
"$mpiexec" -np 2 "$bin" -o "$scratch/extracts" "$scratch/extracts.prm" \
  > "$scratch/extracts.log" 2>&1 || fail "the extracts run failed: $(tail -5 "$scratch/extracts.log")"
$python - "$scratch/extracts" <<'PY' || fail "the extracts do not match the run"
import glob, json, os, sys
import xml.etree.ElementTree as ET
from vtkmodules.vtkIOXML import (vtkXMLPUnstructuredGridReader,
                                 vtkXMLUnstructuredGridReader)
from vtkmodules.util.numpy_support import vtk_to_numpy
run = sys.argv[1]
steps = json.load(open(os.path.join(run, "summary.json")))["mechanics"]["steps"]

def read(path):
    r = (vtkXMLPUnstructuredGridReader if path.endswith(".pvtu")
         else vtkXMLUnstructuredGridReader)()
    r.SetFileName(path)
    r.Update()
    grid = r.GetOutput()
    assert grid.GetNumberOfCells() > 0, path + ": no cells"
    return grid

def extract(channel, step):
    files = glob.glob(os.path.join(run, "**", "catalyst_%s_%06d.pvtu" % (channel, step)),
                      recursive=True)
    assert len(files) == 1, "no catalyst_%s_%06d.pvtu" % (channel, step)
    return read(files[0])

def last_record(series):
    data = ET.parse(os.path.join(run, series + ".pvd")).getroot().iter("DataSet")
    return read(os.path.join(run, list(data)[-1].get("file")))

for step in range(steps + 1):
    for channel in ("bulk", "column", "surface"):
        extract(channel, step)
for channel, series, arrays in (("bulk", "bulk", ("T_K",)),
                                ("column", "mechanics", ("von_mises_Pa", "displacement_nm")),
                                ("surface", "surface", ("T_K", "J_atoms_per_m2_s"))):
    a, b = extract(channel, steps), last_record(series)
    assert a.GetNumberOfPoints() == b.GetNumberOfPoints(), channel + ": point counts differ"
    assert abs(vtk_to_numpy(a.GetPoints().GetData()) - vtk_to_numpy(b.GetPoints().GetData())).max() == 0
    for name in arrays:
        x = vtk_to_numpy(a.GetPointData().GetArray(name))
        y = vtk_to_numpy(b.GetPointData().GetArray(name))
        assert abs(x - y).max() == 0, "%s/%s differs from %s.pvd" % (channel, name, series)
print("ok: %d steps x 3 channels extracted; the last equal the .pvd series' fields" % (steps + 1))
PY
