"""GUI-thread lag while the outbox delivers cases, with the workstation's own wiring.

The practice records server and link service start as the practice
workstation starts them (app.Workstation, services_for_mode), CASES cases with two 200 KB exhibits
each wait in the outbox, and a 5 ms probe measures how late the GUI thread
gets while the worker delivers them and the status bar and case list follow.
Target: p99 under 16 ms. Baseline: the same window idle, in the same run.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import machine, percentile, verdict  # noqa: E402
from gui_probe import LagProbe, main_window, practice_workstation, run_for  # noqa: E402
from records_delivery import submit_cases  # noqa: E402

from rvr_desktop.app import keep_gui_thread_responsive, services_for_mode  # noqa: E402
from rvr_desktop.services import NO_SERVICES  # noqa: E402

CASES = int(os.environ.get("BENCH_DELIVERY_CASES", "300"))


def main() -> int:
    app, workstation = practice_workstation("rvr-bench-delivery-")
    policy, store = workstation.policy, workstation.store
    submit_cases(store, policy, random.Random(7), CASES)
    window = main_window(workstation)
    run_for(app, 1.0)
    keep_gui_thread_responsive()

    probe = LagProbe()
    probe.start()
    run_for(app, 5.0)
    idle = probe.lags

    probe.start()
    started = time.perf_counter()
    workstation.start_services(services_for_mode)
    while time.perf_counter() - started < 600:
        run_for(app, 0.5)
        status = window.outbox.status
        if status.online and status.waiting == 0 and window.services is not NO_SERVICES:
            break
    elapsed = time.perf_counter() - started
    busy = probe.lags
    probe.stop()
    delivered = store.submit(lambda s: sum(d.state.value == "delivered" for d in s.outbox.deliveries().values())).result()
    workstation.stop()

    print(f"machine: {machine()}")
    print(f"delivered {delivered} of {CASES} cases (two 200 KB exhibits each) in {elapsed:.1f} s, services' start "
          f"included; GUI-thread lag p99 {percentile(busy, 99):.1f} ms, max {max(busy):.1f} ms "
          f"(target p99 < 16 ms: {verdict(percentile(busy, 99) < 16)})")
    print(f"the same window idle (baseline): p99 {percentile(idle, 99):.1f} ms, max {max(idle):.1f} ms")
    return 0 if delivered == CASES else 1


if __name__ == "__main__":
    sys.exit(main())
