"""The submissions inbox: drafts sent through ``/submit`` wait here, outside ``data/``, for a curator.

Layout (every file written to a temporary name, then renamed: a crash leaves no half-written file)::

    {inbox}/pending/{id}.ttl   the draft record, the text ``accept`` moves into data/practices/
    {inbox}/pending/{id}.json  what the receipt shows and the curator reads: status, slug, title,
                               when it was received, the sender's contact (never published)
    {inbox}/decided/{id}.json  the same, once accepted or rejected (with the reason)
    {inbox}/decided/{id}.ttl   a rejected draft, kept

An id is random and unguessable (the receipt's address is its only key). At most *max_pending*
drafts wait at once: one more raises :class:`InboxFull`. Taking a draft and counting the pending
ones happen under one ``flock``, which the server's worker processes share.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import InboxFull, SubmissionConflict, UnknownSubmission
from ..importers.records import write_text

ID_RE = re.compile(r"^[A-Za-z0-9_-]{16}$")
RECEIVED, ACCEPTED, REJECTED = "received", "accepted", "rejected"
INBOX_FULL = "The inbox already holds {} submissions waiting for a curator. Please send yours again in a few days."


def default_directory(dist_dir: str | os.PathLike) -> Path:
    """Where the inbox is when ``SUBMISSIONS_DIR`` names none: ``submissions/`` beside the releases."""
    return Path(dist_dir) / "submissions"


def inbox_directory(settings) -> Path:
    """The inbox of a deployment's settings (``SUBMISSIONS_DIR``, else :func:`default_directory`)."""
    return Path(settings.get("SUBMISSIONS_DIR") or default_directory(settings["DIST_DIR"]))


class Inbox:
    def __init__(self, directory: str | os.PathLike, max_pending: int):
        self.directory, self.max_pending = Path(directory), int(max_pending)
        self.pending, self.decided = self.directory / "pending", self.directory / "decided"

    # --- the sender's side -------------------------------------------------------------------

    def add(self, slug: str, text: str, meta: dict, new_id: str | None = None) -> str:
        """Keep the draft *text* of practice *slug*; its id. Refused when the inbox is full or another
        pending draft is the same practice."""
        with self._locked():
            if self.full():
                raise InboxFull(INBOX_FULL.format(self.max_pending))
            if slug in self.pending_slugs():
                raise SubmissionConflict(f"A practice with the address /id/practice/{slug} is already waiting "
                                         "for a curator; send it once only, or give it another title.")
            submission_id = new_id or self.new_id()
            write_text(self.pending / f"{submission_id}.ttl", text)
            _write_json(self.pending / f"{submission_id}.json",
                        {**meta, "id": submission_id, "slug": slug, "status": RECEIVED})
            return submission_id

    def full(self) -> bool:
        """Whether one more draft would be refused (checked again, under the lock, by :meth:`add`)."""
        return self.pending.is_dir() and sum(1 for _ in self.pending.glob("*.ttl")) >= self.max_pending

    @staticmethod
    def new_id() -> str:
        return secrets.token_urlsafe(12)

    def status(self, submission_id: str) -> dict | None:
        """What the receipt shows about *submission_id*; None when there is no such submission."""
        if not ID_RE.match(submission_id or ""):
            return None
        for folder in (self.pending, self.decided):
            path = folder / f"{submission_id}.json"
            if path.is_file():
                return json.loads(path.read_text(encoding="utf-8"))
        return None

    def pending_slugs(self) -> set[str]:
        return {meta["slug"] for meta in self._metas(self.pending)}

    # --- the curator's side ------------------------------------------------------------------

    def list(self) -> list[dict]:
        """Every submission, pending first, each group oldest first."""
        return [*sorted(self._metas(self.pending), key=_received), *sorted(self._metas(self.decided), key=_received)]

    def draft(self, submission_id: str) -> str:
        meta = self.status(submission_id)
        if meta is None:
            raise UnknownSubmission(f"No submission has the id {submission_id!r}.")
        folder = self.pending if meta["status"] == RECEIVED else self.decided
        path = folder / f"{submission_id}.ttl"
        return path.read_text(encoding="utf-8") if path.is_file() else ""

    def accept(self, submission_id: str, practices_dir: Path, decided_at: str) -> Path:
        """Move the draft into *practices_dir* as ``{slug}.ttl``; the record file written."""
        with self._locked():
            meta = self._pending_meta(submission_id)
            target = Path(practices_dir) / f"{meta['slug']}.ttl"
            if target.exists():
                raise SubmissionConflict(f"{target} already exists: practice {meta['slug']} is taken. "
                                         "Reject this submission, or rename the draft's practice and accept again.")
            write_text(target, (self.pending / f"{submission_id}.ttl").read_text(encoding="utf-8"))
            self._decide(meta, ACCEPTED, decided_at, file=str(target))
            (self.pending / f"{submission_id}.ttl").unlink()
            return target

    def reject(self, submission_id: str, reason: str, decided_at: str) -> None:
        with self._locked():
            meta = self._pending_meta(submission_id)
            os.replace(self.pending / f"{submission_id}.ttl", self.decided / f"{submission_id}.ttl")
            self._decide(meta, REJECTED, decided_at, reason=reason)

    # --- inside ------------------------------------------------------------------------------

    def _pending_meta(self, submission_id: str) -> dict:
        meta = self.status(submission_id)
        if meta is None:
            raise UnknownSubmission(f"No submission has the id {submission_id!r}.")
        if meta["status"] != RECEIVED:
            raise UnknownSubmission(f"Submission {submission_id} was already {meta['status']}.")
        return meta

    def _decide(self, meta: dict, status: str, decided_at: str, **extra) -> None:
        _write_json(self.decided / f"{meta['id']}.json", {**meta, "status": status, "decided": decided_at, **extra})
        (self.pending / f"{meta['id']}.json").unlink()

    def _metas(self, folder: Path) -> Iterator[dict]:
        for path in folder.glob("*.json") if folder.is_dir() else ():
            yield json.loads(path.read_text(encoding="utf-8"))

    @contextmanager
    def _locked(self):
        for folder in (self.pending, self.decided):
            folder.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.directory / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)  # closing the file releases its lock

    def secret(self) -> bytes:
        """A random secret kept in the inbox, made once: what signs the form's tokens when the
        deployment sets none (the server's workers all read the same one)."""
        path = self.directory / ".secret"
        if not path.is_file():
            self.directory.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".secret.{os.getpid()}.tmp")
            tmp.write_bytes(secrets.token_bytes(32))
            os.chmod(tmp, 0o600)
            try:
                os.link(tmp, path)  # the first worker's secret wins; the others read it
            except FileExistsError:
                pass
            tmp.unlink()
        return path.read_bytes()


def _received(meta: dict) -> tuple[str, str]:
    return meta.get("received", ""), meta["id"]


def _write_json(path: Path, value: dict) -> None:
    write_text(path, json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
