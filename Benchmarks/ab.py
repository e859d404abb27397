#!/usr/bin/env python3
"""Side-by-side timing of two builds of Tearsheet on the same machine in one run.

Each case is a shell command with `{bin}` (the build's binary folder) and `{out}` (a new, empty
output folder for every run). Runs alternate between the builds, pair by pair (A B, B A, A B, ...),
so a machine that speeds up or slows down during the run (a shared virtual machine does) charges
both builds alike. Prints a Markdown table per case: wall and CPU (user + system of the command's
processes, from wait4) as minimum and median, and the size of every `.xlsx` the command wrote.

    python3 Benchmarks/ab.py --a old=/path/old/release --b new=.build/release --runs 5 \\
        --work /tmp/ab --case 'demo xlsx={bin}/tearsheet demo --out {out} --format xlsx'

Output folders are kept under --work (deleting files just before a run charges the deletion to
that run on some file systems); remove --work when done.
"""
import argparse
import os
import shlex
import statistics
import subprocess
import sys
import time


def run_once(command, cwd):
    start = time.perf_counter()
    proc = subprocess.Popen(command, shell=True, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"ab: `{command}` exited with {proc.returncode}:\n{stderr}")
    return wall, usage.ru_utime + usage.ru_stime


def xlsx_sizes(folder):
    sizes = []
    for root, _, files in os.walk(folder):
        sizes += [os.path.getsize(os.path.join(root, f)) for f in files if f.endswith(".xlsx")]
    return sizes


def fmt(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--a", required=True, help="NAME=BIN_DIR of the first build")
    p.add_argument("--b", required=True, help="NAME=BIN_DIR of the second build")
    p.add_argument("--case", action="append", required=True, help="NAME=COMMAND with {bin} and {out}")
    p.add_argument("--runs", type=int, default=5, help="runs of each build per case (default 5)")
    p.add_argument("--work", required=True, help="folder for the output folders (created)")
    p.add_argument("--cwd", default=".", help="folder the commands run in (default: here)")
    args = p.parse_args()

    builds = [tuple(x.split("=", 1)) for x in (args.a, args.b)]
    cases = [tuple(x.split("=", 1)) for x in args.case]
    os.makedirs(args.work, exist_ok=True)
    tag = f"{int(time.time())}-{os.getpid()}"
    results = {(c, b): [] for c, _ in cases for b, _ in builds}
    sizes = {(c, b): set() for c, _ in cases for b, _ in builds}
    for r in range(args.runs):
        for case, template in cases:
            order = builds if r % 2 == 0 else builds[::-1]
            for name, bin_dir in order:
                out = os.path.join(os.path.abspath(args.work), f"{tag}-{len(results[(case, name)])}-{name}-{case}".replace(" ", "_"))
                command = template.format(bin=shlex.quote(os.path.abspath(bin_dir)), out=shlex.quote(out))
                wall, cpu = run_once(command, args.cwd)
                results[(case, name)].append((wall, cpu))
                sizes[(case, name)].update(xlsx_sizes(out))
                print(f"run {r + 1}/{args.runs} {case} {name}: wall {fmt(wall)}, CPU {fmt(cpu)}", file=sys.stderr, flush=True)

    print("| case | build | runs | wall min | wall median | CPU min | CPU median | .xlsx bytes |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for case, _ in cases:
        for name, _ in builds:
            walls = [w for w, _ in results[(case, name)]]
            cpus = [c for _, c in results[(case, name)]]
            s = sorted(sizes[(case, name)])
            size = "" if not s else (f"{s[0]:,}" if len(s) == 1 else f"{len(s)} sizes, {s[0]:,} to {s[-1]:,}")
            print(f"| {case} | {name} | {len(walls)} | {fmt(min(walls))} | {fmt(statistics.median(walls))} | "
                  f"{fmt(min(cpus))} | {fmt(statistics.median(cpus))} | {size} |")


if __name__ == "__main__":
    main()
