"""Regex constants and code tables for legal citations and relation cues.

Everything here is compiled once at import. Patterns run on text flattened by
`clean_for_matching` (no line breaks, tabs or markdown bold), and every quantifier
is bounded so that no input can make them backtrack catastrophically.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# ---------------------------------------------------------------------------
# Code tables
# ---------------------------------------------------------------------------

# Type abbreviation → document type (NĐ 30/2020 Phụ lục III, plus normative types).
TYPE_CODES: dict[str, str] = {
    "NĐ": "Nghị định",
    "QĐ": "Quyết định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "NQ": "Nghị quyết",
    "NQLT": "Nghị quyết liên tịch",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "CĐ": "Công điện",
    "KH": "Kế hoạch",
    "BC": "Báo cáo",
    "TTr": "Tờ trình",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "CTr": "Chương trình",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "PA": "Phương án",
    "BB": "Biên bản",
    "HĐ": "Hợp đồng",
    "TC": "Thông cáo",
    "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu",
    "GUQ": "Giấy ủy quyền",
    "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận",
    "GNP": "Giấy nghỉ phép",
    "PG": "Phiếu gửi",
    "PC": "Phiếu chuyển",
    "PB": "Phiếu báo",
    "CV": "Công văn",
    "VBHN": "Văn bản hợp nhất",
    "PL": "Pháp lệnh",
    "L": "Lệnh",
}

# ASCII spellings folded to Đ only where the ASCII form is not itself a valid code.
TYPE_FOLD: dict[str, str] = {"ND": "NĐ", "QD": "QĐ", "CD": "CĐ", "QyD": "QyĐ", "NQLT": "NQLT"}

# Party document types (n-TYPE/BODY).
PARTY_TYPES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "QyĐ": "Quy định",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "KH": "Kế hoạch",
    "BC": "Báo cáo",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "TTr": "Tờ trình",
    "QC": "Quy chế",
    "CTr": "Chương trình",
    "ĐA": "Đề án",
    "TT": "Thông tri",
    "CV": "Công văn",
}


@dataclass(frozen=True)
class Issuer:
    name: str
    local: bool  # issued inside one province (scope = province slug)


# Issuer / organisation codes (issuer slot of state ids, org slot of công văn ids).
ISSUERS: dict[str, Issuer] = {
    # national
    "CP": Issuer("Chính phủ", False),
    "TTg": Issuer("Thủ tướng Chính phủ", False),
    "VPCP": Issuer("Văn phòng Chính phủ", False),
    "CTN": Issuer("Chủ tịch nước", False),
    "UBTVQH": Issuer("Ủy ban Thường vụ Quốc hội", False),
    "VPQH": Issuer("Văn phòng Quốc hội", False),
    "BNV": Issuer("Bộ Nội vụ", False),
    "BTC": Issuer("Bộ Tài chính", False),
    "BTP": Issuer("Bộ Tư pháp", False),
    "BCA": Issuer("Bộ Công an", False),
    "BQP": Issuer("Bộ Quốc phòng", False),
    "BNG": Issuer("Bộ Ngoại giao", False),
    "BKHĐT": Issuer("Bộ Kế hoạch và Đầu tư", False),
    "BCT": Issuer("Bộ Công Thương", False),
    "BGDĐT": Issuer("Bộ Giáo dục và Đào tạo", False),
    "BYT": Issuer("Bộ Y tế", False),
    "BLĐTBXH": Issuer("Bộ Lao động - Thương binh và Xã hội", False),
    "BNNPTNT": Issuer("Bộ Nông nghiệp và Phát triển nông thôn", False),
    "BNNMT": Issuer("Bộ Nông nghiệp và Môi trường", False),
    "BTNMT": Issuer("Bộ Tài nguyên và Môi trường", False),
    "BXD": Issuer("Bộ Xây dựng", False),
    "BGTVT": Issuer("Bộ Giao thông vận tải", False),
    "BTTTT": Issuer("Bộ Thông tin và Truyền thông", False),
    "BKHCN": Issuer("Bộ Khoa học và Công nghệ", False),
    "BVHTTDL": Issuer("Bộ Văn hóa, Thể thao và Du lịch", False),
    "BDTTG": Issuer("Bộ Dân tộc và Tôn giáo", False),
    "UBDT": Issuer("Ủy ban Dân tộc", False),
    "NHNN": Issuer("Ngân hàng Nhà nước Việt Nam", False),
    "TTCP": Issuer("Thanh tra Chính phủ", False),
    "KTNN": Issuer("Kiểm toán nhà nước", False),
    "TANDTC": Issuer("Tòa án nhân dân tối cao", False),
    "VKSNDTC": Issuer("Viện kiểm sát nhân dân tối cao", False),
    "BHXH": Issuer("Bảo hiểm xã hội Việt Nam", False),
    "BCĐ": Issuer("Ban Chỉ đạo", False),
    # provincial (also district / commune bodies in other corpora)
    "UBND": Issuer("Ủy ban nhân dân", True),
    "HĐND": Issuer("Hội đồng nhân dân", True),
    "VPUBND": Issuer("Văn phòng UBND", True),
    "SNV": Issuer("Sở Nội vụ", True),
    "STC": Issuer("Sở Tài chính", True),
    "STP": Issuer("Sở Tư pháp", True),
    "SKHĐT": Issuer("Sở Kế hoạch và Đầu tư", True),
    "SKHCN": Issuer("Sở Khoa học và Công nghệ", True),
    "STTTT": Issuer("Sở Thông tin và Truyền thông", True),
    "SYT": Issuer("Sở Y tế", True),
    "SGDĐT": Issuer("Sở Giáo dục và Đào tạo", True),
    "SXD": Issuer("Sở Xây dựng", True),
    "SCT": Issuer("Sở Công Thương", True),
    "SNNPTNT": Issuer("Sở Nông nghiệp và Phát triển nông thôn", True),
    "SNNMT": Issuer("Sở Nông nghiệp và Môi trường", True),
    "STNMT": Issuer("Sở Tài nguyên và Môi trường", True),
    "SVHTTDL": Issuer("Sở Văn hóa, Thể thao và Du lịch", True),
    "SVHTT": Issuer("Sở Văn hóa và Thể thao", True),
    "SLĐTBXH": Issuer("Sở Lao động - Thương binh và Xã hội", True),
    "SGTVT": Issuer("Sở Giao thông vận tải", True),
    "SDTTG": Issuer("Sở Dân tộc và Tôn giáo", True),
    "SNgV": Issuer("Sở Ngoại vụ", True),
    "BQL": Issuer("Ban Quản lý", True),
    "BDT": Issuer("Ban Dân tộc", True),
    "TU": Issuer("Tỉnh ủy", True),
    "HU": Issuer("Huyện ủy", True),
    "TW": Issuer("Ban Chấp hành Trung ương Đảng", False),
}

# Party bodies (n-TYPE/BODY); local ones are scoped to the citing province.
PARTY_BODIES: dict[str, Issuer] = {
    "TW": Issuer("Ban Chấp hành Trung ương Đảng", False),
    "VPTW": Issuer("Văn phòng Trung ương Đảng", False),
    "BTCTW": Issuer("Ban Tổ chức Trung ương", False),
    "BTGTW": Issuer("Ban Tuyên giáo Trung ương", False),
    "BTGDVTW": Issuer("Ban Tuyên giáo và Dân vận Trung ương", False),
    "BDVTW": Issuer("Ban Dân vận Trung ương", False),
    "BNCTW": Issuer("Ban Nội chính Trung ương", False),
    "UBKTTW": Issuer("Ủy ban Kiểm tra Trung ương", False),
    "ĐUCP": Issuer("Đảng ủy Chính phủ", False),
    "TU": Issuer("Tỉnh ủy", True),
    "TƯ": Issuer("Tỉnh ủy", True),
    "HU": Issuer("Huyện ủy", True),
    "QU": Issuer("Quận ủy", True),
    "ThU": Issuer("Thành ủy", True),
    "ĐU": Issuer("Đảng ủy", True),
    "ĐUK": Issuer("Đảng ủy khối", True),
    "BCSĐ": Issuer("Ban cán sự đảng", True),
    "BTCTU": Issuer("Ban Tổ chức Tỉnh ủy", True),
    "BTGTU": Issuer("Ban Tuyên giáo Tỉnh ủy", True),
    "BDVTU": Issuer("Ban Dân vận Tỉnh ủy", True),
    "UBKTTU": Issuer("Ủy ban Kiểm tra Tỉnh ủy", True),
    "VPTU": Issuer("Văn phòng Tỉnh ủy", True),
}

# Unit codes of a Sở (công văn org slot) that are not listed above: S + 1-7 capitals.
SO_CODE_RE = re.compile(r"S[A-ZĐ][A-ZĐa-z]{0,6}")

# Spoken type words → document type, for mentions without a type code (công văn, laws).
TYPE_WORDS: dict[str, str] = {
    "nghị định": "Nghị định",
    "quyết định": "Quyết định",
    "thông tư liên tịch": "Thông tư liên tịch",
    "thông tư": "Thông tư",
    "nghị quyết liên tịch": "Nghị quyết liên tịch",
    "nghị quyết": "Nghị quyết",
    "chỉ thị": "Chỉ thị",
    "kết luận": "Kết luận",
    "công điện": "Công điện",
    "kế hoạch": "Kế hoạch",
    "báo cáo": "Báo cáo",
    "tờ trình": "Tờ trình",
    "công văn": "Công văn",
    "văn bản": "Công văn",
    "thông báo": "Thông báo",
    "hướng dẫn": "Hướng dẫn",
    "quy định": "Quy định",
    "quy chế": "Quy chế",
    "chương trình": "Chương trình",
    "đề án": "Đề án",
    "luật": "Luật",
    "bộ luật": "Bộ luật",
    "pháp lệnh": "Pháp lệnh",
    "hiến pháp": "Hiến pháp",
    "lệnh": "Lệnh",
    "thông tri": "Thông tri",
}

# ---------------------------------------------------------------------------
# Identifier patterns
# ---------------------------------------------------------------------------

_S = r"[ \xa0]{0,3}"  # tolerated spaces inside an id (line breaks are already spaces)
_NUM = r"\d{1,5}[a-z]?"
_YEAR = r"(?:19|20)\d\d"
# one code token: starts with a capital (or an OCR digit glued to capitals: 1BND)
_TOK = r"(?:[A-ZĐ]|\d(?=[A-ZĐ]))[A-ZĐ0-9]{0,11}(?:[a-z][A-ZĐ0-9]{0,5})?(?:&[A-ZĐ0-9]{1,10}){0,3}"
_CODE = rf"{_TOK}(?:{_S}-{_S}{_TOK}){{1,3}}"
_PTYPE = "|".join(sorted((*PARTY_TYPES, "QD", "QyD"), key=len, reverse=True))
_PBODY = r"[A-ZĐƯ][A-ZĐƯa-z]{0,7}"
_END = r"(?![\w&])"
_START = r"(?<![\w/.,&-])"

# Applied in this order at each position: malformed OCR number, law, typed/công văn, Party.
ID_RE = re.compile(
    _START
    + r"(?=\d)(?:"  # every form starts with a digit: the lookahead lets the scan skip fast
    + rf"(?P<e_n1>\d{{1,3}})/(?P<e_n2>\d{{1,3}})/(?P<e_year>{_YEAR})/{_S}(?P<e_code>{_CODE}){_END}"
    + rf"|(?P<l_num>\d{{1,4}}){_S}/{_S}(?P<l_year>{_YEAR}){_S}/{_S}(?P<l_body>(?:UBTVQH|QH)\d{{1,2}}){_END}"
    + rf"|(?P<a_nums>{_NUM}(?:{_S},{_S}{_NUM}){{0,9}}){_S}(?:/{_S}(?P<a_year>{_YEAR}){_S})?"
    + rf"/{_S}(?P<a_code>{_CODE}){_END}"
    + rf"|(?P<p_num>{_NUM})(?P<p_sep>{_S}-{_S}|[ \xa0]{{1,2}})(?P<p_type>{_PTYPE}){_S}/{_S}"
    + rf"(?P<p_body>{_PBODY}){_END}"
    + r")"
)
NUM_RE = re.compile(_NUM)
CODE_SPLIT_RE = re.compile(rf"{_S}-{_S}")

# Type word (and "số") right before an id: matched against the text preceding the id.
_TYPE_WORD_ALT = "|".join(sorted((w.replace(" ", r"\s{1,3}") for w in TYPE_WORDS), key=len, reverse=True))
TYPE_WORD_BEFORE_RE = re.compile(
    rf"(?P<word>{_TYPE_WORD_ALT})?[\s.]{{0,3}}(?P<so>số|sô|sồ|sà|so)?\s{{0,2}}[:.]?\s{{0,3}}$",
    re.IGNORECASE,
)

# The document's own number in its header: a line "Số: 5476 /QĐ-UBND" (also blank drafts).
OWN_NUMBER_LINE_RE = re.compile(r"(?m)^[ \t*_|#]{0,6}S[ốỐ]\s{0,3}[:.]?[ \t]{0,6}(?=\S)")
HEADER_MAX_LINES = 40
# "(Ban hành kèm theo Quyết định số …)" opening a line: the attachment's own promulgator.
ATTACHMENT_LINE_RE = re.compile(r"(?m)^[ \t*_(|]{0,6}(?:ban\s+hành\s+)?kèm\s+theo\b", re.IGNORECASE)

# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

_DMY = (
    r"(?P<d>\d{1,2})\s{0,2}[/.-]\s{0,2}(?P<m>\d{1,2})\s{0,2}[/.-]\s{0,2}(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s{1,3}tháng\s{1,3}(?P<m2>\d{1,2})\s{1,3}năm\s{1,3}(?P<y2>\d{4})"
)
DATE_RE = re.compile(_DMY)
# date right after an id: "ngày 14/9/2020", "ngày. 08/11/2011", "ngày 07 tháng 12 năm 2020"
DATE_AFTER_RE = re.compile(rf"[\s,(]{{0,3}}(?:ban\s+hành\s+)?ngày\s{{0,2}}[.:,]?\s{{0,3}}(?:{_DMY})")
YEAR_AFTER_RE = re.compile(r"\s{0,3},?\s{0,2}năm\s{1,3}(?P<y>(?:19|20)\d\d)\b")
# "của <issuer phrase>" after an id (and its date): stops before the title
ISSUER_TAIL_RE = re.compile(
    r"\s{0,3},?\s{0,2}của\s{1,3}(?P<tail>[^;.,()“”\"]{1,80}?)"
    r"(?=\s(?:về|quy\s+định|ban\s+hành|hướng\s+dẫn|phê\s+duyệt|sửa\s+đổi|thực\s+hiện)\b|[;.,()“”\"]|$)"
)

# ---------------------------------------------------------------------------
# Laws cited by name
# ---------------------------------------------------------------------------

# "Luật sửa đổi, bổ sung một số điều của" — the amended laws follow.
AMENDING_LAW_PREFIX_RE = re.compile(
    r"Luật\s{1,3}sửa\s{1,3}đổi\s{0,2},?\s{0,3}bổ\s{1,3}sung\s{1,3}(?:một\s{1,3}số\s{1,3}điều\s{1,3})?"
    r"(?:của\s{1,3})?(?:các\s{1,3})?",
    re.IGNORECASE,
)
# An unknown law name: "Luật" + capitalised word + up to 9 more words, up to a stop word.
UNKNOWN_LAW_RE = re.compile(
    r"(?<![\w])(?P<word>Bộ\s{1,3}luật|Luật)\s{1,3}(?P<name>[A-ZĐÀ-Ỹ][^\s,;.:()“”\"]{0,20}"
    r"(?:\s{1,3}[^\s,;.:()“”\"]{1,20}){0,9}?)"
    r"(?=\s{0,3}(?:[,;.:()“”\"]|$)|\s{1,3}(?:ngày|số|năm|và|của|đã|được|sửa|quy|về|tại|thì|có|để|nhằm|"
    r"theo|trong|đối|cho|với|hiện|mới|này|hướng|thi|đều|là|gồm|trên|phải|\d))"
)
LAW_BILL_BEFORE_RE = re.compile(
    r"(?:dự\s{1,3}án|dự\s{1,3}thảo|đề\s{1,3}nghị\s{1,3}xây\s{1,3}dựng)\s{1,3}$", re.IGNORECASE
)
LAW_AMENDED_QUALIFIER_RE = re.compile(r"\s{0,3}\(?sửa\s{1,3}đổi\)?(?!\s{0,2},?\s{0,3}bổ\s{1,3}sung)")
LAW_NUMBER_AFTER_RE = re.compile(r"\s{0,3},?\s{0,2}số\s{0,2}[:.]?\s{0,3}(?=\d)")
LAW_COORD_RE = re.compile(r"\s{0,3}(?:,|và|,\s{0,3}và)\s{0,3}$")

# ---------------------------------------------------------------------------
# Relation cues
# ---------------------------------------------------------------------------

# A cue that makes the following mention part of another document's title (not a
# top-level object): amended by/of, guided, implemented, detailed.
EMBEDDING_CUE_END_RE = re.compile(
    r"(?:(?:sửa\s{1,3}đổi|bổ\s{1,3}sung|thay\s{1,3}thế|bãi\s{1,3}bỏ)(?:\s{0,2},?\s{0,3}"
    r"(?:bổ\s{1,3}sung|bãi\s{1,3}bỏ|thay\s{1,3}thế))?(?:\s{1,3}(?:một\s{1,3}số|các)\s{1,3}"
    r"(?:điều|nội\s{1,3}dung|quy\s{1,3}định)(?:\s{0,2},\s{0,2}phụ\s{1,3}lục)?)?"
    r"\s{1,3}(?:của|theo|bởi|tại)(?:\s{1,3}các)?"
    r"|hướng\s{1,3}dẫn(?:\s{1,3}(?:thi\s{1,3}hành|thực\s{1,3}hiện))?(?:\s{1,3}(?:một\s{1,3}số\s{1,3}điều"
    r"|các\s{1,3}quy\s{1,3}định)(?:\s{1,3}của)?)?"
    r"|quy\s{1,3}định\s{1,3}chi\s{1,3}tiết(?:\s{1,3}thi\s{1,3}hành)?(?:\s{1,3}một\s{1,3}số\s{1,3}điều)?"
    r"(?:\s{1,3}của)?"
    r"|thi\s{1,3}hành|thực\s{1,3}hiện|triển\s{1,3}khai)"
    r"\s{0,3}[:,]?\s{0,3}$",
    re.IGNORECASE,
)
COORDINATOR_END_RE = re.compile(r"(?:[;,]|\bvà|\bhoặc)\s{0,3}(?:các\s{1,3})?$", re.IGNORECASE)
PURE_COORDINATOR_RE = re.compile(r"^\s{0,3}(?:[;,]|và|,\s{0,3}và|hoặc)\s{0,3}$", re.IGNORECASE)
# coordination inside one title or agent list («của Luật A và Luật B», «bởi NĐ A, NĐ B»)
CHAIN_COORDINATOR_RE = re.compile(r"^\s{0,3}(?:,|và|,\s{0,3}và)\s{0,3}$", re.IGNORECASE)

# X … sửa đổi, bổ sung (một số điều | Điều 1) của Y  (active amend)
AMENDS_ACTIVE_RE = re.compile(
    r"(?=[sS])(?<!được\s)\bsửa\s{1,3}đổi(?:\s{1,3}kỹ\s{1,3}thuật)?"
    r"(?:\s{0,2}(?:,|và)\s{0,3}(?:bổ\s{1,3}sung|bãi\s{1,3}bỏ|thay\s{1,3}thế)){0,3}"
    r"(?:\s{1,3}[^;.:“”\"\s][^;.:“”\"]{0,120}?)?\s(?:của|tại)(?:\s{1,3}các)?\s",
    re.IGNORECASE,
)
# Y … (đã) được sửa đổi, bổ sung (một số điều) (bởi|theo|tại) X  (passive amend)
AMENDS_PASSIVE_RE = re.compile(
    r"(?=[đĐ])\bđược\s{1,3}sửa\s{1,3}đổi(?:\s{0,2},?\s{0,3}bổ\s{1,3}sung)?"
    r"(?:\s{1,3}(?:một\s{1,3}số|các)\s{1,3}điều)?\s{1,3}(?:bởi|theo|tại)(?:\s{1,3}các)?\s",
    re.IGNORECASE,
)
# Self-clause verbs at the start of an article / clause of an amending act.
SELF_VERB_RE = re.compile(
    r"(?P<verbs>(?:(?:sửa\s{1,3}đổi|bổ\s{1,3}sung|bãi\s{1,3}bỏ|hủy\s{1,3}bỏ|thay\s{1,3}thế|sửa\s{1,3}đổi\s{1,3}"
    r"kỹ\s{1,3}thuật)(?:\s{0,2},\s{0,3}|\s{1,3}và\s{1,3})?){1,4})",
    re.IGNORECASE,
)
REPLACES_RE = re.compile(r"(?=[tT])\bthay\s{1,3}thế\b", re.IGNORECASE)
REPEALS_RE = re.compile(r"(?=[bhBH])\b(?:bãi\s{1,3}bỏ|hủy\s{1,3}bỏ)\b", re.IGNORECASE)
EXPIRES_RE = re.compile(r"(?=[hcHC])\b(?:hết|chấm\s{1,3}dứt)\s{1,3}hiệu\s{1,3}lực\b", re.IGNORECASE)
GUIDES_RE = re.compile(
    r"\bhướng\s{1,3}dẫn(?:\s{1,3}(?:thi\s{1,3}hành|thực\s{1,3}hiện))?(?:\s{1,3}một\s{1,3}số\s{1,3}điều"
    r"(?:\s{1,3}của)?)?\s{1,3}$"
    r"|\bquy\s{1,3}định\s{1,3}chi\s{1,3}tiết(?:\s{1,3}thi\s{1,3}hành)?(?:\s{1,3}một\s{1,3}số\s{1,3}điều)?"
    r"(?:\s{1,3}của)?\s{1,3}$",
    re.IGNORECASE,
)
IMPLEMENTS_RE = re.compile(
    r"\b(?:(?:tổ\s{1,3}chức|triển\s{1,3}khai|tiếp\s{1,3}tục|đẩy\s{1,3}mạnh)\s{1,3})?"
    r"(?:thực\s{1,3}hiện|thi\s{1,3}hành|triển\s{1,3}khai)\s{1,3}$",
    re.IGNORECASE,
)
# Words that make a repeal / replacement clause-level: "Bãi bỏ Điều 1 …", "cụm từ", "khoản".
PARTIAL_SCOPE_RE = re.compile(
    r"\b(?:điều|khoản|điểm|cụm\s{1,3}từ|mục|tiểu\s{1,3}mục|phụ\s{1,3}lục|chương|tiết|phần|"
    r"một\s{1,3}số|các\s{1,3}quy\s{1,3}định|nội\s{1,3}dung|quy\s{1,3}định\s{1,3}(?:tại|về))\b",
    re.IGNORECASE,
)
SELF_DEMONSTRATIVE_RE = re.compile(
    r"\b(?:Nghị\s{1,3}định|Quyết\s{1,3}định|Thông\s{1,3}tư(?:\s{1,3}liên\s{1,3}tịch)?|Nghị\s{1,3}quyết|"
    r"Chỉ\s{1,3}thị|Luật|Pháp\s{1,3}lệnh|Kế\s{1,3}hoạch|Quy\s{1,3}định|Văn\s{1,3}bản)\s{1,3}này\s{0,3}$",
    re.IGNORECASE,
)
# End of a sentence or numbered clause in flattened text.
SENTENCE_END_RE = re.compile(
    r"[.;:]\s{1,6}(?=(?:\d{1,2}\.|[a-zđ]\)|Điều\s{1,3}\d|[-+–•])\s)|\.\s{1,6}(?=[A-ZĐÀ-Ỹ“\"(*])|\.\s*$"
)
CLAUSE_START_RE = re.compile(
    r"(?:^|[.;:]\s{1,6}|\s(?:\d{1,2}\.|[a-zđ]\))\s{1,3}|Điều\s{1,3}\d{1,3}[a-z]?\s{0,2}[.:]\s{0,3})\s{0,3}$"
)
# Preamble cues at the start of a paragraph.
PREAMBLE_CUE_RE = re.compile(
    r"(?m)^[ \t*_|>]{0,6}(?P<cue>Căn\s{1,3}cứ|Thực\s{1,3}hiện"
    r"|Theo\s{1,3}đề\s{1,3}nghị|Xét\s{1,3}đề\s{1,3}nghị)\b"
)
PREAMBLE_END_RE = re.compile(
    r"(?m)^[ \t*_|#>]{0,6}(?:Điều\s{1,3}1\s{0,2}[.:]|Chương\s{1,3}I\b|QUYẾT\s{1,3}ĐỊNH\s{0,2}:|"
    r"NGHỊ\s{1,3}QUYẾT\s{0,2}:|I\s{0,2}\.\s)"
)
PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t*_|]*\n")

# Effective date: "<X> này (… thông qua ngày … và) có hiệu lực (thi hành) (kể) từ ngày …", "… từ ngày ký",
# "… sau 10 ngày kể từ ngày ký". Runs on quote-masked text: a quoted new article is not the act's own clause.
_DOC_WORD = (
    r"(?:Nghị\s{1,3}định|Quyết\s{1,3}định|Thông\s{1,3}tư(?:\s{1,3}liên\s{1,3}tịch)?|Nghị\s{1,3}quyết|Bộ\s{1,3}luật"
    r"|Luật|Pháp\s{1,3}lệnh|Chỉ\s{1,3}thị|Kế\s{1,3}hoạch|Quy\s{1,3}định|Quy\s{1,3}chế|Văn\s{1,3}bản"
    r"|Hướng\s{1,3}dẫn|Chương\s{1,3}trình|Đề\s{1,3}án)"
)
_SIGN = r"(?:ký|ban\s{1,3}hành)(?:\s{1,3}ban\s{1,3}hành)?"
EFFECTIVE_RE = re.compile(
    rf"\b{_DOC_WORD}\s{{1,3}}này\s{{1,3}}(?:[^.;:~“”]{{0,250}}?\s)?có\s{{1,3}}hiệu\s{{1,3}}lực"
    r"(?:\s{1,3}thi\s{1,3}hành)?\s{0,3},?\s{0,3}"
    r"(?:(?:kể\s{1,3})?từ\s{1,3}ngày\s{1,3}(?:(?P<sign>"
    + _SIGN
    + r")|(?:"
    + _DMY.replace("?P<", "?P<e")
    + r"))"
    r"|sau\s{1,3}(?P<days>\d{1,3})\s{1,3}ngày\s{0,3},?\s{0,3}(?:kể\s{1,3})?từ\s{1,3}ngày\s{1,3}"
    r"(?P<sign_after>" + _SIGN + r"))",
    re.IGNORECASE,
)

# ---------------------------------------------------------------------------
# Clause-level acts of an amending / repealing act (run on quote-masked text)
# ---------------------------------------------------------------------------

# «Quyết định này có hiệu lực … và thay thế …»: the act's own verb, coordinated after its entry into force
SELF_COORDINATED_RE = re.compile(
    rf"\b{_DOC_WORD}\s{{1,3}}này\s{{1,3}}có\s{{1,3}}hiệu\s{{1,3}}lực\b[^.;:~“”]{{0,140}}?(?:,|\bvà)\s{{0,3}}$",
    re.IGNORECASE,
)
AS_FOLLOWS_RE = re.compile(r"\bnhư\s{1,3}sau\b", re.IGNORECASE)
# a gap that ends one list item and opens the next: «;», or a list marker «b)», «2.», «-»
LIST_BREAK_RE = re.compile(r"(?:;|(?:^|[\s.:;,])(?:[a-zđ]\)|\d{1,2}[.)]|[-+–•]))\s{0,3}$")
# a mention followed by a title of its own («… của Chính phủ quy định về …») is a document in its own
# right, not one more amender in «đã được sửa đổi theo A và B»
SUBSTANTIVE_TITLE_RE = re.compile(
    r"\s{0,3}(?:quy\s{1,3}định|về|hướng\s{1,3}dẫn|ban\s{1,3}hành|phê\s{1,3}duyệt)\b", re.IGNORECASE
)
# an embedding cue naming the amenders («(đã) được sửa đổi, bổ sung … theo / bởi / tại»)
AMENDERS_CUE_RE = re.compile(
    r"(?:\bđược\s{1,3}(?:sửa\s{1,3}đổi|bổ\s{1,3}sung)[^;~“”]{0,80}|(?:sửa\s{1,3}đổi|bổ\s{1,3}sung)[^;~“”]{0,80}"
    r"\b(?:theo|bởi)(?:\s{1,3}các)?)\s{0,3}[:,]?\s{0,3}$",
    re.IGNORECASE,
)
AMENDED_CUE_RE = re.compile(
    r"(?:sửa\s{1,3}đổi|bổ\s{1,3}sung)[^;~“”]{0,80}\b(?:của|tại)(?:\s{1,3}các)?\s{0,3}[:,]?\s{0,3}$",
    re.IGNORECASE,
)
# an article heading at the start of a line («**Điều 2.**», «#### Điều 3.»), on the original text
ARTICLE_HEADING_RE = re.compile(r"(?m)^[ \t*_#|>]{0,8}(?P<head>Điều\s{1,3}(?P<n>\d{1,3}[a-z]?))\s{0,2}[.:]")
# the first numbered clause of an article ends its heading
CLAUSE_MARKER_RE = re.compile(r"\s(?:\d{1,2}\.|[a-zđ]\))\s")
# one item of a list introduced by «… sau:» (original text, one line)
LIST_ITEM_LINE_RE = re.compile(r"^[ \t*_|>]{0,6}(?P<marker>[a-zđ]\)|\d{1,2}[.)]|[-+–•])\s")
