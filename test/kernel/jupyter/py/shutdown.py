"""Shutdown with a live setInterval: the kernel must answer and exit by itself, well before
jupyter_client's 5 s wait would end in SIGKILL."""
import time

from common import report, run_cell, start

km, kc, _ = start()
run_cell(kc, "setInterval(() => {}, 50); 'ticking'")
shutdown_id = kc.shutdown()
reply = kc.get_control_msg(timeout=10)
asked = time.monotonic()
while km.is_alive() and time.monotonic() - asked < 10:
    time.sleep(0.02)
exited_after = time.monotonic() - asked
process = km.provisioner.process
report({
    "replyType": reply["msg_type"],
    "replyParent": reply["parent_header"].get("msg_id") == shutdown_id,
    "replyStatus": reply["content"]["status"],
    "alive": km.is_alive(),
    "returncode": process.returncode if process is not None else None,
    "exitedAfterSeconds": round(exited_after, 3),
    "jupyterKillWaitSeconds": km.shutdown_wait_time,
})
kc.stop_channels()
km.cleanup_resources()
