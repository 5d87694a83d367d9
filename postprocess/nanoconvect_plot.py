"""Shared helpers of nanoconvect's plot scripts (Debian's matplotlib)."""
import csv
import os
import re
import sys

import matplotlib

matplotlib.use("Agg")  # files only, no display needed
import matplotlib.pyplot as plt  # noqa: E402


def fail(message):
    """Stops with a message and exit code 2 (bad input)."""
    print(f"{os.path.basename(sys.argv[0])}: error: {message}", file=sys.stderr)
    sys.exit(2)


def read_csv(path):
    """Rows of a CSV file as dicts of strings; fails clearly if missing."""
    if not os.path.isfile(path):
        fail(f"no such file: {path}")
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def column(rows, key):
    """One numeric column."""
    try:
        return [float(r[key]) for r in rows]
    except (KeyError, ValueError):
        fail(f"column '{key}' is missing or not numeric")


def geometry(run_dir):
    """Geometry/<entry> values (nm) from a run's parameters.prm."""
    path = os.path.join(run_dir, "parameters.prm")
    if not os.path.isfile(path):
        fail(f"no parameters.prm in {run_dir}: is it a nanoconvect run?")
    values, inside = {}, False
    for line in open(path):
        line = line.strip()
        if line == "subsection Geometry":
            inside = True
        elif line == "end":
            inside = False
        elif inside:
            m = re.match(r"set (.+?)\s*=\s*(\S+)", line)
            if m:
                try:
                    values[m.group(1)] = float(m.group(2))
                except ValueError:
                    pass
    return values


def save(fig, prefix):
    """Writes prefix.png (300 dpi) and prefix.pdf and says so."""
    fig.tight_layout()
    for ext in ("png", "pdf"):
        fig.savefig(f"{prefix}.{ext}", dpi=300)
    plt.close(fig)
    print(f"wrote {prefix}.png, {prefix}.pdf")
