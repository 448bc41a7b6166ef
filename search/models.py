"""The embedded search index: one entry per published case, and its weighted terms."""

from django.db import models


class SearchEntry(models.Model):
    # Derived data, kept in step by signals: a plain id, so the index can also be built
    # from documents alone (bench/search.py indexes 10,000 generated cases).
    case_id = models.PositiveIntegerField(unique=True)
    url = models.CharField(max_length=500)
    title = models.CharField(max_length=255)
    organization = models.CharField(max_length=120)
    section = models.CharField(max_length=40)
    section_slug = models.CharField(max_length=40, db_index=True)
    year = models.PositiveSmallIntegerField(null=True, db_index=True)
    street = models.CharField(max_length=40, db_index=True)
    kind = models.CharField(max_length=60, db_index=True)
    participant = models.CharField(max_length=40, db_index=True)
    published_at = models.DateTimeField(null=True, db_index=True)
    text = models.TextField()  # summary and body, for snippets
    # Every public field folded as queries are (search.text.normalize): a word is found
    # where it is written even when the segmenter cut the text around it differently.
    folded = models.TextField(default="")

    class Meta:
        verbose_name = "检索条目"
        verbose_name_plural = "检索条目"

    def __str__(self):
        return self.title


class SearchGram(models.Model):
    """A character or a pair of characters of the entries' folded text, and the entries
    holding it (search/grams.py): words as written without scanning every text."""

    gram = models.CharField(max_length=2, unique=True)
    entries = models.BinaryField()  # sorted entry ids, grams.encode

    class Meta:
        verbose_name = "检索字串"
        verbose_name_plural = "检索字串"

    def __str__(self):
        return self.gram


class IndexVersion(models.Model):
    """One row whose value changes with every write to the index, in the same transaction:
    every process (web workers, a rebuild from a shell) sees the index change with it."""

    version = models.UUIDField()

    class Meta:
        verbose_name = "检索索引版本"
        verbose_name_plural = "检索索引版本"

    def __str__(self):
        return str(self.version)


class SearchTerm(models.Model):
    """An inverted index row: a term of an entry with its weight (fields × frequency)."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=40)
    weight = models.FloatField()

    class Meta:
        verbose_name = "检索词"
        verbose_name_plural = "检索词"
        # Covers the whole query: a term's entries and weights without touching the table.
        indexes = [models.Index(fields=["term", "entry", "weight"], name="search_term_covering")]

    def __str__(self):
        return self.term


class SearchWord(models.Model):
    """A word of the index with its sound (fuzzy pinyin): what a query that found
    nothing is corrected to (老娘旧 → 老娘舅, laonianren → 老年人)."""

    word = models.CharField(max_length=40, unique=True)
    sound = models.CharField(max_length=160, db_index=True, blank=True)
    entries = models.PositiveIntegerField(default=0)  # cases holding it, to prefer common ones
    # Its other readings' sounds and every reading's pinyin initials, each between spaces
    # (" yinhan ", " sjyh sjyx "): pinyin and initials typed for a word with a
    # many-sound character (银行, 业委会) still find it.
    other_sounds = models.CharField(max_length=400, blank=True, default="")
    initials = models.CharField(max_length=200, blank=True, default="")
    # Cases whose title or tags hold it: initials name a programme or topic (lddy →
    # 楼道党员), so titled words come before words of the same initials in bodies.
    titled = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "检索词表"
        verbose_name_plural = "检索词表"

    def __str__(self):
        return self.word
