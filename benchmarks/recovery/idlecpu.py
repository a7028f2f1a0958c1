import subprocess, sys, time, os
WORK = os.environ.get("HASHPIPE_RECOVERY_WORK", "/tmp/hashpipe-recovery")
os.makedirs(WORK, exist_ok=True)
jar, port = sys.argv[1], sys.argv[2]
TCK = os.sysconf("SC_CLK_TCK")
def cpu(pid):
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / TCK
out = {}
for cmd in ("saver", "hasher"):
    log = open(f"{WORK}/idle-{os.path.basename(jar)}-{cmd}.log", "w")
    p = subprocess.Popen(["java", "-Xmx256m", "-jar", jar, cmd, "--bootstrap-servers", f"127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT)
    time.sleep(15); c0 = cpu(p.pid); time.sleep(30); c1 = cpu(p.pid)
    p.kill(); p.wait(); log.close()
    lines = open(log.name).read().splitlines()
    out[cmd] = (round(100 * (c1 - c0) / 30, 1), len(lines))
print(os.path.basename(jar), "no broker: % of a core over 30 s after 15 s, log lines in 45 s:", out)
