"""Renders a run's fields with ParaView (pvbatch) as paper-ready figures:
the temperature of the stack (axisymmetric runs mirrored about the axis
into a full section) and, for coupled runs, the column's von Mises stress
at the last output time; then saves the same pipeline as a ParaView state
for interactive use.

    pvbatch postprocess/render_fields.py RUN_DIR [OUTPUT_DIR]

Writes OUTPUT_DIR/render_T.png/.pdf (and render_stress.png/.pdf) and
OUTPUT_DIR/nanoconvect.pvsm (open it with 'paraview --state=...'); run it
through postprocess/render_fields, which supplies a virtual display when
needed. The figures: white background, axes labelled in nm, a scale bar
(sections), colour bars titled in words with units (stress in MPa), PNG at
300 dpi for a 6 x 8 inch figure and a PDF; 3D runs in a perspective view
that shows the column's side.

The colour range is the range of the written point data. deal.II writes
the stress (a per-cell mean of the quadrature points) as piecewise-constant
point data, so its maximum is below the largest quadrature-point value that
history.csv's max_von_mises_Pa reports.
"""
import os
import sys

from paraview.simple import (AssignViewToLayout, Calculator, ColorBy,
                             CreateLayout, CreateView, ExportView,
                             GetColorTransferFunction, GetScalarBar, Hide,
                             PVDReader, Reflect, RenameSource, Ruler,
                             SaveScreenshot, SaveState, Show)

if len(sys.argv) not in (2, 3):
    print("usage: render_fields.py RUN_DIR [OUTPUT_DIR]", file=sys.stderr)
    sys.exit(2)
run = os.path.abspath(sys.argv[1])
out = sys.argv[2] if len(sys.argv) == 3 else run
if not os.path.isfile(os.path.join(run, "bulk.pvd")):
    print(f"render_fields: error: no bulk.pvd in {run} (was 'Output/Write "
          "vtu' false?)", file=sys.stderr)
    sys.exit(2)

DPI = 300
size = [6 * DPI // 3, 8 * DPI // 3]   # on screen; saved at 3x: 6 x 8 in
black = [0.0, 0.0, 0.0]
layout = CreateLayout("nanoconvect")


def nice_length(extent):
    """A round scale-bar length (nm) of about a fifth of the extent."""
    target = extent / 5
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000):
        if step >= target:
            return step
    return 10000


def style_view(view, flat, bounds):
    """White paper, black text, axes in nm, and a scale bar under the
    section (2D; the 3D perspective has its labelled axes only)."""
    view.UseColorPaletteForBackground = 0
    view.Background = [1.0, 1.0, 1.0]
    view.OrientationAxesVisibility = 0 if flat else 1
    view.OrientationAxesLabelColor = black
    grid = view.AxesGrid
    grid.Visibility = 1
    grid.XTitle, grid.YTitle, grid.ZTitle = (
        ("x [nm]", "z [nm]", "") if flat else ("x [nm]", "y [nm]", "z [nm]"))
    for axis in "XYZ":
        for part in ("Title", "Label"):
            setattr(grid, f"{axis}{part}Color", black)
        setattr(grid, f"{axis}TitleFontSize", 36)
        setattr(grid, f"{axis}LabelFontSize", 30)
    grid.GridColor = [0.6, 0.6, 0.6]
    if not flat:
        return None  # in perspective a bar's length depends on its depth
    # Scale bar: a ruler of a round length in nm under the section.
    x0, x1, y0, y1, z0, z1 = bounds
    length = nice_length(x1 - x0)
    gap = 0.04 * (y1 - y0)
    ruler = Ruler(Point1=[x0, y0 - gap, z1], Point2=[x0 + length, y0 - gap, z1])
    shown = Show(ruler, view)
    shown.LabelFormat = "%.0f nm"
    shown.Color = black
    shown.AxisColor = black
    shown.NumberOfTicks = 2
    shown.FontSize = 30
    shown.AxisLineWidth = 3
    return ruler


def render(pvd, name, array, title, stem, scale=1.0, last_time=False):
    """One view of one series coloured by a point array (scaled into the
    title's unit); writes stem.png and stem.pdf; returns the view."""
    reader = PVDReader(FileName=pvd)
    RenameSource(name, reader)
    reader.UpdatePipeline()
    bounds = reader.GetDataInformation().GetBounds()
    flat = abs(bounds[5] - bounds[4]) < 1e-12  # r-z section: mirror it
    source = Reflect(Input=reader, Plane="X Min", CopyInput=1) if flat \
        else reader
    if flat:
        RenameSource(name + " (mirrored)", source)
    if scale != 1.0:
        scaled = Calculator(Input=source)
        scaled.AttributeType = "Point Data"
        scaled.ResultArrayName = title
        scaled.Function = f"{array}*{scale!r}"
        RenameSource(f"{name} ({title})", scaled)
        source, array = scaled, title
    view = CreateView("RenderView")
    view.ViewSize = size
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
    bar = GetScalarBar(lut, view)
    bar.Title = title
    bar.ComponentTitle = ""
    bar.TitleColor = black
    bar.LabelColor = black
    bar.TitleFontSize = 16
    bar.LabelFontSize = 14
    bar.AutomaticLabelFormat = 0
    bar.LabelFormat = "%-#.4g"
    bar.RangeLabelFormat = "%-#.4g"
    source.UpdatePipeline(float(times[-1]) if (last_time and times) else 0.0)
    full = source.GetDataInformation().GetBounds()
    style_view(view, flat, full)
    if flat:
        view.InteractionMode = "2D"
        view.ResetCamera()
    else:
        # Perspective from the side, a little above: the column's side and
        # its ends are both in sight.
        cx, cy, cz = ((full[0] + full[1]) / 2, (full[2] + full[3]) / 2,
                      (full[4] + full[5]) / 2)
        reach = max(full[1] - full[0], full[3] - full[2], full[5] - full[4])
        view.CameraFocalPoint = [cx, cy, cz]
        view.CameraPosition = [cx + 1.6 * reach, cy - 1.9 * reach,
                               cz + 0.9 * reach]
        view.CameraViewUp = [0.0, 0.0, 1.0]
        view.CameraParallelProjection = 0
        view.ResetCamera()
    SaveScreenshot(stem + ".png", view, ImageResolution=[3 * s for s in size],
                   TransparentBackground=0)
    ExportView(stem + ".pdf", view=view, Rasterize3Dgeometry=0)
    print(f"wrote {stem}.png, {stem}.pdf")
    return view


views = [render(os.path.join(run, "bulk.pvd"), "bulk.pvd", "T_K",
                "Temperature [K]", os.path.join(out, "render_T"))]
if os.path.isfile(os.path.join(run, "mechanics.pvd")):
    views.append(render(os.path.join(run, "mechanics.pvd"), "mechanics.pvd",
                        "von_mises_Pa", "von Mises stress [MPa]",
                        os.path.join(out, "render_stress"), scale=1e-6,
                        last_time=True))

# The state: the views side by side, the surface series loaded (hidden) for
# the flux fields on Gamma_s.
if len(views) == 2:
    layout.SplitHorizontal(0, 0.5)
for i, view in enumerate(views):
    AssignViewToLayout(view=view, layout=layout,
                       hint=i + 1 if len(views) == 2 else 0)
if os.path.isfile(os.path.join(run, "surface.pvd")):
    surface = PVDReader(FileName=os.path.join(run, "surface.pvd"))
    RenameSource("surface.pvd", surface)
state = os.path.join(out, "nanoconvect.pvsm")
SaveState(state)
print(f"wrote {state}")
