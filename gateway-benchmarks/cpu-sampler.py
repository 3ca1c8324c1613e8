#!/usr/bin/env python3
"""Samples a process's CPU time (user + system, all threads, from /proc/<pid>/stat) every few ms.

Usage: cpu-sampler.py PID OUT [INTERVAL_MS]
Writes lines "epoch_micros cpu_ticks" to OUT until the process ends; flood.sh reads the CPU time
spent between two wall-clock instants from them (clock ticks: os.sysconf('SC_CLK_TCK'), usually 100/s).

Or: cpu-sampler.py --between OUT FROM_MICROS TO_MICROS  -> prints the CPU seconds in that window,
interpolated linearly between the samples around each instant.
"""
import os
import sys
import time


def ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)


def sample(pid, out, interval):
    with open(out, "w") as f:
        while True:
            try:
                t = ticks(pid)
            except (FileNotFoundError, ProcessLookupError, IndexError):
                return
            f.write(f"{time.time_ns() // 1000} {t}\n")
            f.flush()
            time.sleep(interval)


def at(samples, micros):
    before = [s for s in samples if s[0] <= micros]
    after = [s for s in samples if s[0] >= micros]
    if not before:
        return samples[0][1]
    if not after:
        return samples[-1][1]
    (t0, c0), (t1, c1) = before[-1], after[0]
    return c0 if t1 == t0 else c0 + (c1 - c0) * (micros - t0) / (t1 - t0)


def between(out, start, end):
    samples = [tuple(int(v) for v in line.split()) for line in open(out) if len(line.split()) == 2]
    if not samples:
        print("-")
        return
    print(f"{(at(samples, end) - at(samples, start)) / os.sysconf('SC_CLK_TCK'):.3f}")


if __name__ == "__main__":
    if sys.argv[1] == "--between":
        between(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        sample(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]) / 1000 if len(sys.argv) > 3 else 0.005)
