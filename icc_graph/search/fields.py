"""The index's schema and text analysis, shared by the writer and the reader.

Names and summaries are indexed twice, once per language, each with its own stemmer (English,
French) after lower-casing and folding accents, so "rumeurs" finds "Rumeur" and "education" finds
"Éducation". ``prefix`` holds the folded prefixes of every word of the names: the last word
typed matches as a prefix (type-ahead) with one term lookup, at any size.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import tantivy

LANGUAGES = ("en", "fr")
STEMMERS = {"en": "english", "fr": "french"}
MIN_PREFIX, MAX_PREFIX = 2, 20  # prefixes of a word, in characters
WORD_RE = re.compile(r"\w+")

# tokenizer names registered on every index opened or written
ANALYZERS = {f"text_{lang}": STEMMERS[lang] for lang in LANGUAGES}


@lru_cache(maxsize=1 << 16)  # highlighting folds the same words of names again and again
def fold(text: str) -> str:
    """Lower case without accents: what the prefixes are made of and looked up with."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The folded words of *text* (letters and digits; punctuation separates)."""
    return WORD_RE.findall(fold(text))


def normal(text: str) -> str:
    """A name compared as a whole: its folded words, one space apart ("Saint-Étienne" -> "saint etienne")."""
    return " ".join(words(text))


def prefixes(texts) -> list[str]:
    """Every folded prefix (MIN_PREFIX..MAX_PREFIX characters) of every word of *texts*, sorted."""
    found = set()
    for text in texts:
        for word in words(text):
            found.update(word[:n] for n in range(MIN_PREFIX, min(len(word), MAX_PREFIX) + 1))
            if len(word) < MIN_PREFIX:
                found.add(word)
    return sorted(found)


def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    for name in ("iri", "kind", "slug"):
        builder.add_text_field(name, stored=True, tokenizer_name="raw")
    for lang in LANGUAGES:
        builder.add_text_field(f"label_{lang}", stored=True, tokenizer_name="raw", index_option="basic")
        builder.add_text_field(f"names_{lang}", stored=True, tokenizer_name=f"text_{lang}")
        builder.add_text_field(f"summary_{lang}", stored=True, tokenizer_name=f"text_{lang}")
    builder.add_text_field("prefix", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("folded", stored=True, tokenizer_name="raw", index_option="basic")  # whole names
    # links, as slugs: the filters and the reconciliation's properties
    for name in ("topic", "country", "city", "year"):
        builder.add_text_field(name, stored=True, tokenizer_name="raw", index_option="basic")
    return builder.build()


def register_analyzers(index: tantivy.Index) -> None:
    """Tokenizers are not stored in the index: every writer and reader registers them."""
    for name, stemmer in ANALYZERS.items():
        index.register_tokenizer(name, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
                                 .filter(tantivy.Filter.lowercase())
                                 .filter(tantivy.Filter.ascii_fold())
                                 .filter(tantivy.Filter.stemmer(stemmer))
                                 .build())
