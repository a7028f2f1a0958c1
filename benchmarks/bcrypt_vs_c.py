#!/usr/bin/python3
"""C bcrypt (python3-bcrypt) and hashpipe's and Spring's bcrypt timed in alternation, in one window.

For each round and each cost: C first (bcrypt.hashpw in a loop for --c-seconds, in wall and in CPU time),
then the Java bcrypts at that cost: BcryptPairs (thread CPU time, Spring and hashpipe's alternating) and,
with --jmh, the JMH BcryptBenchmark (wall time), so that a shared machine's changing load hits C and Java
alike. Prints a Markdown table: each implementation's ms per hash, hashes/s on one core, and its ratio to
C's hashes/s measured just before it (CPU time against CPU time, JMH's wall time against C's wall time),
per round and the mean over the rounds. On a busy machine only the CPU-time rows mean much.

Run by hand from the repository root (not part of the build; needs Debian's python3-bcrypt, a C library):
    apt-get install -y python3-bcrypt
    mvn -q -B -pl benchmarks -am package -DskipTests
    /usr/bin/python3 benchmarks/bcrypt_vs_c.py --rounds 3 --costs 8,10,12 --jmh
"""
import argparse
import json
import os
import subprocess
import tempfile
import time

import bcrypt

PASSWORD = b"abcdefghij"
C = "C (python3-bcrypt)"


def time_c(cost, seconds):
    """(wall ms per hash, CPU ms per hash) of C bcrypt at `cost`, hashing for about `seconds`."""
    salt = bcrypt.gensalt(cost)
    bcrypt.hashpw(PASSWORD, salt)  # warm-up: the library loaded, the salt parsed once
    hashes, wall0, cpu0 = 0, time.perf_counter(), time.process_time()
    while hashes < 3 or time.perf_counter() - wall0 < seconds:
        bcrypt.hashpw(PASSWORD, salt)
        hashes += 1
    return (time.perf_counter() - wall0) * 1e3 / hashes, (time.process_time() - cpu0) * 1e3 / hashes


def time_pairs(jar, cost, rounds):
    """{bcrypt: CPU ms per hash} from BcryptPairs at `cost` (its rows: cost, bcrypt, rounds, ms, ratio)."""
    out = subprocess.run(["java", "-cp", jar, "io.hashpipe.benchmarks.BcryptPairs", str(rounds), str(cost)],
                         check=True, capture_output=True, text=True).stdout
    rows = [line.split() for line in out.splitlines() if line[:1].isdigit()]
    return {row[1]: float(row[3]) for row in rows}


def time_jmh(jar, regex, cost, extra):
    """{benchmark: wall ms per hash} from one JMH run of `regex` at `cost`."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "jmh.json")
        subprocess.run(["java", "-jar", jar, regex, "-p", f"cost={cost}", "-rf", "json", "-rff", out] + extra,
                       check=True, stdout=subprocess.DEVNULL)
        with open(out) as f:
            runs = json.load(f)
    return {run["benchmark"].rsplit(".", 1)[1]: run["primaryMetric"]["score"] for run in runs}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--costs", default="8,10,12")
    parser.add_argument("--c-seconds", type=float, default=9.0, help="C's timing per cost and round (JMH measures 3 x 3 s)")
    parser.add_argument("--pairs-rounds", type=int, default=0, help="BcryptPairs rounds per cost (default: about 10 s of hashing)")
    parser.add_argument("--jmh", action="store_true", help="also run the JMH BcryptBenchmark (wall time) after BcryptPairs")
    parser.add_argument("--jar", default="benchmarks/target/benchmarks.jar")
    parser.add_argument("--benchmarks", default="BcryptBenchmark", help="JMH's benchmark regex")
    parser.add_argument("--jmh-args", default="", help="more JMH options, e.g. '-wi 1 -i 3'")
    args = parser.parse_args()
    rows = {}  # (bcrypt, timer, cost) -> [(ms, ratio to C)]
    for rnd in range(1, args.rounds + 1):
        for cost in [int(c) for c in args.costs.split(",")]:
            c_wall, c_cpu = time_c(cost, args.c_seconds)
            print(f"round {rnd} cost {cost}: C {c_cpu:.2f} ms/hash CPU, {c_wall:.2f} wall", flush=True)
            rows.setdefault((C, "CPU", cost), []).append((c_cpu, 1.0))
            if args.jmh:
                rows.setdefault((C, "wall", cost), []).append((c_wall, 1.0))
            pairs = args.pairs_rounds or max(3, int(10_000 / (c_cpu * 7)))  # 7 hashes a round: spring, 1 + 2 + 3 together
            timed = [("CPU", name, ms, c_cpu / ms) for name, ms in time_pairs(args.jar, cost, pairs).items()]
            if args.jmh:
                timed += [("wall", name, ms, c_wall / ms) for name, ms in time_jmh(args.jar, args.benchmarks, cost, args.jmh_args.split()).items()]
            for timer, name, ms, ratio in timed:
                rows.setdefault((name, timer, cost), []).append((ms, ratio))
                print(f"round {rnd} cost {cost}: {name} {ms:.2f} ms/hash {timer}, {ratio:.3f} x C", flush=True)
    print()
    print("| cost | bcrypt | timer | ms/hash | hashes/s per core | x C, each round | x C, mean |")
    print("|---|---|---|---|---|---|---|")
    for (name, timer, cost), runs in sorted(rows.items(), key=lambda r: (r[0][2], r[0][1], r[0][0] != C, r[0][0])):
        ms = sum(m for m, _ in runs) / len(runs)
        ratios = [r for _, r in runs]
        print(f"| {cost} | {name} | {timer} | {ms:.2f} | {1000 / ms:.1f} | {', '.join(f'{r:.2f}' for r in ratios)} "
              f"| {sum(ratios) / len(ratios):.2f} |")


if __name__ == "__main__":
    main()
