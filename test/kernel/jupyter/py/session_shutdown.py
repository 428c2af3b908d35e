"""The kernel's live session under jupyter_client: kernel_info answers before the session is up, the
first cell sees node/venue/keel/live, a cell leaves a resting order, and shutdown stops the node by its
policy ('cancel' for the sandbox): the kernel says so on its stderr, and exits by itself."""
import subprocess
import time

from jupyter_client.manager import KernelManager

from common import TIMEOUT, report, run_cell

km = KernelManager(kernel_name="keel")
km.start_kernel(stderr=subprocess.PIPE)
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=TIMEOUT)


def result_text(outputs):
    return [o["content"]["data"]["text/plain"] for o in outputs if o["msg_type"] == "execute_result"]


_, first = run_cell(kc, "[typeof node, typeof venue, typeof keel.Strategy, typeof live.orders, typeof promote, node.state].join(' ')")
_, placed = run_cell(kc, """class Rester extends keel.Strategy {}
const r = await node.addStrategy(new Rester({ orderIdTag: '777' }));
const o = r.orderFactory.limit({ instrumentId: 'BTCUSDT-PERP.SIM', side: 'BUY', quantity: keel.Quantity.from('0.001'), price: keel.Price.from('1000.0') });
r.submitOrder(o);
while (o.status !== 'ACCEPTED') await new Promise((res) => setTimeout(res, 10));
o.status""")
kc.shutdown()
asked = time.monotonic()
while km.is_alive() and time.monotonic() - asked < 10:
    time.sleep(0.02)
exited_after = time.monotonic() - asked
process = km.provisioner.process
stderr = process.stderr.read().decode() if process is not None and process.stderr is not None else ""
report({
    "first": result_text(first),
    "placed": result_text(placed),
    "alive": km.is_alive(),
    "returncode": process.returncode if process is not None else None,
    "exitedAfterSeconds": round(exited_after, 3),
    "stopLine": next((l for l in stderr.splitlines() if "Node stopped" in l), ""),
    "venueLine": next((l for l in stderr.splitlines() if "venue stopped" in l.lower()), ""),
})
kc.stop_channels()
km.cleanup_resources()
