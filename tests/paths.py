"""Paths of the demo corpus and the shared material, for tests."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"

THANH_HOA_2021 = CORPUS / "thanh-hoa_2021_ke-hoach-cchc_5476-QD-UBND.txt"
THANH_HOA_2017 = CORPUS / "thanh-hoa_2017_bao-cao-cchc-6-thang_6366-BC-UBND_ocr.txt"
HAU_GIANG_2021 = CORPUS / "hau-giang_2021_ke-hoach-cchc.txt"
THAI_BINH_2021 = CORPUS / "thai-binh_2021_ke-hoach-cchc_3669-QD-UBND.txt"
HA_TINH_2024 = CORPUS / "ha-tinh_2024_ke-hoach-cchc_du-thao.txt"
ALL_DOCUMENTS = [THANH_HOA_2021, THANH_HOA_2017, HAU_GIANG_2021, THAI_BINH_2021, HA_TINH_2024]
