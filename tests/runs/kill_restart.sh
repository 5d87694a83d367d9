#!/usr/bin/env bash
# Nothing lost on a crash: a coupled run killed with SIGKILL (at chosen
# points inside a checkpoint, by fault injection, and at seeded moments)
# restarts from its last complete checkpoint and ends with the answer of an
# uninterrupted run; no half-written file is left. A run that fails leaves
# FAILED (reason, where) and no summary.json; a rerun into a used folder
# moves the earlier run's files into previous/.
#   kill_restart.sh NANOCONVECT SCRATCH_DIR [SEED]
set -uo pipefail
bin=$1 scratch=$2 seed=${3:-20261201}
rm -rf "$scratch"; mkdir -p "$scratch"
source "$(dirname "$0")/restart_common.sh"
write_case "$scratch/case.prm" "  set End time            = 2e-2
  set Checkpoint interval = 1"

# clean RUN: no temporary, no half-swapped checkpoint, no FAILED note.
clean() {
  local left
  left=$(cd "$1" && ls -a | grep -E '\.tmp\.|^checkpoint\.(new|old)$|^FAILED$')
  [ -z "$left" ] || { echo "left behind in $1: $left"; return 1; }
}

start=$(date +%s.%N)
"$bin" -o "$scratch/reference" "$scratch/case.prm" > "$scratch/reference.log" 2>&1 \
  || { bad "the uninterrupted run failed"; echo "$passed passed, $failed failed"; exit 1; }
wall=$($python -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$start" "$(date +%s.%N)")
steps=$($python -c "import json,sys; print(json.load(open(sys.argv[1]))['mechanics']['steps'])" "$scratch/reference/summary.json")
echo "uninterrupted: $steps steps in $wall s"

# finish NAME: restart the killed run NAME (or, killed before its first
# checkpoint, run it again) and compare with the uninterrupted run.
finish() {
  local dir=$scratch/$1
  if "$bin" --restart "$dir" > "$dir.restart.log" 2>&1; then :
  elif grep -q "no complete checkpoint\|no checkpoint there" "$dir.restart.log"; then
    "$bin" -o "$dir" "$scratch/case.prm" > "$dir.restart.log" 2>&1 \
      || { bad "$1: the rerun failed: $(tail -3 "$dir.restart.log")"; return; }
  else
    bad "$1: --restart failed: $(tail -3 "$dir.restart.log")"; return
  fi
  local why
  why=$(same "$scratch/reference" "$dir" 2>&1) || { bad "$1: $why"; return; }
  why=$(clean "$dir") || { bad "$1: $why"; return; }
  ok "$1: killed, restarted, same answer as uninterrupted"
}

# 1. Killed inside a checkpoint: after its data, and between the renames.
for point in checkpoint-data:2 checkpoint-swap:1 checkpoint-swap:7 checkpoint-data:$((steps - 1)); do
  name=fault_${point/:/_}
  NANOCONVECT_KILL_AT=$point "$bin" -o "$scratch/$name" "$scratch/case.prm" \
    > "$scratch/$name.log" 2>&1
  rc=$?
  [ "$rc" -eq 137 ] || { bad "$name: exit $rc, expected 137 (SIGKILL)"; continue; }
  finish "$name"
done

# 2. Killed at seeded moments through the run.
RANDOM=$seed
for i in 1 2 3; do
  fraction=$((10 + RANDOM % 80))
  delay=$($python -c "print($wall * $fraction / 100)")
  name=timed_$i
  "$bin" -o "$scratch/$name" "$scratch/case.prm" > "$scratch/$name.log" 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  echo "killed $name at $fraction % of the run"
  finish "$name"
done

# 3. A run that fails at run time (the thermal solver may not converge in one
# CG iteration) leaves FAILED with the reason and no summary.json.
{ cat "$scratch/case.prm"; printf 'subsection Thermal\n  set Max linear iterations = 1\nend\n'; } \
  > "$scratch/failing.prm"
"$bin" -o "$scratch/failing" "$scratch/failing.prm" > "$scratch/failing.log" 2>&1
rc=$?
if [ "$rc" -eq 1 ] && grep -q "^reason: .*did not converge" "$scratch/failing/FAILED" \
   && grep -q "^where: " "$scratch/failing/FAILED" && [ ! -e "$scratch/failing/summary.json" ]; then
  ok "a failed run leaves FAILED"
else
  bad "failed run: exit $rc, FAILED: $(cat "$scratch/failing/FAILED" 2>&1)"
fi

# 4. A thermal-only rerun into the coupled run's folder: the coupled run's
# files (history.csv, checkpoint/) move into previous/, none stays beside.
{ cat "$scratch/case.prm"; printf 'subsection Mechanics\n  set Enable = false\nend\n'
  printf 'subsection Surface transport\n  set Stress trace = none\nend\n'; } > "$scratch/thermal.prm"
"$bin" -o "$scratch/reference" "$scratch/thermal.prm" > "$scratch/thermal.log" 2>&1
if [ -f "$scratch/reference/summary.json" ] && [ ! -e "$scratch/reference/history.csv" ] \
   && [ ! -e "$scratch/reference/checkpoint" ] && [ -f "$scratch/reference/previous/history.csv" ]; then
  ok "a rerun moves the earlier run into previous/"
else
  bad "rerun into a used folder: $(ls "$scratch/reference")"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
