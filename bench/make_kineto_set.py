#!/usr/bin/env python3
"""Writes a synthetic PyTorch profiler (Kineto) trace set, one file per rank,
for the Kineto import benchmark (issue 12, bench/kineto_import_bench.sh):

    python3 bench/make_kineto_set.py /tmp/collscope_kineto_set --ranks 8 --mb 200

The shape is that of a PyTorch 2.x profile of a training step, as libkineto's
ChromeTraceLogger (libkineto/src/output_json.cpp) lays it out: one event an
object over a few lines; most events are Python frames, aten CPU ops, CUDA
runtime calls with their ac2g flow arrows and compute kernels. About one
kernel in 40 is an NCCL collective: record_param_comms and ProcessGroupNCCL's
"nccl:all_reduce" CPU ops around its launch, and the kernel itself with the
args Kineto copies onto it from record_param_comms (PyTorch's
torch/csrc/distributed/c10d/ParamCommsUtils.hpp: "Collective name", "In msg
nelems", "Out msg nelems", "Group size", "dtype", "Process Group Name", ...).
Every rank makes the same collectives in the same order, a few microseconds
apart. Deterministic (seeded); not a measurement.
"""
import argparse
import os
import random

KERNELS = [
    "void at::native::vectorized_elementwise_kernel<4, at::native::CUDAFunctor_add<c10::BFloat16>,"
    " std::array<char*, 3ul> >(int, at::native::CUDAFunctor_add<c10::BFloat16>, std::array<char*, 3ul>)",
    "sm90_xmma_gemm_bf16bf16_bf16f32_f32_tn_n_tilesize128x128x64_warpgroupsize1x1x1_execute_segment_k_off_kernel__5x_cublas",
    "void at::native::(anonymous namespace)::cunn_SoftMaxForward<4, c10::BFloat16, float, c10::BFloat16,"
    " at::native::(anonymous namespace)::SoftMaxForwardEpilogue>(c10::BFloat16*, c10::BFloat16 const*, int)",
    "void at::native::reduce_kernel<512, 1, at::native::ReduceOp<float, at::native::MeanOps<float, float, float, float>,"
    " unsigned int, float, 4> >(at::native::ReduceOp<float, at::native::MeanOps<float, float, float, float>, unsigned int, float, 4>)",
    "void flash::flash_fwd_kernel<Flash_fwd_kernel_traits<128, 128, 64, 4, false, false, cutlass::bfloat16_t>, false, true>(Flash_fwd_params)",
]
OPS = ["aten::add", "aten::mm", "aten::_softmax", "aten::mean", "aten::_flash_attention_forward",
       "aten::copy_", "aten::mul", "aten::layer_norm"]
PY_FRAMES = ["torch/nn/modules/module.py(1747): _call_impl", "torch/nn/modules/linear.py(125): forward",
             "model.py(211): forward", "torch/nn/functional.py(2901): layer_norm",
             "torch/autograd/graph.py(823): _engine_run_backward"]
COLLECTIVES = [  # (record_param_comms name, nccl op, kernel name part, in elems, out elems factor)
    ("allreduce", "nccl:all_reduce", "AllReduce_Sum_bf16_RING_LL", 1 << 20, 1),
    ("_allgather_base", "nccl:_all_gather_base", "AllGather_RING_LL", 25136, 8),
    ("_reduce_scatter_base", "nccl:_reduce_scatter_base", "ReduceScatter_Sum_bf16_RING_LL", 1 << 21, 0.125),
    ("allreduce", "nccl:all_reduce", "AllReduce_Sum_f32_RING_SIMPLE", 1 << 24, 1),
]
COLLECTIVE_EVERY = 40  # compute kernels between collectives


def header(rank, ranks):
    devices = ",\n".join(
        '    {\n      "id": %d, "name": "NVIDIA H100 80GB HBM3", "totalGlobalMem": 85029158912,\n'
        '      "computeMajor": 9, "computeMinor": 0,\n'
        '      "maxThreadsPerBlock": 1024, "maxThreadsPerMultiprocessor": 2048,\n'
        '      "regsPerBlock": 65536, "warpSize": 32,\n'
        '      "sharedMemPerBlock": 49152, "numSms": 132,\n'
        '      "regsPerMultiprocessor": 65536, "sharedMemPerBlockOptin": 232448,\n'
        '      "sharedMemPerMultiprocessor": 233472\n    }' % d for d in range(ranks))
    ranks_text = ", ".join(str(r) for r in range(ranks))
    return ('{\n  "schemaVersion": 1,\n  "deviceProperties": [\n%s\n  ],\n'
            '  "cupti_version": 24, "cuda_runtime_version": 12040, "cuda_driver_version": 12040,\n'
            '  "distributedInfo": {"backend": "nccl", "rank": %d, "world_size": %d, "pg_count": 1, '
            '"pg_config": [{"pg_name": "0", "pg_desc": "default_pg", "backend_config": "cuda:nccl", '
            '"pg_size": %d, "ranks": [%s]}], "nccl_version": "2.21.5"},\n'
            '  "record_shapes": 1,\n  "with_stack": 1,\n'
            '  "trace_id": "A3F1C2D4E5B6478899AABBCCDDEEFF%02d",\n'
            '  "displayTimeUnit": "ms",\n  "baseTimeNanoseconds": 1727000000000000000,\n'
            '  "traceEvents": [\n' % (devices, rank, ranks, ranks, ranks_text, rank))


def event(ph, cat, name, pid, tid, ts, dur, args):
    return ('  {\n    "ph": "%s", "cat": "%s", "name": "%s", "pid": %s, "tid": %s,\n'
            '    "ts": %.3f, "dur": %.3f,\n    "args": {\n      %s\n    }\n  }'
            % (ph, cat, name, pid, tid, ts, dur, args))


def flow(ph, flow_id, pid, tid, ts):
    tail = ', "bp": "e"' if ph == "f" else ""
    return ('  {\n    "ph": "%s", "id": %d, "pid": %d, "tid": %d, "ts": %.3f,\n'
            '    "cat": "ac2g", "name": "ac2g"%s\n  }' % (ph, flow_id, pid, tid, ts, tail))


def kernel_args(ext, correlation, stream, rng):
    return ('"External id": %d,\n      "queued": 0, "device": 0, "context": 1,\n'
            '      "stream": %d, "correlation": %d,\n      "registers per thread": %d,\n'
            '      "shared memory": %d,\n      "blocks per SM": %.6f,\n      "warps per SM": %.6f,\n'
            '      "grid": [%d, 1, 1],\n      "block": [%d, 1, 1],\n'
            '      "est. achieved occupancy %%": %d'
            % (ext, stream, correlation, rng.choice([32, 64, 96, 128, 168]),
               rng.choice([0, 13824, 41760, 103808]), rng.random() * 4, rng.random() * 16,
               rng.randint(1, 4096), rng.choice([128, 256, 512]), rng.randint(0, 100)))


def write_rank(path, rank, ranks, target_bytes, seed):
    rng = random.Random(seed * 1000 + rank)
    pid, tid, device_pid, stream, nccl_stream = 4100 + rank, 4100 + rank, rank, 7, 20
    t = 1000.0 + 3.0 * rank  # us after baseTimeNanoseconds; ranks a few us apart
    gpu_t = t
    ext = 0
    correlation = 100
    call = 0
    written = 0
    with open(path, "w") as out:
        text = header(rank, ranks)
        out.write(text)
        written += len(text)
        first = True
        kernel_count = 0
        while written < target_bytes:
            chunk = []
            for _ in range(200):
                ext += 1
                correlation += 1
                kernel_count += 1
                if kernel_count % COLLECTIVE_EVERY == 0:
                    name, op, kernel, in_elems, factor = COLLECTIVES[call % len(COLLECTIVES)]
                    out_elems = int(in_elems * factor)
                    call += 1
                    comm = ('"Collective name": "%s", "In msg nelems": %d, "Out msg nelems": %d,\n'
                            '      "Group size": %d, "dtype": "BFloat16", "In split size": "[]",\n'
                            '      "Out split size": "[]", "Process Group Name": "0",\n'
                            '      "Process Group Description": "default_pg",\n'
                            '      "Process Group Ranks": "[%s]"'
                            % (name, in_elems, out_elems, ranks,
                               ", ".join(str(r) for r in range(ranks))))
                    chunk.append(event("X", "cpu_op", "record_param_comms", pid, tid, t, 40.0,
                                       '"External id": %d, "Record function id": 0, %s, '
                                       '"Rank": %d, "Ev Idx": %d' % (ext, comm, rank, ext)))
                    chunk.append(event("X", "user_annotation", op, pid, tid, t + 5, 30.0,
                                       '"External id": %d, "Input Dims": [[%d]], '
                                       '"Input type": ["c10::BFloat16"]' % (ext + 1, in_elems)))
                    chunk.append(event("X", "cuda_driver", "cuLaunchKernelEx", pid, tid, t + 10,
                                       12.0, '"cbid": 652, "correlation": %d' % correlation))
                    gpu_t = max(gpu_t, t + 15) + rng.random() * 4
                    dur = 20.0 + in_elems / 5000.0
                    chunk.append(event("X", "kernel", "ncclDevKernel_%s(ncclDevKernelArgsStorage<4096ul>)"
                                       % kernel, device_pid, nccl_stream, gpu_t, dur,
                                       kernel_args(ext, correlation, nccl_stream, rng) + ",\n      "
                                       + comm))
                    chunk.append(flow("s", correlation, pid, tid, t + 10))
                    chunk.append(flow("f", correlation, device_pid, nccl_stream, gpu_t))
                    gpu_t += dur
                    t += 45.0
                    continue
                frame = PY_FRAMES[rng.randrange(len(PY_FRAMES))]
                chunk.append(event("X", "python_function", frame, pid, tid, t, 30.0,
                                   '"Python parent id": %d, "Python id": %d, "Ev Idx": %d'
                                   % (ext * 2, ext * 2 + 1, ext)))
                chunk.append(event("X", "python_function", PY_FRAMES[0], pid, tid, t + 0.5, 28.0,
                                   '"Python parent id": %d, "Python id": %d, "Ev Idx": %d'
                                   % (ext * 2 + 1, ext * 2 + 2, ext)))
                op = OPS[rng.randrange(len(OPS))]
                n = rng.randint(1, 8192)
                chunk.append(event("X", "cpu_op", op, pid, tid, t + 1, 20.0,
                                   '"External id": %d, "Record function id": 0, '
                                   '"Input Dims": [[%d, 4096], [4096, 4096], []], '
                                   '"Input type": ["c10::BFloat16", "c10::BFloat16", "Scalar"], '
                                   '"Input Strides": [[4096, 1], [4096, 1], []], '
                                   '"Concrete Inputs": ["", "", "1"], "Ev Idx": %d'
                                   % (ext, n, ext)))
                chunk.append(event("X", "cuda_runtime", "cudaLaunchKernel", pid, tid, t + 3, 5.0,
                                   '"External id": %d,\n      "cbid": 211, "correlation": %d'
                                   % (ext, correlation)))
                gpu_t = max(gpu_t, t + 6)
                dur = 2.0 + rng.random() * 50
                chunk.append(event("X", "kernel", KERNELS[rng.randrange(len(KERNELS))], device_pid,
                                   stream, gpu_t, dur, kernel_args(ext, correlation, stream, rng)))
                chunk.append(flow("s", correlation, pid, tid, t + 3))
                chunk.append(flow("f", correlation, device_pid, stream, gpu_t))
                gpu_t += dur
                t += 25.0
            text = (",\n" if not first else "") + ",\n".join(chunk)
            first = False
            out.write(text)
            written += len(text)
        tail = ('\n  ],\n  "traceName": "%s"\n}\n' % os.path.basename(path))
        out.write(tail)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", help="where to write rankN.pt.trace.json (under /tmp)")
    parser.add_argument("--ranks", type=int, default=8)
    parser.add_argument("--mb", type=float, default=200, help="size of each file in MB")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    os.makedirs(args.directory, exist_ok=True)
    for rank in range(args.ranks):
        path = os.path.join(args.directory, "rank%d.pt.trace.json" % rank)
        write_rank(path, rank, args.ranks, int(args.mb * 1_000_000), args.seed)
        print(path, os.path.getsize(path))


if __name__ == "__main__":
    main()
