#!/usr/bin/env bash
# Submits one collscope recording job on Delta and says how to follow it.
#   ACCOUNT=bxyz-delta-gpu kernels/slurm/submit.sh gpuA100x4 [extra sbatch args]
# Scripts: gpuA100x4, gpuA100x8, gpuA40x4, gpuA100x4-2node. PARTITION
# overrides the partition (e.g. PARTITION=gpuA100x4-interactive).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
script=${1:?usage: ACCOUNT=... $0 gpuA100x4|gpuA100x8|gpuA40x4|gpuA100x4-2node [sbatch args]}
shift
: "${ACCOUNT:?set ACCOUNT to your Delta allocation, e.g. ACCOUNT=bxyz-delta-gpu}"
[[ -f "$here/$script.sbatch" ]] || { echo "no $here/$script.sbatch" >&2; exit 2; }
args=(--account="$ACCOUNT")
[[ -n "${PARTITION:-}" ]] && args+=(--partition="$PARTITION")
root=$(cd "$here/../.." && pwd)
job=$(cd "$root" && sbatch --parsable "${args[@]}" "$@" "$here/$script.sbatch")
cat <<MSG
submitted job $job ($script). Follow it with:
  squeue -j $job                 # PD = waiting, R = running; gone = done
  tail -f $root/collscope-$job.out
Traces and NCCL logs land in $root/collscope-traces/$job/. Copy them home with:
  scp -r <netid>@login.delta.ncsa.illinois.edu:$root/collscope-traces/$job .
MSG
