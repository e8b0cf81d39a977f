"""The structured account: when, where, what happened, and who."""

from __future__ import annotations

from functools import partial

from rvr_desktop.qt import QtWidgets
from rvr_desktop.ui.form import (NOT_ANSWERED, YES_NO_NOT_KNOWN, YES_NO_UNRECORDED, ItemList, enum_options, heading,
                                  show_message)
from rvr_desktop.ui.steps.page import StepPage, status_line
from rvr_desktop.workflow.account import (
    Child,
    CustodyStatus,
    Dependant,
    Injury,
    PreviousIncident,
    ProsecutionWish,
    WeaponOrObject,
    Witness,
)
from rvr_desktop.workflow.actions import mark_account_complete
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.investigation import OutstandingAction
from rvr_desktop.workflow.steps import Step

WISHES = {
    ProsecutionWish.NOT_ASKED: "Not asked yet",
    ProsecutionWish.SUPPORTS: "Supports a prosecution",
    ProsecutionWish.DOES_NOT_SUPPORT: "Does not support a prosecution",
    ProsecutionWish.UNDECIDED: "Undecided",
}


# Parental responsibility can be unknown to the victim (a father not named on the birth certificate, say).
RESPONSIBILITY = [(None, NOT_ANSWERED), (Answer.YES, "Yes"), (Answer.NO, "No"), (Answer.NOT_KNOWN, "Not known")]
CUSTODY = [(status, status.label.capitalize()) for status in CustodyStatus]
CUSTODY[0] = (CustodyStatus.NOT_RECORDED, NOT_ANSWERED)


def _account_items(attr: str, case) -> list:
    """One of the account's lists (injuries, children...), read afresh from whichever case is open."""
    return getattr(case.account, attr)


def _child(form) -> None:
    form.text("Name", "name")
    form.day("Date of birth", "date_of_birth")
    form.text("School or nursery", "school")
    form.choice("Lives with the victim", "lives_with_victim", YES_NO_UNRECORDED)
    form.choice("Present at the incident", "present", YES_NO_UNRECORDED)
    form.text("Where the child was", "where_during_incident")
    form.text("What the child saw or said", "what_seen_or_said", multiline=True)
    form.text("The child is the victim's", "relationship_to_victim", hint="Daughter, stepson, no relation…")
    form.text("The child is the suspect's", "relationship_to_suspect", hint="Son, partner's daughter, no relation…")
    form.choice("Victim has parental responsibility", "victim_parental_responsibility", RESPONSIBILITY)
    form.choice("Suspect has parental responsibility", "suspect_parental_responsibility", RESPONSIBILITY)
    form.text("Contact with the suspect", "contact_arrangement",
              hint="When the child sees the suspect, e.g. he collects her on Saturdays; any court order")
    form.text("Next handover to the suspect", "next_handover", hint="When and where, e.g. Saturday 10:00 at home")
    form.text("Other parent", "other_parent", hint="A parent who is neither the victim nor the suspect: name, where")
    form.choice("Other parent has parental responsibility", "other_parent_responsibility", RESPONSIBILITY)
    form.choice("Police spoke to the child", "spoken_to_by_police", YES_NO_UNRECORDED)
    form.text("How, and what the child said", "spoken_to_note", multiline=True,
              hint="Alone or with an adult there (who); what the child said, in their words")
    form.moment("When police spoke to the child", "spoken_to_at")
    form.text("Who else was there", "spoken_to_present", hint="e.g. her mother, in the same room")
    form.text("Language you spoke in", "spoken_to_language", hint="e.g. English; and any interpreter")
    form.text("Questions asked and the child's answers, word for word", "spoken_to_questions", multiline=True,
              hint="Each question as you asked it, and the child's answer in the child's own words, e.g. "
                   "Q: Are you hurt? A: No. Keep it to what you needed to know (ABE 2022)")


def _injury(form) -> None:
    form.text("Where on the body", "body_location")
    form.text("Description", "description")
    form.text("How it was caused", "how_caused")
    form.choice("Seen on the video", "seen_on_video", YES_NO_UNRECORDED,
                hint="Yes only if you saw it yourself: your statement describes only what you saw")


def _weapon(form) -> None:
    form.text("Weapon or object", "description")
    form.text("How it was used", "how_used")


def _dependant(form) -> None:
    form.text("Name", "name")
    form.day("Date of birth", "date_of_birth")
    form.text("Relationship", "relationship")
    form.text("Care and support needs", "care_and_support_needs")


def _witness(form) -> None:
    form.text("Name", "name")
    form.text("Contact", "contact")
    form.text("What they saw", "what_they_saw", multiline=True)


def _previous(form) -> None:
    form.day("Date", "occurred_on", birth=False)
    form.text("What happened", "description")
    form.text("Police reference", "police_reference")
    # Only incidents reported to the police count towards the MARAC's escalation ground (SafeLives).
    form.choice("Reported to the police", "reported_to_police", YES_NO_NOT_KNOWN,
                hint="Only incidents reported to the police count towards escalation for a MARAC")


def _action(form) -> None:
    form.text("Action", "what")
    form.text("Who", "who")
    form.day("By when", "by_when", birth=False)


class AccountPage(StepPage):
    step = Step.ACCOUNT
    intro = "Take the account in the victim's own words, then the people, injuries and history."

    def __init__(self, session):
        super().__init__(session)
        incident = self.form(lambda case: case.account)
        self.incident_at = incident.moment("When it happened", "incident_at")
        incident.text("Where it happened", "place")
        self.narrative = incident.text("What happened (first person)", "narrative", multiline=True)
        self.narrative.setMinimumHeight(220)
        self.narrative.setMaximumHeight(16_777_215)
        incident.text("Short summary for the referrals", "incident_summary", multiline=True,
                      hint="A few factual lines for the MARAC, the school, the MASH and the IDVA; they never see "
                           "the statement")

        self.column.addWidget(heading("The victim"))
        victim = self.form(lambda case: case.account.victim)
        victim.day("Date of birth", "date_of_birth")
        victim.text("Address", "address")
        victim.text("Who they fear", "who_they_fear")
        victim.flag("An adult at risk (care and support needs)", "adult_at_risk")
        victim.text("Why an adult at risk", "adult_at_risk_reason")
        victim.text("Safe to talk to, and how", "safe_to_talk_to",
                    hint="People or services the victim says agencies may contact, and how (text only, e-mail...)")
        victim.text("Not safe to talk to", "not_safe_to_talk_to",
                    hint="People who must not be contacted, because they may tell the suspect")
        # As the victim describes themselves, or left blank ("not asked" on the referral).
        note = QtWidgets.QLabel("Diversity data, as the victim describes themselves (for the MARAC); "
                                "leave blank if not asked.")
        note.setWordWrap(True)
        self.column.addWidget(note)
        diversity = self.form(lambda case: case.account.victim.diversity)
        diversity.text("Gender", "gender")
        diversity.text("Ethnicity", "ethnicity")
        diversity.text("Disability", "disability")
        diversity.text("Sexual orientation", "sexual_orientation")
        diversity.text("Trans or gender identity", "trans_or_gender_identity")

        self.column.addWidget(heading("The suspect"))
        suspect = self.form(lambda case: case.account.suspect)
        suspect.text("Name", "name")
        suspect.day("Date of birth", "date_of_birth")
        suspect.text("Relationship to the victim", "relationship")
        suspect.text("Description", "description", multiline=True)
        suspect.text("Address", "address")
        suspect.choice("Arrested or bailed", "custody", CUSTODY)
        suspect.text("Bail conditions", "bail_conditions", multiline=True,
                     hint="As set by the custody officer or the court; only when on bail")
        suspect.day("Bail until", "bail_until", birth=False)

        for title, noun, attr, factory, build in (
            ("Injuries", "injury", "injuries", Injury, _injury),
            ("Weapons or objects used", "weapon or object", "weapons", WeaponOrObject, _weapon),
            ("Children", "child", "children", Child, _child),
            ("Other dependants", "dependant", "dependants", Dependant, _dependant),
            ("Witnesses", "witness", "witnesses", Witness, _witness),
            ("Previous incidents", "previous incident", "previous_incidents", PreviousIncident, _previous),
        ):
            item_list = ItemList(session, title, noun, partial(_account_items, attr), factory, build)
            item_list.setObjectName(attr)
            self.column.addWidget(item_list)
            self.lists.append(item_list)
        # Not `children`: that name is QObject's method, which an attribute would hide.
        self.child_list = self.lists[2]

        self.column.addWidget(heading("History and wishes"))
        history = self.form(lambda case: case.account)
        history.choice("Referred to a MARAC before", "previous_marac", YES_NO_NOT_KNOWN)
        history.text("Which MARAC", "previous_marac_where")
        history.day("Last MARAC referral (if any)", "last_marac_referral_on", birth=False)
        history.moment("Police records searched at", "police_records_checked_at")
        history.text("What was searched and found", "police_records_note", multiline=True,
                     hint="Which systems, for whom, and any earlier incident (add each to Previous incidents): "
                          "the MARAC's escalation criterion counts incidents reported to the police")
        history.text("Substances (drink or drugs involved)", "substances")
        history.choice("Prosecution", "prosecution_wish", enum_options(ProsecutionWish, WISHES))
        history.text("The victim's wishes", "victim_wishes", multiline=True)

        # What the referral forms and the case summary carry instead of the statement.
        self.column.addWidget(heading("For the case file"))
        case_file = self.form(lambda case: case.investigation)
        case_file.text("Offences", "offences", hint="As you record them, e.g. intentional strangulation")
        actions = ItemList(session, "Outstanding actions", "action", lambda case: case.investigation.actions,
                           OutstandingAction, _action)
        actions.setObjectName("actions")
        self.column.addWidget(actions)
        self.lists.append(actions)

        self.verdict = status_line()
        self.complete = QtWidgets.QPushButton("Mark the account complete")
        self.complete.setAccessibleName("Mark the account complete")
        self.problems = QtWidgets.QLabel()
        self.problems.setObjectName("fieldMessage")
        self.problems.setWordWrap(True)
        self.problems.hide()
        self.column.addWidget(self.verdict)
        self.column.addWidget(self.problems)
        self.column.addWidget(self.complete)
        self.complete.clicked.connect(self._complete)
        self.finish()

    def _complete(self) -> None:
        problems = mark_account_complete(self.session.case, self.session.policy, self.session.now())
        show_message(self.problems, "\n".join(problems) if problems else None)
        self.session.touch(at_once=True)

    def on_case_changed(self) -> None:
        done = self.session.case.account.completed_at is not None
        self.verdict.setText("Account marked complete." if done else "")
        if done:
            show_message(self.problems, None)
