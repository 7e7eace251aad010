#!/usr/bin/env python3
"""Paired, interleaved timing: a ratio to the floor that survives a noisy machine.

    python3 bench/paired.py SITE FLOOR CAREGUIDE [CAREGUIDE ...] [--runs 15] [--as-of DATE]

With two or more careguide binaries, a second table gives each against the
first (e.g. search on against search off), per round as well.

hyperfine times all runs of one command, then all runs of the next, so when
the shared machine slows down between them the ratio moves with it (the same
code measured 3.2 x, 4.1 x and 5.2 x the floor at 10,000 pages in three runs
of bench/run.sh on 2026-12-06). Here every round runs each command once, in
a rotating order, and the ratio is taken within the round; the report is the
median of the per-round ratios, beside each command's median time.

Each run gets an empty output folder (removed before the run, outside the
timing); one untimed warm-up round comes first. A command that fails stops
the script.
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run_once(cmd, out):
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr.decode(errors='replace')}")
    return elapsed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site", help="a corpus from bench/corpus.py")
    ap.add_argument("floor", help="the floor binary (examples/floor.rs)")
    ap.add_argument("careguide", nargs="+", help="careguide binaries to compare")
    ap.add_argument("--runs", type=int, default=15, help="timed rounds (default 15)")
    ap.add_argument("--as-of", default="2026-11-25", help="careguide's --as-of date")
    args = ap.parse_args()
    if args.runs < 5:
        ap.error("--runs must be at least 5")

    work = Path(tempfile.mkdtemp(prefix="careguide-paired-", dir="/dev/shm" if Path("/dev/shm").is_dir() else None))
    out = work / "out"
    commands = [("floor", [args.floor, args.site, str(out)])]
    names = [Path(b).name for b in args.careguide]
    for binary, name in zip(args.careguide, names):
        # File names read better in the table; paths only when two collide.
        label = name if names.count(name) == 1 and name != "floor" else binary
        commands.append((label, [binary, "build", "--root", args.site, "--out", str(out), "--as-of", args.as_of]))

    times = {name: [] for name, _ in commands}
    try:
        for name, cmd in commands:  # warm-up
            run_once(cmd, out)
        for r in range(args.runs):
            shift = r % len(commands)
            for name, cmd in commands[shift:] + commands[:shift]:
                times[name].append(run_once(cmd, out))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    floor = times["floor"]
    print(f"{args.runs} rounds, each command once per round in rotating order; site {args.site}")
    print()
    print("| command | median (s) | min (s) | max (s) | × floor (median of per-round ratios) | min ratio | max ratio |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, _ in commands:
        t = times[name]
        ratios = [a / b for a, b in zip(t, floor)]
        print(
            f"| {name} | {statistics.median(t):.3f} | {min(t):.3f} | {max(t):.3f} "
            f"| {statistics.median(ratios):.2f} | {min(ratios):.2f} | {max(ratios):.2f} |"
        )
    # Each careguide against the first one given (search on against search
    # off, say), also within each round.
    if len(commands) > 2:
        base_name = commands[1][0]
        base = times[base_name]
        print()
        print(f"| command | × {base_name} (median of per-round ratios) | min ratio | max ratio |")
        print("| --- | ---: | ---: | ---: |")
        for name, _ in commands[2:]:
            ratios = [a / b for a, b in zip(times[name], base)]
            print(f"| {name} | {statistics.median(ratios):.2f} | {min(ratios):.2f} | {max(ratios):.2f} |")


if __name__ == "__main__":
    main()
