"""A node created in a cell, with three resting orders on a venue outside the kernel (KEEL_TEST_VENUE_URL),
then the kernel ends: `exit` runs process.exit(0) in a cell, `shutdown` sends shutdown_request. The test
asks the venue afterwards what is still working; this script reports how the kernel ended."""
import os
import subprocess
import sys
import time

from jupyter_client.manager import KernelManager

from common import TIMEOUT, report, run_cell

mode = sys.argv[1]
url = os.environ["KEEL_TEST_VENUE_URL"]
km = KernelManager(kernel_name="keel")
km.start_kernel(stderr=subprocess.PIPE)
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=TIMEOUT)


def result_text(outputs):
    return [o["content"]["data"]["text/plain"] for o in outputs if o["msg_type"] == "execute_result"]


_, created = run_cell(kc, f"""const cellNode = await keel.TradingNode.create({{ traderId: 'CELL-001',
  venues: [{{ venue: 'SIM', url: '{url}', apiKey: 'k', apiSecret: 's' }}], persistence: {{ kind: 'memory' }}, shutdownPolicy: 'cancel' }});
await cellNode.start();
cellNode.state""")
_, placed = run_cell(kc, """class Rester extends keel.Strategy {}
const rester = cellNode.addStrategy(new Rester({ orderIdTag: '900' }));
const resting = [1, 2, 3].map((i) => rester.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY',
  quantity: keel.Quantity.from('10000'), price: keel.Price.from('0.9000' + i) }));
for (const o of resting) rester.submitOrder(o);
for (let i = 0; i < 1000 && resting.some((o) => o.status !== 'ACCEPTED'); i++) await new Promise((res) => setTimeout(res, 10));
resting.map((o) => o.status).join(',')""")
print("PLACED", flush=True)
sys.stdin.readline()  # the test counts the working orders at the venue, then says go on

if mode == "exit":
    kc.execute("process.exit(0)")
else:
    kc.shutdown()
asked = time.monotonic()
while km.is_alive() and time.monotonic() - asked < 30:
    time.sleep(0.02)
process = km.provisioner.process
stderr = process.stderr.read().decode() if process is not None and process.stderr is not None else ""
report({
    "created": result_text(created),
    "placed": result_text(placed),
    "alive": km.is_alive(),
    "returncode": process.returncode if process is not None else None,
    "exitedAfterSeconds": round(time.monotonic() - asked, 3),
    "cellNodeLine": next((l for l in stderr.splitlines() if "CELL-001" in l), ""),
})
kc.stop_channels()
km.cleanup_resources()
