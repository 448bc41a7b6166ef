"""File names inside the packages: readable Chinese, safe on every system the city's
staff may unpack them on (Windows forbids \\ / : * ? " < > | and trailing dots)."""

import re
import unicodedata

_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
MAX_CHARS = 60  # well inside Windows' 255 per name, with the folder's name before it


def safe_name(text: str, fallback: str = "未命名") -> str:
    text = unicodedata.normalize("NFC", str(text or ""))
    text = _FORBIDDEN.sub("_", text)
    # Emoji and other symbols survive in ZIPs but not in every unpacker's font or file system.
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "S" or ch in "+-=~")
    text = re.sub(r"\s+", " ", text).strip(" ._")[:MAX_CHARS].strip(" ._")
    return text or fallback
