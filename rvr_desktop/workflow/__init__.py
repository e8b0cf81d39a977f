"""The guided RVR workflow, in plain Python.

Everything a policy owner might ask about lives here: what a case holds, which
step the officer may enter, what grade a risk assessment gives, which referrals
are due and by when, and how the three-minute clock stands. Nothing here
imports Qt, a database or the network, so every rule is tested on its own
(tests/unit/workflow/test_workflow_imports.py enforces it).

Modules, roughly in the order the officer meets them:

- `case`: the `Case` tree and its lossless `to_dict` / `from_dict`.
- `intake`, `phone`, `date_checks`: the hand-over and checks on what is typed.
- `safety`: the safety gate questions and answers.
- `escalation_reasons`: the reasons offered for escalating mid-call, one key each.
- `link`, `video`: link invites and what happened on the call.
- `account`: the victim's structured account.
- `instruments`, `risk`: risk questionnaires as data, and grading.
- `referrals`, `encompass`, `school_days`: proposed referrals and deadlines.
- `safeguarding`, `statement`, `exhibits`: advice, MG11 details, exhibits.
- `signing`, `not_signed`: the statement's signatures, and why one is not given (the step needs one or the other).
- `investigation`: the short summary, offences, outstanding actions and the supervisor's review of the grade.
- `outcome`, `timeline`, `response_clock`: how the case ended and how fast.
- `escalation`: the checklist and note once officers are deployed; the escalation record.
- `case_summary`: the case as the officer reads it before submitting.
- `steps`: each step's state and whether it may be entered.
- `actions`: what the officer does to a case, each guarded by the steps.
- `policy`, `policy_files`: loading and checking the force's JSON policy.
- `shipped_files`: where the policy files, pages, fonts and scenarios are installed.
"""
