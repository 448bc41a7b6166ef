"""How the embedded backend ranks a query's matches: each group of words weighs by its
rarity, a case scores the sum of its groups' weights times its best term's weight, and
the cases covering the query's point (tier 1) come before those that match only part of
it. Plain arithmetic over {entry id: weight} maps, testable without a database; the
backend (search/backends/database.py) finds the matches and pages through the result.
"""

import heapq
import math
from itertools import compress, repeat
from operator import add, ge, mul, neg, truediv

# A question of three or more words: covering this share of their weight is covering it.
COVERED = 0.6


class Ranked:
    """A query's matches: {entry id: score} and the entries of tier 1 (those covering the
    query's point; tier 0 the others), made once per query and kept with it, each
    without a Python loop per entry. Facet counts are kept per filters too."""

    def __init__(self, ids, tiers, scores):
        self.scores = dict(zip(ids, scores, strict=True))
        self.full = frozenset(compress(ids, tiers))
        self.facets = {}

    def __len__(self):
        return len(self.scores)

    def first(self, part, count):
        """The first `count` of part (entries of one tier) by score, then id."""
        keyed = zip(map(neg, map(self.scores.__getitem__, part)), part, strict=True)
        first = heapq.nsmallest(count, keyed) if count * 8 < len(part) else sorted(keyed)[:count]
        return [i for _, i in first]


# A word of a question weighs as its rarity only if some case is about it: it is in a
# case's title with its summary or text, or its tags and summary (a term weight of TOPICAL
# or more). 一直, 危险, 上楼 are in no title: rare, yet never what a question asks
# (devlarge: 小区业委会一直选不出来怎么办 listed summer classes first); a word found only
# as written, less still. 8, not a title's 5: a word said twice in a summary and three
# times in the text weighs 5.2 without any title holding it (devlarge2 d2-154
# 上班族下班后怎么参加社区志愿服务: 下班, said by the after-school cases, kept the office
# volunteers' cases among the partial matches; devlarge2 recall@10 0.856 → 0.861).
TOPICAL = 8.0
LEAST_TOPICAL = 0.2


def _topicality(found):
    """The share of its rarity a question's word weighs, from its best weight in a case."""
    best = max(found.values(), default=0.0)
    return min(1.0, max(LEAST_TOPICAL, best / TOPICAL))


# A case of the street or kind the query names: its score times this. Not a tier above
# the others: 志愿者 is a 参与主体 and the word of most texts (devlarge: 志愿者做服务有
# 没有积分可以兑换 listed every volunteer's case above the points cases).
PREFERRED = 1.5


# A 篇 named in the query is what the reader asked for: among the cases covering the
# query, its cases come before the others, as a title typed whole does (devlarge2:
# d2-058 生活服务篇 加装电梯 listed the 社区自治篇's lift cases among the first ten, and
# d2-062 矛盾调处篇 物业 other 篇's property cases); so do those of a 参与主体 or
# organisation type typed as a word of its own (search/answer.py asks only then), and
# those of the year typed: a year asks for that year's cases, its word only for those
# naming it (devlarge3 d3-187 楼组包干制 2021年 and d3-188 犬主守则 2024 listed the 2020
# and 2019 cases of the same programme first: they say more of it, and name the later
# year). A street only weighs more (PREFERRED): it is named in passing in most texts.
# The lift outweighs any number of titled phrases and soft words: 社区自治篇 加装电梯
# (d2-059) listed 生活服务篇 cases titled 加装电梯 above the 篇's own.
NAMED_FIRST = frozenset({"section", "participant", "kind", "year"})
NAMED_LIFT = 100


def _preferred(weighted, ids, snapshot, prefer):
    """The scores `weighted` (in the order of ids), each times PREFERRED for every facet
    value of `prefer` its entry holds, but for a 篇, kind or year (NAMED_FIRST: _titled
    lifts its cases): a case of the street named weighs more."""
    for name, value in prefer:
        if name in NAMED_FIRST:
            continue
        holding = snapshot.having(name, value)
        factors = map(holding.__contains__, ids)
        weighted = list(
            map(mul, weighted, map(add, repeat(1.0), map(mul, repeat(PREFERRED - 1.0), factors)))
        )
    return weighted


def _titled(ids, snapshot, phrases, prefer=()):
    """For each of ids, how many of the query's phrases its title holds as typed: a title
    or programme typed whole lists its case first (devlarge: 楼组消防哨 and 微型消防站守护
    老弄堂 listed other fire-safety cases first), and a case named after the query's
    concept comes before those that only discuss it; plus NAMED_LIFT if it is of the 篇
    the query names (NAMED_FIRST)."""
    counts = list(repeat(0, len(ids)))
    for phrase in phrases:
        titles = map(snapshot.titles.get, ids, repeat(""))
        counts = list(map(add, counts, map(str.__contains__, titles, repeat(phrase))))
    for name, value in prefer:
        if name in NAMED_FIRST:
            holding = snapshot.having(name, value)
            held = map(holding.__contains__, ids)
            counts = list(map(add, counts, map(mul, repeat(NAMED_LIFT), held)))
    return counts


# A word held by nearly every case (社区, 居民, 服务, 小区: UBIQUITOUS of them or more) says
# next to nothing of what a case is about, yet its rarity, log(1 + N / (1 + n)), never
# falls below log 2, and a title or summary holding it gave it a weight above the words
# that name the topic: devlarge2 d2-125 小区空地种花种菜 listed the charging-shed cases
# (小区 in their titles) among the garden cases, d2-048 社区自治篇 the community planners'
# cases (社区 21 times) before the 篇's self-governance ones (recall@10 0.2 → 0.7). Its
# weight shrinks as it nears every case: words of 90 % of cases weigh half. Only beside
# other words: alone, it is what was asked. 0.8: devlarge2 recall@10 0.861 → 0.866
# (0.7: 0.865 and MRR 0.958; BM25's idf, log(1 + (N − n + 0.5) / (n + 0.5)), took 物业,
# in 65 % of cases, for a word said in passing: d2-166 凉城新村 物业, MRR 0.951).
UBIQUITOUS = 0.8
# Never nothing: a query of such words only (社区 居民) still ranks by how much is said.
LEAST_COMMON = 0.05


def _common(count, total):
    """The share of its rarity a word of `count` cases of `total` keeps beside others."""
    return min(1.0, max(LEAST_COMMON, (1.0 - count / total) / (1.0 - UBIQUITOUS)))


def _covering(scores, typed, total):
    """What each word of a question weighs in covering it: the rarity of the word as
    typed, not of every word it reaches. A synonym group matches as many cases as its
    broadest word (一个人住 reaches 独居, 135 cases of 539; 养老 reaches 老人, 465),
    which made the question's point weigh no more than a word said in passing: devlarge2
    d2-127 老人一个人住在家里出了事怎么办 listed the cases about old people living alone
    only after those that also happen to say 家里, d2-136 the parking cases after those
    saying 回来, devlarge L066 想把家里闲置物品捐给困难家庭去哪里 the charity shops after
    community funds. Its weight in the score is unchanged."""
    counts = map(len, scores) if typed is None else typed
    return [math.log(1 + total / (1 + count)) for count in counts]


def _ranking(ids, tiers, scores, snapshot, excluded):
    ranked = Ranked(ids, tiers, scores)
    # An entry indexed since the snapshot was read waits for the next search.
    return ranked, frozenset((ranked.scores.keys() & snapshot.ids) - excluded)


def rank(asked, scores, excluded, snapshot, prefer=(), typed=None):
    """(Ranked, matching entry ids) from the entries each group of `asked` matches
    (`scores`: per group {entry id: best weight}), less those `excluded`; `typed`: per
    group, how many entries hold its word as typed (None: as many as it matches).

    Each group weighs by its rarity (a case holding 老娘舅 says more than one with
    社区); a case's score is the sum over the groups it matches of that weight times
    its best term's weight (fields and saturated mentions: search/plan.py). Tier 1:
    the case covers the query's required groups — all of them for one or two, at
    least COVERED of their weight for a question of three or more, so that no
    incidental word decides (in a question, a word no case is about weighs less:
    _topicality, and a word covers by the rarity of the word as typed: _covering).
    Soft groups only add to the score; a query of soft groups only (静安区) keeps every
    case and ranks those holding them first. The cases of the facet values `prefer`
    names weigh more (_preferred); a title holding a run of the query as typed, or a
    case of the 篇 it names, lifts its case above the others (_titled)."""
    total = len(snapshot.ids) or 1
    rarity = [math.log(1 + total / (1 + len(found))) for found in scores]
    required = [i for i, g in enumerate(asked.groups) if not g.soft]
    everything = not required
    required = required or list(range(len(asked.groups)))
    share = 1.0 if len(required) < 3 else COVERED
    covering = rarity
    if len(scores) > 1:  # beside other words, one nearly every case holds says little
        rarity = [r * _common(len(found), total) for r, found in zip(rarity, scores, strict=True)]
    if share < 1.0:
        topical = list(map(_topicality, scores))
        rarity = list(map(mul, rarity, topical))
        covering = list(map(mul, _covering(scores, typed, total), topical))
    # In a question, a word no case holds cannot be covered: it counts against none.
    # In one or two words it is what was asked (a typo: 物叶纠纷 is not 纠纷).
    needed = sum(covering[i] for i in required if scores[i] or share == 1.0) or 1.0
    # Per-entry arithmetic through map() over builtin operators, in C: the same
    # floating-point operations in the same order as a loop, without its cost
    # (9,000 entries a common word).
    if len(scores) == 1 and not everything:  # one word: every match covers it
        weight = rarity[0]
        ids = list(scores[0])
        weighted = list(map(mul, repeat(weight), scores[0].values()))
        weighted = _preferred(weighted, ids, snapshot, prefer)
        values = map(truediv, weighted, map(add, repeat(1.0), weighted))
        values = map(add, _titled(ids, snapshot, asked.titled, prefer), values)
        return _ranking(ids, [1] * len(ids), values, snapshot, excluded)
    if everything:
        ids = list(snapshot.ids)
    else:
        union = {}
        for i in required:
            union.update(scores[i])
        ids = list(union)
    ranking = list(repeat(0.0, len(ids)))
    for i, group_scores in enumerate(scores):
        if group_scores:
            found = map(group_scores.get, ids, repeat(0.0))
            ranking = list(map(add, ranking, map(mul, repeat(rarity[i]), found)))
    # Among the cases covering the query, those holding more of its soft words (the
    # year, street or figure it names) come first: 2019 曹家渡 时间银行. Not the whole
    # of a split word: it only weighs (devlarge2 d2-010 物业纠纷 listed a mediator's case
    # saying 物业纠纷 once above property cases saying 物业 and 矛盾 throughout).
    softly = _titled(ids, snapshot, asked.titled, prefer)
    for i, group in enumerate(asked.groups):
        if group.soft and not group.whole and scores[i]:
            softly = list(map(add, softly, map(scores[i].__contains__, ids)))
    ranking = _preferred(ranking, ids, snapshot, prefer)
    values = map(truediv, ranking, map(add, repeat(1.0), ranking))
    values = map(add, softly, values)
    if everything:
        return _ranking(ids, [1] * len(ids), values, snapshot, excluded)
    covered = list(repeat(0.0, len(ids)))
    for i in required:
        if scores[i]:
            held = map(scores[i].__contains__, ids)
            covered = list(map(add, covered, map(mul, repeat(covering[i]), held)))
    tiers = map(int, map(ge, covered, repeat(share * needed - 1e-9)))
    return _ranking(ids, tiers, values, snapshot, excluded)
