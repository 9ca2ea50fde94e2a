#!/usr/bin/env python3
"""Writes the nccl-tests JSON and NCCL Inspector fixtures of tests/data/trace.

Each writer below replays, call for call, the JSON emitter of the program that
writes the format, so the bytes are the ones that program writes (key order,
"%lf" doubles, "%d"/"%zu"/"%lu" integers, escaped '/', booleans written as the
strings "true"/"false", NaN as the string "nan", no whitespace):

* nccl-tests: NVIDIA/nccl-tests src/util.cu (JSON_FILE_VERSION 3: the stored
  copy with per_iter_skip and skipped_iterations; version 1: commit cfa8a967),
  called as src/common.cu does (main -> jsonOutputInit, run ->
  writeDeviceReport, writeResultHeader, TimeTest -> writeBenchmarkLinePreamble,
  BenchTime -> writeBenchmarkLineBody [+ writePerIterReport], ...Terminator,
  writeResultFooter, writeErrors, then jsonOutputFinalize).
* NCCL Inspector: NVIDIA/nccl plugins/profiler/inspector/json.cc and
  inspector_json.cc at commit b3aeda4a (header with comm_name, a ring of
  completed collectives drained per dump) and the older inspector.cc at
  commit 51c58fd6 (header without comm_name, only the latest collective of
  each communicator per dump). Output version "v4.0" in both. Files are
  <dump dir>/<hostname>-pid<pid>.log, one JSON object per line.

The run-time values (times, sizes, host names) are those of a plausible run,
made deterministic; everything derived from them is computed as the writer
computes it (busbw factors, computeIterStats, inspectorComputeCollBw). Run from
tests/data/trace: python3 tests/trace/make_format_fixtures.py
"""

import math
import os
import random


def sanitize(text):
    # util.cu / json.cc sanitizeJson: escape '"', '\\', '/', tab and newline.
    out = []
    for c in text:
        if c in '"\\/':
            out.append("\\" + c)
        elif c == "\t":
            out.append("\\t")
        elif c == "\n":
            out.append("\\n")
        else:
            out.append(c)
    return "".join(out)


class JsonWriter:
    """The state machine of util.cu (nccl-tests) and json.cc (Inspector)."""

    def __init__(self):
        self.out = []
        self.states = []

    def text(self):
        return "".join(self.out)

    def _value(self):
        top = self.states[-1] if self.states else None
        if top == "LIST_EMPTY":
            self.states[-1] = "LIST_SOME"
        elif top == "LIST_SOME":
            self.out.append(",")
        elif top == "KEY":
            self.states.pop()

    def key(self, name):
        if self.states[-1] == "OBJECT_EMPTY":
            self.states[-1] = "OBJECT_SOME"
        else:
            self.out.append(",")
        self.out.append('"%s":' % sanitize(name))
        self.states.append("KEY")

    def _open(self, bracket, state):
        self._value()
        self.out.append(bracket)
        self.states.append(state)

    def _close(self, bracket):
        self.states.pop()
        self.out.append(bracket)

    def start_object(self):
        self._open("{", "OBJECT_EMPTY")

    def finish_object(self):
        self._close("}")

    def start_list(self):
        self._open("[", "LIST_EMPTY")

    def finish_list(self):
        self._close("]")

    def null(self):
        self._value()
        self.out.append("null")

    def str(self, value):
        self._value()
        self.out.append('"%s"' % sanitize(value))

    def bool(self, value):
        self.str("true" if value else "false")

    def int(self, value):  # %d, %zu, %lu, %lld
        self._value()
        self.out.append("%d" % value)

    def double(self, value):
        self._value()
        self.out.append('"nan"' if value != value else "%f" % value)

    def newline(self):  # json.cc jsonNewline
        self.out.append("\n")

    def finish_current(self):  # util.cu v2+ jsonFinishCurrent
        top = self.states[-1]
        if top == "KEY":
            self.null()
        elif top.startswith("OBJECT"):
            self.finish_object()
        else:
            self.finish_list()


# --------------------------------------------------------------------------
# nccl-tests -J


def compute_iter_stats(times):
    # util.cu computeIterStats
    s = sorted(times)
    n = len(s)

    def index(p):
        return min(n - 1, (n * p + 99) // 100 - 1)

    avg = sum(s) / n
    var = sum((t - avg) * (t - avg) for t in s)
    return {
        "min": s[0],
        "max": s[n - 1],
        "p50": s[n // 2],
        "p95": s[index(95)],
        "p99": s[index(99)],
        "avg": avg,
        "stdev": math.sqrt(var / n),
    }


def per_iter_report(w, stats, iter_times, skipped, out_of_place, process_times, version):
    # util.cu writePerIterReport
    cv = (stats["stdev"] / stats["avg"]) * 100.0 if stats["avg"] > 0 else 0.0
    w.key("out_of_place_per_iter" if out_of_place else "in_place_per_iter")
    w.start_object()
    if version >= 3:
        w.key("skipped_iterations"); w.int(skipped)
    w.key("min_us"); w.double(stats["min"] * 1e6)
    w.key("max_us"); w.double(stats["max"] * 1e6)
    w.key("avg_us"); w.double(stats["avg"] * 1e6)
    w.key("p50_us"); w.double(stats["p50"] * 1e6)
    w.key("p95_us"); w.double(stats["p95"] * 1e6)
    w.key("p99_us"); w.double(stats["p99"] * 1e6)
    w.key("stdev_us"); w.double(stats["stdev"] * 1e6)
    w.key("cv_pct"); w.double(cv)
    w.key("times_us"); w.start_list()
    for t in iter_times:
        w.double(t * 1e6)
    w.finish_list()
    if process_times is not None and len(process_times) > 1:
        w.key("per_process_max_times_us")
        w.start_list()
        for row in process_times:
            w.start_list()
            for t in row:
                w.double(t * 1e6)
            w.finish_list()
        w.finish_list()
    w.finish_object()


def body(w, time_us, algbw, busbw, report_errors, wrong, out_of_place):
    # util.cu writeBenchmarkLineBody (bitwise check off)
    w.key("out_of_place" if out_of_place else "in_place")
    w.start_object()
    w.key("time"); w.double(time_us)
    w.key("alg_bw"); w.double(algbw)
    w.key("bus_bw"); w.double(busbw)
    w.key("nwrong")
    if report_errors:
        w.double(float(wrong))
    else:
        w.null()
    w.finish_object()


def output_init(w, version, start_time, args, env, nccl_version):
    # util.cu jsonOutputInit: the top object, then the run's command line.
    w.start_object()
    w.key("version"); w.int(version)
    w.key("start_time"); w.str(start_time)
    w.key("args"); w.start_list()
    for a in args:
        w.str(a)
    w.finish_list()
    w.key("env"); w.start_list()
    for e in env:
        w.str(e)
    w.finish_list()
    w.key("nccl_version"); w.int(nccl_version)


def device_entry(w, rank, pid, hostname, device, device_hex, device_info):
    # util.cu writeDeviceReport: one parsed "#  Rank" line.
    w.start_object()
    w.key("rank"); w.int(rank)
    w.key("group"); w.int(0)
    w.key("pid"); w.int(pid)
    w.key("hostname"); w.str(hostname)
    w.key("device"); w.int(device)
    w.key("device_hex"); w.str(device_hex)
    w.key("device_info"); w.str(device_info)
    w.finish_object()


def line_preamble(w, size, count, redop):
    # util.cu writeBenchmarkLinePreamble: root is printed "%6i" into a string.
    w.start_object()
    w.key("size"); w.int(size)
    w.key("count"); w.int(count)
    w.key("type"); w.str("float")
    w.key("redop"); w.str(redop)
    w.key("root"); w.str("%6i" % -1)


def line_terminator(w, iters):
    # util.cu writeBenchmarkLineTerminator
    w.key("actual_iterations"); w.int(iters)
    w.key("experiment_name"); w.str("")
    w.finish_object()


def result_footer_and_errors(w, bw_sum, bw_count):
    # util.cu writeResultFooter, then writeErrors: ncclGetLastError returns
    # "" when all went well.
    w.finish_list()
    w.key("out_of_bounds"); w.start_object()
    w.key("count"); w.int(0)
    w.key("okay"); w.bool(True)
    w.finish_object()
    w.key("average_bus_bandwidth"); w.start_object()
    w.key("bandwidth"); w.double(bw_sum / bw_count)
    w.key("okay"); w.str("unchecked")
    w.finish_object()
    w.key("errors"); w.start_list()
    w.str("")
    w.finish_list()


ENV_A01 = [
    "SLURM_JOB_ID=4188213",
    "SLURM_NNODES=2",
    "SLURM_NTASKS=8",
    "HOSTNAME=node-a01",
    "PATH=/opt/openmpi/bin:/usr/local/cuda/bin:/usr/bin:/bin",
    "LD_LIBRARY_PATH=/opt/nccl/lib:/usr/local/cuda/lib64",
    "OMPI_COMM_WORLD_SIZE=8",
    "OMPI_COMM_WORLD_RANK=0",
    "OMPI_COMM_WORLD_LOCAL_RANK=0",
    "CUDA_VISIBLE_DEVICES=0,1,2,3",
    "NCCL_DEBUG=WARN",
    "NCCL_IB_HCA=mlx5_0,mlx5_1",
    "NCCL_SOCKET_IFNAME=ib0",
]


def allreduce_run(version, stop_at=None):
    """mpirun -np 8 (4 per node) all_reduce_perf -b 1M -e 64M -f 4 -g 1 -n 10 -I 1 -J.

    stop_at=(size, "in_place") ends the run as an NCCL error in that BenchTime
    does: TimeTest returns, run() returns before the footer, main calls
    jsonOutputFinalize, which (v2+) closes what is open.
    """
    rng = random.Random(20261120)
    nranks, nprocs, iters = 8, 8, 10
    hosts = ["node-a01"] * 4 + ["node-a02"] * 4
    pids = [41001, 41002, 41003, 41004, 52001, 52002, 52003, 52004]
    pci = ["0000:19:00", "0000:3b:00", "0000:4c:00", "0000:5d:00"]
    w = JsonWriter()
    args = ["/opt/nccl-tests/build/all_reduce_perf", "-b", "1M", "-e", "64M", "-f", "4",
            "-g", "1", "-n", "10", "-I", "1", "-J", "/scratch/bench/allreduce.json"]
    output_init(w, version, "2026-11-20 14:03:11", args, ENV_A01, 22809)
    # writeDeviceReport
    w.key("config"); w.start_object()
    w.key("nthreads"); w.int(1)
    w.key("ngpus"); w.int(1)
    w.key("minimum_bytes"); w.int(1 << 20)
    w.key("maximum_bytes"); w.int(64 << 20)
    w.key("step_factor"); w.int(4)
    w.key("warmup_iters"); w.int(5)
    w.key("iterations"); w.int(iters)
    w.key("aggregated_iterations"); w.int(1)
    w.key("validation"); w.int(1)
    w.key("graph"); w.int(0)
    w.key("blocking_collectives"); w.bool(False)
    w.key("per_iter_timing"); w.bool(True)
    if version >= 3:
        w.key("per_iter_skip"); w.int(0)
    w.key("parallel_init"); w.bool(False)
    # MPI build: one line per process, gathered to rank 0, parsed by
    # parseRankInfo (sscanf drops the %10s padding of the host name).
    w.key("devices"); w.start_list()
    for r in range(nranks):
        device_entry(w, r, pids[r], hosts[r], r % 4, pci[r % 4], "NVIDIA H100 80GB HBM3")
    w.finish_list()
    w.finish_object()
    # writeResultHeader
    w.key("results"); w.start_list()
    bw_sum, bw_count = 0.0, 0
    size = 1 << 20
    stopped = False
    while size <= 64 << 20:
        count = size // 4
        line_preamble(w, size, count, "sum")
        for in_place in (0, 1):
            if stop_at == (size, in_place):
                stopped = True
                break
            # Latency 28 us + 64 us per 4 MiB at ~52 GB/s algbw; in-place a
            # little faster; per process and iteration a few percent noise,
            # and one slow iteration of process 5 at 16 MiB (a straggler).
            base = (28.0 + size / 51.3e3) * (0.985 if in_place else 1.0) * 1e-6
            rows = []
            for p in range(nprocs):
                row = []
                for i in range(iters):
                    t = base * (1.0 + 0.03 * rng.random() + (0.02 if i == 0 else 0.0))
                    if size == 16 << 20 and p == 5 and i == 6:
                        t *= 1.62
                    row.append(t)
                rows.append(row)
            iter_times = [max(rows[p][i] for p in range(nprocs)) for i in range(iters)]
            # -a 1: the reported time is the average over ranks of each
            # rank's elapsed / iters.
            delta = sum(sum(row) / iters for row in rows) / nprocs
            algbw = size / 1.0e9 / delta
            busbw = algbw * (2.0 * (nranks - 1) / nranks)
            body(w, delta * 1.0e6, algbw, busbw, True, 0, in_place == 0)
            per_iter_report(w, compute_iter_stats(iter_times), iter_times, 0, in_place == 0,
                            rows, version)
            bw_sum += busbw
            bw_count += 1
        if stopped:
            break
        line_terminator(w, iters)
        size *= 4
    if not stopped:
        result_footer_and_errors(w, bw_sum, bw_count)
    # jsonOutputFinalize (v2+): end_time only when just the top object is
    # open, then close everything.
    if len(w.states) == 1:
        w.key("end_time"); w.str("2026-11-20 14:03:19")
    while w.states:
        w.finish_current()
    return w.text()


def allgather_v1_single_process():
    """all_gather_perf -b 8 -e 1M -f 8 -g 4 (one process, version 1, no -I).

    The device list holds one entry: writeDeviceReport parses only the first
    "#  Rank" line of the process (parseRankInfo), whatever -g says.
    """
    rng = random.Random(7)
    nranks = 4
    w = JsonWriter()
    args = ["./build/all_gather_perf", "-b", "8", "-e", "1M", "-f", "8", "-g", "4", "-J",
            "ag.json"]
    env = ["HOME=/home/ana", "PATH=/usr/local/cuda/bin:/usr/bin", "CUDA_VISIBLE_DEVICES=0,1,2,3"]
    output_init(w, 1, "2025-11-02 09:41:57", args, env, 22703)
    w.key("config"); w.start_object()
    w.key("nthreads"); w.int(1)
    w.key("ngpus"); w.int(4)
    w.key("minimum_bytes"); w.int(8)
    w.key("maximum_bytes"); w.int(1 << 20)
    w.key("step_factor"); w.int(8)
    w.key("warmup_iters"); w.int(5)
    w.key("iterations"); w.int(20)
    w.key("aggregated_iterations"); w.int(1)
    w.key("validation"); w.int(1)
    w.key("graph"); w.int(0)
    w.key("blocking_collectives"); w.bool(False)
    w.key("parallel_init"); w.bool(False)
    w.key("devices"); w.start_list()
    device_entry(w, 0, 1733, "ws-l40s", 0, "0000:01:00", "NVIDIA L40S")
    w.finish_list()
    w.finish_object()
    w.key("results"); w.start_list()
    bw_sum, bw_count = 0.0, 0
    size = 8
    while size <= 1 << 20:
        # all_gather.cu: count = size / wordSize / nranks per rank, the
        # printed size is the gathered buffer; redop "none", root -1.
        count = size // 4 // nranks
        nbytes = count * 4 * nranks
        line_preamble(w, nbytes, count, "none")
        for in_place in (0, 1):
            delta = (9.5 + nbytes / 120.0e3) * (1.0 + 0.02 * rng.random()) * 1e-6
            algbw = nbytes / 1.0e9 / delta
            busbw = algbw * ((nranks - 1) / nranks)
            body(w, delta * 1e6, algbw, busbw, True, 0, in_place == 0)
            bw_sum += busbw
            bw_count += 1
        line_terminator(w, 20)
        size *= 8
    result_footer_and_errors(w, bw_sum, bw_count)
    # v1 jsonOutputFinalize: end_time, close the top object.
    w.key("end_time"); w.str("2025-11-02 09:41:58")
    w.finish_object()
    return w.text()


# --------------------------------------------------------------------------
# NCCL Inspector


def inspector_header(w, comm_id, comm_name, rank, nranks, nnodes):
    w.start_object()
    w.key("id"); w.str(comm_id)
    if comm_name is not None:  # b3aeda4 adds comm_name ("unknown" when unset)
        w.key("comm_name"); w.str(comm_name)
    w.key("rank"); w.int(rank)
    w.key("n_ranks"); w.int(nranks)
    w.key("nnodes"); w.int(nnodes)
    w.finish_object()


def inspector_metadata(w, dump_us, host, pid):
    w.start_object()
    w.key("inspector_output_format_version"); w.str("v4.0")
    w.key("git_rev"); w.str("")
    w.key("rec_mechanism"); w.str("nccl_profiler_interface")
    w.key("dump_timestamp_us"); w.int(dump_us)
    w.key("hostname"); w.str(host)
    w.key("pid"); w.int(pid)
    w.finish_object()


def event_trace(w, prefix, unit, start, stop, kernels):
    # inspector_json.cc: "event_trace_sn" / "event_trace_ts" of a verbose
    # record; kernels are (channel_id, start, stop, record) per channel.
    w.key("event_trace_" + unit); w.start_object()
    w.key("%s_start_%s" % (prefix, unit)); w.int(start)
    w.key("%s_stop_%s" % (prefix, unit)); w.int(stop)
    w.key("kernel_events"); w.start_list()
    for channel_id, kernel_start, kernel_stop, kernel_record in kernels:
        w.start_object()
        w.key("channel_id"); w.int(channel_id)
        w.key("kernel_start_" + unit); w.int(kernel_start)
        w.key("kernel_stop_" + unit); w.int(kernel_stop)
        w.key("kernel_record_" + unit); w.int(kernel_record)
        w.finish_object()
    w.finish_list()
    w.finish_object()


def inspector_record(w, header, metadata, perf_key, write_perf):
    # One line of a dump: header, metadata, then the collective or p2p.
    w.start_object()
    w.key("header")
    inspector_header(w, *header)
    w.key("metadata")
    inspector_metadata(w, *metadata)
    w.key(perf_key)
    write_perf()
    w.finish_object()
    w.newline()


def coll_bw(func, msg, nranks, exec_us):
    # inspector.cc inspectorComputeCollBw
    t = exec_us / 1000000.0
    if func in ("Reduce", "Broadcast"):
        traffic, factor = float(msg), 1.0
    elif func == "AllReduce":
        traffic, factor = float(msg), (2.0 * (nranks - 1)) / nranks
    elif func in ("ReduceScatter", "AllGather"):
        traffic, factor = float(msg * nranks), (nranks - 1.0) / nranks
    else:
        traffic, factor = float(msg), 1.0
    algbw = traffic / 1.0e9 / t if t != 0 else 0
    return algbw, algbw * factor


def inspector_perf(w, prefix, op, traces):
    # inspector_json.cc writes a collective and a p2p alike, each key under
    # its prefix: the call and its sequence number (a p2p then its peer),
    # size, time, timing source and the two bandwidths; a verbose record
    # ends with its event traces, given as event_trace's (unit, start, stop,
    # kernels).
    w.start_object()
    w.key(prefix); w.str(op["func"])
    w.key(prefix + "_sn"); w.int(op["sn"])
    if "peer" in op:
        w.key(prefix + "_peer"); w.int(op["peer"])
    w.key(prefix + "_msg_size_bytes"); w.int(op["msg"])
    w.key(prefix + "_exec_time_us"); w.int(op["exec_us"])
    w.key(prefix + "_timing_source"); w.str(op["timing"])
    w.key(prefix + "_algobw_gbs"); w.double(op["algbw"])
    w.key(prefix + "_busbw_gbs"); w.double(op["busbw"])
    for unit, start, stop, kernels in traces:
        event_trace(w, prefix, unit, start, stop, kernels)
    w.finish_object()


def inspector_coll(w, op, verbose):
    traces = []
    if verbose:
        channels = op["channels"]
        traces = [("sn", op["start_sn"], op["stop_sn"],
                   [(ch["id"], ch["start_sn"], ch["stop_sn"], ch["record_sn"]) for ch in channels]),
                  ("ts", op["start_ts"], op["stop_ts"],
                   [(ch["id"], ch["start_ts"], ch["stop_ts"], ch["record_ts"]) for ch in channels])]
    inspector_perf(w, "coll", op, traces)


def inspector_8ranks():
    """A training-like job: 8 ranks on 2 nodes, one world communicator,
    NCCL_INSPECTOR_DUMP_VERBOSE=1, dump interval 1 s. Per rank, in call
    order: AllReduce 64 MiB (sn 0, 1), AllGather 8 MiB per rank (sn 0),
    AllReduce (sn 2, 3), AllGather (sn 1), AllReduce (sn 4, 5). Rank 3
    launches AllReduce sn 2 late (a straggler: every rank's kernel waits for
    it). As users report: rank 5's file lacks AllReduce sn 3 (nccl#1945) and
    rank 6's file stops after AllReduce sn 4 (nccl#1958)."""
    rng = random.Random(1945)
    nranks, nnodes = 8, 2
    hosts = ["node-a01"] * 4 + ["node-a02"] * 4
    pids = [41001, 41002, 41003, 41004, 52001, 52002, 52003, 52004]
    comm_id = "0x7f3a9c2e51d04b"
    calls = [("AllReduce", 0), ("AllReduce", 1), ("AllGather", 0), ("AllReduce", 2),
             ("AllReduce", 3), ("AllGather", 1), ("AllReduce", 4), ("AllReduce", 5)]
    t0 = 1795190400000000  # us since the epoch (gettimeofday), 2026-11-20
    per_rank = [[] for _ in range(nranks)]
    launch = t0
    for func, sn in calls:
        msg = 64 << 20 if func == "AllReduce" else 8 << 20
        traffic = msg if func == "AllReduce" else msg * nranks
        nchannels = 4 if func == "AllReduce" else 2
        # Each rank's host reaches the call at its own time; rank 3 is late
        # for AllReduce sn 2.
        launches = [launch + rng.randint(0, 6) for _ in range(nranks)]
        if (func, sn) == ("AllReduce", 2):
            launches[3] += 2400
        kernel_start = [t + 14 + rng.randint(0, 3) for t in launches]
        # The data moves once the last rank is in: ~105 GB/s busbw for
        # AllReduce, ~ 95 GB/s for AllGather.
        busbw_target = 105.0 if func == "AllReduce" else 95.0
        factor = 2.0 * (nranks - 1) / nranks if func == "AllReduce" else (nranks - 1) / nranks
        transfer_us = traffic * factor / (busbw_target * 1e3)
        finish = max(kernel_start) + transfer_us
        for r in range(nranks):
            channels = []
            max_gpu_ns = 0
            sn_counter = 2  # coll start 1 and stop 2 (host stream callback)
            for c in range(nchannels):
                start_ts = kernel_start[r] + c + rng.randint(0, 1)
                gpu_ns = int((finish - kernel_start[r]) * 1000) - rng.randint(0, 900) + c * 37
                max_gpu_ns = max(max_gpu_ns, gpu_ns)
                record_ts = start_ts + gpu_ns // 1000 + 3 + rng.randint(0, 2)
                channels.append({"id": c, "start_ts": start_ts, "record_ts": record_ts,
                                 "stop_ts": record_ts + 1 + rng.randint(0, 2)})
            for ch in channels:
                sn_counter += 1
                ch["start_sn"] = sn_counter
            for ch in channels:
                ch["record_sn"] = sn_counter + 1
                ch["stop_sn"] = sn_counter + 2
                sn_counter += 2
            exec_us = max_gpu_ns // 1000  # calculateKernelGpuExecTimeUsecs
            algbw, busbw = coll_bw(func, msg, nranks, exec_us)
            per_rank[r].append({
                "func": func, "sn": sn, "msg": msg, "exec_us": exec_us, "timing": "kernel_gpu",
                "algbw": algbw, "busbw": busbw, "start_sn": 1, "stop_sn": 2,
                "start_ts": launches[r], "stop_ts": launches[r] + 6 + rng.randint(0, 3),
                "channels": channels, "done": max(ch["stop_ts"] for ch in channels),
            })
        launch = int(finish) + 180 + rng.randint(0, 40)
    dropped = {5: [("AllReduce", 3)], 6: [("AllReduce", 5)]}
    files = {}
    for r in range(nranks):
        w = JsonWriter()
        ops = [op for op in per_rank[r] if (op["func"], op["sn"]) not in dropped.get(r, [])]
        # One dump, the next interval after the last call: each record's
        # metadata calls inspectorGetTime() anew.
        dump = (max(op["done"] for op in per_rank[r]) // 1000000 + 1) * 1000000 + 93 + r * 11
        for i, op in enumerate(ops):
            inspector_record(w, (comm_id, "unknown", r, nranks, nnodes),
                             (dump + i * 3, hosts[r], pids[r]), "coll_perf",
                             lambda: inspector_coll(w, op, True))
        files["%s-pid%d.log" % (hosts[r], pids[r])] = w.text()
    return files


def inspector_older_nonverbose():
    """The older writer (inspector.cc at 51c58fd6): no comm_name, not
    verbose, and per dump only the latest completed collective of each
    communicator, so calls between two dumps are lost on every rank. Rank 0
    of a 4-rank single-node job, dump interval 100 ms, AllReduce 16 MiB every
    ~40 ms and a ReduceScatter of 2 MiB per rank after every third."""
    rng = random.Random(4711)
    nranks = 4
    w = JsonWriter()
    t = 1795190400000000 + 5000000
    completed = []
    ar_sn, rs_sn = 0, 0
    for k in range(12):
        exec_us = 690 + rng.randint(0, 40)
        t += 40000 + rng.randint(0, 900)
        completed.append(("AllReduce", ar_sn, 16 << 20, exec_us, t))
        ar_sn += 1
        if k % 3 == 2:
            exec_us = 210 + rng.randint(0, 20)
            t += 300 + rng.randint(0, 50)
            completed.append(("ReduceScatter", rs_sn, 2 << 20, exec_us, t))
            rs_sn += 1
    dump = 1795190400000000 + 5000000 + 100000
    while completed:
        done = [c for c in completed if c[4] < dump]
        if done:
            func, sn, msg, exec_us, _ = done[-1]  # commInfo->completedCollInfo
            algbw, busbw = coll_bw(func, msg, nranks, exec_us)
            op = {"func": func, "sn": sn, "msg": msg, "exec_us": exec_us,
                  "timing": "kernel_gpu", "algbw": algbw, "busbw": busbw}
            inspector_record(w, ("0x1d2c3b4a59687a", None, 0, nranks, 1),
                             (dump + 17, "gpu-b07", 4711), "coll_perf",
                             lambda: inspector_coll(w, op, False))
            completed = [c for c in completed if c[4] >= dump]
        dump += 100000
    return w.text()


def inspector_p2p(w, op, verbose):
    # inspector_json.cc inspectorCompletedP2p / inspectorCompletedP2pVerbose
    traces = []
    if verbose:
        channels = op["channels"]
        n = len(channels)
        traces = [("sn", 1, 2,
                   [(ch["id"], 3 + k, 3 + n + 2 * k + 1, 3 + n + 2 * k)
                    for k, ch in enumerate(channels)]),
                  ("ts", op["start_ts"], op["start_ts"] + 5,
                   [(ch["id"], ch["start_ts"], ch["stop_ts"], ch["stop_ts"] - 2) for ch in channels])]
    inspector_perf(w, "p2p", op, traces)


def inspector_pipeline_p2p():
    """Two pipeline stages on one node (NCCL_INSPECTOR_ENABLE_P2P=1, verbose):
    rank 0 sends 4 MiB of activations to rank 1 three times. A p2p record's
    bandwidth is msg / time with factor 1, as inspectorComputeCollBw counts
    Send and Recv (inspector.cc at 51c58fd6)."""
    files = {}
    t = 1795190400000000 + 9000000
    for rank, (host, pid, func, peer) in enumerate(
            [("gpu-c01", 7001, "Send", 1), ("gpu-c01", 7002, "Recv", 0)]):
        w = JsonWriter()
        for sn in range(3):
            start = t + sn * 5000 + 20 + rank * 3
            exec_us = 98 + sn
            algbw, busbw = coll_bw(func, 4 << 20, 2, exec_us)
            channels = [{"id": c, "start_ts": start + 12 + c, "stop_ts": start + 12 + exec_us + 4 + c}
                        for c in range(2)]
            op = {"func": func, "sn": sn, "peer": peer, "msg": 4 << 20, "exec_us": exec_us,
                  "timing": "kernel_gpu", "algbw": algbw, "busbw": busbw, "start_ts": start,
                  "channels": channels}
            inspector_record(w, ("0x5e5e0c0ffee123", "PP stage 0-1", rank, 2, 1),
                             (t + 1000000 + 71 + sn * 2, host, pid), "p2p_perf",
                             lambda: inspector_p2p(w, op, True))
        files["%s-pid%d.log" % (host, pid)] = w.text()
    return files


def write(name, text):
    with open(name, "w", newline="") as f:
        f.write(text)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    os.chdir(os.path.join(here, "..", "data", "trace"))
    full = allreduce_run(3)
    write("nccl_tests_json_v3_allreduce_8ranks.json", full)
    # SIGKILL (Slurm timeout): stdio flushed the full 4 KiB buffers only.
    write("nccl_tests_json_v3_killed.json", full[: (len(full) // 2 // 4096) * 4096 + 4096])
    write("nccl_tests_json_v3_nccl_error.json", allreduce_run(3, stop_at=(16 << 20, 1)))
    write("nccl_tests_json_v1_allgather_1proc.json", allgather_v1_single_process())
    os.makedirs("inspector_8ranks", exist_ok=True)
    for name, text in inspector_8ranks().items():
        write(os.path.join("inspector_8ranks", name), text)
    write("inspector_older_nonverbose_gpu-b07-pid4711.log", inspector_older_nonverbose())
    os.makedirs("inspector_p2p", exist_ok=True)
    for name, text in inspector_pipeline_p2p().items():
        write(os.path.join("inspector_p2p", name), text)


if __name__ == "__main__":
    main()
