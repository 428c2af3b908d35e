"""Shared set-up for the scripts that drive keel's kernel with Debian's jupyter_client.

Each script prints one JSON line of what it observed; the vitest side asserts on it.
JUPYTER_PATH (set by the test) points at the committed kernelspec, so nothing is installed.
"""
import json
import sys
import time
from queue import Empty

from jupyter_client.manager import KernelManager

TIMEOUT = 30


def start(kernel_name="keel"):
    km = KernelManager(kernel_name=kernel_name)
    started = time.monotonic()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=TIMEOUT)
    return km, kc, started


def run_cell(kc, code, timeout=TIMEOUT):
    """Executes code; returns (reply, iopub messages of this request up to idle)."""
    msg_id = kc.execute(code)
    return collect(kc, msg_id, timeout)


def collect(kc, msg_id, timeout=TIMEOUT):
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    return reply, collect_iopub(kc, msg_id, timeout)[1]


def collect_iopub(kc, msg_id, timeout=TIMEOUT):
    """The iopub messages of one request, up to its idle status."""
    outputs = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=1)
        except Empty:
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
        outputs.append(msg)
    return None, outputs


def wait_for_iopub(kc, msg_id, msg_type, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=1)
        except Empty:
            continue
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == msg_type:
            return msg
    raise TimeoutError(f"no {msg_type} for {msg_id}")


def stop(km, kc):
    kc.stop_channels()
    km.shutdown_kernel(now=False)


def report(result):
    sys.stdout.write("RESULT " + json.dumps(result) + "\n")
    sys.stdout.flush()
