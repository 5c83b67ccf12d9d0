"""``/submit``: the good-practice template as a form, and the receipt of what was sent.

``GET /submit`` is the form (choices from the release in service). ``POST /submit`` takes it, or a
record in Turtle, JSON-LD or N-Triples from a portal (its Content-Type says which). Either way the
draft record is checked by :func:`endpoint.validate.check_record`, the gate of ``POST /validate``:
a form with violations comes back filled, each finding beside its field (422); a record gets the
JSON report (422). A valid one goes into the submissions inbox (never ``data/``) and the sender
gets ``/submit/{id}``, the receipt, which shows the curator's decision once taken. Every POST counts
against the client's ``SUBMIT_RATE`` (429); the form carries a signed token (400 without it).
"""
from __future__ import annotations

import datetime

import pyoxigraph
from flask import Blueprint, Response, current_app, json, redirect, request
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF
from werkzeug.exceptions import BadRequest, NotFound

from icc_graph.errors import InboxFull, SubmissionConflict
from icc_graph.formats import FORM, HTML, JSON, TURTLE, Format
from icc_graph.importers.records import ICC, PLACEHOLDER_BASE, graph_text
from icc_graph.iris import SLUG_RE, kind_namespace, normalise_base, thing_iri, things_namespace
from icc_graph.namespaces import bind_prefixes
from icc_graph.submissions.draft import (
    Submission,
    SubmittedBody,
    draft_comments,
    draft_graph,
    draft_text,
    form_field,
    mint_slug,
)
from icc_graph.submissions.inbox import INBOX_FULL, Inbox, inbox_directory
from icc_graph.terms import to_rdflib

from .context import config, current_store
from .form_token import make_token, token_ok
from .html import render
from .limits import WindowLimiter
from .messages import translate
from .negotiation import format_param, language, negotiate
from .submission_form import MAX_BODIES, choices, read_form
from .validate import MULTIPART, as_json, check_record, record_from_request

bp = Blueprint("submit", __name__)
FORM_NAME = "submit"  # what the token is signed for
FRESH = {"Cache-Control": "no-cache"}  # a receipt changes when a curator decides


@bp.get("/submit")
def form():
    lang = language()
    return _page(Submission(lang=lang), {}, 200)


@bp.post("/submit")
def submit():
    _limiter().take(request.remote_addr or "unknown", "submissions")
    if request.mimetype not in (FORM, MULTIPART):
        return _submit_record()
    lang, store = language(), current_store()
    sub = read_form(request.form, choices(store, store.base_iri, lang), lang)
    if request.form.get("action") == "add-body":  # no script needed: the form comes back with one more body
        return _page(sub, {}, 200, more_bodies=True)
    if not token_ok(_secret(), FORM_NAME, request.form.get("token", ""), int(config("SUBMIT_TOKEN_AGE"))):
        return _page(sub, {}, 400, [translate("submit_token_expired", lang)])
    inbox, base = _inbox(), store.base_iri
    if inbox.full():  # before the shapes run: a full inbox costs the server nothing
        return _page(sub, {}, 503, [translate("submit_inbox_full", lang)], {"Retry-After": "3600"})
    pending = inbox.pending_slugs()
    slug = mint_slug(sub.title, lambda s: s in pending or store.exists(kind_namespace(base, "practice") + s))
    submission_id, sent = Inbox.new_id(), _now()
    text = draft_text(draft_graph(sub, slug, sent), slug, draft_comments(submission_id, sent))
    errors: dict[str, list[str]] = {}
    for finding in check_record(text.encode("utf-8"), TURTLE).findings:
        if finding.severity == "Violation":
            errors.setdefault(form_field(base, slug, finding.node, finding.field), []).append(finding.message)
    if errors:
        return _page(sub, errors, 422, errors.pop("", []))
    try:
        inbox.add(slug, text, _meta(sub.title, sub.lang, sent, sub.contact, "form", sub.sent_by), submission_id)
    except InboxFull:
        return _page(sub, {}, 503, [translate("submit_inbox_full", lang)], {"Retry-After": "3600"})
    except SubmissionConflict:
        return _page(sub, {}, 409, [translate("submit_conflict", lang)])
    return redirect(f"{request.script_root}/submit/{submission_id}?lang={lang}", 303)


@bp.get("/submit/<submission_id>")
def receipt(submission_id: str):
    """What became of a submission: received, accepted, or rejected with the reason."""
    meta = _inbox().status(submission_id)
    if meta is None:
        raise NotFound("No submission has this receipt number. Check the address of your receipt page.")
    answer = negotiate((HTML, JSON), format_param())
    base = current_store().base_iri
    # the public attribution, never the contact (the receipt's address is its only key, but it may be shared)
    shown = {key: meta.get(key) for key in ("id", "status", "title", "sent_by", "received", "decided", "reason")}
    shown["practice"] = thing_iri(base, "practice", meta["slug"])
    if answer is JSON:
        return Response(json.dumps(shown), content_type=JSON.content_type, headers=FRESH)
    lang = language()
    return Response(render("receipt.html", base, lang, translate("receipt_title", lang), receipt=shown),
                    content_type=HTML.content_type, headers=FRESH)


# --- a record sent by a program --------------------------------------------------------------

def _submit_record():
    """A portal's record: 201 with its receipt, 422 with the report, 409 when it claims a published IRI."""
    data, fmt = record_from_request()
    inbox = _inbox()
    if inbox.full():
        raise InboxFull(INBOX_FULL.format(inbox.max_pending))
    report = check_record(data, fmt)
    if not report.conforms:
        return Response(json.dumps(as_json(report)), 422, content_type=JSON.content_type)
    store = current_store()
    base = normalise_base(store.base_iri)
    graph, practice = _record_graph(data, fmt, base)
    taken = sorted(str(s) for s in set(graph.subjects()) if store.exists(str(s)))
    if taken:
        raise SubmissionConflict(f"The record describes {taken[0]}, which is already published. Send a new practice "
                                 "under a new IRI; a curator changes published ones.")
    slug = str(practice).rpartition("/")[2]
    rebased = _rebased(graph, base)
    rebased.set((_rebase(practice, base), ICC.curationStatus, ICC.AwaitingCuration))  # a sender never curates
    submission_id, sent = Inbox.new_id(), _now()
    try:
        text = graph_text(rebased, _rebase(practice, base), draft_comments(submission_id, sent))
    except ValueError as exc:
        raise BadRequest(f"Every IRI of the record must be under {base}/id/ or the ontology: {exc}.") from exc
    title = next((str(o) for o in graph.objects(practice, URIRef("http://purl.org/dc/terms/title"))), "")
    inbox.add(slug, text, _meta(title, "", sent, "", "record"), submission_id)
    location = f"{request.host_url.rstrip('/')}{request.script_root}/submit/{submission_id}"
    body = json.dumps({"id": submission_id, "status": "received", "receipt": location,
                       "practice": thing_iri(base, "practice", slug)})
    return Response(body, 201, content_type=JSON.content_type, headers={"Location": location})


def _record_graph(data: bytes, fmt: Format, base: str) -> tuple[Graph, URIRef]:
    """The record's triples (already parsed once by the validator: they parse) and its one practice."""
    graph, blank_nodes = Graph(), {}
    for triple in pyoxigraph.parse(data, format=fmt.oxigraph, base_iri=f"{base}/"):
        graph.add(tuple(to_rdflib(term, blank_nodes) for term in (triple.subject, triple.predicate, triple.object)))
    if any(isinstance(term, BNode) for triple in graph for term in triple):
        raise BadRequest("The record has blank nodes: give every node an IRI under /id/ (records have none).")
    practices = sorted(set(graph.subjects(RDF.type, URIRef(f"{base}/ontology#Practice"))))
    if len(practices) != 1:
        raise BadRequest(f"Send one practice (a icc:Practice) per record; this one has {len(practices)}.")
    foreign = sorted(str(s) for s in set(graph.subjects()) if not str(s).startswith(things_namespace(base)))
    if foreign:
        raise BadRequest(f"A record describes its own things, under {things_namespace(base)}; not {foreign[0]}.")
    namespace = kind_namespace(base, "practice")
    slug = str(practices[0])[len(namespace):] if str(practices[0]).startswith(namespace) else ""
    if not SLUG_RE.match(slug):
        raise BadRequest(f"The practice's IRI must be {namespace}{{slug}}, the slug in lowercase letters, digits "
                         f"and hyphens; not {practices[0]}.")
    return graph, practices[0]


def _rebase(term, base: str):
    if isinstance(term, URIRef) and str(term).startswith(f"{base}/"):
        return URIRef(PLACEHOLDER_BASE + str(term)[len(base):])
    return term


def _rebased(graph: Graph, base: str) -> Graph:
    """The graph under the placeholder base the record files are written against."""
    rebased = bind_prefixes(Graph(), PLACEHOLDER_BASE)
    for triple in graph:
        rebased.add(tuple(_rebase(term, base) for term in triple))
    return rebased


# --- the page, and what it needs -------------------------------------------------------------

def _page(sub: Submission, errors: dict, status: int, general=(), headers=None, more_bodies: bool = False):
    """The form, filled with *sub*, its findings beside their fields."""
    lang, store = language(), current_store()
    offered = choices(store, store.base_iri, lang)
    bodies = list(sub.bodies) or [SubmittedBody()]
    if more_bodies and len(bodies) < MAX_BODIES:
        bodies.append(SubmittedBody())
    city_label = next((c.label for c in offered["cities"] if c.value == sub.city), sub.city)
    body = render("submit.html", store.base_iri, lang, translate("submit_title", lang), sub=sub, bodies=bodies,
                  errors=errors, general=list(general), offered=offered, city_label=city_label,
                  max_bodies=MAX_BODIES, token=make_token(_secret(), FORM_NAME))
    return Response(body, status, content_type=HTML.content_type, headers={"Vary": "Accept-Language", "Cache-Control": "no-store",  # it holds a fresh token
                             **(headers or {})})


def _meta(title: str, lang: str, sent: str, contact: str, via: str, sent_by: str = "") -> dict:
    """What the inbox keeps beside the draft: *sent_by* is public (also in the draft), *contact* private."""
    return {"title": title, "lang": lang, "received": sent, "contact": contact, "via": via, "sent_by": sent_by}


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def _inbox() -> Inbox:
    return Inbox(inbox_directory(current_app.config), int(config("SUBMISSIONS_MAX_PENDING")))


def _secret() -> bytes | str:
    return config("SUBMIT_SECRET") or _inbox().secret()


def _limiter() -> WindowLimiter:
    """The application's count of submissions per client (made on first use; its files are shared by
    the server's workers, in the inbox)."""
    limiter = current_app.extensions.get("icc_submit_limiter")
    if limiter is None:
        limiter = current_app.extensions.setdefault("icc_submit_limiter", WindowLimiter(
            config("SUBMIT_RATE"), config("SUBMIT_RATE_WINDOW"), inbox_directory(current_app.config) / "rate"))
    return limiter
