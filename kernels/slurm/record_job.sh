#!/usr/bin/env bash
# The body of every collscope recording job on NCSA Delta. Sourced by the
# per-partition scripts beside it (gpuA100x4.sbatch, ...), which set the
# #SBATCH lines; everything here can be overridden from the environment:
#
#   COLLSCOPE_HOME  the collscope checkout (default: the submit directory)
#   COLLSCOPE       the collscope binary (default: $COLLSCOPE_HOME/build/app/collscope)
#   MODULES         modules to load (default: "gcc openmpi cuda nccl"; check
#                   `module avail nccl` on Delta, the names change with the stack)
#   SIZES           the size sweep (default: "1MiB 16MiB 64MiB 256MiB")
#   ALGORITHMS      engine schedules to record (default: "ring tree")
#   COLLECTIVE      (default: allreduce)
#   ITERS, WARMUP   per size (default: 5 and 2)
#   OUT_DIR         where traces and NCCL logs go (default:
#                   $SLURM_SUBMIT_DIR/collscope-traces/$SLURM_JOB_ID)
#   SRUN_MPI        srun's --mpi plugin (default: pmix)
#   BACKEND         nccl (default), mpi (CPU processes, e.g. to compare) or
#                   threads ($SLURM_NTASKS threads in one process, no srun)
#   INTER_NODE      1 to set the Slingshot NCCL variables (the 2-node script does)
#
# The job ends (and its GPUs go back) when this script exits, whether the
# sweep succeeded or not; Slurm's TERM before the time limit is forwarded to
# the running step, whose recorder then writes its trace marked incomplete.

set -uo pipefail

: "${SLURM_JOB_ID:?run this inside a Slurm job (sbatch kernels/slurm/<partition>.sbatch)}"
COLLSCOPE_HOME=${COLLSCOPE_HOME:-${SLURM_SUBMIT_DIR:-$PWD}}
COLLSCOPE=${COLLSCOPE:-$COLLSCOPE_HOME/build/app/collscope}
MODULES=${MODULES:-gcc openmpi cuda nccl}
SIZES=${SIZES:-1MiB 16MiB 64MiB 256MiB}
ALGORITHMS=${ALGORITHMS:-ring tree}
COLLECTIVE=${COLLECTIVE:-allreduce}
ITERS=${ITERS:-5}
WARMUP=${WARMUP:-2}
OUT_DIR=${OUT_DIR:-${SLURM_SUBMIT_DIR:-$PWD}/collscope-traces/$SLURM_JOB_ID}
SRUN_MPI=${SRUN_MPI:-pmix}
INTER_NODE=${INTER_NODE:-0}
BACKEND=${BACKEND:-nccl}
PARTITION=${SLURM_JOB_PARTITION:-unknown}

mkdir -p "$OUT_DIR"
exec > >(tee -a "$OUT_DIR/job.log") 2>&1

step_pid=""
on_term() {
  echo "collscope job: TERM received (time limit?); stopping the running step"
  [[ -n "$step_pid" ]] && kill -TERM "$step_pid" 2>/dev/null
  [[ -n "$step_pid" ]] && wait "$step_pid"
  exit 143
}
on_exit() {
  local code=$?
  # Nothing may outlive the script: a stray step would keep the GPUs.
  jobs -p | xargs -r kill 2>/dev/null
  echo "collscope job: done (exit $code); traces and NCCL logs in $OUT_DIR"
  ls -l "$OUT_DIR"
}
trap on_term TERM INT
trap on_exit EXIT

if command -v module >/dev/null 2>&1; then
  # shellcheck disable=SC2086
  module load $MODULES || echo "collscope job: warning: module load $MODULES failed; using the current environment"
fi
if [[ ! -x "$COLLSCOPE" ]]; then
  echo "collscope job: $COLLSCOPE not found; build collscope first (see README, 'Recording on Delta')"
  exit 2
fi

if [[ "$INTER_NODE" == 1 ]]; then
  # Slingshot 11 through the aws-ofi-nccl plugin of Delta's nccl module.
  export NCCL_SOCKET_IFNAME=${NCCL_SOCKET_IFNAME:-hsn}
  export NCCL_NET=${NCCL_NET:-AWS Libfabric}
  export FI_PROVIDER=${FI_PROVIDER:-cxi}
  export NCCL_CROSS_NIC=${NCCL_CROSS_NIC:-1}
  export NCCL_NET_GDR_LEVEL=${NCCL_NET_GDR_LEVEL:-PHB}
fi

echo "collscope job $SLURM_JOB_ID on $PARTITION: nodes $SLURM_JOB_NODELIST, $SLURM_NTASKS tasks"
nvidia-smi -L || true
nvidia-smi topo -m > "$OUT_DIR/nvidia-smi-topo.txt" 2>&1 || true

failures=0
# One process per rank through srun, except the threads backend: one
# process whose threads are the ranks.
launch=(srun --mpi="$SRUN_MPI" --kill-on-bad-exit=1)
ranks=()
if [[ "$BACKEND" == threads ]]; then
  launch=()
  ranks=(--ranks "${SLURM_NTASKS:-4}")
fi
run_step() {  # run_step NAME ARGS... : one step, one trace
  local name=$1
  shift
  echo "collscope job: $name"
  "${launch[@]}" "$COLLSCOPE" record --backend "$BACKEND" "${ranks[@]}" \
    -c "$COLLECTIVE" --iters "$ITERS" --warmup "$WARMUP" "$@" \
    -o "$OUT_DIR/$PARTITION-$name.json" &
  step_pid=$!
  wait "$step_pid" || { echo "collscope job: $name failed"; failures=$((failures + 1)); }
  step_pid=""
}

for size in $SIZES; do
  for algorithm in $ALGORITHMS; do
    run_step "$COLLECTIVE-$algorithm-$size" -a "$algorithm" -n "$size"
  done
  # The library's own collective (MPI's or NCCL's); threads have none.
  [[ "$BACKEND" == threads ]] || run_step "$COLLECTIVE-library-$size" --library -n "$size"
done

[[ $failures == 0 ]] || { echo "collscope job: $failures recording(s) failed"; exit 1; }
