"""Reform area of a heading or sentence, by diacritic-insensitive keyword rules."""

from __future__ import annotations

import re
from functools import lru_cache

from plankg.loaders.text import fold_diacritics
from plankg.models import ReformArea

# Tried in order: the first area with a matching keyword wins. More specific phrases come
# first ("thủ tục hành chính" before the bare "hành chính" of "hiện đại hóa hành chính").
AREA_KEYWORDS: tuple[tuple[ReformArea, tuple[str, ...]], ...] = (
    (
        ReformArea.DIGITAL_GOVERNMENT,
        (
            "chinh quyen dien tu",
            "chinh quyen so",
            "chinh phu dien tu",
            "chinh phu so",
            "hien dai hoa hanh chinh",
            "hien dai hoa nen hanh chinh",
            "chuyen doi so",
            "cong nghe thong tin",
            "iso",
            "he thong quan ly chat luong",
            "htqlcl",
        ),
    ),
    (ReformArea.PROCEDURES, ("thu tuc hanh chinh", "tthc", "mot cua", "kiem soat thu tuc")),
    (ReformArea.INSTITUTIONS, ("the che", "quy pham phap luat", "vbqppl", "thi hanh phap luat")),
    (ReformArea.PUBLIC_FINANCE, ("tai chinh cong",)),
    (
        ReformArea.ORGANIZATION,
        ("to chuc bo may", "bo may hanh chinh", "bo may nha nuoc", "sap xep to chuc", "to chuc lai bo may"),
    ),
    (
        ReformArea.CIVIL_SERVICE,
        ("cong vu", "cong chuc", "can bo", "vien chuc", "che do cong vu"),
    ),
    (
        ReformArea.DIRECTION,
        ("chi dao", "dieu hanh", "tuyen truyen", "thong tin, tuyen truyen"),
    ),
)
_KEYWORD_RES: tuple[tuple[ReformArea, re.Pattern[str]], ...] = tuple(
    (area, re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b"))
    for area, words in AREA_KEYWORDS
)


@lru_cache(maxsize=4096)  # section headings repeat on every row of their table
def classify_area(heading: str) -> ReformArea | None:
    """The reform area a heading names ("II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH" → procedures), else None.

    >>> classify_area("Phụ lục số 05: Cải cách tài chính công")
    <ReformArea.PUBLIC_FINANCE: 'public_finance'>
    >>> classify_area("IV. XÂY DỰNG VÀ NÂNG CAO CHẤT LƯỢNG ĐỘI NGŨ CÁN BỘ, CÔNG CHỨC").value
    'civil_service'
    >>> classify_area("Nơi nhận") is None
    True
    """
    folded = fold_diacritics(heading)
    for area, pattern in _KEYWORD_RES:
        if pattern.search(folded):
            return area
    return None


__all__ = ["AREA_KEYWORDS", "classify_area"]
