# script-version: 2
"""In situ extracts of a nanoconvect run (ParaView Catalyst), no rendering.

At every hand-over this script writes each channel nanoconvect hands over
('bulk': T, grad T, heat flux on the stack; 'column': the column's
displacement and stresses, coupled runs; 'surface': T, sigma, C_s and the
fluxes on Gamma_s) as a parallel VTU extract under the run's output
directory: catalyst_<channel>_<step>.pvtu. No X server is needed. The
extracts are the in situ counterpart of the .pvd series, for runs that set
'Output/Write vtu' = false and keep only every 'Catalyst/Interval'-th step.
"""
import os

from paraview import catalyst
from paraview.catalyst import detail
from paraview.simple import *

for channel in ("bulk", "column", "surface"):
    if not detail.IsInsituInput(channel):
        continue
    producer = TrivialProducer(registrationName=channel)
    vtu = CreateExtractor("VTU", producer, registrationName="VTU_" + channel)
    vtu.Writer.FileName = "catalyst_" + channel + "_{timestep:06d}.pvtu"

options = catalyst.Options()
options.ExtractsOutputDirectory = os.environ.get("NANOCONVECT_OUTPUT_DIRECTORY", ".")
options.GlobalTrigger = "TimeStep"
