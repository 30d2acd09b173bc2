"""Run by `make bench-readers` under the bench's own virtualenv (output/bench-venv, where viparse is installed):
reads each file given on stdin (one path a line) with viparse.load(path, output="text", encoding="auto"), as
viparse-corpus's own runner does, and prints one JSON line per file: path, text or error, seconds."""

import json
import sys
import time

import viparse

print(json.dumps({"version": viparse.__version__}), flush=True)
for line in sys.stdin:
    path = line.rstrip("\n")
    start = time.perf_counter()
    try:
        text, error = "\n".join(d.text for d in viparse.load(path, output="text", encoding="auto")), None
    except Exception as e:  # noqa: BLE001 - any failure of the tool is a counted failure of the benchmark
        text, error = None, f"{type(e).__name__}: {e}"
    print(json.dumps({"path": path, "text": text, "error": error, "seconds": time.perf_counter() - start},
                     ensure_ascii=False), flush=True)
