"""A body as a card: its kind, members, women among them, nationalities, what it does, the
instrument behind it and the recommendations it is subject to."""
from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup
from rdflib import RDF

from ..charts import share_bar
from ..display import Value
from ..facets import Label
from ..messages import translate
from .reading import ORG, Facts, Reader, boolean, number


@dataclass
class BodyCard:
    body: Value
    kinds: list[Value]
    members: int | None = None
    women: int | None = None
    women_bar: Markup | None = None
    foreign_born: int | None = None
    dual_nationals: int | None = None
    nationalities: list[Value] = field(default_factory=list)
    purposes: list[Value] = field(default_factory=list)
    provided_for_by: list[Value] = field(default_factory=list)
    recommendations: list[Value] = field(default_factory=list)
    member_groups: list[Value] = field(default_factory=list)
    jurisdictions: list[Value] = field(default_factory=list)
    compulsory: bool | None = None

    @property
    def anchor(self) -> str:
        """The card's id on the page: its body's slug."""
        return "body-" + (self.body.iri or "").rsplit("/", 1)[-1]


def body_cards(reader: Reader, bodies: list[str], facts: Facts, names: dict[str, Label]) -> list[BodyCard]:
    """The cards of *bodies* (IRIs) from *facts* and *names* (:meth:`Reader.described`): the bodies
    with the most members first, then by name."""
    icc = reader.icc
    cards = []
    for body in bodies:
        members, women = number(facts.first(body, icc("memberCount"))), number(facts.first(body, icc("womenMemberCount")))
        card = BodyCard(
            body=reader.value(body, names),
            kinds=reader.values([t for t in facts.iris(body, str(RDF.type)) if t.startswith(icc(""))], names),
            members=members, women=women,
            foreign_born=number(facts.first(body, icc("foreignBornMemberCount"))),
            dual_nationals=number(facts.first(body, icc("dualNationalMemberCount"))),
            nationalities=reader.values(facts.iris(body, icc("representsNationality")), names),
            purposes=reader.texts(facts.values(body, ORG + "purpose")),
            provided_for_by=reader.values(facts.iris(body, icc("providedForBy")), names),
            recommendations=reader.values(facts.iris(body, icc("subjectTo")), names),
            member_groups=reader.values([g for m in facts.iris(body, ORG + "hasMembership")
                                         for g in facts.iris(m, ORG + "member")], names),
            jurisdictions=reader.values(facts.iris(body, icc("jurisdiction")), names),
            compulsory=boolean(facts.first(body, icc("compulsory"))),
        )
        if members and women is not None:
            card.women_bar = share_bar(women, members, translate("women_of_members", reader.lang,
                                                                 women=women, members=members))
        cards.append(card)
    cards.sort(key=lambda card: (-(card.members or 0), card.body.text.casefold()))
    return cards
