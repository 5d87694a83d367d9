#!/usr/bin/env bash
# Clean interrupts: SIGINT to a 1-rank run exits 130 with a checkpoint;
# SIGINT to 'mpirun -np 2' (which forwards SIGTERM to the ranks) ends with a
# non-zero exit and a message naming --restart; --restart continues both to
# the uninterrupted answer. SIGUSR1 writes a checkpoint and the run goes on.
#   interrupt.sh MPIEXEC NANOCONVECT SCRATCH_DIR
set -uo pipefail
mpiexec=$1 bin=$2 scratch=$3
rm -rf "$scratch"; mkdir -p "$scratch"
source "$(dirname "$0")/restart_common.sh"
# The case takes ~107 steps (small stress increments and time steps), so a
# signal sent straight to the process after step 5 lands mid-run, however
# fast the machine.
write_case "$scratch/case.prm" "  set End time            = 0.15
  set Maximum time step   = 1e-3
  set Stress increment per step = 1
  set Checkpoint interval = 0"
# mpirun forwards a SIGINT to its ranks only about 1.1 s later (Open MPI
# 4.1, measured), and the case above runs its ~100 remaining steps in about
# 1 s on 2 ranks: the signal could land after the loop. The two-rank case
# takes ~517 steps, about 4 s of stepping after step 5 on this machine.
# mpirun stops reading the ranks' stdout once it has the SIGINT: rank 0
# used to block in a full pipe and be killed without a checkpoint (6 of 8
# runs on a fast day); solver/interrupts.cc makes stdout non-blocking then.
write_case "$scratch/case_2.prm" "  set End time            = 0.15
  set Maximum time step   = 1e-4
  set Stress increment per step = 0.25
  set Checkpoint interval = 0"

# wait_steps DIR N: until DIR/history.csv has N steps (60 s at most).
wait_steps() {
  for _ in $(seq 600); do
    [ -f "$1/history.csv" ] && [ "$(wc -l < "$1/history.csv")" -gt "$2" ] && return 0
    sleep 0.1
  done
  return 1
}

# interrupted NAME EXIT CASE REFERENCE LAUNCH...: run CASE, SIGINT the
# launcher after 4 steps, check the exit code and message, restart with the
# same launcher, compare with the uninterrupted REFERENCE run of CASE.
interrupted() {
  local name=$1 want=$2 case=$3 reference=$4; shift 4
  local dir=$scratch/$name
  "$@" -o "$dir" "$case" > "$dir.log" 2>&1 &
  local pid=$!
  wait_steps "$dir" 5 || { bad "$name: no progress"; kill -9 $pid; return; }
  kill -INT $pid
  wait $pid; local rc=$?
  if [ "$want" = nonzero ]; then [ "$rc" -ne 0 ]; else [ "$rc" -eq "$want" ]; fi \
    || { bad "$name: exit $rc (want $want)"; return; }
  grep -q "nanoconvect: interrupted by SIG.*Continue with: nanoconvect --restart $dir" "$dir.log" \
    || { bad "$name: no message naming --restart: $(grep nanoconvect: "$dir.log") (the run ended by: $(grep -o '"end_reason": "[^"]*"' "$dir/summary.json"))"; return; }
  [ -f "$dir/checkpoint/state.json" ] && [ -f "$dir/summary.json" ] \
    || { bad "$name: no checkpoint or summary"; return; }
  ok "$name: SIGINT -> exit $rc, a checkpoint and the outputs so far"
  "$@" --restart "$dir" > "$dir.restart.log" 2>&1 \
    || { bad "$name: restart failed: $(tail -3 "$dir.restart.log")"; return; }
  local why
  why=$(same "$scratch/$reference" "$dir" 2>&1) || { bad "$name: $why"; return; }
  ok "$name: --restart ends with the uninterrupted answer"
}

"$bin" -o "$scratch/reference_1" "$scratch/case.prm" > /dev/null 2>&1 || bad "reference run (1 rank)"
"$mpiexec" -np 2 "$bin" -o "$scratch/reference_2" "$scratch/case_2.prm" > /dev/null 2>&1 \
  || bad "reference run (2 ranks)"

interrupted one_rank 130 "$scratch/case.prm" reference_1 "$bin"
interrupted two_ranks nonzero "$scratch/case_2.prm" reference_2 "$mpiexec" -np 2 "$bin"

# SIGUSR1: a checkpoint at the next step end, and the run goes on to the end.
dir=$scratch/usr1
"$bin" -o "$dir" "$scratch/case.prm" > "$dir.log" 2>&1 &
pid=$!
if wait_steps "$dir" 3; then
  kill -USR1 $pid; wait $pid; rc=$?
  step=$($python -c "import json,sys; print(json.load(open(sys.argv[1]))['state']['step'])" \
    "$dir/checkpoint/state.json" 2>/dev/null)
  steps=$($python -c "import json,sys; print(json.load(open(sys.argv[1]))['mechanics']['steps'])" \
    "$dir/summary.json" 2>/dev/null)
  if [ "$rc" -eq 0 ] && [ -n "$step" ] && [ -n "$steps" ] && [ "$step" -lt "$steps" ] \
     && grep -q "checkpoint written at step $step (SIGUSR1)" "$dir.log"; then
    ok "SIGUSR1: checkpoint at step $step, the run went on to step $steps"
  else
    bad "SIGUSR1: exit $rc, checkpoint step '$step', final step '$steps'"
  fi
else
  bad "SIGUSR1: no progress"; kill -9 $pid
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
