"""The Qt-free application layer: what the windows ask of a case, done with the
store and the workflow together, so no window holds a domain decision.

Modules:

- `opening`: opening a stored case for the officer, mending what an earlier
  version left wrong.
- `statement_signing`: what the witness and an interpreter are asked to sign over the call, and
  recording their signatures.
- `signing_requests`: the requests to sign out on the call, withdrawn once out of date.
- `call_events`: what each link-service event means for the case (a link's
  times, a quick exit, a reopened link, a text that failed), in one place.
- `policy_in_force`: the force's policy for these settings, loaded without Qt
  (so `rvr-desktop cohort` needs no windows).
- `exhibits`: filing stills, the caller's photos and recordings as exhibits;
  declined and discarded photos audited.
- `documents`: making the case's documents, keeping them, exporting one as a
  recorded disclosure.
- `practice_run`: a practice run's timetable on the case's clock: steps opened,
  scripted events fired once each, what the trainee is told, when the
  simulated caller joins.
- `practice_debrief`: a practice run scored, its PDF and record kept with the case.
- `practice_trainee`: who is doing a practice run, checked, and the last
  trainee's details kept for the next run on the workstation.
- `starting`: a new case or a practice scenario's, stored as its first draft;
  the headline the case list shows.
- `submitting`: whether a case can be submitted, and submitting it: the
  outcome is given only with its place in the outbox.
"""
