"""Documents in the workstation: made in the background, kept encrypted,
previewed with QtPdf, and exported only as a recorded disclosure."""

from __future__ import annotations

import stat

from rvr_desktop.casework.policy_in_force import policy_for
from rvr_desktop.qt import Qt
from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.training.specimen_cases import CaseBuilder
from rvr_desktop.workflow.steps import Step
from tests.gui.case_steps import click, keep_case, open_listed_case


def test_documents_are_made_previewed_and_exported_as_a_disclosure(qtbot, workstation, practice, tmp_path):
    case = CaseBuilder(policy_for(practice)).done_before(Step.REVIEW)
    keep_case(practice, case)

    window = workstation()
    open_listed_case(qtbot, window, case.case_id)
    qtbot.waitUntil(lambda: window.case_view is not None)
    view = window.case_view
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    panel = view.documents
    assert panel is not None and panel.isVisible()
    qtbot.waitUntil(lambda: "No documents made yet" in panel.state.text())

    click(qtbot, panel.make_button)
    qtbot.waitUntil(lambda: panel.list.count() >= 2, timeout=20_000)
    names = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert any(n.startswith("witness-statement.pdf") for n in names)
    assert any(n.startswith("case-summary.pdf") for n in names)

    panel.list.setCurrentRow(0)
    qtbot.waitUntil(lambda: panel.preview_pages > 0, timeout=10_000)
    assert panel.preview.currentWidget() is panel.pdf_view

    click(qtbot, panel.export_button)  # no recipient yet
    assert "who receives it" in panel.export_message.text().lower()
    panel.recipient.setText("MARAC coordinator, Example Council")
    panel.reason.setText("referral agreed with the victim")
    click(qtbot, panel.export_button)
    out = tmp_path / "exported.pdf"
    qtbot.waitUntil(lambda: panel.export_dialog is not None and panel.export_dialog.isVisible())
    panel.export_dialog.selectFile(str(out))
    panel.export_dialog.accept()
    qtbot.waitUntil(lambda: out.exists() and "audit log" in panel.state.text(), timeout=10_000)
    assert out.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    before = out.read_bytes()

    panel.export_to(out)  # the same file again: refused, nothing overwritten
    qtbot.waitUntil(lambda: "already exists" in panel.export_message.text())
    assert out.read_bytes() == before

    view.show_documents(False)
    window.close()
    check = CaseStore(practice.data_dir, "auditor")
    disclosures = [e for e in check.audit.entries() if e.action == "disclosure"]
    assert check.audit.verify().ok
    check.close()
    assert len(disclosures) == 1
    assert disclosures[0].recipient == "MARAC coordinator, Example Council"
    assert disclosures[0].justification == "referral agreed with the victim"
    assert disclosures[0].record.startswith(f"case:{case.case_id}/file:")
