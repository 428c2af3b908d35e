"""display(value, { displayId }) then an update: display_data and update_display_data share the id,
also when the update comes from a timer after the cell has finished."""
from common import report, run_cell, start, stop, wait_for_iopub

km, kc, _ = start()
reply, outputs = run_cell(kc, "\n".join([
    "display('first', { displayId: 'price-view' });",
    "display('second', { displayId: 'price-view', update: true });",
    "setTimeout(() => display('from a timer', { displayId: 'price-view', update: true }), 20);",
]))
seen = [{"type": m["msg_type"], "id": m["content"].get("transient", {}).get("display_id"),
         "text": m["content"]["data"]["text/plain"]}
        for m in outputs if m["msg_type"] in ("display_data", "update_display_data")]
late = wait_for_iopub(kc, reply["parent_header"]["msg_id"], "update_display_data")
seen.append({"type": late["msg_type"], "id": late["content"]["transient"]["display_id"],
             "text": late["content"]["data"]["text/plain"]})
report({"status": reply["content"]["status"], "seen": seen})
stop(km, kc)
