"""Province gazetteer: canonical names, aliases and the 2025 mergers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

from plankg.loaders.text import fold_diacritics


@dataclass(frozen=True)
class Province:
    name: str  # canonical, e.g. "Thanh Hóa"
    kind: str  # "tỉnh" | "thành phố"
    aliases: tuple[str, ...]
    merged_into: str | None  # post-2025 province, when merged


@cache
def provinces() -> tuple[Province, ...]:
    rows = files("plankg.loaders").joinpath("data/provinces.tsv").read_text(encoding="utf-8")
    result = []
    for line in rows.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, kind, aliases, merged = ([*line.split("\t"), "", "", ""])[:4]
        result.append(Province(name, kind, tuple(a for a in aliases.split("|") if a), merged.strip() or None))
    return tuple(result)


@cache
def _folded_index() -> dict[str, Province]:
    index: dict[str, Province] = {}
    for province in provinces():
        for form in (province.name, *province.aliases):
            index[_fold(form)] = province
    return index


_SEPARATORS_RE = re.compile(r"[\s.\-]+")


def _fold(text: str) -> str:
    return _SEPARATORS_RE.sub(" ", fold_diacritics(text)).strip()


@cache
def _names_re() -> re.Pattern[str]:
    forms = sorted(_folded_index(), key=len, reverse=True)
    return re.compile(r"(?<![a-z])(" + "|".join(re.escape(f) for f in forms) + r")(?![a-z])")


@lru_cache(maxsize=4096)  # asked for every trailing word group of every agency cell
def canonical_province(name: str) -> str | None:
    """Canonical province name for a written form ("Thanh Hoá" → "Thanh Hóa"), or None."""
    found = _folded_index().get(_fold(name))
    return found.name if found else None


def find_province(text: str) -> str | None:
    """First province named in `text` (diacritic- and case-insensitive)."""
    match = _names_re().search(_fold(text))
    return _folded_index()[match.group(1)].name if match else None
