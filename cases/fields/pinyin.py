"""pypinyin, loaded once a process and always the same way: without its phrase
dictionary (13 MB instead of 57 MB), and only when a word's sound is needed. Shared by
the library's order by title (cases/fields/title_order.py) and the search's sounds
(search/variants.py): whichever loads it first, both read the same readings."""

import os
import threading

_lock = threading.Lock()
_pinyin = None


def lazy_pinyin():
    """pypinyin's lazy_pinyin, loaded on first use."""
    global _pinyin
    if _pinyin is None:
        with _lock:
            if _pinyin is None:
                # Single characters only: the phrase dictionary would cost 44 MB more.
                os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
                os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")
                from pypinyin import lazy_pinyin as loaded

                _pinyin = loaded
    return _pinyin


def letters(text: str) -> list[str]:
    """The toneless pinyin of each Chinese character of a text (other runs as they are),
    by the single-character readings."""
    return lazy_pinyin()(text)
