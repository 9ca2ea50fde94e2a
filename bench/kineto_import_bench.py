#!/usr/bin/env python3
"""Times `collscope import` of a set of Kineto files against Python's
json.load of the same files, in one run, with the peak resident memory of
each (issue 12: goal <= 0.25x json.load's time, peak <= 1.5x the largest
file):

    python3 bench/kineto_import_bench.py --collscope build/app/collscope DIR_OR_FILES...

    # the generated 8 x 200 MB set (written under /tmp, about 1.6 GB):
    python3 bench/make_kineto_set.py /tmp/collscope_kineto_set
    python3 bench/kineto_import_bench.py --collscope build/app/collscope /tmp/collscope_kineto_set

Each command runs as a child of GNU time (/usr/bin/time), whose report gives
its CPU time (user + system) and peak RSS; the wall time is measured here.
(Python's own wait4 would count the driver's pages in the child's peak: the
kernel keeps the larger of the forked copy's and the program's.) On a shared
machine the CPU time is the steadier figure. The
peak is also given above that of the same program doing nothing
(`collscope help`, `python3 -c pass`): a 1 MB file costs less than the
program's own code and libraries. json.load reads one file after the other
and lets each go, as collscope does. Runs each command --repeat times
(default 3) and reports the fastest times and the largest peak.
"""
import argparse
import glob
import os
import subprocess
import sys
import tempfile
import time

PYTHON_LOAD = (
    "import gzip, json, sys\n"
    "for f in sys.argv[1:]:\n"
    "    with (gzip.open(f, 'rt') if f.endswith('.gz') else open(f)) as stream:\n"
    "        json.load(stream)\n")


def expand(paths):
    files = []
    for path in paths:
        if os.path.isdir(path):
            found = sorted(glob.glob(os.path.join(path, "*.json")) +
                           glob.glob(os.path.join(path, "*.json.gz")))
            files.extend(found)
        else:
            files.append(path)
    return files


GNU_TIME = "/usr/bin/time"


def run(command, scratch):
    """Wall seconds, CPU seconds and peak RSS (bytes) of one child process."""
    report = os.path.join(scratch, "time.txt")
    start = time.perf_counter()
    done = subprocess.run([GNU_TIME, "-f", "%U %S %M", "-o", report, *command],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(command[:3]), done.stderr.decode(errors="replace")))
    with open(report) as lines:
        user, system, peak_kib = lines.read().split()[-3:]
    return wall, float(user) + float(system), int(peak_kib) * 1024


def best_of(command, repeat, scratch):
    runs = [run(command, scratch) for _ in range(repeat)]
    return (min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collscope", default="build/app/collscope")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("paths", nargs="+", help="Kineto files, or directories of them")
    args = parser.parse_args()
    files = expand(args.paths)
    if not files:
        sys.exit("no .json or .json.gz files in " + " ".join(args.paths))
    sizes = [os.path.getsize(f) for f in files]
    largest = max(sizes)
    if not os.access(GNU_TIME, os.X_OK):
        sys.exit(GNU_TIME + " (GNU time) is needed to measure the peak RSS")
    with tempfile.TemporaryDirectory(prefix="collscope_kineto_bench_") as scratch:
        output = os.path.join(scratch, "imported.json")
        ours = best_of([args.collscope, "import", *files, "--format", "kineto", "-o", output],
                       args.repeat, scratch)
        python = best_of([sys.executable, "-c", PYTHON_LOAD, *files], args.repeat, scratch)
        ours_idle = best_of([args.collscope, "help"], args.repeat, scratch)
        python_idle = best_of([sys.executable, "-c", "pass"], args.repeat, scratch)
    mb = 1e6
    print("%d files, %.1f MB in all, largest %.1f MB" % (len(files), sum(sizes) / mb, largest / mb))
    print("%-18s %9s %8s %10s %10s %10s" % ("", "wall (s)", "CPU (s)", "peak (MB)",
                                              "above idle", "/ largest"))
    for name, (wall, cpu, rss), idle in (("collscope import", ours, ours_idle),
                                         ("python3 json.load", python, python_idle)):
        print("%-18s %9.2f %8.2f %10.1f %10.1f %10.2f" % (name, wall, cpu, rss / mb,
                                                           (rss - idle[2]) / mb, rss / largest))
    print("time ratio collscope / json.load: wall %.3f, CPU %.3f (goal <= 0.25)"
          % (ours[0] / python[0], ours[1] / python[1]))
    print("peak RSS / largest file: %.2f, above idle %.2f (goal <= 1.5)"
          % (ours[2] / largest, (ours[2] - ours_idle[2]) / largest))


if __name__ == "__main__":
    main()
