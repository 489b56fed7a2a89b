"""Which pool a document names: its title (application title, budget title row, project
data's title cell, the module sheets' top line) against every installed pool's titles.

``named_pools(texts)`` -> the ids of the pools whose ``[detect] titles`` occur in the first
texts of a document (normalised, lower case). Used by the pipeline before a file is checked;
``choose`` decides between an explicit choice, what the documents say and the default.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from hir_docs.pools import DEFAULT_POOL, all_pools

TITLE_TEXTS = 6  # a document's title is among its first texts (paragraphs or rows)


def named_pools(texts: Sequence[str]) -> tuple[str, ...]:
    """The installed pools whose titles occur in the first of a document's first texts that
    names any (its title; a project name below it that mentions another pool's words, say
    "håndholdt indsats i ressourceforløb", does not make the title ambiguous)."""
    pools = all_pools()
    for text in texts[:TITLE_TEXTS]:
        low = text.lower()
        named = tuple(pool.id for pool in pools if any(title in low for title in pool.titles))
        if named:
            return named
    return ()


@dataclass(frozen=True)
class Choice:
    pool: str  # the pool the document is checked against
    how: str  # "explicit" | "document" | "submission" | "default"
    named: tuple[str, ...] = ()  # the pools the document's title names
    installed: int = 1  # how many pools were installed

    @property
    def ambiguous(self) -> bool:
        """Another pool could have been meant: the title named several, or none while
        several pools are installed (and neither --pool nor the application decided)."""
        if self.how in ("explicit", "submission"):
            return False
        return len(self.named) > 1 or (not self.named and self.installed > 1)


def choose(explicit: str | None, named: Iterable[str], submission: str | None = None) -> Choice:
    named = tuple(named)
    installed = len(all_pools())
    if explicit:
        return Choice(explicit, "explicit", named, installed)
    if len(named) == 1:
        return Choice(named[0], "document", named, installed)
    if submission and (not named or submission in named):
        return Choice(submission, "submission", named, installed)
    if DEFAULT_POOL in named or not named:
        return Choice(DEFAULT_POOL, "default", named, installed)
    return Choice(named[0], "default", named, installed)
