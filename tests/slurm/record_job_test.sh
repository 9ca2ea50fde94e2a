#!/usr/bin/env bash
# kernels/slurm/record_job.sh end to end, as a Slurm job would run it, on
# this machine: SLURM_* set as sbatch sets them, stand-ins for srun and
# module (tests/slurm/bin), the mpi or threads backend instead of NCCL.
#   record_job_test.sh COLLSCOPE_BINARY mpi|threads
# 1. A short sweep: every trace, the job log and the final listing.
# 2. TERM to the job script in the middle of a step (Slurm's time limit):
#    the running step's trace is written marked incomplete, and no process
#    of the job is left behind.
set -uo pipefail
binary=${1:?usage: $0 COLLSCOPE_BINARY mpi|threads}
backend=${2:?usage: $0 COLLSCOPE_BINARY mpi|threads}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

export PATH="$here/bin:$PATH"
export SLURM_SUBMIT_DIR=$work SLURM_JOB_PARTITION=ci SLURM_JOB_NODELIST=localhost
export SLURM_NNODES=1 SLURM_NTASKS=3
export COLLSCOPE=$binary COLLSCOPE_HOME=$root BACKEND=$backend

# Processes whose command line names the job's output folder (the steps,
# mpirun, the log's tee), after giving them a few seconds to go.
leftovers() {
  local out=$1
  for _ in $(seq 50); do
    pgrep -f -- "$out" >/dev/null || return 0
    sleep 0.1
  done
  pgrep -af -- "$out"
}

# --- 1. the sweep -----------------------------------------------------------
export SLURM_JOB_ID=4242
out=$work/collscope-traces/4242
SIZES="48KiB 96KiB" ALGORITHMS="ring tree" ITERS=2 WARMUP=1 \
  bash "$root/kernels/slurm/record_job.sh" >"$work/sweep.out" 2>&1
code=$?
[[ $code == 0 ]] || fail "the sweep exited $code: $(tail -5 "$work/sweep.out")"
[[ -z "$(leftovers "$out")" ]] || fail "processes left after the sweep: $(leftovers "$out")"
expected=(allreduce-ring-48KiB allreduce-tree-48KiB allreduce-ring-96KiB allreduce-tree-96KiB)
if [[ "$backend" != threads ]]; then
  expected+=(allreduce-library-48KiB allreduce-library-96KiB)
fi
for name in "${expected[@]}"; do
  trace="$out/ci-$name.json"
  if [[ ! -f "$trace" ]]; then
    fail "no trace $trace"
    continue
  fi
  grep -q '"complete":true' "$trace" || fail "$trace is not marked complete"
  grep -q "\"source\":\"$backend\"" "$trace" || fail "$trace was not recorded by $backend"
  grep -q "ci-$name.json" "$out/job.log" || fail "the job log's listing lacks ci-$name.json"
done
[[ $(find "$out" -name 'ci-*.json' | wc -l) == "${#expected[@]}" ]] ||
  fail "expected ${#expected[@]} traces, found: $(ls "$out")"
grep -q "collscope job 4242 on ci: nodes localhost, 3 tasks" "$out/job.log" ||
  fail "the job log lacks its first line"
grep -q "module (stand-in): load gcc openmpi cuda nccl" "$out/job.log" ||
  fail "the job did not load its modules"
grep -q "collscope job: done (exit 0); traces and NCCL logs in $out" "$out/job.log" ||
  fail "the job log lacks its last line: $(tail -3 "$out/job.log")"

# --- 2. TERM in the middle ---------------------------------------------------
export SLURM_JOB_ID=4243
out=$work/collscope-traces/4243
SIZES="192KiB" ALGORITHMS="ring" ITERS=1000000 WARMUP=1 \
  bash "$root/kernels/slurm/record_job.sh" >"$work/term.out" 2>&1 &
job=$!
# Wait until the step runs (the rank processes exist), then let it record.
for _ in $(seq 200); do
  pgrep -f -- "$out/ci-allreduce-ring-192KiB.json" | grep -qv "^$job\$" && break
  sleep 0.1
done
sleep 2
kill -TERM "$job"
wait "$job"
code=$?
[[ $code == 143 ]] || fail "the job exited $code after TERM, not 143"
left=$(leftovers "$out")
[[ -z "$left" ]] || fail "processes left after TERM: $left"
trace="$out/ci-allreduce-ring-192KiB.json"
if [[ -f "$trace" ]]; then
  grep -q '"complete":false' "$trace" || fail "the trace cut short is not marked incomplete"
  grep -q '"incomplete_reason":"interrupted by signal 15' "$trace" ||
    fail "the trace does not say it was interrupted by TERM"
  "$binary" stats "$trace" >/dev/null || fail "collscope stats cannot read $trace"
else
  fail "no trace after TERM: $(tail -5 "$work/term.out")"
fi
grep -q "TERM received" "$out/job.log" || fail "the job log does not say TERM arrived"
grep -q "collscope job: done (exit 143)" "$out/job.log" || fail "the job log lacks its last line"
[[ -z "$(find "$out" -name '*.tmp.*' -o -name '*.partial')" ]] ||
  fail "temporary files left: $(ls "$out")"

[[ $failures == 0 ]] && echo "record_job.sh ($backend): sweep and TERM passed"
exit $((failures > 0))
