"""The one result type every automatic check returns."""

from collections.abc import Iterable
from dataclasses import dataclass

ERROR = "error"  # blocks submission
WARNING = "warning"  # shown to applicant and editors, does not block


@dataclass(frozen=True)
class Finding:
    level: str
    code: str  # stable machine code, e.g. "length.too_short"; UIs and exports key on it
    message: str  # a whole Chinese sentence, ready to show
    field: str | None = None
    found: str = ""  # the offending text or value
    suggestion: str = ""


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.level == ERROR for f in findings)
