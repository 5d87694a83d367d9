#!/usr/bin/env bash
# A build without ParaView Catalyst accepts a Catalyst parameter file at
# --validate (the script exists) but refuses to run it: exit 2 with a
# message that says Catalyst was not built in and how to build it.
#   catalyst_not_built.sh NANOCONVECT PRM SCRATCH_DIR
set -uo pipefail
bin=$1 prm=$2 scratch=$3
rm -rf "$scratch"
"$bin" --validate "$prm" > /dev/null || { echo "FAIL: --validate $prm"; exit 1; }
"$bin" --version | grep -q "ParaView Catalyst: not built" ||
  { echo "FAIL: --version does not say Catalyst is not built"; exit 1; }
out=$("$bin" -o "$scratch" "$prm" 2>&1); rc=$?
echo "$out" | tail -2
[ "$rc" -eq 2 ] || { echo "FAIL: exit $rc, want 2"; exit 1; }
grep -q "built without ParaView Catalyst.*NANOCONVECT_WITH_CATALYST=ON" <<<"$out" ||
  { echo "FAIL: the message does not say how to build Catalyst in"; exit 1; }
echo "ok: refused with exit 2"
