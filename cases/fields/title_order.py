"""A case's place in the library's order by title: its title in pinyin, as a Chinese
reader looks a title up (阿姨 before 老娘舅 before 助餐; 调解 as tiao jie).

Worked out when the page is saved and kept on it (CasePage.title_pinyin): the web
workers that sort the library then never load pypinyin. It reads a title as pypinyin
does with its phrase dictionary (the longest phrase first, each other character by its
usual reading), without loading that dictionary: pypinyin is loaded one way a process,
without phrases (cases/fields/pinyin.py, shared with the search), and the phrases a
title holds are looked up in pypinyin's own file, mapped and searched in place (its
entries are sorted), so the process that saves (the web process, for a submission)
holds none of its 47,000 phrases: the table of them cost 8 MB and 0.9 s of CPU on the
process's first save (measured)."""

import mmap
import re
from functools import lru_cache
from pathlib import Path

from cases.fields.pinyin import letters

# An entry of pypinyin's phrases_dict.json: a line `"调解": [`, then a list per character,
# one item a line, the reading pypinyin takes first (`[`, `"tiáo"`, `],` then `[`, `"jiě",`,
# `"xiè"`, `]`), then `],`. _READING is one character's list and the comma after it.
_KEY_END = b'": ['
_READING = re.compile(rb'\[\n"([^"\n]+)"(?:,\n"[^"\n]*")*\n\](,?)\n')


@lru_cache(maxsize=1)
def _phrase_file() -> mmap.mmap:
    letters("")  # pypinyin loaded the search's way (no phrase dictionary) before its modules
    import pypinyin

    path = Path(pypinyin.__file__).with_name("phrases_dict.json")
    with path.open("rb") as handle:
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


def _entry_from(data: mmap.mmap, position: int) -> tuple[bytes, int] | None:
    """The first entry whose line starts at or after `position`: its phrase (UTF-8) and
    where its readings start; None past the last."""
    while (start := data.find(b'\n"', max(position - 1, 0))) != -1:
        end = data.find(b"\n", start + 1)
        line = data[start + 1 : end]
        if line.endswith(_KEY_END):
            return line[1 : -len(_KEY_END)], end + 1
        position = end + 1
    return None


def _first_from(data: mmap.mmap, phrase: bytes) -> tuple[bytes, int] | None:
    """The first entry not before `phrase` in the file's order (code points, as UTF-8
    bytes sort): a binary search over byte positions, each step to the next entry line."""
    low, high = 0, len(data)
    while low < high:
        middle = (low + high) // 2
        entry = _entry_from(data, middle)
        if entry is None or entry[0] >= phrase:
            high = middle
        else:
            low = middle + 1
    return _entry_from(data, low)


def _longest_phrase(run: str, start: int) -> tuple[str, int] | None:
    """The longest of pypinyin's phrases at `start` in a run of characters (pypinyin's
    own cut) and where its readings are in the file; None when only one character is."""
    data = _phrase_file()
    found = None
    for end in range(start + 2, len(run) + 1):
        prefix = run[start:end].encode()
        entry = _first_from(data, prefix)
        if entry is None or not entry[0].startswith(prefix):
            break  # no longer phrase starts so either
        if entry[0] == prefix:
            found = (run[start:end], entry[1])
    return found


def _spoken(position: int) -> list[str]:
    """An entry's readings from where they start: each character's first, toneless."""
    from pypinyin import Style
    from pypinyin.style import convert

    data, spoken = _phrase_file(), []
    while reading := _READING.match(data, position):
        spoken.append(convert(reading[1].decode(), Style.NORMAL, True))
        if not reading[2]:  # the entry's last character
            break
        position = reading.end()
    return spoken


def title_pinyin(title: str) -> str:
    letters("")  # before any pypinyin module: see _phrase_file()
    from pypinyin.constants import RE_HANS
    from pypinyin.seg.simpleseg import simple_seg

    syllables = []
    for run in simple_seg(title or ""):
        if not RE_HANS.match(run):  # punctuation, Latin, spaces: as they are
            syllables += letters(run)
            continue
        start = 0
        while start < len(run):
            phrase = _longest_phrase(run, start)
            if phrase is None:
                syllables += letters(run[start])
                start += 1
            else:
                syllables.append(" ".join(_spoken(phrase[1])))
                start += len(phrase[0])
    return " ".join(syllables)
