"""A message signed with the wrong key must be dropped (never run, never answered) and counted."""
from jupyter_client.session import Session

from common import report, run_cell, start, stop

km, kc, _ = start()
forger = Session(key=b"not-the-kernel-key", username="mallory")
forged = forger.msg("execute_request", content={
    "code": "globalThis.forged = true", "silent": False, "store_history": True,
    "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
forger.send(kc.shell_channel.socket, forged)
# Shell requests run one at a time in arrival order, so once this answers the forged one was seen.
reply, outputs = run_cell(kc, "typeof globalThis.forged")
ran = [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"]
kc.kernel_info()
info = kc.get_shell_msg(timeout=10)
while info["msg_type"] != "kernel_info_reply":
    info = kc.get_shell_msg(timeout=10)
report({"forgedRan": ran, "executionCount": reply["content"]["execution_count"],
        "keel": info["content"].get("keel")})
stop(km, kc)
