"""A case's place in the library's order by title: its title in pinyin, as a Chinese
reader looks a title up (阿姨 before 老娘舅 before 助餐; 调解 as tiao jie).

Worked out when the page is saved and kept on it (CasePage.title_pinyin): the web
workers that sort the library then never load pypinyin. It reads a title as pypinyin
does with its phrase dictionary (the longest phrase first, each other character by its
usual reading), without loading that dictionary into pypinyin: pypinyin is loaded one way a
process, without phrases (cases/fields/pinyin.py, shared with the search),
and the phrases are read from pypinyin's own file into a table of their own, in the
process that saves (12 MB, 2 s to read once; 560 demo and corpus titles read exactly as
pypinyin with its phrases reads them)."""

import json
import re
from functools import lru_cache
from pathlib import Path

from cases.fields.pinyin import letters

# An entry of pypinyin's phrases_dict.json ("调解": [["tiáo"], ["jiě"]], one item a line),
# and the first reading of each character in it.
_ENTRY = re.compile(r'^"([^"\n]+)": \[\n(.*?)^\],?\n(?=["}])', re.MULTILINE | re.DOTALL)
_FIRST = re.compile(r'^\[\n"([^"\n]+)"', re.MULTILINE)


@lru_cache(maxsize=1)
def _phrases() -> tuple[frozenset, dict[str, str]]:
    """pypinyin's phrases (all of them: they decide the cut), and the readings of those
    read otherwise than their characters' usual readings (调解: tiao jie), toneless.
    Read from its file line by line: its parsed JSON would cost 40 MB of small objects."""
    letters("")  # pypinyin loaded the search's way (no phrase dictionary) before its modules
    import pypinyin
    from pypinyin import Style
    from pypinyin.style import convert

    usual = {}  # each character's usual reading, as letters() gives it alone

    def read_otherwise(phrase, spoken):
        for char in phrase:
            if char not in usual:
                usual[char] = letters(char)
        if spoken != [syllable for char in phrase for syllable in usual[char]]:
            readings[phrase] = " ".join(spoken)

    text = Path(pypinyin.__file__).with_name("phrases_dict.json").read_text(encoding="utf-8")
    phrases, readings = set(), {}
    for entry in _ENTRY.finditer(text):
        phrases.add(entry.group(1))
        firsts = _FIRST.findall(entry.group(2))
        read_otherwise(entry.group(1), [convert(first, Style.NORMAL, True) for first in firsts])
    if not phrases:  # another layout: the parsed file, at its cost
        for phrase, syllables in json.loads(text).items():
            phrases.add(phrase)
            firsts = [options[0] for options in syllables]
            read_otherwise(phrase, [convert(first, Style.NORMAL, True) for first in firsts])
    return frozenset(phrases), readings


def _words(run: str, phrases: frozenset):
    """The longest phrase at each place, else one character (pypinyin's own cut)."""
    longest = _longest(len(phrases))
    start = 0
    while start < len(run):
        for end in range(min(len(run), start + longest), start + 1, -1):
            if run[start:end] in phrases:
                yield run[start:end]
                start = end
                break
        else:
            yield run[start]
            start += 1


@lru_cache(maxsize=1)
def _longest(_size: int) -> int:
    return max(map(len, _phrases()[0]))


def title_pinyin(title: str) -> str:
    letters("")  # before any pypinyin module: see _phrases()
    from pypinyin.constants import RE_HANS
    from pypinyin.seg.simpleseg import simple_seg

    phrases, readings = _phrases()
    syllables = []
    for run in simple_seg(title or ""):
        if not RE_HANS.match(run):  # punctuation, Latin, spaces: as they are
            syllables += letters(run)
            continue
        for word in _words(run, phrases):
            syllables += [readings[word]] if word in readings else letters(word)
    return " ".join(syllables)
