"""Runs one cell and reports what came back plus the launch-to-first-result time."""
import time
from common import report, run_cell, start, stop

km, kc, started = start()
reply, outputs = run_cell(kc, "1 + 1")
first_result = time.monotonic() - started
report({
    "status": reply["content"]["status"],
    "outputs": [[m["msg_type"], m["content"]] for m in outputs],
    "launchToFirstResultSeconds": round(first_result, 3),
})
stop(km, kc)
