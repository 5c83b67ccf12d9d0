"""Rendering pages for people: the site's layout around a Jinja template, links that keep the
reader's language, and error pages. Every page in both languages (``endpoint.messages``)."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from flask import render_template, request

from icc_graph.iris import doc_path, is_ontology_term, parse_thing

from .context import base_iri
from .messages import LANGUAGES, translate
from .negotiation import language


@dataclass(frozen=True)
class Linker:
    """Turns IRIs into links on this site, keeping an explicit ``?lang=`` across pages."""

    base: str
    lang: str
    pinned: bool  # the language came from ?lang= and must follow the reader

    @classmethod
    def for_request(cls, base: str, lang: str) -> Linker:
        return cls(base, lang, request.args.get("lang") == lang)

    def local(self, path: str, params: dict | None = None, fragment: str = "") -> str:
        """A link on this site; a list value repeats its parameter."""
        query = dict(params or {})
        if self.pinned:
            query["lang"] = self.lang
        url = request.script_root + path + (f"?{urlencode(query, doseq=True)}" if query else "")
        return url + (f"#{fragment}" if fragment else "")

    def bare(self, path: str) -> str:
        """A path on this site without parameters (form actions carry ?lang= as a hidden field)."""
        return request.script_root + path

    def href(self, iri: str) -> str | None:
        """Where a reader goes for *iri*: its document here, the ontology page, or the IRI itself."""
        ref = parse_thing(self.base, iri)
        if ref:
            return self.local(doc_path(ref.kind, ref.slug))
        if is_ontology_term(self.base, iri):
            return self.local("/ontology", fragment=iri.partition("#")[2])
        if iri.startswith(("http://", "https://")):
            return iri
        return None

    def switch(self, lang: str) -> str:
        """This page in another language."""
        args = {key: value for key, value in request.args.items() if key != "lang"}
        args["lang"] = lang
        return request.script_root + request.path + "?" + urlencode(args)


def render(template: str, base: str, lang: str, title: str, **values) -> str:
    """*template* in the site's layout, for a deployment at *base*, in *lang*."""
    return render_template(template, lang=lang, base=base, title=title, languages=LANGUAGES,
                           link=Linker.for_request(base, lang),
                           t=lambda key, **fields: translate(key, lang, **fields), **values)


def render_error(status: int, title: str, message: str) -> str:
    """An error page in the site's layout, for clients that prefer HTML. Reads no store, so it
    also serves when the store is the problem."""
    return render("error.html", base_iri(), language(), title, message=message, status=status)


def error_page(status: int, title_key: str, message: str):
    """A view's answer for a request it cannot serve: the error page and its status."""
    return render_error(status, translate(title_key, language()), message), status
