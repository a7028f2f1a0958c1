#!/usr/bin/python3
"""C bcrypt (python3-bcrypt) and the JMH BcryptBenchmark timed in alternation, in one window.

For each round and each cost: C first (bcrypt.hashpw in a loop for --c-seconds), then the JMH benchmarks
at that cost, so that a shared machine's changing load hits both alike. Prints a Markdown table: each
implementation's ms per hash (JMH's score; for C the wall time per hash), hashes/s on one core, and its
ratio to C's hashes/s measured just before it, per round and the mean over the rounds.

Run by hand from the repository root (not part of the build; needs Debian's python3-bcrypt, a C library):
    apt-get install -y python3-bcrypt
    mvn -q -B -pl benchmarks -am package -DskipTests
    /usr/bin/python3 benchmarks/bcrypt_vs_c.py --rounds 2 --costs 8,10,12
"""
import argparse
import json
import os
import subprocess
import tempfile
import time

import bcrypt

PASSWORD = b"abcdefghij"


def time_c(cost, seconds):
    """(wall ms per hash, CPU ms per hash) of C bcrypt at `cost`, hashing for about `seconds`."""
    salt = bcrypt.gensalt(cost)
    bcrypt.hashpw(PASSWORD, salt)  # warm-up: the library loaded, the salt parsed once
    hashes, wall0, cpu0 = 0, time.perf_counter(), time.process_time()
    while hashes < 3 or time.perf_counter() - wall0 < seconds:
        bcrypt.hashpw(PASSWORD, salt)
        hashes += 1
    return (time.perf_counter() - wall0) * 1e3 / hashes, (time.process_time() - cpu0) * 1e3 / hashes


def time_jmh(jar, regex, cost, extra):
    """{benchmark name: ms per hash} from one JMH run of `regex` at `cost`."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "jmh.json")
        subprocess.run(["java", "-jar", jar, regex, "-p", f"cost={cost}", "-rf", "json", "-rff", out] + extra,
                       check=True, stdout=subprocess.DEVNULL)
        with open(out) as f:
            runs = json.load(f)
    return {run["benchmark"].rsplit(".", 1)[1]: run["primaryMetric"]["score"] for run in runs}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--costs", default="8,10,12")
    parser.add_argument("--c-seconds", type=float, default=9.0, help="C's timing per cost and round (JMH measures 3 x 3 s)")
    parser.add_argument("--jar", default="benchmarks/target/benchmarks.jar")
    parser.add_argument("--benchmarks", default="BcryptBenchmark", help="JMH's benchmark regex")
    parser.add_argument("--jmh-args", default="", help="more JMH options, e.g. '-wi 1 -i 3'")
    args = parser.parse_args()
    costs = [int(c) for c in args.costs.split(",")]
    rows = {}  # (impl, cost) -> [(ms, ratio to C)]
    for rnd in range(1, args.rounds + 1):
        for cost in costs:
            c_ms, c_cpu = time_c(cost, args.c_seconds)
            print(f"round {rnd} cost {cost}: C {c_ms:.2f} ms/hash wall ({c_cpu:.2f} CPU)", flush=True)
            rows.setdefault(("C (python3-bcrypt)", cost), []).append((c_ms, 1.0))
            for name, ms in time_jmh(args.jar, args.benchmarks, cost, args.jmh_args.split()).items():
                rows.setdefault((name, cost), []).append((ms, c_ms / ms))
                print(f"round {rnd} cost {cost}: {name} {ms:.2f} ms/hash, {c_ms / ms:.3f} x C", flush=True)
    print()
    print("| implementation | cost | ms/hash | hashes/s per core | x C (each round) | x C (mean) |")
    print("|---|---|---|---|---|---|")
    for (name, cost), runs in sorted(rows.items(), key=lambda r: (r[0][1], r[0][0] != "C (python3-bcrypt)", r[0][0])):
        ms = sum(m for m, _ in runs) / len(runs)
        ratios = [r for _, r in runs]
        print(f"| {name} | {cost} | {ms:.2f} | {1000 / ms:.1f} | {', '.join(f'{r:.2f}' for r in ratios)} "
              f"| {sum(ratios) / len(ratios):.2f} |")


if __name__ == "__main__":
    main()
