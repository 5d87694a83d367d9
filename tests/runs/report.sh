#!/usr/bin/env bash
# One page per run: postprocess/report writes a self-contained report.html
# (no file or network reference but data: URIs), a real headless browser
# (Debian's chromium) loads every figure in it and renders a screenshot,
# and every number of its results table equals summary.json's (the value
# shown, its SI value and the factor of the unit). A directory that is not
# a run is refused with exit 2. The run's log shows the mechanics' Newton
# progress ('Progress interval' = 0).
#   report.sh MPIEXEC NANOCONVECT RUNS_DIR POSTPROCESS_DIR SCRATCH_DIR
set -uo pipefail
mpiexec=$1 bin=$2 runs=$3 post=$4 scratch=$5
rm -rf "$scratch"; mkdir -p "$scratch"
fail() { echo "FAIL: $*"; echo "0 passed, 1 failed"; exit 1; }
command -v chromium >/dev/null || fail "chromium is not installed (scripts/setup.sh installs it)"
cat "$runs/tiny.prm" > "$scratch/case.prm"
cat >> "$scratch/case.prm" <<'PRM'
subsection Mechanics
  set Finite element degree = 1
  set Progress interval     = 0
end
subsection Time stepping
  set End time = 2e-3
end
PRM
"$mpiexec" -np 2 "$bin" -o "$scratch/run" "$scratch/case.prm" > "$scratch/log" 2>&1 ||
  fail "the run failed: $(tail -5 "$scratch/log")"
# Progress inside a step: with 'Progress interval' = 0 every Newton
# iteration of the mechanics prints a line, once (rank 0).
lines=$(grep -c "^    mechanics: Newton iteration 1, residual .* of the first, [0-9]* CG iterations, .* s$" "$scratch/log")
newton=$(/usr/bin/python3 -c "import csv,sys; print(sum(int(r['newton_iterations']) > 0 for r in csv.DictReader(open(sys.argv[1]))))" "$scratch/run/history.csv")
[ "$lines" -ge "$newton" ] && [ "$lines" -gt 0 ] ||
  fail "progress lines: $lines first-iteration lines for $newton solves in history.csv"
"$post/report" "$scratch/run" > "$scratch/report.log" 2>&1 ||
  fail "report failed: $(tail -3 "$scratch/report.log")"
page=$scratch/run/report.html
[ -s "$page" ] || fail "no report.html"
"$post/report" "$scratch/nowhere" 2>/dev/null; rc=$?
[ "$rc" -eq 2 ] || fail "report on a missing run exits 2, got $rc"

browser() {
  timeout 120 chromium --headless --no-sandbox --disable-gpu \
    --user-data-dir="$scratch/profile" --virtual-time-budget=10000 "$@" \
    2> "$scratch/chromium.log"
}
browser --dump-dom "file://$page" > "$scratch/dom.html" ||
  fail "chromium could not load the page: $(tail -3 "$scratch/chromium.log")"
browser --window-size=1200,3000 --screenshot="$scratch/page.png" "file://$page" ||
  fail "chromium could not render the page"
[ "$(stat -c %s "$scratch/page.png" 2>/dev/null || echo 0)" -gt 10000 ] ||
  fail "the screenshot is empty"

/usr/bin/python3 - "$page" "$scratch/dom.html" "$scratch/run/summary.json" <<'PY' || fail "the page"
import json, re, sys
from html.parser import HTMLParser
page, dom, summary = open(sys.argv[1]).read(), open(sys.argv[2]).read(), json.load(open(sys.argv[3]))
# Self-contained: every image is a data: URI, nothing else is referenced.
sources = re.findall(r'<img[^>]*src="([^"]{0,40})', page)
assert sources and all(s.startswith("data:image/png;base64,") for s in sources), sources
assert not re.search(r'(href|src)="(?!data:)', page), "a reference to a file or the network"
# Every figure decoded in the browser.
body = re.search(r"<body[^>]*>", dom).group(0)
n = int(re.search(r'data-figures="(\d+)"', body).group(1))
loaded = int(re.search(r'data-loaded="(\d+)"', body).group(1))
assert n >= 4 and loaded == n, (n, loaded)

class Cells(HTMLParser):
    def __init__(self):
        super().__init__(); self.cells = []; self.open = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "td" and "data-si" in a:
            self.open = a; self.text = ""
    def handle_data(self, data):
        if self.open is not None: self.text += data
    def handle_endtag(self, tag):
        if tag == "td" and self.open is not None:
            self.cells.append((self.open, self.text.strip())); self.open = None
cells = Cells(); cells.feed(dom)
assert len(cells.cells) >= 15, len(cells.cells)
for a, shown in cells.cells:
    section, key = a["data-key"].split("/")
    value = summary[section][key]
    assert float(a["data-si"]) == value, (a["data-key"], a["data-si"], value)
    expected = value * float(a["data-scale"])
    assert abs(float(shown) - expected) <= 1e-5 * abs(expected) + 1e-300, (a["data-key"], shown, expected)
for key in ("back_stress_Pa", "core_speed_m_per_s"):
    assert any(a["data-key"] == "mechanics/" + key for a, _ in cells.cells), key
print(f"report: {n} figures loaded in chromium, {len(cells.cells)} numbers equal summary.json")
PY
echo "1 passed, 0 failed"
