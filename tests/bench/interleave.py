#!/usr/bin/env python3
# tests/bench/interleave.py: wall and CPU time of a few commands run in turn, N times each, so that a change of the machine's load falls on all of them alike; medians and the ratio to the first.
"""usage: tests/bench/interleave.py N LABEL=COMMAND [LABEL=COMMAND ...]

Runs each COMMAND (a shell command line, its output discarded) once per round, in the order
given, for N rounds; prints for each the median wall time, the median CPU time (user + system
of the process and its children) and the ratio of its median wall time to the first's.
Use it to compare two binaries on the same data (a branch against main) where `make bench`
compares charte with the other programs. Not part of `make test`: timings are never asserted.
"""
import os
import statistics
import subprocess
import sys
import time


def main(argv):
    if len(argv) < 3 or not argv[1].isdigit() or any('=' not in a for a in argv[2:]):
        sys.exit(__doc__)
    rounds = int(argv[1])
    commands = [a.split('=', 1) for a in argv[2:]]
    wall = {label: [] for label, _ in commands}
    cpu = {label: [] for label, _ in commands}
    for _ in range(rounds):
        for label, command in commands:
            before, start = os.times(), time.perf_counter()
            subprocess.run(command, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            end, after = time.perf_counter(), os.times()
            wall[label].append((end - start) * 1000)
            cpu[label].append((after.children_user - before.children_user
                               + after.children_system - before.children_system) * 1000)
    first = statistics.median(wall[commands[0][0]])
    for label, _ in commands:
        w, c = statistics.median(wall[label]), statistics.median(cpu[label])
        print(f"{label:24s} wall {w:8.1f} ms   cpu {c:8.1f} ms   {w / first:5.2f}x")


if __name__ == '__main__':
    main(sys.argv)
