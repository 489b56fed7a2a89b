"""Label normalisation and matching shared by all readers.

Forms drift: labels get extra spaces, line breaks, colons, other case, a trailing
instruction sentence. Readers compare normalised text, never coordinates.
"""

from __future__ import annotations

import re
import unicodedata

_PUNCT = re.compile(r"[^\w%]+", re.UNICODE)
_SPACE = re.compile(r"\s+")

# Long labels are matched by this many characters of their normalised form.
PREFIX_CHARS = 45


def normalise(text: object) -> str:
    """Lower-case, unify unicode, turn punctuation and line breaks into single spaces."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text)).casefold()
    s = s.replace("_", " ")
    s = _PUNCT.sub(" ", s)
    return _SPACE.sub(" ", s).strip()


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
