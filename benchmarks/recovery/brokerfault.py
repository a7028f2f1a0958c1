#!/usr/bin/env python3
"""Broker SIGKILL + restart 5 s later under a paced load; longest pause in dbapi's row count (sampled every 200 ms)."""
import os, subprocess, sys, time, urllib.request, shutil, json
WORK = os.environ.get("HASHPIPE_RECOVERY_WORK", "/tmp/hashpipe-recovery")
os.makedirs(WORK, exist_ok=True)
jar, name, base = sys.argv[1], sys.argv[2], int(sys.argv[3])
work = f"{WORK}/b-{name}"; shutil.rmtree(work, ignore_errors=True); os.makedirs(work)
bs = f"127.0.0.1:{base}"; procs = {}
def start(n, *a):
    procs[n] = subprocess.Popen(["java", "-Xmx512m" if n == "broker" else "-Xmx256m", "-jar", jar, *a], stdout=open(f"{work}/{n}.log", "a"), stderr=subprocess.STDOUT)
def count():
    try: return json.loads(urllib.request.urlopen(f"http://127.0.0.1:{base+30}/count", timeout=1).read())["count"]
    except Exception: return None
try:
    start("broker", "broker", "--port", str(base), "--data-dir", f"{work}/kafka"); time.sleep(8)
    start("dbapi", "dbapi", "--port", str(base + 30), "--latency-ms", "20", "--jdbc-url", f"jdbc:h2:file:{work}/db;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE")
    for i in (0, 1):
        start(f"hasher-{i}", "hasher", "--bootstrap-servers", bs, "--instance", str(i), "--threads", "1")
    start("saver", "saver", "--bootstrap-servers", bs, "--db-url", f"http://127.0.0.1:{base+30}")
    time.sleep(10)
    start("producer", "producer", "--bootstrap-servers", bs, "--tasks", "2500", "--difficulty", "4", "--rate", "25")
    samples = []; t0 = time.time(); killed = None
    while time.time() - t0 < 150:
        c = count(); now = time.time()
        if c is not None: samples.append((now, c))
        if killed is None and now - t0 > 25:
            procs["broker"].kill(); procs["broker"].wait(); killed = now; time.sleep(5)
            start("broker", "broker", "--port", str(base), "--data-dir", f"{work}/kafka")
        if c is not None and c >= 2500: break
        time.sleep(0.2)
    longest, at, last_change = 0, None, samples[0]
    for (t, c), (pt, pc) in zip(samples[1:], samples):
        if c != last_change[1]:
            if t - last_change[0] > longest: longest, at = t - last_change[0], last_change[0] - t0
            last_change = (t, c)
    print(name, f"broker killed at {killed - t0:.1f} s; longest pause in stored rows {longest:.1f} s starting at {at:.1f} s; final count {samples[-1][1]}")
finally:
    for p in procs.values():
        if p.poll() is None: p.kill()
