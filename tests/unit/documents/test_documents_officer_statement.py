"""The draft of the officer's own MG11: the call, what was seen over video, each exhibit produced."""

from __future__ import annotations

from pdf_reading import flat, pages

from rvr_desktop.documents import DocumentInput, DocumentKind, documents_due
from rvr_desktop.documents.officer_statement import officer_statement


def _text(inp: DocumentInput) -> str:
    return flat("\n".join(pages(officer_statement(inp))))


def test_it_is_due_with_the_witness_statement_and_not_without_it(case, policy):
    assert DocumentKind.OFFICER_STATEMENT in {due.kind for due in documents_due(case, policy)}
    case.statement.not_taken_reason = "She chose not to make a statement today."
    kinds = {due.kind for due in documents_due(case, policy)}
    assert not kinds & {DocumentKind.WITNESS_STATEMENT, DocumentKind.WITNESS_DETAILS, DocumentKind.OFFICER_STATEMENT}


def test_every_page_says_draft_and_names_the_officer(inp):
    texts = pages(officer_statement(inp))
    for number, text in enumerate(texts, start=1):
        assert "Officer's witness statement (DRAFT)" in text
        assert "Statement of PC 9999 Jo Sample" in flat(text)
        assert f"Page {number} of {len(texts)}" in text
    text = _text(inp)
    assert flat(inp.wording.officer_statement["draft_banner"]) in text
    assert "Signature of the officer NOT SIGNED" in text


def test_the_call_what_was_seen_and_each_exhibit_produced(inp):
    text = _text(inp)
    for value in ("I am PC 9999 Jo Sample, Anyshire Police, Anytown Central Police Station, Rapid Video Response team.",
                  "took a video call with Zofia Wiśniewska", "CAD-1111-0123-SPECIMEN",
                  "The call connected on Tuesday 11 November 2025 at 14:02 and ended on Tuesday 11 November 2025 at 14:54",
                  # The interpreter by name, reference, language and how they joined, not by reference alone.
                  "Ewa Specimen (reference INT-0000), an interpreter in Polish, joined the call on Tuesday 11 November "
                  "2025 at 14:06. As I noted it: Polish interpreter, ref. INT-0000; joined the video call through "
                  "the interpreter's link, on her own device.",
                  "From Tuesday 11 November 2025 at 14:37 to Tuesday 11 November 2025 at 14:53 I took a statement",
                  "I saw on the video an injury (front of neck): red mark about 4 cm across on the front of her neck, "
                  "to the left of the windpipe, seen when she brought the camera close to it.",
                  # When her first account was taken, before the statement drafted from it.
                  "After the call connected, Zofia Wiśniewska gave me her first account of what happened. I typed it "
                  "into the case as she gave it and recorded it as complete on Tuesday 11 November 2025 at 14:27.",
                  "manner and condition on the call: Tearful and shaking at first",
                  "I produce exhibit JS/1: Still from the video call: red mark on the front of the victim's neck.",
                  "I received exhibit ZW/1, which Zofia Wiśniewska produces: Six screenshots of messages from the suspect's "
                  "number",
                  "I produce exhibit JS/2: Still from the video call: the victim's black phone, held up to the camera, "
                  "its screen cracked from the top left corner to the bottom right.",
                  "The call was not recorded."):
        assert value in text, value


def test_every_still_the_officer_took_is_named_where_what_it_shows_is_described(inp):
    text = _text(inp)
    words = inp.wording.officer_statement
    seen = text[text.index(words["seen_heading"]):text.index(words["exhibits_heading"])]
    # (JS/1's sentence may run across the page foot, so only its start is looked for.)
    assert "I took a still from the video of what I saw, which I produce as exhibit JS/1 (still from" in seen
    assert ("I took a still from the video of what I saw, which I produce as exhibit JS/2 (still from the video "
            "call: the victim's black phone, held up to the camera, its screen cracked from the top left corner to "
            "the bottom right).") in seen
    # What the witness sent is hers: not described as something the officer saw.
    assert "ZW/1" not in seen
    inp.case.exhibits[2].original = None  # not recorded as made on the workstation: not claimed as a still taken
    assert "exhibit JS/2 (still" not in _text(inp)


def test_only_what_was_seen_is_described_as_seen(inp):
    text = _text(inp)
    # The lump under her hair was described by her, not seen: attributed to her, never "I saw".
    assert ("Zofia Wiśniewska told me of an injury (back of head): painful swelling. I did not see it on the "
            "video.") in text
    assert "I saw on the video an injury (back of head)" not in text
    inp.case.account.injuries[0].seen_on_video = None  # not recorded: not described as seen either
    text = _text(inp)
    assert "I saw on the video" not in text
    assert ("Zofia Wiśniewska told me of an injury (front of neck): red mark about 4 cm across on the front of her "
            "neck, to the left of the windpipe, seen when she brought the camera close to it. [Whether you saw it "
            "on the video: not recorded.") in text


def test_whether_each_child_was_spoken_to_and_why_not(inp):
    text = _text(inp)
    assert "My note of it at the time: Briefly" in text  # after the full record of the talk, below
    maja = inp.case.account.children[0]
    maja.spoken_to_at = None  # without the full record: the note, and what to add
    without = _text(inp)
    assert "I spoke to Maja Wiśniewska over the video call. As I noted it: Briefly" in without
    assert "[Record when you spoke to Maja Wiśniewska" in without
    assert ("I did not speak to Leon Țurcanu. Why not, as I noted it: He is 3; his mother says he was asleep upstairs throughout"
            in text)
    leon = inp.case.account.children[1]
    leon.spoken_to_note = ""
    assert "[Why not: not recorded. Say why you did not speak to Leon Țurcanu, or delete this line.]" in _text(inp)
    leon.spoken_to_by_police = None
    assert "[Whether you spoke to Leon Țurcanu: not recorded." in _text(inp)


def test_a_talk_with_a_child_is_recorded_in_full_when_who_was_there_and_each_question_and_answer(inp):
    # Achieving Best Evidence (2022): a first talk with a child witness is kept as a full written record, so a
    # later interview can rely on it and the child is not asked to tell it again.
    text = _text(inp)
    assert ("I spoke to Maja Wiśniewska over the video call on Tuesday 11 November 2025 at 14:26, in English. Also "
            "there: her mother, Zofia Wiśniewska, in the same room. I asked only what I needed to know") in text
    assert "nothing that suggested an answer" in text
    assert "My note of it at the time: Briefly" in text and "As I noted it: Briefly" not in text
    for said in ("Q: Maja, are you hurt at all? A: No.",
                 "Q: Can you tell me what you saw? A: He had his hand on Mummy's neck and I shouted stop.",
                 "Q: How are you feeling now? A: Scared he comes back."):
        assert said in text, said
    maja = inp.case.account.children[0]
    maja.spoken_to_questions = ""
    assert ("[Record when you spoke to Maja Wiśniewska, who else was there, each question as you asked it and Maja "
            "Wiśniewska's answers word for word (Achieving Best Evidence, 2022), or delete this line.]") in _text(inp)
    maja.spoken_to_questions, maja.spoken_to_at = "Q: Are you hurt? A: No.", None
    assert "[Record when you spoke to Maja Wiśniewska" in _text(inp)


def test_how_the_exhibits_were_kept_from_capture_to_delivery(inp):
    from dataclasses import replace

    from rvr_desktop.documents.specimen import SPECIMEN_DELIVERY

    text = _text(inp)
    assert ("its SHA-256 was taken as it arrived and it was kept encrypted with the case on the workstation. They "
            "have not yet been delivered") in text
    delivered = flat("\n".join(pages(officer_statement(replace(inp, delivery=SPECIMEN_DELIVERY)))))
    assert ("They were delivered to the force's records system with the case on Tuesday 11 November 2025 at 14:57 "
            "(the records system's reference CRI-SPECIMEN-0001).") in delivered


def test_what_the_case_does_not_hold_is_said_plainly(inp):
    inp.case.account.injuries = []
    inp.case.exhibits = []
    inp.case.statement.demeanour_seen = ""
    text = _text(inp)
    words = inp.wording.officer_statement
    for key in ("no_injuries", "demeanour_missing", "no_exhibits", "not_recorded"):
        assert flat(words[key]) in text, key


def test_the_officer_gives_evidence_of_the_read_back_and_each_signature(inp):
    text = _text(inp)
    assert ("On Tuesday 11 November 2025 from 14:39 to 14:51 I read the statement, with its declaration, back to Zofia "
            "Wiśniewska over video through the interpreter, in Polish, and Zofia Wiśniewska confirmed it as "
            "true.") in text
    assert ("On Tuesday 11 November 2025 at 14:52 Zofia Wiśniewska signed it there by typing the name Zofia "
            "Wiśniewska and confirming.") in text
    assert "On Tuesday 11 November 2025 at 14:53 the interpreter signed it there by typing the name Ewa Specimen" in text
    # The start of her account came before the interpreter: said in the officer's own evidence too.
    assert ("The interpreter joined the call on Tuesday 11 November 2025 at 14:06, after Zofia Wiśniewska had "
            "begun her account: what she said before then she said in English, without an interpreter.") in text
    # Each was shown the statement with their own declaration, which is what each digest covers.
    assert "I then sent the statement, with the maker's declaration, to Zofia Wiśniewska's own device" in text
    assert "I then sent the statement, with the interpreter's declaration, to the interpreter's own device" in text
    inp.case.statement.narrative += " He left."  # changed after signing: neither signature stands for it now
    text = _text(inp)
    assert "signed it there" not in text
    assert "Zofia Wiśniewska has not signed the statement as it now reads" in text
    assert "The interpreter has not signed the statement as it now reads" in text
