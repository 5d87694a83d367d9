# script-version: 2
"""In situ rendering of a nanoconvect run (ParaView Catalyst).

At every hand-over this script writes into the run's output directory:
  catalyst_T_<step>.png       the temperature on the stack: the r-z section
                              with its mirror image (axisymmetric runs) or a
                              half section through the axis (3D runs);
  catalyst_stress_<step>.png  the von Mises stress on the column, deformed
                              by its displacement (coupled runs only).
nanoconvect hands over the channels 'bulk', 'column' and 'surface'
(coordinates in nm) and names the output directory in
NANOCONVECT_OUTPUT_DIRECTORY. Rendering needs an X server: on a headless
machine start the run under xvfb-run (doc/user-guide.md).
"""
import os
from math import inf

from paraview import catalyst
from paraview.catalyst import detail
from paraview.simple import *
from vtkmodules.vtkCommonCore import vtkDoubleArray
from vtkmodules.vtkParallelCore import vtkCommunicator, vtkMultiProcessController

image_size = [900, 1100]


def new_view():
    view = CreateView("RenderView")
    view.ViewSize = image_size
    view.OrientationAxesVisibility = 0
    view.Background = [1, 1, 1]
    view.UseColorPaletteForBackground = 0
    return view


def colour(display, view, array, title):
    ColorBy(display, ("POINTS", array))
    lut = GetColorTransferFunction(array)
    lut.ApplyPreset("Inferno (matplotlib)" if array == "T_K" else "Viridis (matplotlib)", True)
    display.SetScalarBarVisibility(view, True)
    bar = GetScalarBar(lut, view)
    bar.Title = title
    bar.ComponentTitle = ""
    bar.TitleColor = bar.LabelColor = [0, 0, 0]
    return lut


# Temperature on the stack. r-z runs: the section and its mirror about the
# axis (x = r, y = z). 3D runs: the half of the stack with y <= 0.
bulk = TrivialProducer(registrationName="bulk")
mirror = Reflect(Input=bulk)
mirror.Plane = "X"
mirror.Center = 0.0
half = Clip(Input=bulk)
half.ClipType = "Plane"
half.ClipType.Normal = [0, 1, 0]
half.Invert = 1
T_view = new_view()
mirror_display = Show(mirror, T_view)
half_display = Show(half, T_view)
T_lut = None
for d in (mirror_display, half_display):
    T_lut = colour(d, T_view, "T_K", "T [K]")
png = CreateExtractor("PNG", T_view, registrationName="PNG_T")
png.Writer.FileName = "catalyst_T_{timestep:06d}.png"
png.Writer.ImageResolution = image_size

# Stress on the column (coupled runs hand over 'column').
has_column = detail.IsInsituInput("column")
if has_column:
    column = TrivialProducer(registrationName="column")
    warped = WarpByVector(Input=column)
    warped.Vectors = ["POINTS", "displacement_nm"]
    warped.ScaleFactor = 1.0
    column_mirror = Reflect(Input=warped)
    column_mirror.Plane = "X"
    column_mirror.Center = 0.0
    stress_view = new_view()
    column_display = Show(column_mirror, stress_view)
    colour(column_display, stress_view, "von_mises_Pa", "von Mises [Pa]")
    png_stress = CreateExtractor("PNG", stress_view, registrationName="PNG_stress")
    png_stress.Writer.FileName = "catalyst_stress_{timestep:06d}.png"
    png_stress.Writer.ImageResolution = image_size

options = catalyst.Options()
options.ExtractsOutputDirectory = os.environ.get("NANOCONVECT_OUTPUT_DIRECTORY", ".")
options.GlobalTrigger = "TimeStep"


def over_ranks(values, op):
    """Reduces numbers over the ranks: in situ, data information is local."""
    controller = vtkMultiProcessController.GetGlobalController()
    if controller is None or controller.GetNumberOfProcesses() < 2:
        return list(values)
    send, receive = vtkDoubleArray(), vtkDoubleArray()
    for v in values:
        send.InsertNextValue(v)
    receive.SetNumberOfValues(len(values))
    controller.AllReduce(send, receive, op)
    return [receive.GetValue(i) for i in range(len(values))]


def global_bounds(source):
    b = source.GetDataInformation().GetBounds()
    empty = b[0] > b[1]
    low = over_ranks([inf if empty else b[i] for i in (0, 2, 4)], vtkCommunicator.MIN_OP)
    high = over_ranks([-inf if empty else b[i] for i in (1, 3, 5)], vtkCommunicator.MAX_OP)
    return [low[0], high[0], low[1], high[1], low[2], high[2]]


def global_range(source, name):
    array = source.PointData.GetArray(name)
    r = array.GetRange() if array is not None else (inf, -inf)
    return (over_ranks([r[0]], vtkCommunicator.MIN_OP)[0],
            over_ranks([r[1]], vtkCommunicator.MAX_OP)[0])


def place_camera(view, source, axisymmetric):
    b = global_bounds(source)
    centre = [(b[0] + b[1]) / 2, (b[2] + b[3]) / 2, (b[4] + b[5]) / 2]
    span = max(b[1] - b[0], b[3] - b[2], b[5] - b[4])
    view.CameraFocalPoint = centre
    if axisymmetric:  # the section lies in the x-y plane, z = 0
        view.CameraPosition = [centre[0], centre[1], centre[2] + 3 * span]
        view.CameraViewUp = [0, 1, 0]
    else:  # the half y <= 0 is kept: look at its cut face from +y, axis up
        view.CameraPosition = [centre[0], centre[1] + 3 * span, centre[2]]
        view.CameraViewUp = [0, 0, 1]
    view.CameraParallelProjection = 1
    view.CameraParallelScale = 0.55 * span


def catalyst_execute(info):
    b = global_bounds(bulk)
    axisymmetric = abs(b[5] - b[4]) < 1e-12 * max(1.0, abs(b[3] - b[2]))
    mirror_display.Visibility = 1 if axisymmetric else 0
    half_display.Visibility = 0 if axisymmetric else 1
    shown = mirror if axisymmetric else half
    shown.UpdatePipeline(info.time)
    T_lut.RescaleTransferFunction(*global_range(shown, "T_K"))
    place_camera(T_view, shown, axisymmetric)
    if has_column:
        column_mirror.UpdatePipeline(info.time)
        r = global_range(column_mirror, "von_mises_Pa")
        GetColorTransferFunction("von_mises_Pa").RescaleTransferFunction(r[0], max(r[1], r[0] + 1.0))
        place_camera(stress_view, column_mirror, axisymmetric)
