"""The submissions inbox: bounded, atomic, one decision per draft, never a taken record file."""
from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import FOAF, PROV, RDF, RDFS

from icc_graph.errors import InboxFull, SubmissionConflict, UnknownSubmission
from icc_graph.submissions.draft import Submission, draft_comments, draft_graph, draft_text, form_field, mint_slug
from icc_graph.submissions.inbox import Inbox

BASE = "http://127.0.0.1:8080"
SENT = "2026-01-02T03:04:05+00:00"


def draft(title: str) -> tuple[str, str]:
    slug = mint_slug(title, lambda s: False)
    return slug, draft_text(draft_graph(Submission(title=title, city="ansan"), slug, SENT), slug,
                            draft_comments("x", SENT))


def test_the_inbox_is_bounded_and_refuses_a_second_draft_of_the_same_practice(tmp_path):
    inbox = Inbox(tmp_path, max_pending=2)
    first = inbox.add(*draft("One"), {"received": SENT})
    with pytest.raises(SubmissionConflict):
        inbox.add(*draft("One"), {"received": SENT})
    inbox.add(*draft("Two"), {"received": SENT})
    with pytest.raises(InboxFull):
        inbox.add(*draft("Three"), {"received": SENT})
    assert inbox.status(first)["status"] == "received" and inbox.full()
    assert inbox.status("../../etc/passwd") is None and inbox.status("x" * 16) is None
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_accept_moves_the_draft_reject_keeps_the_reason_and_each_decides_once(tmp_path):
    inbox, practices = Inbox(tmp_path / "inbox", 5), tmp_path / "data" / "practices"
    accepted = inbox.add(*draft("Kept"), {"received": SENT})
    rejected = inbox.add(*draft("Dropped"), {"received": SENT})
    record = inbox.accept(accepted, practices, SENT)
    assert record == practices / "kept.ttl" and record.read_text().startswith("# Drafted by `icc-graph submissions`")
    inbox.reject(rejected, "Not a practice of a member city", SENT)
    assert inbox.status(accepted)["status"] == "accepted"
    assert inbox.status(rejected)["reason"] == "Not a practice of a member city"
    assert not inbox.full() and {m["id"] for m in inbox.list()} == {accepted, rejected}
    with pytest.raises(UnknownSubmission):
        inbox.accept(rejected, practices, SENT)
    taken = inbox.add(*draft("Kept"), {"received": SENT})  # the same practice, sent again
    with pytest.raises(SubmissionConflict):
        inbox.accept(taken, practices, SENT)
    assert inbox.status(taken)["status"] == "received"


def test_findings_map_to_the_form_fields():
    assert form_field(BASE, "p", f"{BASE}/id/practice/p", f"{BASE}/ontology#city") == "city"
    assert form_field(BASE, "p", f"{BASE}/id/practice/p-period", None) == "period"
    assert form_field(BASE, "p", f"{BASE}/id/practice/p-sender", "http://xmlns.com/foaf/0.1/name") == "sent_by"
    assert form_field(BASE, "p", f"{BASE}/id/body/p-2", f"{BASE}/ontology#womenMemberCount") == "body-2-women"
    assert form_field(BASE, "p", f"{BASE}/id/body/other-2", None) == ""


def test_the_sender_is_named_in_the_record_and_the_contact_is_not():
    sub = Submission(title="Kept", city="ansan", sent_by="Ansan Office", contact="office@example.org")
    text = draft_text(draft_graph(sub, "kept", SENT), "kept", draft_comments("x", SENT))
    graph = rdflib.Graph().parse(data=text, format="turtle", publicID=f"{BASE}/")
    (sender,) = graph.objects(None, PROV.wasAttributedTo)
    assert str(sender) == f"{BASE}/id/practice/kept-sender" and (sender, RDF.type, PROV.Agent) in graph
    assert str(graph.value(sender, FOAF.name)) == str(graph.value(sender, RDFS.label)) == "Ansan Office"
    assert "office@example.org" not in text
    nameless = draft_graph(Submission(title="Kept"), "kept", SENT)
    (sender,) = nameless.objects(None, PROV.wasAttributedTo)
    assert (sender, RDF.type, PROV.Agent) in nameless and nameless.value(sender, FOAF.name) is None  # shapes refuse


def test_a_new_title_never_takes_a_slug_in_use():
    assert mint_slug("Café <b> d'été", {"cafe-b-d-ete", "cafe-b-d-ete-2"}.__contains__) == "cafe-b-d-ete-3"
    assert mint_slug("<>", lambda s: False) == "practice"


def test_the_command_refuses_an_empty_reason_and_an_unknown_id(tmp_path, capsys):
    from icc_graph.cli import main

    submission_id = Inbox(tmp_path, 5).add(*draft("Waiting"), {"received": SENT})
    assert main(["submissions", "--inbox", str(tmp_path), "reject", submission_id, "--reason", " "]) == 2
    assert main(["submissions", "--inbox", str(tmp_path), "show", "abcdefghijklmnop"]) == 1
    assert "No submission has the id" in capsys.readouterr().err
    assert main(["submissions", "--inbox", str(tmp_path), "show", submission_id]) == 0
    assert "practice:waiting a icc:Practice" in capsys.readouterr().out
