"""Fixed material of the synthetic corpus: dates, gazetteers (from package data) and text pieces."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files

SYNTH_VERSION = 1
LAYOUTS = ("tab", "hier", "pipe", "prose")
REORG_DATE = date(2025, 7, 1)  # two-level local government, 34 provinces
MERGED_DEPARTMENTS_DATE = date(2025, 3, 1)

# --------------------------------------------------------------------------------------------------
# Gazetteers
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Law:
    number: str
    name: str
    date: date
    amends: tuple[str, ...]


@dataclass(frozen=True)
class _AgencyType:
    key: str
    name: str
    level: str
    collective: bool
    aliases: tuple[str, ...]
    valid_from: date | None
    valid_to: date | None

    def valid(self, when: date) -> bool:
        return (self.valid_from is None or when >= self.valid_from) and (
            self.valid_to is None or when <= self.valid_to
        )


@dataclass(frozen=True)
class _Province:
    name: str
    kind: str
    merged_into: str | None


def _rows(name: str) -> list[list[str]]:
    text = files("plankg.loaders").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return [
        (line.split("\t") + [""] * 8)[:8] for line in text.splitlines() if line and not line.startswith("#")
    ]


@cache
def _laws() -> tuple[_Law, ...]:
    return tuple(
        _Law(r[0], r[1], date.fromisoformat(r[2]), tuple(a for a in r[4].split("|") if a))
        for r in _rows("laws.tsv")
        if r[2]
    )


@cache
def _agencies() -> dict[str, _AgencyType]:
    def when(text: str) -> date | None:
        return date.fromisoformat(text) if text.strip() else None

    return {
        r[0]: _AgencyType(
            r[0], r[1], r[2], r[3] == "1", tuple(a for a in r[4].split("|") if a), when(r[6]), when(r[7])
        )
        for r in _rows("agencies.tsv")
    }


@cache
def _provinces() -> tuple[_Province, ...]:
    return tuple(_Province(r[0], r[1], r[3].strip() or None) for r in _rows("provinces.tsv"))


# --------------------------------------------------------------------------------------------------
# Text material
# --------------------------------------------------------------------------------------------------

AREAS = (
    "direction",
    "institutions",
    "procedures",
    "organization",
    "civil_service",
    "public_finance",
    "digital_government",
)
AREA_TITLES = {
    "direction": "Công tác chỉ đạo, điều hành cải cách hành chính",
    "institutions": "Cải cách thể chế",
    "procedures": "Cải cách thủ tục hành chính",
    "organization": "Cải cách tổ chức bộ máy hành chính nhà nước",
    "civil_service": "Cải cách chế độ công vụ",
    "public_finance": "Cải cách tài chính công",
    "digital_government": "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
}
AREA_DUTIES = {
    "direction": "tham mưu công tác chỉ đạo, điều hành cải cách hành chính",
    "institutions": "triển khai các nhiệm vụ cải cách thể chế",
    "procedures": "triển khai các nhiệm vụ cải cách thủ tục hành chính",
    "organization": "triển khai các nhiệm vụ cải cách tổ chức bộ máy",
    "civil_service": "triển khai các nhiệm vụ cải cách chế độ công vụ",
    "public_finance": "triển khai các nhiệm vụ cải cách tài chính công",
    "digital_government": (
        "triển khai các nhiệm vụ xây dựng và phát triển chính quyền điện tử, chính quyền số"
    ),
}
# Task sentences per area; "{c}" is a citation slot («theo {c}» states no relation).
TASKS = {
    "direction": (
        "Xây dựng và ban hành Kế hoạch cải cách hành chính năm {y} của các cơ quan, đơn vị, địa phương",
        "Kiểm tra công tác cải cách hành chính tại các cơ quan, đơn vị, địa phương",
        "Tổ chức đánh giá, chấm điểm Chỉ số cải cách hành chính của các sở, ban, ngành",
        "Đổi mới nội dung, hình thức tuyên truyền về cải cách hành chính trên các phương tiện thông tin",
        "Khảo sát, đánh giá mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan nhà nước",
        "Theo dõi, đôn đốc việc thực hiện các nhiệm vụ cải cách hành chính theo {c}",
    ),
    "institutions": (
        "Rà soát, hệ thống hóa văn bản quy phạm pháp luật do Hội đồng nhân dân tỉnh ban hành",
        "Xây dựng kế hoạch theo dõi tình hình thi hành pháp luật năm {y}",
        "Kiểm tra, xử lý văn bản quy phạm pháp luật theo {c}",
        "Nâng cao chất lượng thẩm định dự thảo văn bản quy phạm pháp luật trước khi trình ban hành",
        "Ban hành văn bản quy định chi tiết các nội dung được giao theo {c}",
    ),
    "procedures": (
        "Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền giải quyết của tỉnh",
        "Công bố, công khai danh mục thủ tục hành chính trên Cổng dịch vụ công của tỉnh",
        "Thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính theo {c}",
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Bộ phận Một cửa các cấp",
        "Tiếp nhận, xử lý phản ánh, kiến nghị của người dân, doanh nghiệp về quy định hành chính",
    ),
    "organization": (
        "Rà soát, sắp xếp, kiện toàn tổ chức bộ máy các cơ quan chuyên môn cấp tỉnh theo {c}",
        "Sắp xếp, tổ chức lại các đơn vị sự nghiệp công lập theo {c}",
        "Hoàn thiện Đề án vị trí việc làm của các cơ quan, tổ chức hành chính theo {c}",
        "Kiểm tra việc thực hiện phân cấp quản lý nhà nước trên các lĩnh vực",
        "Thực hiện tinh giản biên chế gắn với cơ cấu lại đội ngũ công chức, viên chức",
    ),
    "civil_service": (
        "Đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức theo {c}",
        "Tổ chức các lớp bồi dưỡng kiến thức, kỹ năng thực thi công vụ năm {y}",
        "Tuyển dụng, sử dụng và quản lý công chức theo vị trí việc làm được phê duyệt",
        "Tăng cường kỷ luật, kỷ cương hành chính trong hoạt động công vụ",
        "Cập nhật cơ sở dữ liệu cán bộ, công chức, viên chức của tỉnh",
    ),
    "public_finance": (
        "Giao quyền tự chủ tài chính đối với đơn vị sự nghiệp công lập theo {c}",
        "Thực hiện cơ chế tự chủ về sử dụng biên chế và kinh phí quản lý hành chính theo {c}",
        "Công khai tài chính, ngân sách đối với các đơn vị dự toán trên địa bàn tỉnh",
        "Sắp xếp lại, xử lý nhà, đất thuộc thẩm quyền quản lý của tỉnh",
        "Tăng cường kiểm tra việc quản lý, sử dụng tài sản công tại các cơ quan, đơn vị",
    ),
    "digital_government": (
        "Vận hành nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP) kết nối các hệ thống thông tin",
        "Duy trì, cải tiến Hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2015",
        "Cung cấp dịch vụ công trực tuyến toàn trình theo {c}",
        "Triển khai định danh và xác thực điện tử phục vụ người dân, doanh nghiệp",
        "Bảo đảm an toàn thông tin mạng cho các hệ thống thông tin của tỉnh",
        "Phát triển kho dữ liệu dùng chung và Cổng dữ liệu mở của tỉnh",
    ),
}
IMPLEMENT_TASK = "Tổ chức quán triệt, triển khai thực hiện {c}"
PRODUCTS = (
    "Kế hoạch của Ủy ban nhân dân tỉnh",
    "Quyết định của cơ quan có thẩm quyền",
    "Báo cáo kết quả thực hiện",
    "Văn bản hướng dẫn, đôn đốc",
    "Báo cáo kết quả kiểm tra",
    "Đề án được phê duyệt",
    "Hệ thống được vận hành ổn định",
)
DECREE_TOPICS = (
    "quy định tổ chức các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh",
    "về vị trí việc làm và biên chế công chức",
    "về vị trí việc làm và số lượng người làm việc trong đơn vị sự nghiệp công lập",
    "về thành lập, tổ chức lại, giải thể đơn vị sự nghiệp công lập",
    "về đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức",
    "về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
    "về kiểm soát thủ tục hành chính",
    "quy định cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập",
    "về chế độ tự chủ, tự chịu trách nhiệm về sử dụng biên chế và kinh phí quản lý hành chính",
    "về chính sách tinh giản biên chế",
    "về tuyển dụng, sử dụng và quản lý công chức",
    "về cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà nước trên môi trường mạng",
    "về định danh và xác thực điện tử",
    "về công tác văn thư",
    "về quản lý, kết nối và chia sẻ dữ liệu số của cơ quan nhà nước",
    "về đào tạo, bồi dưỡng cán bộ, công chức, viên chức",
)
DISTRACTORS = (
    "Năm {p}, 29/29 cơ quan, đơn vị cấp tỉnh đã ban hành kế hoạch cải cách hành chính đúng thời hạn.",
    "Sở Tài chính đạt 92/100 điểm, UBND cấp huyện cao nhất đạt 91,5/100 điểm Chỉ số cải cách hành chính.",
    "Báo cáo kết quả thực hiện gửi về Sở Nội vụ trước Quý III/{y}; báo cáo năm trước tháng 12/{y}.",
    "Duy trì, cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 và thí điểm TCVN ISO 18091:2020.",
    "Nhiệm vụ cụ thể của từng cơ quan được nêu tại Phụ lục số 02 kèm theo Kế hoạch này.",
    "Thực hiện theo Quyết định của Thủ tướng Chính phủ và các văn bản hướng dẫn của Bộ Nội vụ.",
    "Phấn đấu 100% thủ tục hành chính đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình.",
)
# Same-length OCR confusions (one code point for one code point).
CHAR_CONFUSIONS = {
    "h": "b",
    "ơ": "o",
    "ư": "u",
    "ă": "a",
    "ệ": "ẹ",
    "n": "u",
    "c": "e",
    "i": "l",
    "ố": "ổ",
    "à": "á",
    "đ": "d",
    "m": "n",
}
WORD_CONFUSIONS = {"số": ("sà", "sô"), "UBND": ("USND", "1BND"), "tỉnh": ("tinh",), "ngày": ("ngáy",)}
LIST_MARKER_RE = re.compile(r"^(?:[-–+•*]|\d{1,2}[.)]|[a-zđ]\)|[IVXLC]{1,6}\.)$")
WORD_RE = re.compile(r"\w+")
