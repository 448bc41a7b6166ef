"""A search as the search page answers it: the backend's results, with what the page
adds around them: filters the query names (a year, street, 篇 or kind) offered and only
ranking, and a suggestion when the query as typed finds little and the suggestion
clearly more."""

import re
import time
from dataclasses import dataclass, field, replace

from search.backend import get_backend
from search.documents import facet_values
from search.query import HOME_DISTRICT, SearchQuery, SearchResults
from search.text import normalize, parse


@dataclass
class Answer:
    query: SearchQuery  # what the results are for (the text as typed, or its correction)
    results: SearchResults
    typed: str = ""  # what was typed, when the results are for a correction
    offers: list = field(default_factory=list)  # (facet name, value, label)
    ignored_text: bool = False  # only punctuation or emoji: everything is shown
    rest: str = ""  # the text without the words an offer stands for (the offer's query)


NAMES_KEPT_S = 60
NAMED_ALONE = frozenset({"participant", "kind"})
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:年度|年)?(?!\d)")
_DISTRICT = re.compile(r"[\u4e00-\u9fff]{2,3}(?<![小社园校景街城])区")


def _names(name, value, label):
    """The ways a query may name a facet value: 曹家渡街道 or 曹家渡; 矛盾调处与帮困帮教篇,
    矛盾调处篇 or 帮困帮教."""
    names = {label}
    if name == "street":
        names.add(re.sub(r"(街道|镇)$", "", label))
    if name == "section":
        core = label.removesuffix("篇")
        names |= {core} | {part for part in core.split("与") if len(part) >= 4}
        names |= {f"{n}篇" for n in list(names) if not n.endswith("篇")}
    return {normalize(n) for n in names if len(n) >= 2}


_kept = {"at": -NAMES_KEPT_S, "names": []}


def _facet_names():
    """[(name as typed, (facet, value, label))], longest first: read again each minute
    (a 篇 added in the admin), not for every search (10 ms a search)."""
    now = time.monotonic()
    if now - _kept["at"] >= NAMES_KEPT_S:
        named = [(n, value) for value in facet_values() for n in _names(*value)]
        _kept.update(at=now, names=sorted(named, key=lambda item: -len(item[0])))
    return _kept["names"]


def _named(text):
    """(offers [(facet, value, label, words)], the text without them, district words):
    facet values the query names, longest names first, each taken out of the text."""
    rest, offers = normalize(text), []
    for words, (name, value, label) in _facet_names():
        if words in rest and not any(o[0] == name for o in offers):
            alone = words in rest.split()  # typed as a word of its own, not in a sentence
            rest = rest.replace(words, " ", 1)
            offers.append((name, value, label, words, alone))
    for match in _YEAR.finditer(rest):
        offers.append(("year", match.group(1), f"{match.group(1)}年", match.group(1), True))
    rest = _YEAR.sub(" ", rest)
    # A district the segmenter keeps as one word (虹口区, 静安区), not 小区 or 社区.
    districts = [g.word for g in parse(rest).groups if _DISTRICT.fullmatch(g.word)]
    for district in districts:
        rest = rest.replace(district, " ", 1)
    return offers, " ".join(rest.split()), districts


def _whole(results):
    """How many cases hold every word of the query."""
    return results.total if results.partial_from is None else results.partial_from


def _searched(query):
    """The query as the backend is asked it: the words naming a filter only rank (the
    filter is offered), unless nothing else is asked; the library's own district narrows
    nothing; another district ranks."""
    offers, rest, districts = _named(query.text)
    # A 篇's own words (服务, 社区, 公益) are in most texts: its cases rank first by the
    # facet (search/backends/ranking.py NAMED_FIRST), not by holding them (devlarge2
    # d2-058 生活服务篇 加装电梯 listed lift cases that say 生活 and 服务 first).
    boost = [o[3] for o in offers if o[0] != "section"] + districts
    left = parse(rest).groups
    # A character left glued to a name taken out is no query (类 of 生活服务类案例:
    # devlarge2 d2-055 listed the 分类 cases); the name alone was asked. Typed apart
    # (2017 车), it is one; so is a number (临汾路3号).
    typed = normalize(query.text).split()
    glued = lambda g: len(g.word) == 1 and not g.word.isdigit() and g.word not in typed  # noqa: E731
    if offers and left and all(map(glued, left)):
        left, rest = (), ""
    titled = True
    if not left:
        hard = [o[3] for o in offers] + [d for d in districts if d != HOME_DISTRICT]
        rest, boost = " ".join(hard), [d for d in districts if d == HOME_DISTRICT]
        # A 篇's name asked alone is no title: its cases rank by its words, not first
        # those whose title happens to hold the name (devlarge2 d2-051 矛盾调处 listed
        # 物业矛盾调处见实效, d2-052 社区自治 疫情防控中的社区自治 before the 篇's core cases).
        titled = not any(o[0] == "section" for o in offers)
    if "-" in query.text or '"' in query.text or "“" in query.text:
        rest = query.text  # operators and phrases as typed
    offered = [o[:3] for o in offers if o[0] not in query.filters]
    # A 参与主体 or organisation type typed as a word of its own (志愿者 垃圾分类) asks for
    # those cases first, as a 篇 does (devlarge2 d2-174 志愿者 垃圾分类, d2-176 两代表一委员
    # 加装电梯 listed other cases first); inside a sentence it is one of its words and
    # only offered (devlarge: 志愿者做服务有没有积分可以兑换 is about points).
    prefer = tuple(
        (o[0], o[1])
        for o in offers
        if o[0] not in query.filters and (o[0] not in NAMED_ALONE or o[4])
    )
    searched = replace(query, text=rest, boost=" ".join(boost), prefer=prefer, titled=titled)
    return searched, offered, rest


def _finds_little(results):
    """No case, or none holding every word of the query."""
    return results.total == 0 or results.partial_from == 0


def answer(query, exact=False):
    """The search page's answer to a query; exact=True takes what was typed as it is."""
    backend = get_backend()
    parsed = parse(query.text)
    ignored = bool(query.text) and not parsed.groups and not parsed.excluded
    if ignored:
        query = replace(query, text="")
    searched, offers, rest = _searched(query)
    result = Answer(query, backend.search(searched), ignored_text=ignored, rest=rest)
    result.offers = offers
    if query.text and not exact and (_finds_little(result.results) or parsed.dropped):
        # A suggestion from the index's own words (same sound, pinyin, initials), kept
        # only if it finds clearly more cases holding all of its words than the query as
        # typed, or makes a stray character part of a word (老娘旧 → 老娘舅), never 楼道议事会
        # → 楼道议实惠. Pinyin finds nothing as typed and has no other reading: any result.
        correction = backend.suggestions(query.text)
        if correction:
            corrected_query = replace(query, text=correction)
            searched, offers, rest = _searched(corrected_query)
            corrected = backend.search(searched)
            pinyin = query.text.isascii() and not result.results.total
            # A character found in no word (旧 of 老娘旧) that the correction makes part of
            # one: the query as typed was not all found.
            mended = parsed.dropped and not parse(correction).dropped and _whole(corrected)
            better = _whole(corrected) > _whole(result.results)
            if better or mended or (pinyin and corrected.total):
                result = Answer(corrected_query, corrected, typed=query.text, rest=rest)
                result.offers = offers
    return result
