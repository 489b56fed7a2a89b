"""Label normalisation and matching shared by all readers.

Forms drift: labels get extra spaces, line breaks, colons, other case, a trailing
instruction sentence. Readers compare normalised text, never coordinates.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PUNCT = re.compile(r"[^\w%]+", re.UNICODE)

# Long labels are matched by this many characters of their normalised form.
PREFIX_CHARS = 45

# The same few texts are normalised again and again (a header cell against every column's
# synonyms, a caseworker's name on every registration row, a form's printed guidance in
# every copy of the form): texts up to this many characters are remembered, at most
# NORMALISED_KEPT of them (least recently used go first), so the memory stays bounded
# whatever a file holds. Longer texts (answers, remarks) are normalised each time.
CACHED_CHARS = 320
NORMALISED_KEPT = 8192


def _normalise(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).casefold()
    s = s.replace("_", " ")
    # One pass: a run of anything but letters, digits and % (white space too) becomes one
    # space, so no run of spaces is left to collapse.
    return _PUNCT.sub(" ", s).strip()


_normalise_kept = lru_cache(maxsize=NORMALISED_KEPT)(_normalise)
# ``normalise`` of a str of at most CACHED_CHARS characters: the remembering call itself,
# for the loops that normalise thousands of cell texts per check (the probe).
normalise_short = _normalise_kept


def normalise(text: object) -> str:
    """Lower-case, unify unicode, turn punctuation and line breaks into single spaces."""
    if text is None:
        return ""
    s = text if type(text) is str else str(text)
    return _normalise_kept(s) if len(s) <= CACHED_CHARS else _normalise(s)


def matches(text: object, label: str, *, prefix_chars: int = PREFIX_CHARS) -> bool:
    """True when ``text`` is the label ``label``.

    Short labels must match exactly (after normalisation) so that an answer that merely
    starts with the same word is not taken for the label. Long labels match on a
    distinctive prefix, so an applicant may shorten or extend the instruction text.
    """
    t = normalise(text)
    lab = normalise(label)
    if not t or not lab:
        return False
    if t == lab:
        return True
    if len(lab) < prefix_chars:
        return False
    return t.startswith(lab[:prefix_chars])


def find_label(text: object, labels: dict[str, list[str]]) -> str | None:
    """Return the key whose label list matches ``text`` (first hit wins)."""
    for key, candidates in labels.items():
        for label in candidates:
            if matches(text, label):
                return key
    return None
