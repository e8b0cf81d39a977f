"""Event-loop lag while a 20,000-character narrative is typed with autosave on.

The narrative starts at 19,400 characters and 600 more are typed at 10 a
second (a minute), so every save writes a 20 KB account. A 5 ms timer
measures how late the GUI thread gets to it; the target is that it never
stalls more than 16 ms (one frame). Baseline: the same probe with the case
open and nobody typing, in the same run.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import machine, percentile, verdict  # noqa: E402
from gui_probe import LagProbe, main_window, practice_workstation, run_for  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from rvr_desktop.app import keep_gui_thread_responsive  # noqa: E402
from rvr_desktop.casework.starting import headline_of  # noqa: E402
from rvr_desktop.training.specimen_cases import CaseBuilder  # noqa: E402
from rvr_desktop.workflow.steps import Step  # noqa: E402

TYPED = int(os.environ.get("BENCH_TYPED_CHARACTERS", "600"))


def main() -> int:
    app, workstation = practice_workstation("rvr-bench-typing-")
    policy, store = workstation.policy, workstation.store
    case = CaseBuilder(policy).done_before(Step.ACCOUNT)
    case.account.narrative = ("I was afraid to go home. " * 800)[: 20_000 - TYPED]
    store.submit(lambda s: s.cases.create(case.to_dict(), headline_of(case), case.case_id)).result()
    window = main_window(workstation)
    window.open_case(case.case_id)
    run_for(app, 1.0)
    keep_gui_thread_responsive()  # as the workstation does once its window is up
    view = window.case_view
    narrative = view.page(Step.ACCOUNT).narrative
    view.go_to(4)
    narrative.setFocus()
    narrative.moveCursor(narrative.textCursor().MoveOperation.End)

    probe = LagProbe()
    probe.start()
    run_for(app, 10.0)
    idle = probe.lags
    saves = []
    view.session.saver.saved.connect(saves.append)
    letters = iter("the quick brown fox jumps over the lazy dog " * 100)
    probe.start()
    run_for(app, TYPED / 10, lambda: QTest.keyClick(narrative, next(letters)))
    typing = probe.lags
    probe.stop()
    view.session.saver.flush()
    run_for(app, 1.0)
    stored = store.submit(lambda s: s.cases.open_case(case.case_id).payload["account"]["narrative"]).result()
    workstation.stop()

    print(f"machine: {machine()}")
    print(f"typing {TYPED} characters at 10/s into a {len(stored):,}-character narrative, autosave on: "
          f"{len(saves)} saves; event-loop lag p99 {percentile(typing, 99):.1f} ms, max {max(typing):.1f} ms "
          f"(target: never over 16 ms: {verdict(max(typing) <= 16)})")
    print(f"the same window idle (baseline): p99 {percentile(idle, 99):.1f} ms, max {max(idle):.1f} ms")
    assert stored == narrative.toPlainText(), "what was typed is not what was saved"
    return 0


if __name__ == "__main__":
    sys.exit(main())
