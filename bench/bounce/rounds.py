#!/usr/bin/python3
"""Whole-process wall time of each tool over the same files, in rounds taken in turn.

  rounds.py --runs N --files LIST --tool NAME='[VAR=VALUE ...] COMMAND ARGS' ...

Each round runs every tool once, in the order given, with the files of LIST (one path a line)
appended to its arguments and its output thrown away; a tool that fails stops the bench. Prints
one line a tool: NAME FASTEST MEDIAN (seconds).

Timed from the spawn to the exit of the tool's own process, not by the shell: bash needs 70 to
90 ms to start a command with 10,000 arguments (measured with /bin/true, BENCHMARKS.md §3),
time that belongs to neither tool and that would weigh on the faster one only.
"""
import argparse
import os
import shlex
import statistics
import subprocess
import sys
import time


def parse_tool(spec):
    name, _, command = spec.partition("=")
    words = shlex.split(command)
    env = dict(os.environ)
    while words and "=" in words[0] and not words[0].startswith(("/", ".")):
        var, _, value = words.pop(0).partition("=")
        env[var] = value
    if not name or not words:
        sys.exit(f"rounds.py: --tool wants NAME='COMMAND ...', got {spec!r}")
    return name, words, env


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--files", required=True)
    ap.add_argument("--tool", action="append", required=True)
    args = ap.parse_args()
    with open(args.files) as f:
        files = [line.rstrip("\n") for line in f if line.strip()]
    tools = [parse_tool(spec) for spec in args.tool]
    times = {name: [] for name, _, _ in tools}
    for _ in range(args.runs):
        for name, words, env in tools:
            start = time.perf_counter()
            done = subprocess.run(words + files, env=env, stdout=subprocess.DEVNULL)
            elapsed = time.perf_counter() - start
            if done.returncode != 0:
                sys.exit(f"rounds.py: {name} exited with {done.returncode}")
            times[name].append(elapsed)
    for name, _, _ in tools:
        print(name, f"{min(times[name]):.6f}", f"{statistics.median(times[name]):.6f}")


if __name__ == "__main__":
    main()
