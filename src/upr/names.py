"""Name normalisation and fuzzy suggestions shared by every lookup table."""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_APOSTROPHES = str.maketrans(
    # letters NFKD does not decompose (Vietnamese đ) are mapped by hand
    {"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u0111": "d", "\u0110": "D"}
)
_NON_WORD = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=1 << 16)
def normalise(name: str) -> str:
    """Lower-case, accent-free, punctuation-free form of a name used as a lookup key.

    ``"Côte d’Ivoire"`` and ``"Cote d'Ivoire"`` normalise alike; HTML entities
    (``&#40;``) are decoded first, as exports contain them.
    """
    text = html.unescape(name) if "&" in name else name
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
        text = "".join(c for c in text if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", text.lower()).strip()


def closest(name: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The ``n`` candidates most similar to ``name`` (for error messages)."""
    pool = list(dict.fromkeys(candidates))
    keyed = {normalise(c): c for c in pool}
    hits = difflib.get_close_matches(normalise(name), list(keyed), n=n, cutoff=0.5)
    return [keyed[h] for h in hits]
