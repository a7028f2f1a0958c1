#!/usr/bin/python3
"""The saver from a cold start, counted in the database: what a user's first `replay saver` meets.

Each run starts a fresh broker and a fresh dbapi (a new H2 file, --max-concurrency CAPACITY, --latency-ms 100),
then runs `replay saver --generate-results N` in a fresh JVM, polls the dbapi's GET /count every 0.25 s and
times the rows from 2% to 98% of N. It prints per run: rows/s from outside and their ratio to the bound
(CAPACITY / latency), the saver's own timer, the dbapi's duplicate writes (rows answered stored:false), the
rows it holds against N, the dead letters (read from the topic with kcat), the rows stored in each of the first
seconds (outside) and the replay's own line of limit per second. It builds nothing: give it jars.

  coldstart.py [options] JAR [JAR ...]
  coldstart.py --in-flight adaptive,500 --rounds 2 /tmp/before.jar target/hashpipe.jar

Every combination of jar, --in-flight, --replay-jvm-opts and --warm-dbapi is one variant, one run each;
--rounds repeats them interleaved, so that the figures to compare come from the same minutes. --warm-dbapi
yes first replays N other results through the same dbapi and broker (a warm API, as a user's would be), then
measures a fresh replay JVM; both runs each variant either way. Every JVM gets what ./hashpipe gives it
(-XX:CompileThresholdScaling=3) unless --jvm-opts says otherwise. Ports: the broker on --port-base, the dbapi
on --api-port and its management endpoint one above. Work dirs: /tmp/coldstart-*, deleted unless --keep.

  coldstart.py --warm-dbapi both --replay-jvm-opts=-XX:CompileThresholdScaling=3 --replay-jvm-opts=-Xshare:auto JAR
"""
import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

LATENCY_MS = 100
TOKEN = "coldstart"
# What ./hashpipe gives every JVM (see the script): the same JIT thresholds a user's command runs with.
HASHPIPE_JVM_FLAGS = "-XX:CompileThresholdScaling=3"
REPLAY_DLQ = "hashpipe.hashes.replay.dlq"
# The saver target's ceiling on 2 cores (docs/architecture.md, BENCHMARKS.md): above it the ratio is to this.
CAP = 5_000


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("jars", nargs="+", help="launcher jars (launcher/target/hashpipe.jar), each a variant")
    p.add_argument("--capacity", type=int, default=500, help="the dbapi's --max-concurrency (default 500)")
    p.add_argument("--results", type=int, default=50_000, help="results the replay generates (default 50,000)")
    p.add_argument("--in-flight", default="adaptive", help="comma list of --max-in-flight values (default adaptive)")
    p.add_argument("--rounds", type=int, default=1, help="repeat every variant this often, interleaved")
    p.add_argument("--warm-dbapi", choices=["no", "yes", "both"], default="no",
                   help="replay N other results through the dbapi first: no (default), yes, or both as two variants")
    p.add_argument("--jvm-opts", default=HASHPIPE_JVM_FLAGS, help=f"JVM options of every JVM (default '{HASHPIPE_JVM_FLAGS}', as ./hashpipe)")
    p.add_argument("--replay-jvm-opts", action="append", default=None,
                   help="JVM options of the measured replay (default: --jvm-opts); repeat it for variants")
    p.add_argument("--replay-args", default="", help="extra arguments for the measured replay")
    p.add_argument("--port-base", type=int, default=19500, help="the broker's port (default 19500)")
    p.add_argument("--api-port", type=int, default=18500, help="the dbapi's port, its management port one above (default 18500)")
    p.add_argument("--keep", action="store_true", help="keep the work dirs and logs")
    return p.parse_args()


class Run:
    """One cold start: a broker, a dbapi and the replay, each a process of its own, under one temp dir."""

    def __init__(self, args, variant):
        self.args, self.variant = args, variant
        self.jar, self.in_flight = variant.jar, variant.in_flight
        self.work = tempfile.mkdtemp(prefix="coldstart-", dir="/tmp")
        self.procs = []
        self.bootstrap = f"127.0.0.1:{args.port_base}"
        self.api = f"http://127.0.0.1:{args.api_port}"

    def java(self, name, jvm_opts, *command):
        log = open(os.path.join(self.work, name + ".log"), "w")
        proc = subprocess.Popen(["java", *jvm_opts.split(), "-jar", self.jar, *command], stdout=log, stderr=subprocess.STDOUT)
        self.procs.append(proc)
        return proc

    def start_services(self):
        self.java("broker", self.args.jvm_opts, "broker", "--host", "127.0.0.1", "--port", str(self.args.port_base),
                  "--data-dir", os.path.join(self.work, "kafka"))
        self.java("dbapi", self.args.jvm_opts, "dbapi", "--port", str(self.args.api_port), "--bind-address", "127.0.0.1",
                  "--max-concurrency", str(self.args.capacity), "--latency-ms", str(LATENCY_MS), "--admin-token", TOKEN,
                  "--management-port", str(self.args.api_port + 1),
                  "--jdbc-url", f"jdbc:h2:file:{self.work}/db;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE")
        await_port(self.args.port_base, "the broker", self.procs[0])
        await_http(self.api + "/health", "the dbapi", self.procs[1])

    def replay(self, name, topic, jvm_opts, extra):
        return self.java(name, jvm_opts, "replay", "saver", "--bootstrap-servers", self.bootstrap, "--results-topic", topic,
                         "--db-url", self.api, "--db-admin-token", TOKEN, "--generate-results", str(self.args.results),
                         "--max-in-flight", self.in_flight, *extra)

    def measure(self):
        self.start_services()
        if self.variant.warm:
            warm = self.replay("warm-up", "coldstart-warm", self.args.jvm_opts, [])
            if warm.wait() != 0:
                raise SystemExit(f"the warm-up replay failed: {self.work}/warm-up.log")
        base = count(self.api)
        started = time.time()
        replay = self.replay("replay", "coldstart", self.variant.replay_opts, self.args.replay_args.split())
        samples = poll_rows(self.api, base, self.args.results, replay)
        if replay.wait() != 0:
            raise SystemExit(f"the replay failed: {self.work}/replay.log")
        return self.report(samples, started)

    def report(self, samples, started):
        n = self.args.results
        t2, t98 = crossing(samples, 0.02 * n), crossing(samples, 0.98 * n)
        rate = 0.96 * n / (t98 - t2) if t2 is not None and t98 is not None and t98 > t2 else 0.0
        bound = self.args.capacity * 1000 / LATENCY_MS
        log = open(os.path.join(self.work, "replay.log")).read()
        metrics = fetch(f"http://127.0.0.1:{self.args.api_port + 1}/metrics")
        first = next((t for t, r in samples if r > 0), started)
        return {
            "variant": self.variant, "rate": rate, "ratio": rate / min(bound, CAP), "bound": bound, "t2_t98": (t98 - t2) if rate else 0.0,
            "first_row_s": first - started,
            "saver_timer": grep(log, r"throughput\s+([\d,]+) /s"), "saver_vs_bound": grep(log, r"vs bound\s+([\d.]+)"),
            "rows": samples[-1][1] if samples else 0,
            "duplicates": int(prometheus(metrics, "hashpipe_dbapi_rows_duplicate_total")),
            "dead_letters": dead_letters(self.bootstrap),
            "outside_seconds": per_second(samples),
            "limit_seconds": grep(log, r"each second\s+records/limit/in flight/overloads \(429\+503\): (.*)"),
            "load": os.getloadavg()[0],
        }

    def close(self):
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
        for proc in reversed(self.procs):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if not self.args.keep:
            shutil.rmtree(self.work, ignore_errors=True)


def await_port(port, what, proc, timeout=90):
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None:
            raise SystemExit(f"{what} exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{what} did not open port {port} in {timeout} s")


def await_http(url, what, proc, timeout=90):
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None:
            raise SystemExit(f"{what} exited with {proc.returncode}")
        if fetch(url) is not None:
            return
        time.sleep(0.2)
    raise SystemExit(f"{what} did not answer {url} in {timeout} s")


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            return answer.read().decode()
    except OSError:
        return None


def count(api):
    body = fetch(api + "/count")
    match = re.search(r"\d+", body or "")
    return int(match.group()) if match else -1


def poll_rows(api, base, n, replay):
    """(time, rows stored by this replay) every 0.25 s until all n are there or the replay has exited."""
    samples = []
    while True:
        rows = count(api)
        if rows >= 0:
            samples.append((time.time(), rows - base))
            if rows - base >= n:
                return samples
        if replay.poll() is not None:
            rows = count(api)
            samples.append((time.time(), rows - base))
            return samples
        time.sleep(0.25)


def crossing(samples, level):
    """When the row count passed level, interpolated between the two polls either side."""
    for (t0, r0), (t1, r1) in zip(samples, samples[1:]):
        if r0 < level <= r1:
            return t0 + (t1 - t0) * (level - r0) / (r1 - r0)
    return None


def per_second(samples):
    """Rows stored in each second from the first row seen (interpolated at whole seconds)."""
    start = next((t for t, r in samples if r > 0), None)
    if start is None:
        return []
    out, prev, s = [], 0.0, 1
    while True:
        at = rows_at(samples, start + s)
        if at is None:
            return out
        out.append(round(at - prev))
        prev, s = at, s + 1


def rows_at(samples, when):
    for (t0, r0), (t1, r1) in zip(samples, samples[1:]):
        if t0 <= when <= t1:
            return r0 + (r1 - r0) * (when - t0) / (t1 - t0) if t1 > t0 else r1
    return None


def prometheus(body, name):
    return sum(float(m.group(1)) for m in re.finditer(r"(?m)^" + re.escape(name) + r"(?:\{[^}]*\})? ([0-9.eE+-]+)$", body or ""))


def dead_letters(bootstrap):
    if shutil.which("kcat") is None:
        return "? (no kcat)"
    out = subprocess.run(["kcat", "-b", bootstrap, "-C", "-t", REPLAY_DLQ, "-o", "beginning", "-e", "-q", "-f", "x\n"],
                         capture_output=True, text=True, timeout=60)
    return out.stdout.count("x")


def grep(text, pattern):
    match = re.search(pattern, text)
    return match.group(1).strip() if match else "?"


class Variant:
    """What one run measures: a jar, a --max-in-flight, the replay's JVM options, a cold or a warm dbapi."""

    def __init__(self, jar, in_flight, replay_opts, warm):
        self.jar, self.in_flight, self.replay_opts, self.warm = jar, in_flight, replay_opts, warm

    def __str__(self):
        return f"{self.jar} --max-in-flight {self.in_flight}, replay JVM '{self.replay_opts}', {'warm' if self.warm else 'cold'} dbapi"


def main():
    args = parse_args()
    for jar in args.jars:
        if not os.path.isfile(jar):
            raise SystemExit(f"no jar at {jar}: build it first (mvn -DskipTests package), this script builds nothing")
    warm = {"no": [False], "yes": [True], "both": [False, True]}[args.warm_dbapi]
    variants = [Variant(jar, f, opts, w) for jar in args.jars for f in args.in_flight.split(",")
                for opts in (args.replay_jvm_opts or [args.jvm_opts]) for w in warm]
    results = []
    for rnd in range(args.rounds):
        for variant in variants:
            run = Run(args, variant)
            try:
                r = run.measure()
            finally:
                run.close()
            results.append(r)
            print(f"[round {rnd + 1}] {variant}: {r['rate']:,.0f} rows/s 2%->98% in {r['t2_t98']:.2f} s,"
                  f" {r['ratio']:.2f} of the bound; saver's timer {r['saver_timer']} /s ({r['saver_vs_bound']});"
                  f" first row {r['first_row_s']:.1f} s after the replay's JVM started (it generates the results first); rows {r['rows']:,} of {args.results:,},"
                  f" duplicates {r['duplicates']}, dead letters {r['dead_letters']}; load {r['load']:.1f}", flush=True)
            print(f"    rows each second (outside): {' '.join(str(x) for x in r['outside_seconds'])}", flush=True)
            print(f"    the replay's seconds (records/limit/in flight/overloads): {r['limit_seconds']}", flush=True)
    bound = args.capacity * 1000 / LATENCY_MS
    print(f"\nsummary: capacity {args.capacity} x {LATENCY_MS} ms (bound {bound:,.0f}/s{'; ratio to the 5,000/s cap' if bound > CAP else ''}),"
          f" {args.results:,} results")
    for variant in variants:
        mine = [r for r in results if r["variant"] is variant]
        ratios = " ".join(f"{r['ratio']:.2f}" for r in mine)
        rates = " ".join(f"{r['rate']:,.0f}" for r in mine)
        print(f"  {variant}: ratio {ratios}  rows/s {rates}")


if __name__ == "__main__":
    sys.exit(main())
