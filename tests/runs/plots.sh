#!/usr/bin/env bash
# Each plot script makes its PNG and PDF from a small coupled run, and
# refuses a directory that is not a run (exit 2); ParaView renders the
# run's fields to non-empty PNGs and saves a state that loads back; the
# surface series' VTU files read back with VTK.
#   plots.sh MPIEXEC NANOCONVECT RUNS_DIR POSTPROCESS_DIR SCRATCH_DIR
set -uo pipefail
mpiexec=$1 bin=$2 runs=$3 post=$4 scratch=$5
rm -rf "$scratch"; mkdir -p "$scratch"
fail() { echo "FAIL: $*"; exit 1; }
cat "$runs/tiny.prm" > "$scratch/case.prm"
cat >> "$scratch/case.prm" <<'PRM'
subsection Mechanics
  set Finite element degree = 1
end
subsection Time stepping
  set End time = 2e-3
end
subsection Output
  set Write vtu = true
end
PRM
"$mpiexec" -np 2 "$bin" -o "$scratch/run" "$scratch/case.prm" > "$scratch/log" 2>&1 ||
  fail "the run failed: $(tail -5 "$scratch/log")"
for plot in plot_profiles plot_history plot_surface plot_kymograph plot_interface; do
  "$post/$plot" "$scratch/run" "$scratch/$plot" || fail "$plot failed"
  for ext in png pdf; do
    [ -s "$scratch/$plot.$ext" ] || fail "$plot wrote no $ext"
  done
  "$post/$plot" "$scratch/nowhere" 2>/dev/null; rc=$?
  [ "$rc" -eq 2 ] || fail "$plot on a missing run exits 2, got $rc"
done
# ParaView: the mirrored stack's T and the column's stress as PNG, and the
# saved state loads back with the run's three series and its two views; both
# on one virtual display.
cat > "$scratch/load_state.py" <<'PY'
import sys
from paraview.simple import GetRenderViews, GetSources, LoadState
LoadState(sys.argv[1])
names = sorted(k[0] for k in GetSources())
assert {"bulk.pvd", "mechanics.pvd", "surface.pvd"} <= set(names), names
assert len(GetRenderViews()) == 2, GetRenderViews()
print("state:", names)
PY
xvfb-run -a -n $((100 + RANDOM % 800)) -s '-screen 0 1280x1024x24 -noreset' bash -c '
  "$0/render_fields" "$1" > "$2/render.log" 2>&1 || { echo "render_fields failed"; exit 1; }
  pvbatch "$2/load_state.py" "$1/nanoconvect.pvsm" > "$2/state.log" 2>&1 ||
    { echo "nanoconvect.pvsm does not load"; exit 1; }' "$post" "$scratch/run" "$scratch" ||
  fail "ParaView: $(tail -5 "$scratch/render.log" "$scratch/state.log" 2>/dev/null)"
for png in render_T render_stress; do
  [ "$(stat -c %s "$scratch/run/$png.png" 2>/dev/null || echo 0)" -gt 5000 ] ||
    fail "render_fields wrote no (or an empty) $png.png"
  [ -s "$scratch/run/$png.pdf" ] || fail "render_fields wrote no $png.pdf"
done
# Paper-ready: 6 x 8 inches at 300 dpi on a white background; the colour
# bars titled in words with units, the stress scaled to MPa (the state).
/usr/bin/python3 - "$scratch/run" <<'PY' || fail "render_fields: not paper-ready"
import csv, sys
import matplotlib.image as mpimg
for name in ("render_T", "render_stress"):
    img = mpimg.imread(f"{sys.argv[1]}/{name}.png")
    assert img.shape[:2] == (2400, 1800), (name, img.shape)
    corners = [img[0, 0], img[0, -1], img[-1, 0]]
    assert all(min(c[:3]) > 0.99 for c in corners), (name, corners)
state = open(f"{sys.argv[1]}/nanoconvect.pvsm").read()
for title in ("Temperature [K]", "von Mises stress [MPa]", "von_mises_Pa*1e-06"):
    assert title in state, title
print("render_fields: 1800 x 2400 px, white background, titles with units")
PY
# The surface series reads back with VTK: one line cell per surface element.
/usr/bin/python3 - "$scratch/run" <<'PY' || fail "surface VTU files do not read back"
import glob, re, sys
from vtkmodules.vtkIOXML import vtkXMLUnstructuredGridReader
prm = open(sys.argv[1] + "/parameters.prm").read()
n = int(re.search(r"set Surface elements\s*=\s*(\d+)", prm).group(1))
for f in sorted(glob.glob(sys.argv[1] + "/surface_*.vtu")):
    r = vtkXMLUnstructuredGridReader()
    r.SetFileName(f)
    r.Update()
    assert r.GetOutput().GetNumberOfCells() == n, (f, r.GetOutput().GetNumberOfCells(), n)
print("surface VTU: %d cells each" % n)
PY
# The column's VTU: coordinates and displacement share the nanometre (the
# z-extent is the column length in nm; a 120 nm column of Cu deforms by a
# fraction of a nanometre, which in metres would be ~1e-10), so Warp By
# Vector works at scale 1.
/usr/bin/python3 - "$scratch/run" <<'PY' || fail "mechanics VTU units"
import glob, re, sys
from vtkmodules.vtkIOXML import vtkXMLPUnstructuredGridReader
from vtkmodules.util.numpy_support import vtk_to_numpy
prm = open(sys.argv[1] + "/parameters.prm").read()
L = float(re.search(r"set Column length\s*=\s*([0-9.eE+-]+)", prm).group(1))
r = vtkXMLPUnstructuredGridReader()
r.SetFileName(sorted(glob.glob(sys.argv[1] + "/mechanics_*.pvtu"))[-1])
r.Update()
out = r.GetOutput()
z = vtk_to_numpy(out.GetPoints().GetData())[:, 1]
u = vtk_to_numpy(out.GetPointData().GetArray("displacement_nm"))
span, umax = z.max() - z.min(), abs(u).max()
assert abs(span - L) < 1e-6 * L, ("z-extent [nm]", span, "column length [nm]", L)
assert 1e-3 < umax < 0.1 * L, ("max |u| [nm]", umax)
print("mechanics VTU: z-extent %.6g nm = column length; max |u| %.3g nm" % (span, umax))
PY
# A two-case study for plot_study.
cat "$runs/tiny.prm" > "$scratch/study.prm"
cat >> "$scratch/study.prm" <<'PRM'
subsection Mechanics
  set Enable = false
end
subsection Surface transport
  set Stress trace = thermal
end
subsection Study
  set Parameter = Geometry/Column length
  set Values    = 100, 120
end
PRM
"$mpiexec" -np 2 "$bin" -o "$scratch/study" "$scratch/study.prm" > "$scratch/study.log" 2>&1 ||
  fail "the study failed: $(tail -5 "$scratch/study.log")"
"$post/plot_study" "$scratch/study" surface/insertion_rate_atoms_per_s "$scratch/plot_study" ||
  fail "plot_study failed"
for ext in png pdf; do
  [ -s "$scratch/plot_study.$ext" ] || fail "plot_study wrote no $ext"
done
# Each axis carries its own column's unit (the y-axis once read the swept
# parameter's "nm" for a speed).
"$post/plot_study" "$scratch/study" thermal/mean_gradient_column_K_per_m "$scratch/plot_gradient" \
  > "$scratch/plot_gradient.log" 2>&1 || fail "plot_study (gradient) failed"
grep -q "x axis 'Geometry/Column length \\[nm\\]', y axis 'mean gradient column \\[K/nm\\]'" \
  "$scratch/plot_gradient.log" || fail "plot_study axis units: $(cat "$scratch/plot_gradient.log")"
"$post/plot_study" "$scratch/study" no/such 2>/dev/null; rc=$?
[ "$rc" -eq 2 ] || fail "plot_study with an unknown column exits 2, got $rc"
echo "plots: ok"
