"""Renders a run's fields with ParaView (pvbatch): the temperature of the
stack (axisymmetric runs mirrored about the axis into a full section) and,
for coupled runs, the column's von Mises stress at the last output time.

    pvbatch postprocess/render_fields.py RUN_DIR [OUTPUT_DIR]

Writes OUTPUT_DIR/render_T.png (and render_stress.png); run it through
postprocess/render_fields, which supplies a virtual display when needed.
"""
import os
import sys

from paraview.simple import (ColorBy, CreateView, GetColorTransferFunction,
                             PVDReader, Reflect, SaveScreenshot, Show)

if len(sys.argv) not in (2, 3):
    print("usage: render_fields.py RUN_DIR [OUTPUT_DIR]", file=sys.stderr)
    sys.exit(2)
run = sys.argv[1]
out = sys.argv[2] if len(sys.argv) == 3 else run
if not os.path.isfile(os.path.join(run, "bulk.pvd")):
    print(f"render_fields: error: no bulk.pvd in {run} (was 'Output/Write "
          "vtu' false?)", file=sys.stderr)
    sys.exit(2)


def render(pvd, array, association, title, png, last_time=False):
    reader = PVDReader(FileName=pvd)
    reader.UpdatePipeline()
    bounds = reader.GetDataInformation().GetBounds()
    flat = abs(bounds[5] - bounds[4]) < 1e-12  # r-z section: mirror it
    source = Reflect(Input=reader, Plane="X Min", CopyInput=1) if flat \
        else reader
    view = CreateView("RenderView")
    view.ViewSize = [900, 1200]
    view.OrientationAxesVisibility = 0
    times = reader.TimestepValues
    times = list(times) if hasattr(times, "__len__") else [times]
    if last_time and times:
        view.ViewTime = float(times[-1])
    display = Show(source, view)
    ColorBy(display, (association, array))
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
    SaveScreenshot(png, view, ImageResolution=[900, 1200])
    print(f"wrote {png}")


render(os.path.join(run, "bulk.pvd"), "T_K", "POINTS", "T [K]",
       os.path.join(out, "render_T.png"))
if os.path.isfile(os.path.join(run, "mechanics.pvd")):
    # deal.II writes cell data as piecewise-constant point data.
    render(os.path.join(run, "mechanics.pvd"), "von_mises_Pa", "POINTS",
           "von Mises [Pa]", os.path.join(out, "render_stress.png"),
           last_time=True)
