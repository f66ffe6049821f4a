#!/usr/bin/env python3
"""Runs a command and prints the peak memory of it and all its descendants together.

Usage: scripts/peak-memory.py COMMAND [ARGS...]

Every 50 ms it sums the proportional set size (PSS: shared pages split between the
processes that share them, so Chromium's helpers are not counted many times over) of the
command's process tree, from /proc/PID/smaps_rollup. The command's own output goes to
/dev/null; the exit status is the command's.
"""
import os
import subprocess
import sys
import time


def children(pid):
    kids = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                kids += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return kids


def pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree(root):
    seen, todo = [], [root]
    while todo:
        pid = todo.pop()
        seen.append(pid)
        todo += children(pid)
    return seen


def main():
    proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
    peak, processes = 0, 0
    while proc.poll() is None:
        pids = tree(proc.pid)
        total = sum(pss_kb(p) for p in pids)
        if total > peak:
            peak, processes = total, len(pids)
        time.sleep(0.05)
    print(f"peak memory (PSS, whole process tree): {peak / 1024:.0f} MiB "
          f"({processes} processes at the peak)")
    sys.exit(proc.returncode)


if __name__ == "__main__":
    main()
