"""Chinese text for search: normalise, segment, stop words, synonyms, highlighted snippets.

Plain functions, no Django: every backend calls `tokens` at index time and `query_terms`
at query time, so both sides cut words with the same segmenter and dictionary.

Decisions (measured on the reference case, 附件2 of the notice):
- Segmenter: an rjieba instance of our own (≈25 MB, 0.1 s to load) with data/dictionary.txt
  and the words of data/synonyms.txt added. Not rjieba's module-level instance: the book's
  line breaks use that one. The privacy check tags names with this one (`segmenter()`), so
  a process holds jieba's dictionary once; its findings on the labelled corpora are the
  same with or without the portal's words.
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
- Variants fold to one form on both sides (search/variants.py): traditional characters,
  full-width letters and digits, Chinese numerals before a unit.
- parse() reads what people type: question words and 怎么办 exclude nothing, "…" asks
  for the words as written, -词 leaves out texts with a word, AND/OR are not words, a
  four-digit year is noted, English words come with their Chinese (data/english.txt),
  and a single character is searched as written, not dropped.
"""

import html
import importlib.util
import re
import sys
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from search import variants

DATA = Path(__file__).with_name("data")
MAX_GROUPS = 20
_STOP_WORDS = """
    的 了 和 与 及 在 是 等 也 对 为 把 被 都 就 而 着 过 之 其 或 并 但 又 从 向 以 于 由 将
    这 那 个 之一 及其 以及 或者 并且 而且 但是 还是 就是 不是 因为 所以 如果 虽然 然后 还有
    这些 那些 这个 那个 这样 那样 这种 那种 一个 一些 一种 一位 一次 我们 你们 他们 她们
    它们 自己 什么 怎么 怎样 如何 哪些 哪个 为什么 可以 已经 进行 通过 关于 对于 根据 按照
    其中 有关 相关 以来 之后 之前 之间 当中 以上 以下 其他 各种 以及其
    怎么办 怎么样 咋办 办 哪里 哪儿 有没有 没有 没人 是否 吗 呢 吧 啊 请问 想 要 能 会 该
    情况 方面 问题 方法 办法 做法 经验 案例 有哪些 怎么做 如何做 怎样做
    总是 老是 一直 经常 常常
    and or not the of a an in on for to with how what which
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

_lock = threading.Lock()
# (segmenter, {word: synonyms}, {english: chinese words}), swapped whole on reload
_state: tuple | None = None
_NOT_WORD = re.compile(r"[^\w\s]|_")


def _replace(match: re.Match) -> str:
    # Marks (emoji variation selectors), format (zero-width) and control characters
    # vanish; punctuation, symbols and emoji separate words.
    return "" if unicodedata.category(match.group())[0] in "MC" else " "


def normalize(text: str) -> str:
    """NFKC (full-width letters and digits become plain), lowercase, simplified
    characters, digits for numerals before a unit, punctuation/symbols/emoji → space,
    control characters dropped."""
    text = unicodedata.normalize("NFKC", str(text or "")).lower()
    text = variants.arabic_numerals(variants.to_simplified(text))
    return " ".join(_NOT_WORD.sub(_replace, text).split())


def data_entries(name: str) -> Iterable[list[str]]:
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if fields := line.split("#", 1)[0].split():
            yield fields


_SUFFIXES = ("ings", "ing", "als", "al", "ers", "er", "ies", "ed", "es", "s")


def english_stem(word: str) -> str:
    """A rough English stem, enough for a glossary: renting, rental, rented → rent."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            return stem + "y" if suffix == "ies" else stem
    return word


def _english_key(text: str) -> str:
    return " ".join(english_stem(w) if w.isascii() else w for w in normalize(text).split())


def _english() -> dict[str, tuple[str, ...]]:
    """English words and phrases → their Chinese words (data/english.txt)."""
    glossary = {}
    path = DATA / "english.txt"
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else ():
        line = line.split("#", 1)[0]
        if "=" in line:
            english, chinese = line.split("=", 1)
            key = _english_key(english)
            if key:
                glossary[key] = tuple(normalize(w) for w in chinese.split() if w.strip())
    return glossary


def _jieba_class():
    """rjieba's Jieba class, without running the package's __init__: it builds a default
    instance at import (~30 MB in every web worker, measured) that the search never
    uses. The extension module is registered under its own name, so a later `import
    rjieba` (the privacy check, the book) finds it and does not load it twice."""
    if "rjieba.rjieba" not in sys.modules:
        package = importlib.util.find_spec("rjieba")
        library = next(Path(package.origin).parent.glob("rjieba.*.so"))
        spec = importlib.util.spec_from_file_location("rjieba.rjieba", library)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules["rjieba.rjieba"] = module
    return sys.modules["rjieba.rjieba"].Jieba


def _build() -> tuple:
    synonyms: dict[str, list[str]] = {}
    for fields in data_entries("synonyms.txt"):
        group = list(dict.fromkeys(w for w in map(normalize, fields) if w and " " not in w))
        for word in group:
            known = synonyms.setdefault(word, [])
            known += [other for other in group if other != word and other not in known]
    words: dict[str, int | None] = dict.fromkeys(synonyms)
    for fields in data_entries("dictionary.txt"):
        word = normalize(fields[0])
        if word and " " not in word:
            freq = fields[1] if len(fields) > 1 else ""
            words[word] = int(freq) if freq.isdigit() else words.get(word)
    segmenter = _jieba_class()()
    for word, freq in words.items():
        segmenter.add_word(word, freq, None)
    synonyms = {word: tuple(others) for word, others in synonyms.items()}
    return segmenter, synonyms, _english()


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


# The longest word looked for inside a longer one (jieba's and our dictionaries' words
# inside names are at most 8 characters; 12 leaves room).
MAX_INNER_WORD = 12


def _is_term(word: str) -> bool:
    return (len(word) > 1 or word.isdigit()) and word not in STOP_WORDS


def segmenter():
    """The segmenter itself, loaded on first use; the privacy check tags with it too
    (cases/checks/names.py), so a process holds jieba's dictionary once."""
    return _loaded()[0]


def tokens(text: str) -> list[str]:
    """Index-time terms of a text, in order, repeats kept."""
    segmenter = _loaded()[0]
    result = []
    for word in segmenter.cut_for_search(normalize(text)):
        if len(word) > 4:  # cut_for_search adds the 2- and 3-character words inside only
            # Up to the longest word worth finding inside: a run of 20,000 digits is one
            # "word", and every substring of it took minutes (quadratic).
            result += [
                word[i : i + n]
                for n in range(4, min(len(word), MAX_INNER_WORD + 1))
                for i in range(len(word) - n + 1)
                if segmenter.has_word(word[i : i + n])
            ]
        if _is_term(word):
            result.append(word)
    return result


def words(text: str) -> list[str]:
    """The words of a text as the segmenter cuts it (no sub-words), in order."""
    return _loaded()[0].cut(normalize(text))


@dataclass(frozen=True)
class Group:
    """One word of a query with the words that mean the same (synonyms, Chinese for an
    English word). literal: found only where written as such (a "…" phrase, or one
    character, which is no term of the index)."""

    word: str
    variants: tuple[str, ...]
    literal: bool = False
    # Ranks the cases holding it but is not required of them: a number, a word a
    # dictionary word was split from, a year, street, 篇 or kind named in the query.
    soft: bool = False
    # The dictionary word a query word was split from (物业纠纷 of 物业 + 纠纷): it adds its
    # weight to a case's score, no rank of its own (search/backends/ranking.py).
    whole: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    groups: tuple[Group, ...] = ()
    excluded: tuple[str, ...] = ()  # -词: texts holding these are left out
    years: tuple[int, ...] = ()  # four-digit years named in the query
    # Single characters left out that are no function word (老娘旧: 旧): what was typed
    # was not all found, so a suggestion may be tried.
    dropped: tuple[str, ...] = ()
    # Runs of the query as typed (3+ characters between spaces, not Latin): a case whose
    # title holds one comes first (a title or programme typed: 楼组消防哨).
    phrases: tuple[str, ...] = ()


# Counters and units (年, 个, 万 …) follow numbers: alone, they are no word to look for.
UNIT_CHARACTERS = frozenset(variants.COUNTERS + "万千亿百十")
_QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”|「([^」]+)」')
_EXCLUDED = re.compile(r"(?:^|\s)[-－]\s*(\S+)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _glossary_groups(text: str, glossary) -> tuple[str, list[Group]]:
    """English phrases of the glossary, longest first, taken out of the text (compared
    by their stems: group renting meets group rental)."""
    groups = []
    words = text.split()
    stems = [english_stem(w) if w.isascii() else w for w in words]
    i, kept = 0, []
    while i < len(words):
        for size in range(min(4, len(words) - i), 0, -1):
            phrase = " ".join(stems[i : i + size])
            if phrase in glossary:
                typed = " ".join(words[i : i + size])
                groups.append(Group(typed, (typed, *glossary[phrase])))
                i += size
                break
        else:
            kept.append(words[i])
            i += 1
    return " ".join(kept), groups


# A district, city or province by name (静安区, 上海市, 浦东新区), not 小区 or 社区.
_PLACE = re.compile(r"([\u4e00-\u9fff]{2,3})(?<![小社园校景街城])(?:区|市|省|县)")


def _place_stem(word: str) -> tuple[str, ...]:
    """静安区 is written 静安 as often as not: the name without 区/市/省/县 counts too."""
    match = _PLACE.fullmatch(word)
    return (match.group(1),) if match else ()


# Question frames: what makes a query a question, not what it is about (怎么办, 有什么办法,
# 能不能 …). Taken out of a query before it is cut, so the words around them stay whole.
_FRAMES = re.compile(
    r"有没有什么|有什么(?:好)?(?:办法|服务|经验|做法)?|有哪些|怎么办|怎么样|怎么处理|怎么解决"
    r"|如何处理|如何解决|该怎么|怎么|怎样|如何|为什么|能不能|可不可以|会不会|是不是|行不行"
    r"|谁来|谁能|请问|吗|呢|吧"
)


def _split(word: str, segmenter, synonyms) -> tuple[str, str] | None:
    """A dictionary word with no synonyms of its own cut in two dictionary words, one of
    which has synonyms (物业纠纷 → 物业 + 纠纷, so 纠纷 reaches 矛盾), or None."""
    if len(word) < 4 or word in synonyms or not re.fullmatch(r"[\u4e00-\u9fff]+", word):
        return None
    for cut in range(2, len(word) - 1):
        head, tail = word[:cut], word[cut:]
        known = all(segmenter.has_word(w) or w in synonyms for w in (head, tail))
        if known and (head in synonyms or tail in synonyms):
            return head, tail
    return None


# One character that only joins a question's words (给老人送饭, 没人管, 有人看).
FUNCTION_CHARACTERS = frozenset("给没有让把被向跟同帮找去来到里上下很太都还再才就要能会该")


def _content_words(words: list[str], segmenter, dropped: list[str]) -> list[str]:
    """The words of a cut query without function words, and without single characters
    unless one is the whole query or, with a neighbour, a word (装 + 电梯 is no word: 装
    goes; 养 + 狗 → 养狗 when the segmenter cut them apart)."""
    words = [w for w in (w.strip() for w in words) if w and w not in STOP_WORDS]
    single = lambda w: len(w) == 1 and not w.isdigit()  # noqa: E731
    if len(words) == 1:
        return words
    kept, i = [], 0
    while i < len(words):
        word = words[i]
        if single(word):
            after = words[i + 1] if i + 1 < len(words) else ""
            if after and single(after) and segmenter.has_word(word + after):
                kept.append(word + after)
                i += 2
                continue
            if kept and single(kept[-1][-1:]) and segmenter.has_word(kept[-1] + word):
                kept[-1] += word
            elif word not in FUNCTION_CHARACTERS and word not in UNIT_CHARACTERS:
                dropped.append(word)
        else:
            kept.append(word)
        i += 1
    return kept


def parse(text: str) -> ParsedQuery:
    """What a query asks for; never raises, whatever was typed."""
    segmenter, synonyms, glossary = _loaded()
    raw = unicodedata.normalize("NFKC", str(text or ""))
    groups, seen = [], set()

    def add(group):
        if group.word not in seen and len(groups) < MAX_GROUPS:
            seen.add(group.word)
            groups.append(group)

    for match in _QUOTED.finditer(raw):
        phrase = normalize(next(g for g in match.groups() if g)).replace(" ", "")
        if phrase:
            add(Group(phrase, (phrase,), literal=True))
    raw = _QUOTED.sub(" ", raw)
    excluded = tuple(
        word for match in _EXCLUDED.finditer(raw) if (word := normalize(match.group(1)))
    )
    raw = _EXCLUDED.sub(" ", raw)
    rest, english = _glossary_groups(normalize(raw), glossary)
    for group in english:
        add(group)
    years = tuple(int(y) for y in _YEAR.findall(rest))
    framed = _FRAMES.sub(" ", rest)
    dropped = []
    cut = segmenter.cut(framed if framed.strip() else rest)
    words = _content_words(cut, segmenter, dropped)
    # Numbers only rank (a 4 of 四点半课堂 is in almost every case) unless they are all
    # the query is.
    numbers_only = all(w.isdigit() for w in words)
    for word in words:
        if _is_term(word):
            soft = word.isdigit() and not numbers_only
            if parts := _split(word, segmenter, synonyms):
                for part in parts:
                    add(Group(part, (part, *synonyms.get(part, ()))))
                add(Group(word, (word,), soft=True, whole=True))  # the whole word weighs
                continue
            add(Group(word, (word, *synonyms.get(word, ()), *_place_stem(word)), soft=soft))
        elif re.fullmatch(r"[\u4e00-\u9fff]", word) and word not in UNIT_CHARACTERS:
            add(Group(word, (word,), literal=True))  # one character: as written
    phrases = [w for w in rest.split() if len(w) >= 3 and not w.isascii()]
    return ParsedQuery(tuple(groups), excluded, years, tuple(dropped), tuple(phrases[:4]))


def query_terms(text: str) -> list[list[str]]:
    """The words of a query with their alternatives, for highlighting and checks."""
    return [list(group.variants) for group in parse(text).groups]


@lru_cache(maxsize=4096)
def _fold(char: str) -> str:
    return unicodedata.normalize("NFKC", char).lower()


class _FoldTable(dict):
    """str.translate's table for _fold, filled as characters are met: the text is folded
    in one C call instead of one Python call per character (10 snippets of 2,000-character
    cases took 11 ms, most of a search page's Python time)."""

    def __missing__(self, code):
        self[code] = folded = _fold(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()
# Characters NFKC folds into letters or digits a query may ask for: full-width letters
# and digits, superscripts, letterlike and enclosed signs, Roman numerals, CJK
# compatibility forms and ideographs, ligatures (not the full-width punctuation every
# Chinese text has, which no word holds).
_COMPATIBLE = re.compile(
    "[\u00aa\u00b2\u00b3\u00b5\u00b9\u00ba\u00bc-\u00be\u2070-\u209f\u2100-\u218f"
    "\u2460-\u24ff\u3200-\u33ff\uf900-\ufaff\ufb00-\ufb4f"
    "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]"
)


def _folded_with_origin(text):
    # A text without full-width or other compatibility characters (nearly every case)
    # folds by lower() alone, in C: translate() through the table cost 1–3 ms a case.
    if not _COMPATIBLE.search(text):
        folded = text.lower()
        if len(folded) == len(text):
            return folded, range(len(text))
    folded = text.translate(_FOLD_TABLE)
    if len(folded) == len(text):  # no character grew (none vanishes): index i is text[i]
        return folded, range(len(text))
    chars = list(map(_FOLD_TABLE.__getitem__, map(ord, text)))
    return "".join(chars), [i for i, c in enumerate(chars) for _ in c]


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
    folded, origin = _folded_with_origin(text)  # origin: folded index → text index
    words = tuple(sorted(set(_flatten(terms))))
    spans = []
    if words and origin:
        for match in _pattern(words).finditer(folded):
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
