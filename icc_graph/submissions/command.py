"""``icc-graph submissions list | show ID | accept ID | reject ID --reason TEXT``: the curator's side
of the inbox. ``accept`` moves the draft into ``data/practices/``; the next build publishes it."""
from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from .. import settings
from .inbox import Inbox, default_directory

EXIT_OK, EXIT_USAGE = 0, 2


def add_parser(sub) -> None:
    parser = sub.add_parser("submissions", help="practices sent through /submit: `submissions list`, "
                                                "`show ID`, `accept ID`, `reject ID --reason TEXT`")
    parser.add_argument("--inbox", default=settings.load()["SUBMISSIONS_DIR"],
                        help="the inbox (ICC_SUBMISSIONS_DIR; default: DIST/submissions)")
    actions = parser.add_subparsers(dest="action", required=True, metavar="list|show|accept|reject")
    actions.add_parser("list", help="every submission: id, status, when received, practice, title")
    for name, text in (("show", "a submission's details and its draft record"),
                       ("accept", "move the draft into DATA/practices/ (awaiting curation)"),
                       ("reject", "refuse it; the sender's receipt shows the reason")):
        action = actions.add_parser(name, help=text)
        action.add_argument("id", metavar="ID")
        if name == "reject":
            action.add_argument("--reason", required=True, help="why, in words the sender reads")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    inbox = Inbox(args.inbox or default_directory(args.dist), settings.load()["SUBMISSIONS_MAX_PENDING"])
    now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    if args.action == "list":
        for meta in inbox.list():
            print(f"{meta['id']}  {meta['status']:<8}  {meta.get('received', '')}  {meta['slug']}  {meta.get('title', '')}")
        return EXIT_OK
    if args.action == "show":
        text = inbox.draft(args.id)  # UnknownSubmission when there is none
        for key, value in sorted(inbox.status(args.id).items()):
            print(f"{key}: {value}")
        print()
        print(text, end="")
        return EXIT_OK
    if args.action == "accept":
        target = inbox.accept(args.id, Path(args.data) / "practices", now)
        print(f"accepted {args.id}: wrote {target}, awaiting curation; `icc-graph build` publishes it")
        return EXIT_OK
    if not args.reason.strip():
        print("error: --reason says why, in words the sender reads; it cannot be empty", file=sys.stderr)
        return EXIT_USAGE
    inbox.reject(args.id, args.reason.strip(), now)
    print(f"rejected {args.id}: {args.reason.strip()}")
    return EXIT_OK
