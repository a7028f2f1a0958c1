#!/usr/bin/env python3
"""Recovery figures per group protocol: restart resume, rolling-restart moves, idle CPU with the broker down.
Usage: measure.py JAR PROTOCOL BASEPORT"""
import os, re, subprocess, sys, time, urllib.request, shutil, signal
WORK = os.environ.get("HASHPIPE_RECOVERY_WORK", "/tmp/hashpipe-recovery")
os.makedirs(WORK, exist_ok=True)

jar, protocol, base = sys.argv[1], sys.argv[2], int(sys.argv[3])
work = f"{WORK}/m-{protocol}"
shutil.rmtree(work, ignore_errors=True); os.makedirs(work)
bootstrap = f"127.0.0.1:{base}"
kcfg = f"{work}/kafka.properties"
open(kcfg, "w").write("" if protocol.startswith("default") else f"group.protocol={protocol}\n")
procs = {}
TCK = os.sysconf("SC_CLK_TCK")

def start(name, *args):
    log = open(f"{work}/{name}.log", "a")
    p = subprocess.Popen(["java", "-Xmx256m", "-jar", jar, *args], stdout=log, stderr=subprocess.STDOUT)
    procs[name] = p
    return p

def metric(port, name):
    try:
        body = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2).read().decode()
    except Exception:
        return -1
    return sum(float(m.group(2)) for m in re.finditer(r"(?m)^" + re.escape(name) + r"(\{[^}]*\})? ([0-9.eE+-]+)$", body))

def cpu(pid):
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / TCK

def hasher(i):
    return start(f"hasher-{i}", "hasher", "--bootstrap-servers", bootstrap, "--group", f"m-{protocol}", "--instance", str(i),
                 "--threads", "1", "--kafka-config", kcfg, "--management-port", str(base + 10 + i), "--tasks-topic", f"m-{protocol}.tasks",
                 "--results-topic", f"m-{protocol}.hashes")

def wait_metric(port, name, since, limit=90):
    while metric(port, name) <= 0:
        if time.time() - since > limit:
            return float("inf")
        time.sleep(0.1)
    return time.time() - since

def moved(log, since_line):
    lines = open(log).read().splitlines()[since_line:]
    return sum(l.count("-tasks-") + len(re.findall(r"m-\w+\.tasks-\d+", l)) for l in lines if "Revoked" in l or "Lost" in l)

def nlines(name):
    return len(open(f"{work}/{name}.log").read().splitlines())

try:
    start("broker", "broker", "--port", str(base), "--data-dir", f"{work}/kafka")
    time.sleep(8)
    start("dbapi", "dbapi", "--port", str(base + 30), "--latency-ms", "5", "--jdbc-url", f"jdbc:h2:file:{work}/db;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE")
    start("producer", "producer", "--bootstrap-servers", bootstrap, "--tasks-topic", f"m-{protocol}.tasks", "--tasks", "3000",
          "--difficulty", "4", "--rate", "20")
    hasher(0); hasher(1)
    t = time.time(); print(protocol, "first hashes s", round(wait_metric(base + 10, "hashpipe_hasher_hashes_total", t), 1)); time.sleep(10)
    # a) SIGKILL + immediate restart
    procs["hasher-1"].kill(); procs["hasher-1"].wait()
    t = time.time(); hasher(1)
    print(protocol, "SIGKILL+restart resume s", round(wait_metric(base + 11, "hashpipe_hasher_hashes_total", t), 1))
    time.sleep(10)
    # b) rolling restart: SIGTERM each, restart, wait for it to hash again; partitions the other one had revoked
    for i in (0, 1):
        other = f"hasher-{1 - i}"; mark = nlines(other)
        procs[f"hasher-{i}"].send_signal(signal.SIGTERM); t = time.time(); procs[f"hasher-{i}"].wait()
        stop = time.time() - t
        t = time.time(); hasher(i)
        r = wait_metric(base + 10 + i, "hashpipe_hasher_hashes_total", t)
        time.sleep(5)
        print(protocol, f"rolling hasher-{i}: exit s", round(stop, 1), "resume s", round(r, 1), "partitions revoked from the other",
              moved(f"{work}/{other}.log", mark))
    # c) idle CPU with the broker down: a saver too
    start("saver", "saver", "--bootstrap-servers", bootstrap, "--results-topic", f"m-{protocol}.hashes", "--group", f"ms-{protocol}",
          "--db-url", f"http://127.0.0.1:{base + 30}", "--kafka-config", kcfg, "--management-port", str(base + 20))
    time.sleep(15)
    procs["broker"].kill(); procs["broker"].wait(); time.sleep(5)
    c0 = {n: cpu(procs[n].pid) for n in ("hasher-0", "saver")}
    time.sleep(20)
    c1 = {n: cpu(procs[n].pid) for n in ("hasher-0", "saver")}
    print(protocol, "CPU with the broker down (% of a core over 20 s):", {n: round(100 * (c1[n] - c0[n]) / 20, 1) for n in c0})
    for n in ("hasher-0", "saver"):
        log = open(f"{work}/{n}.log").read().splitlines()
        print(protocol, n, "log lines while broker down:", sum(1 for l in log[-400:] if "WARN" in l or "ERROR" in l))
finally:
    for p in procs.values():
        if p.poll() is None:
            p.kill()
