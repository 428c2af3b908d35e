"""A correctly signed execute_request captured off the wire and sent again byte for byte (a replay) must
not run twice: the kernel keeps a history of recent signatures and drops a duplicate, counting it."""
from common import report, run_cell, start, stop

km, kc, _ = start()
session = kc.session
msg = session.msg("execute_request", content={
    "code": "globalThis.replayRuns = (globalThis.replayRuns ?? 0) + 1", "silent": False, "store_history": True,
    "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
frames = session.serialize(msg)  # [DELIM, signature, header, parent_header, metadata, content]
socket = kc.shell_channel.socket
socket.send_multipart(frames)
socket.send_multipart(frames)  # the same bytes again: same msg_id, same signature
# Shell requests run one at a time in arrival order, so once this answers both copies were seen.
reply, outputs = run_cell(kc, "globalThis.replayRuns")
runs = [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"]
kc.kernel_info()
info = kc.get_shell_msg(timeout=10)
while info["msg_type"] != "kernel_info_reply":
    info = kc.get_shell_msg(timeout=10)
report({"runs": runs, "keel": info["content"].get("keel")})
stop(km, kc)
