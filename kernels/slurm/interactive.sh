#!/usr/bin/env bash
# The lecture's interactive GPU shell on Delta (part 5), for trying a
# recording by hand; exit the shell to release the GPU.
#   ACCOUNT=bxyz-delta-gpu kernels/slurm/interactive.sh
# then, inside it:
#   module load gcc openmpi cuda nccl
#   srun -n 1 build/app/collscope record --backend nccl -c allreduce -n 64MiB -o one-gpu.json
set -euo pipefail
: "${ACCOUNT:?set ACCOUNT to your Delta allocation, e.g. ACCOUNT=bxyz-delta-gpu}"
exec srun -A "$ACCOUNT" --time=00:30:00 --nodes=1 --ntasks-per-node=16 \
  --partition=gpuA100x4,gpuA40x4 --gpus=1 --mem=32g --pty /bin/bash
