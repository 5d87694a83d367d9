#!/usr/bin/python3
"""Fuzzing of nanoconvect's input handling (issue: trustworthy tests).

Mutates the shipped parameter files, seeded and reproducible: numbers to 0,
negative, huge, tiny, NaN, inf or text; entries dropped, duplicated or
misspelt; subsections unbalanced; binary junk; a truncated, an empty and a
comment-only file; a directory instead of a file. Each mutant goes through
'nanoconvect --validate'; a sample of the mutants that validate is then run
in full on coarse settings (tests/golden/coarse.prm). Every outcome must be

  * exit 0, and for a run a summary.json with finite numbers only, or
  * exit 2 with one short paragraph on stderr that starts with
    'nanoconvect: error:', names the entry (or the file, for whole-file
    mutants) and holds no stack trace, no deal.II exception banner and no
    unprintable byte;

never a signal, a hang (timeout), another exit code or a NaN.

  fuzz_prm.py NANOCONVECT PARAMETER_DIR COARSE_PRM SCRATCH
              [--seed S] [--mutants N] [--runs K] [--jobs J]

Prints one line per failure with the mutant kept in SCRATCH, a summary,
and exits 1 if anything failed. Rerun with the printed seed to reproduce.
"""
import argparse
import concurrent.futures
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys

NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
VALIDATE_TIMEOUT = 60  # s: --validate reads one file
RUN_TIMEOUT = 300      # s: a coarse run takes seconds; a hang takes this


class Mutant:
    def __init__(self, name, text, kind, names, directory=False):
        self.name, self.text, self.kind = name, text, kind
        self.names = names          # any of these must appear in a refusal
        self.directory = directory  # a directory where the file should be
        self.accepted = False       # --validate said exit 0


def set_lines(lines):
    """Indices of 'set NAME = VALUE' lines and their subsection paths."""
    out, path = [], []
    for i, line in enumerate(lines):
        t = line.split("#")[0].strip()
        if t.startswith("subsection "):
            path.append(t[len("subsection "):].strip())
        elif t == "end" and path:
            path.pop()
        elif t.startswith("set ") and "=" in t:
            name = t[4:t.index("=")].strip()
            out.append((i, name, list(path)))
    return out


def mutate(rng, base_name, text, index):
    lines = text.split("\n")
    entries = set_lines(lines)
    numeric = [e for e in entries if NUMBER.search(lines[e[0]].split("=", 1)[1])]
    kinds = ["zero", "negative", "huge", "tiny", "nan", "inf", "text",
             "empty_value", "drop", "duplicate", "misspell", "drop_end",
             "extra_end", "junk_line", "binary", "truncate", "empty_file",
             "comments_only", "directory", "swap_values"]
    kind = kinds[index % len(kinds)] if index < len(kinds) else rng.choice(kinds)
    name = f"m{index:04d}_{base_name}_{kind}"
    file_names = [name + ".prm"]

    def value_mutant(new_value):
        pool = numeric if numeric else entries
        i, entry, path = rng.choice(pool)
        head, value = lines[i].split("=", 1)
        value = value.split("#")[0]
        numbers = list(NUMBER.finditer(value))
        if numbers and new_value is not None and not callable(new_value):
            m = rng.choice(numbers)
            value = value[:m.start()] + new_value + value[m.end():]
        elif callable(new_value):
            value = new_value(value)
        else:
            value = ""
        lines[i] = head + "= " + value.strip()
        names = [entry, "/".join(path + [entry])]
        if path == ["Study"]:  # a swept value is named with its study case
            names.append("study case")
        return names

    names = file_names
    if kind in ("zero", "negative", "huge", "tiny", "nan", "inf", "text"):
        new = {"zero": "0", "negative": "-" + str(rng.choice([1, 2.5, 55, 1e3])),
               "huge": rng.choice(["1e300", "1e30", "1e12"]),
               "tiny": rng.choice(["1e-300", "1e-30", "1e-12"]),
               "nan": rng.choice(["nan", "NaN"]),
               "inf": rng.choice(["inf", "-inf", "1e999"]),
               "text": rng.choice(["abc", "55nm", "1,5", "true"])}[kind]
        names = value_mutant(new)
    elif kind == "empty_value":
        names = value_mutant(None)
    elif kind == "swap_values" and len(entries) > 1:
        (i, a, pa), (j, b, pb) = rng.sample(entries, 2)
        vi, vj = lines[i].split("=", 1)[1], lines[j].split("=", 1)[1]
        lines[i] = lines[i].split("=", 1)[0] + "=" + vj
        lines[j] = lines[j].split("=", 1)[0] + "=" + vi
        names = [a, b]
    elif kind == "drop" and entries:
        i, entry, path = rng.choice(entries)
        del lines[i]
        names = [entry] + file_names
    elif kind == "duplicate" and entries:
        i, entry, path = rng.choice(entries)
        lines.insert(i + 1, lines[i])
        names = [entry]
    elif kind == "misspell" and entries:
        i, entry, path = rng.choice(entries)
        if len(entry) > 3:
            k = rng.randrange(len(entry) - 1)
            typo = entry[:k] + entry[k + 1] + entry[k] + entry[k + 2:]
            if typo == entry:
                typo = entry + "x"
        else:
            typo = entry + "x"
        lines[i] = lines[i].replace(entry, typo, 1)
        names = [typo, entry]
    elif kind == "drop_end":
        ends = [i for i, l in enumerate(lines) if l.strip() == "end"]
        if ends:
            del lines[rng.choice(ends)]
        names = ["subsection", "end"] + file_names
    elif kind == "extra_end":
        lines.insert(rng.randrange(len(lines) + 1), "end")
        names = ["end"] + file_names
    elif kind == "junk_line":
        lines.insert(rng.randrange(len(lines) + 1),
                     rng.choice(["sett Foo = 1", "= 3", "subsection", "set = 4",
                                 "set Column diameter", "}{", "set A = B = C"]))
    elif kind == "binary":
        junk = bytes(rng.randrange(256) for _ in range(rng.randrange(16, 400)))
        at = rng.randrange(len(text) + 1)
        return Mutant(name, text.encode()[:at] + junk + text.encode()[at:],
                      kind, file_names)
    elif kind == "truncate":
        return Mutant(name, text.encode()[:rng.randrange(len(text))], kind,
                      file_names + ["subsection", "end", "set"])
    elif kind == "empty_file":
        return Mutant(name, b"", kind, file_names)
    elif kind == "comments_only":
        return Mutant(name, b"# nothing but a comment\n\n", kind, file_names)
    elif kind == "directory":
        return Mutant(name, b"", kind, file_names, directory=True)
    return Mutant(name, "\n".join(lines).encode(), kind, names)


def bad_message(err, names):
    """Why a refusal's stderr is not a good message (None if it is)."""
    text = err.decode("utf-8", "replace")
    if not text.startswith("nanoconvect: error:"):
        return "does not start with 'nanoconvect: error:'"
    for banner in ("Stacktrace", "An error occurred in line", "terminate called",
                   "MPI_ABORT", "--------------------", "Aborted"):
        if banner in text:
            return f"holds '{banner}'"
    if "\n\n" in text.strip() or len(text) > 1200:
        return "is not one short paragraph"
    if any((ord(c) < 32 and c not in "\n\t") or c == "\ufffd" for c in text):
        return "holds unprintable characters"
    if names and not any(n in text for n in names):
        return "names none of " + ", ".join(repr(n) for n in names[:3])
    return None


def finite(node):
    if isinstance(node, float):
        return math.isfinite(node)
    if isinstance(node, dict):
        return all(finite(v) for v in node.values())
    if isinstance(node, list):
        return all(finite(v) for v in node)
    return True


def check(binary, mutant, path, args, timeout, workdir):
    """Runs one command on the mutant; returns a failure text or None."""
    command = [binary] + args + [path]
    try:
        p = subprocess.run(command, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=timeout, cwd=workdir)
    except subprocess.TimeoutExpired:
        return f"hang: no answer after {timeout} s"
    if p.returncode < 0:
        return f"killed by signal {-p.returncode}"
    if p.returncode == 2:
        why = bad_message(p.stderr, mutant.names)
        return None if why is None else \
            f"exit 2, but the message {why}: {p.stderr.decode('utf-8', 'replace')[:300]!r}"
    if p.returncode != 0:
        return f"exit {p.returncode}: {p.stderr.decode('utf-8', 'replace')[-300:]!r}"
    mutant.accepted = True
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("parameter_dir")
    ap.add_argument("coarse")
    ap.add_argument("scratch")
    ap.add_argument("--seed", type=int, default=20261201)
    ap.add_argument("--mutants", type=int, default=320)
    ap.add_argument("--runs", type=int, default=6)
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()

    rng = random.Random(a.seed)
    shutil.rmtree(a.scratch, ignore_errors=True)
    os.makedirs(a.scratch)
    bases = sorted(f for f in os.listdir(a.parameter_dir) if f.endswith(".prm"))
    texts = {b: open(os.path.join(a.parameter_dir, b)).read() for b in bases}
    coarse = open(a.coarse).read()

    mutants = [mutate(rng, os.path.splitext(b)[0], texts[b], i)
               for i, b in enumerate(rng.choice(bases) for _ in range(a.mutants))]
    for m in mutants:
        path = os.path.join(a.scratch, m.name + ".prm")
        if m.directory:
            os.makedirs(path)
        else:
            open(path, "wb").write(m.text)

    # Relative paths in the shipped files (meshes, scripts) are relative to
    # the directory nanoconvect starts in: the repository's root.
    root = os.path.dirname(os.path.abspath(a.parameter_dir))

    def validate(m):
        path = os.path.join(a.scratch, m.name + ".prm")
        return m, check(a.binary, m, path, ["--validate"], VALIDATE_TIMEOUT, root)

    failures, accepted = [], []
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
        for m, failure in pool.map(validate, mutants):
            if failure:
                failures.append(f"{m.name}: --validate: {failure}")
            elif m.accepted:
                accepted.append(m)

    # Full runs: a sample of the accepted mutants of the cases that run in
    # seconds on the coarse settings.
    slow = ("sweep", "sensitivity", "3d", "catalyst", "heatup", "estimates",
            "evolving")
    runnable = [m for m in accepted if not any(s in m.name for s in slow)]
    sample = rng.sample(runnable, min(a.runs, len(runnable)))

    def run(m):
        path = os.path.join(a.scratch, m.name + ".run.prm")
        open(path, "wb").write(m.text + b"\n" + coarse.encode())
        out = os.path.join(a.scratch, m.name + ".out")
        failure = check(a.binary, m, path, ["-o", out], RUN_TIMEOUT, root)
        if failure is None and os.path.exists(os.path.join(out, "summary.json")):
            try:
                summary = json.load(open(os.path.join(out, "summary.json")),
                                    parse_constant=lambda c: float(c))
                if not finite(summary):
                    failure = "summary.json holds a NaN or an infinity"
            except ValueError as e:
                failure = f"summary.json unreadable: {e}"
        return m, failure

    with concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
        for m, failure in pool.map(run, sample):
            if failure:
                failures.append(f"{m.name}: run: {failure}")

    for f in failures:
        print("FAIL", f)
    kinds = sorted({m.kind for m in mutants})
    print(f"fuzz: seed {a.seed}, {len(mutants)} mutants of {len(bases)} files "
          f"({len(kinds)} kinds), {len(accepted)} accepted by --validate, "
          f"{len(sample)} run in full; {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
