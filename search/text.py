"""Chinese text for search: normalise, segment, stop words, synonyms, highlighted snippets.

Plain functions, no Django: every backend calls `tokens` at index time and `query_terms`
at query time, so both sides cut words with the same segmenter and dictionary.

Decisions (measured on the reference case, 附件2 of the notice):
- Segmenter: an rjieba instance of our own (≈25 MB, 0.1 s to load) with data/dictionary.txt
  and the words of data/synonyms.txt added. Not rjieba's module-level instance: the privacy
  check tags names with that one, and domain words added there would change its findings.
- Single characters are not terms, except numbers. cut_for_search of the reference case
  gives 1,181 tokens, 248 of them single non-digit characters: 的 50, 和 23, 了 16, 在,
  等, 与 …, units (年, 月, 个) and fragments left beside real words (多, 近, 大, 城, 新);
  none names what a case is about, and keeping them would make a one-character query
  match nearly every case. The same rule applies to queries: 楼 alone has no terms ([]).
- Numbers are split from their unit (jieba's own cut): 2011年 → "2011", 9万 → "9"; a query
  for 2011 finds 2011年. Latin words and mixed words (abc123) are one token, lowercased.
- Index tokens are cut_for_search's (业主委员会 → 业主, 委员, 委员会, 业主委员会) plus the
  dictionary words of 4+ characters inside longer words (社会组织联合会 → 社会组织).
  Repeats are kept (term frequency matters for ranking).
- A query keeps at most MAX_GROUPS distinct terms (the rest is ignored), so any input,
  10,000 characters included, is answered in milliseconds.
"""

import html
import re
import threading
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import rjieba

DATA = Path(__file__).with_name("data")
MAX_GROUPS = 20
_STOP_WORDS = """
    的 了 和 与 及 在 是 等 也 对 为 把 被 都 就 而 着 过 之 其 或 并 但 又 从 向 以 于 由 将
    这 那 个 之一 及其 以及 或者 并且 而且 但是 还是 就是 不是 因为 所以 如果 虽然 然后 还有
    这些 那些 这个 那个 这样 那样 这种 那种 一个 一些 一种 一位 一次 我们 你们 他们 她们
    它们 自己 什么 怎么 怎样 如何 哪些 哪个 为什么 可以 已经 进行 通过 关于 对于 根据 按照
    其中 有关 相关 以来 之后 之前 之间 当中 以上 以下 其他 各种 以及其
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

_lock = threading.Lock()
_state: tuple | None = None  # (segmenter, {word: synonyms}) swapped whole on reload
_NOT_WORD = re.compile(r"[^\w\s]|_")


def _replace(match: re.Match) -> str:
    # Marks (emoji variation selectors), format (zero-width) and control characters
    # vanish; punctuation, symbols and emoji separate words.
    return "" if unicodedata.category(match.group())[0] in "MC" else " "


def normalize(text: str) -> str:
    """NFKC, lowercase, punctuation/symbols/emoji → space, control characters dropped."""
    text = unicodedata.normalize("NFKC", str(text or "")).lower()
    return " ".join(_NOT_WORD.sub(_replace, text).split())


def _entries(name: str) -> Iterable[list[str]]:
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if fields := line.split("#", 1)[0].split():
            yield fields


def _build() -> tuple:
    synonyms: dict[str, list[str]] = {}
    for fields in _entries("synonyms.txt"):
        group = list(dict.fromkeys(w for w in map(normalize, fields) if w and " " not in w))
        for word in group:
            known = synonyms.setdefault(word, [])
            known += [other for other in group if other != word and other not in known]
    words: dict[str, int | None] = dict.fromkeys(synonyms)
    for fields in _entries("dictionary.txt"):
        word = normalize(fields[0])
        if word and " " not in word:
            freq = fields[1] if len(fields) > 1 else ""
            words[word] = int(freq) if freq.isdigit() else words.get(word)
    segmenter = rjieba.Jieba()
    for word, freq in words.items():
        segmenter.add_word(word, freq, None)
    return segmenter, {word: tuple(others) for word, others in synonyms.items()}


def reload_dictionary() -> None:
    """(Re)load the data files; the old segmenter serves until the new one is ready."""
    global _state
    state = _build()
    with _lock:
        _state = state


def _loaded() -> tuple:
    global _state
    if _state is None:
        with _lock:
            if _state is None:
                _state = _build()
    return _state


def _is_term(word: str) -> bool:
    return (len(word) > 1 or word.isdigit()) and word not in STOP_WORDS


def tokens(text: str) -> list[str]:
    """Index-time terms of a text, in order, repeats kept."""
    segmenter, _ = _loaded()
    result = []
    for word in segmenter.cut_for_search(normalize(text)):
        if len(word) > 4:  # cut_for_search adds the 2- and 3-character words inside only
            result += [
                word[i : i + n]
                for n in range(4, len(word))
                for i in range(len(word) - n + 1)
                if segmenter.has_word(word[i : i + n])
            ]
        if _is_term(word):
            result.append(word)
    return result


def query_terms(text: str) -> list[list[str]]:
    """Groups [term, *synonyms] of a query: a match needs one word of every group."""
    segmenter, synonyms = _loaded()
    groups, seen = [], set()
    for word in segmenter.cut(normalize(text)):
        if _is_term(word) and word not in seen:
            seen.add(word)
            groups.append([word, *synonyms.get(word, ())])
            if len(groups) == MAX_GROUPS:
                break
    return groups


@lru_cache(maxsize=4096)
def _fold(char: str) -> str:
    return unicodedata.normalize("NFKC", char).lower()


@lru_cache(maxsize=256)
def _pattern(words: tuple[str, ...]) -> re.Pattern:
    # Longest first: 业委会 wins over 业委. A number or Latin word is not marked inside
    # a longer one (9 not in 2019).
    parts = [
        rf"(?<![0-9a-z]){re.escape(w)}(?![0-9a-z])" if w.isascii() else re.escape(w)
        for w in sorted(words, key=lambda w: (-len(w), w))
    ]
    return re.compile("|".join(parts))


def _flatten(terms) -> Iterable[str]:
    for term in terms:
        if isinstance(term, list | tuple | set | frozenset):
            yield from _flatten(term)
        else:
            yield from normalize(term).split()


def highlight(text: str, terms, width: int = 120) -> str:
    """Escaped snippet of `text` around the first term, each term in <mark>…</mark>.

    `terms` is a list of words or query_terms()' groups; matching ignores case and
    full/half width. No term in the text: its start.
    """
    text = " ".join(str(text or "").split())
    folded = [_fold(char) for char in text]
    origin = [i for i, chars in enumerate(folded) for _ in chars]  # folded → text index
    words = tuple(sorted(set(_flatten(terms))))
    spans = []
    if words and origin:
        for match in _pattern(words).finditer("".join(folded)):
            spans.append((origin[match.start()], origin[match.end() - 1] + 1))
    start, end = 0, len(text)
    if len(text) > width:
        first = spans[0][0] if spans else 0
        start = max(0, min(first - width // 4, len(text) - width))
        end = start + width
        end = max([end] + [e for s, e in spans if s < end])  # never cut a mark in two
    parts, pos = ["…" if start else ""], start
    for s, e in spans:
        if start <= s and e <= end:
            parts += [html.escape(text[pos:s]), "<mark>", html.escape(text[s:e]), "</mark>"]
            pos = e
    parts += [html.escape(text[pos:end]), "…" if end < len(text) else ""]
    return "".join(parts)
