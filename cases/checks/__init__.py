"""Automatic checks on a submission: plain functions, no Django, each returns Findings."""

from .case import CaseRules, check_case
from .findings import ERROR, WARNING, Finding, has_errors
from .length import check_length, count_characters
from .photos import PhotoRules, check_photo, check_photo_count, required_pixels
from .privacy import check_privacy, find_private_data, id_number_valid
from .uploads import (
    MAX_PIXELS,
    MAX_UPLOAD_BYTES,
    CleanImage,
    CleanScan,
    UploadError,
    check_docx_upload,
    clean_photo,
    clean_stamp_scan,
    generated_name,
    sniff,
)

__all__ = [
    "ERROR",
    "MAX_PIXELS",
    "MAX_UPLOAD_BYTES",
    "WARNING",
    "CaseRules",
    "CleanImage",
    "CleanScan",
    "Finding",
    "PhotoRules",
    "UploadError",
    "check_case",
    "check_docx_upload",
    "check_length",
    "check_photo",
    "check_photo_count",
    "check_privacy",
    "clean_photo",
    "clean_stamp_scan",
    "count_characters",
    "find_private_data",
    "generated_name",
    "has_errors",
    "id_number_valid",
    "required_pixels",
    "sniff",
]
