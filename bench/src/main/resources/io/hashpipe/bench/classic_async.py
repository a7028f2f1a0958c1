"""The classic experiment's "full async" client (High Performance Python, ch. 8), as a Python user runs it.

One thread hashes with the C bcrypt (the `bcrypt` package) and hands each hash to aiohttp, which POSTs it
to the database API with at most --concurrency requests in flight (aiohttp's connection limit, 100 by
default, as in the book); `await asyncio.sleep(0)` after each hash lets the event loop send and read.
hashpipe's bench runs it with the tasks it gives every strategy and checks the stored rows itself.

Reads the tasks as JSON lines ({"id", "password", "difficulty"}) from --tasks. Each POST /add carries the
bare hash as its body (what the book's client sends) and the task id as the Idempotency-Key, so that the
bench can check each row against its task. A 503 or 429 (the database's limits) is sent again after 20 ms.
Writes "progress HASHED STORED" lines while it runs and one "done {json}" line at the end, to stdout.
"""
import argparse
import asyncio
import json
import sys
import time
import urllib.parse

import aiohttp
import bcrypt

RETRY_DELAY_S = 0.02


async def save(session, url, task_id, hash_text, counts):
    headers = {"Idempotency-Key": urllib.parse.quote(task_id, safe=""), "Content-Type": "text/plain"}
    while True:
        async with session.post(url, data=hash_text, headers=headers) as response:
            await response.read()
            if 200 <= response.status < 300:
                counts["stored"] += 1
                return
            if response.status in (429, 503):
                counts["retries"] += 1
                await asyncio.sleep(RETRY_DELAY_S)
                continue
            raise RuntimeError(f"POST {url} answered {response.status}: {await response.text()}")


async def report(counts, done):
    while not done.is_set():
        print(f"progress {counts['hashed']} {counts['stored']}", flush=True)
        try:
            await asyncio.wait_for(done.wait(), 0.5)
        except asyncio.TimeoutError:
            pass


async def run(url, tasks, concurrency):
    counts = {"hashed": 0, "stored": 0, "retries": 0}
    done = asyncio.Event()
    reporter = asyncio.create_task(report(counts, done))
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        start = time.perf_counter()
        saves = []
        for task in tasks:
            salt = bcrypt.gensalt(task["difficulty"])
            hash_text = bcrypt.hashpw(task["password"].encode("utf8"), salt).decode("utf8")
            counts["hashed"] += 1
            saves.append(asyncio.create_task(save(session, url, task["id"], hash_text, counts)))
            await asyncio.sleep(0)
        await asyncio.gather(*saves)
        seconds = time.perf_counter() - start
    done.set()
    await reporter
    return {"seconds": seconds, "hashed": counts["hashed"], "stored": counts["stored"], "retries": counts["retries"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True, help="the write endpoint, e.g. http://127.0.0.1:8080/add")
    parser.add_argument("--tasks", required=True, help="a file of JSON lines: id, password, difficulty")
    parser.add_argument("--concurrency", type=int, default=100)
    args = parser.parse_args()
    with open(args.tasks, encoding="utf8") as f:
        tasks = [json.loads(line) for line in f if line.strip()]
    outcome = asyncio.run(run(args.url, tasks, args.concurrency))
    print("done " + json.dumps(outcome), flush=True)


if __name__ == "__main__":
    sys.exit(main())
