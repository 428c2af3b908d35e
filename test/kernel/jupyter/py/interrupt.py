"""Interrupts a busy loop, a stuck await and a microtask spin (SIGINT, interrupt_mode "signal"), then
checks the kernel still runs cells, kept its state and its node; then a 10 ms and a 1.5 s busy cell, and
which of them drew the loop-held warning on its stderr."""
import time
from queue import Empty

from common import collect_iopub, report, run_cell, start, stop, wait_for_iopub


def interrupt_cell(km, kc, code):
    msg_id = kc.execute(code)
    # execute_input means the cell has started; interrupting before would hit an idle kernel.
    wait_for_iopub(kc, msg_id, "execute_input")
    # A SIGINT in the very instant a busy loop starts can end the whole evaluation inside node's vm
    # watchdog (a race seen with no delay, never with 50 ms); no person interrupts that fast.
    time.sleep(0.1)
    # A SIGINT that lands while the cell is still being compiled (before the loop runs) is consumed
    # by node's signal watcher, not by breakOnSigint; a user would press interrupt again, so do we.
    attempts = 0
    reply = None
    while reply is None and attempts < 20:
        km.interrupt_kernel()
        attempts += 1
        try:
            reply = kc.get_shell_msg(timeout=1)
        except Empty:
            pass
    _, outputs = collect_iopub(kc, msg_id)
    errors = [m["content"] for m in outputs if m["msg_type"] == "error"]
    return {"status": reply["content"]["status"] if reply else None,
            "ename": reply["content"].get("ename") if reply else None,
            "errorMessages": len(errors), "attempts": attempts}


km, kc, _ = start()
run_cell(kc, "const before = 41")
busy = interrupt_cell(km, kc, "while (true) {}")
stuck = interrupt_cell(km, kc, "await new Promise(() => {})")
spin = interrupt_cell(km, kc, "for (;;) await Promise.resolve()")
reply, outputs = run_cell(kc, "before + 1")
after = [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"]
_, outputs = run_cell(kc, "node.state")
node_state = [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"]


def stderr_of(code):
    _, outputs = run_cell(kc, code)
    return "".join(m["content"]["text"] for m in outputs
                   if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")


short_stderr = stderr_of("{ const end = Date.now() + 10; while (Date.now() < end) {} }")
long_stderr = stderr_of("{ const end = Date.now() + 1500; while (Date.now() < end) {} }")
report({"busyLoop": busy, "stuckAwait": stuck, "microtaskSpin": spin, "afterStatus": reply["content"]["status"],
        "after": after, "nodeState": node_state, "shortStderr": short_stderr, "longStderr": long_stderr,
        "alive": km.is_alive()})
stop(km, kc)
