"""The words of the index with their sound, and corrections by sound.

A query word that finds nothing is looked up by its fuzzy pinyin (search/variants.py)
among the words the cases actually use: 老娘旧 finds 老娘舅, 自愿者 finds 志愿者,
laonianren finds 老年人. Kept for both backends, built with the index.
"""

import re
from collections import Counter
from itertools import pairwise

from django.db import transaction
from django_tasks import task

from search import text as chinese
from search import variants
from search.models import SearchWord

LONGEST_WORD = 8
CHINESE_WORD = re.compile(rf"[\u4e00-\u9fff]{{2,{LONGEST_WORD}}}")
SOUND_BATCH = 2000


def document_words(doc):
    """The distinct Chinese words a case's public fields are indexed under."""
    fields = (doc.title, doc.organization, doc.summary, doc.body, *doc.tags, *doc.captions)
    return {t for text in fields for t in chinese.tokens(text or "") if CHINESE_WORD.fullmatch(t)}


def titled_words(doc):
    """The Chinese words of a case's title and tags, and each pair of adjacent ones (楼道 +
    党员 → 楼道党员): the phrases pinyin and initials typed for a topic may stand for."""
    found = set()
    for text in (doc.title, *doc.tags):
        cut = chinese.words(text or "")
        found.update(w for w in cut if CHINESE_WORD.fullmatch(w))
        found.update(
            a + b
            for a, b in pairwise(cut)
            if CHINESE_WORD.fullmatch(a + b) and len(a + b) <= 6 and min(len(a), len(b)) > 1
        )
    return found


def _dictionary_words():
    segmenter_words = set()
    for name in ("dictionary.txt", "synonyms.txt"):
        for fields in chinese.data_entries(name):
            words = fields[:1] if name == "dictionary.txt" else fields
            segmenter_words |= {chinese.normalize(w) for w in words}
    return {w for w in segmenter_words if CHINESE_WORD.fullmatch(w)}


def rebuild(docs):
    """All words of these documents (and of the dictionary), with their sounds."""
    counts, titled = Counter(), Counter()
    for doc in docs:
        phrases = titled_words(doc)
        counts.update(document_words(doc) | phrases)
        titled.update(phrases)
    for word in _dictionary_words():
        counts.setdefault(word, 0)
    with transaction.atomic():
        SearchWord.objects.all().delete()
        SearchWord.objects.bulk_create(
            (
                _with_sound(SearchWord(word=w, entries=n, titled=titled[w]))
                for w, n in counts.items()
            ),
            batch_size=SOUND_BATCH,
        )


def _spaced(values):
    return f" {' '.join(values)} " if values else ""


def _with_sound(word):
    """The word with its sound, its other readings' sounds and its initials filled in."""
    sounds, initials = variants.readings(word.word)
    word.sound = sounds[0] if sounds else variants.sound(word.word)
    word.other_sounds = _spaced(sounds[1:])[:400]
    word.initials = _spaced(initials)[:200]
    return word


def add_document(doc):
    """Words a newly indexed case brings; their sounds are filled in by the worker (the
    pinyin tables stay out of web processes that only publish)."""
    phrases = titled_words(doc)
    words = document_words(doc) | phrases
    known = set(SearchWord.objects.filter(word__in=words).values_list("word", flat=True))
    SearchWord.objects.bulk_create(
        (SearchWord(word=w, entries=1, titled=int(w in phrases)) for w in words - known),
        ignore_conflicts=True,
    )
    if words - known:
        transaction.on_commit(fill_sounds.enqueue)


@task()
def fill_sounds():
    """The sound of every word still without one."""
    missing = list(SearchWord.objects.filter(sound="")[:SOUND_BATCH])
    for word in missing:
        _with_sound(word)
    SearchWord.objects.bulk_update(missing, ["sound", "other_sounds", "initials"])


def _most_used(words):
    return words.order_by("-entries", "word").values_list("word", flat=True).first()


def correction(word):
    """The most used word of the index that sounds like `word` (and is not it), or ""."""
    sound = variants.sound(word)
    if len(sound) < 4:  # two syllables at least: one sounds like far too much
        return ""
    found = _most_used(SearchWord.objects.filter(sound=sound).exclude(word=word))
    if not found and word.isascii():
        # Another reading of a many-sound character (银行 read yinhang, not yinxing).
        known = SearchWord.objects.filter(other_sounds__contains=f" {sound} ", entries__gt=0)
        found = _most_used(known)
    if not found and word.isascii() and len(sound) >= 6:
        # Pinyin of a longer word's beginning (sidianban → 四点半课堂): people stop
        # typing a long name's pinyin once the start is clear.
        found = _most_used(SearchWord.objects.filter(sound__startswith=sound, entries__gt=0))
    if not found and word.isascii() and len(sound) >= 6:
        found = _pinyin_words(sound)
    return found or ""


def _pinyin_words(sound):
    """Pinyin of several words typed as one (gaokongpaowu → 高空抛物 when the index
    holds 高空 and 抛物, not 高空抛物): the longest known word at each step, or "" when
    some of it is no word."""
    words, rest = [], sound
    while rest:
        prefixes = [rest[:n] for n in range(len(rest), 3, -1)]
        rows = SearchWord.objects.filter(sound__in=prefixes, entries__gt=0)
        best = {}
        for text, key, entries in rows.values_list("word", "sound", "entries"):
            if entries > best.get(key, ("", -1))[1]:
                best[key] = (text, entries)
        longest = next((p for p in prefixes if p in best), None)
        if longest is None:
            return ""
        words.append(best[longest][0])
        rest = rest[len(longest) :]
    return "".join(words) if len(words) > 1 else ""


def initials(letters):
    """The most used word of the index whose pinyin initials are these letters (lddy →
    楼道党员), or "": two letters name far too many words."""
    letters = letters.lower()
    if not (3 <= len(letters) <= 8 and letters.isalpha() and letters.isascii()):
        return ""
    words = SearchWord.objects.filter(initials__contains=f" {letters} ", entries__gt=0)
    ordered = words.order_by("-titled", "-entries", "word")
    return ordered.values_list("word", flat=True).first() or ""


_RUN = re.compile(r"[\u4e00-\u9fff]+|[a-z]+")


def _known(words):
    """Those of the words the index knows (a case uses them, or the dictionary has them)."""
    return set(SearchWord.objects.filter(word__in=words).values_list("word", flat=True))


def containing(char, limit=20):
    """The most used words of the index with this character in them: what a one-character
    query most likely means (车 → 停车, 车位 …)."""
    words = SearchWord.objects.filter(word__contains=char, entries__gt=0)
    return list(words.order_by("-entries", "word").values_list("word", flat=True)[:limit])


def correct_query(text):
    """The query with words the cases never use replaced by ones that sound the same
    (老娘旧 → 老娘舅, laonianren → 老年人), or "" when nothing was corrected."""
    normalized = chinese.normalize(text)
    runs = _RUN.findall(normalized)
    known = _known(runs)
    corrected, changed = normalized, False
    for run in runs:
        if run in known or run in chinese.STOP_WORDS:
            continue
        if not run.isascii() and len(run) > LONGEST_WORD:
            # A whole question: no word of the index is this long, and a correction must
            # make the run one (below); trying its every piece took 80 ms a question.
            continue
        replacement = correction(run)
        if not replacement and run.isascii():
            replacement = initials(run)
        if not replacement and len(run) > 2 and not run.isascii():
            # A typo inside a longer run: try its pieces, longest first.
            pieces = [run[i : i + n] for n in (4, 3, 2) for i in range(len(run) - n + 1)]
            pieces_known = _known(pieces)
            unknown = [p for p in pieces if p not in pieces_known]
            for piece in unknown:
                fixed = correction(piece)
                # The whole run must then be a word the index or dictionary knows:
                # 物叶纠纷 → 物业纠纷, never 楼组自治 → 楼组织治 (组自 → 组织).
                if fixed and _known([whole := run.replace(piece, fixed, 1)]):
                    replacement = whole
                    break
        if replacement:
            corrected, changed = corrected.replace(run, replacement, 1), True
    return corrected if changed else ""
