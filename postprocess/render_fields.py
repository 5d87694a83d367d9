"""Renders a run's fields with ParaView (pvbatch): the temperature of the
stack (axisymmetric runs mirrored about the axis into a full section) and,
for coupled runs, the column's von Mises stress at the last output time;
then saves the same pipeline as a ParaView state for interactive use.

    pvbatch postprocess/render_fields.py RUN_DIR [OUTPUT_DIR]

Writes OUTPUT_DIR/render_T.png (and render_stress.png) and
OUTPUT_DIR/nanoconvect.pvsm (open it with 'paraview --state=...'); run it
through postprocess/render_fields, which supplies a virtual display when
needed.
"""
import os
import sys

from paraview.simple import (AssignViewToLayout, ColorBy, CreateLayout,
                             CreateView, GetColorTransferFunction, Hide,
                             PVDReader, Reflect, RenameSource, SaveScreenshot,
                             SaveState, Show)

if len(sys.argv) not in (2, 3):
    print("usage: render_fields.py RUN_DIR [OUTPUT_DIR]", file=sys.stderr)
    sys.exit(2)
run = os.path.abspath(sys.argv[1])
out = sys.argv[2] if len(sys.argv) == 3 else run
if not os.path.isfile(os.path.join(run, "bulk.pvd")):
    print(f"render_fields: error: no bulk.pvd in {run} (was 'Output/Write "
          "vtu' false?)", file=sys.stderr)
    sys.exit(2)

size = [900, 1200]
layout = CreateLayout("nanoconvect")


def render(pvd, name, array, title, png, last_time=False):
    """One view of one series, coloured by a point array (deal.II writes
    cell data as piecewise-constant point data); returns the view."""
    reader = PVDReader(FileName=pvd)
    RenameSource(name, reader)
    reader.UpdatePipeline()
    bounds = reader.GetDataInformation().GetBounds()
    flat = abs(bounds[5] - bounds[4]) < 1e-12  # r-z section: mirror it
    source = Reflect(Input=reader, Plane="X Min", CopyInput=1) if flat \
        else reader
    if flat:
        RenameSource(name + " (mirrored)", source)
    view = CreateView("RenderView")
    view.ViewSize = size
    view.OrientationAxesVisibility = 0
    times = reader.TimestepValues
    times = list(times) if hasattr(times, "__len__") else [times]
    if last_time and times:
        view.ViewTime = float(times[-1])
    if flat:
        Hide(reader, view)
    display = Show(source, view)
    ColorBy(display, ("POINTS", array))
    display.RescaleTransferFunctionToDataRange(True, False)
    display.SetScalarBarVisibility(view, True)
    lut = GetColorTransferFunction(array)
    lut.ApplyPreset("Inferno (matplotlib)", True)
    bar = lut.GetScalarBar(view) if hasattr(lut, "GetScalarBar") else None
    if bar is not None:
        bar.Title = title
    if flat:
        view.InteractionMode = "2D"
    view.ResetCamera()
    SaveScreenshot(png, view, ImageResolution=size)
    print(f"wrote {png}")
    return view


views = [render(os.path.join(run, "bulk.pvd"), "bulk.pvd", "T_K", "T [K]",
                os.path.join(out, "render_T.png"))]
if os.path.isfile(os.path.join(run, "mechanics.pvd")):
    views.append(render(os.path.join(run, "mechanics.pvd"), "mechanics.pvd",
                        "von_mises_Pa", "von Mises [Pa]",
                        os.path.join(out, "render_stress.png"),
                        last_time=True))

# The state: the views side by side, the surface series loaded (hidden) for
# the flux fields on Gamma_s.
if len(views) == 2:
    layout.SplitHorizontal(0, 0.5)
for i, view in enumerate(views):
    AssignViewToLayout(view=view, layout=layout, hint=i + 1 if len(views) == 2 else 0)
if os.path.isfile(os.path.join(run, "surface.pvd")):
    surface = PVDReader(FileName=os.path.join(run, "surface.pvd"))
    RenameSource("surface.pvd", surface)
state = os.path.join(out, "nanoconvect.pvsm")
SaveState(state)
print(f"wrote {state}")
