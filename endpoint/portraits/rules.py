"""Eligibility rules as the rows of a rights table: who, may or may not do what, on which
condition, under which law."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..display import Value
from ..messages import translate
from ..facets import Label
from .reading import Facts, Reader, boolean, number

DURATION_RE = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$")


@dataclass
class Condition:
    text: str                    # in the page's language
    value: Value | None = None   # the thing or literal the condition names, shown after the text


@dataclass
class RuleRow:
    rule: Value
    who: list[Value]
    right: list[Value]
    permitted: bool | None
    conditions: list[Condition] = field(default_factory=list)
    laws: list[Value] = field(default_factory=list)
    jurisdictions: list[Value] = field(default_factory=list)
    through: list[Value] = field(default_factory=list)


def duration(text: str, lang: str) -> str:
    """An xsd:duration of years, months or days in words ("P3Y" -> "3 years"); else as written."""
    match = DURATION_RE.match(text)
    if not match or not any(match.groups()):
        return text
    parts = []
    for amount, unit in zip(match.groups(), ("years", "months", "days")):
        if amount:
            key = f"duration_{unit}" + ("_one" if int(amount) == 1 else "")
            parts.append(translate(key, lang, n=int(amount)))
    return " ".join(parts)


def rule_rows(reader: Reader, rules: list[str], facts: Facts, names: dict[str, Label]) -> list[RuleRow]:
    """The rows of *rules* (IRIs) from *facts* and *names* (:meth:`Reader.described`), grouped by
    right, the permitted ones first."""
    icc, lang = reader.icc, reader.lang
    rows = []
    for rule in rules:
        conditions = []
        age = number(facts.first(rule, icc("minimumAge")))
        if age is not None:
            conditions.append(Condition(translate("condition_age", lang, n=age)))
        for country in facts.iris(rule, icc("requiredNationality")):
            conditions.append(Condition(translate("condition_nationality", lang), reader.value(country, names)))
        status = reader.text(facts.values(rule, icc("requiredResidenceStatus")))
        if status:
            conditions.append(Condition(translate("condition_residence", lang), status))
        for period in facts.values(rule, icc("waitingPeriod")):
            conditions.append(Condition(translate("condition_waiting", lang, period=duration(str(period), lang))))
        stated = reader.text(facts.values(rule, icc("condition")))
        if stated:
            conditions.append(Condition("", stated))
        if boolean(facts.first(rule, icc("institutionallyGuaranteed"))):
            conditions.append(Condition(translate("condition_guaranteed", lang)))
        rows.append(RuleRow(
            rule=reader.value(rule, names),
            who=reader.values(facts.iris(rule, icc("appliesTo")), names),
            right=reader.values(facts.iris(rule, icc("right")), names),
            permitted=boolean(facts.first(rule, icc("permitted"))),
            conditions=conditions,
            laws=reader.values(facts.iris(rule, icc("legalBasis")), names),
            jurisdictions=reader.values(facts.iris(rule, icc("jurisdiction")), names),
            through=reader.values(facts.iris(rule, icc("exercisedThrough")), names),
        ))
    rows.sort(key=lambda row: ([v.text.casefold() for v in row.right], row.permitted is not True, row.rule.text))
    return rows
