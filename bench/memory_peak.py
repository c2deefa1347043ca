#!/usr/bin/env python3
"""Runs a command and prints the peak resident memory of the process and of
its children, separately: bench/memory uses it to tell minutebook's parent
(the writer) from its worker processes (the readers).

Usage: bench/memory_peak.py COMMAND [ARG...]
Prints one line: "parent_kb=N children_kb=N tree_kb=N seconds=S exit=C".
parent_kb and children_kb are the high-water marks (VmHWM) sampled from
/proc every 10 ms; children_kb is the largest child, and the sample taken
last before a child exits can miss at most its final 10 ms. tree_kb is what
the kernel reports for the whole tree (getrusage RUSAGE_CHILDREN, as
/usr/bin/time -v does): the largest of parent and children.
"""
import os
import resource
import subprocess
import sys
import time


def hwm_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid):
    kids = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                kids += [int(k) for k in f.read().split()]
    except OSError:
        pass
    return kids


def main():
    start = time.monotonic()
    proc = subprocess.Popen(sys.argv[1:])
    parent = child = 0
    while proc.poll() is None:
        parent = max(parent, hwm_kb(proc.pid))
        for kid in children(proc.pid):
            child = max(child, hwm_kb(kid))
        time.sleep(0.01)
    seconds = time.monotonic() - start
    tree = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"parent_kb={parent} children_kb={child} tree_kb={tree} seconds={seconds:.1f} exit={proc.returncode}")


if __name__ == "__main__":
    main()
