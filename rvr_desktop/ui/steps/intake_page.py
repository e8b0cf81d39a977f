"""Hand-over: who called, how to reach them safely, when the call came in."""

from __future__ import annotations

from rvr_desktop.ui.form import YES_NO_UNRECORDED
from rvr_desktop.ui.steps.page import StepPage
from rvr_desktop.workflow.intake import enter_safe_phone
from rvr_desktop.workflow.steps import Step


class IntakePage(StepPage):
    step = Step.INTAKE
    intro = "From the control room's hand-over. The response clock starts when the call came in."

    def __init__(self, session):
        super().__init__(session)
        form = self.form(lambda case: case.intake)
        self.reference = form.text("Incident (CAD) reference", "incident_reference")
        self.caller = form.text("Caller's name", "caller_name")
        self.phone = form.checked_text(
            "Safe mobile number", "safe_phone_typed",
            lambda intake, typed: enter_safe_phone(intake, typed, session.policy.phone).message,
            hint="The number the link will be texted to; it must be the caller's own mobile.")
        form.text("Safe time to call", "safe_time_to_call")
        form.choice("Safe to leave a message", "safe_to_leave_message", YES_NO_UNRECORDED,
                    hint="Whether a voicemail or text may be left on the safe number (for the IDVA's first call)")
        form.text("Language", "language")
        form.flag("Interpreter needed", "interpreter_needed")
        form.text("Accessibility needs", "accessibility_needs", multiline=True)
        self.received = form.moment("Call received", "call_received_at")
        self.finish()
