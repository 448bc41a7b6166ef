"""Values a process keeps in its own memory for one version of the data they come from
(the content generation, the search index's version): a reader who sees another version
drops them all, so nothing stale is ever served and nothing has to be invalidated.
The version is read from the database by the caller; this only remembers."""

import threading
from collections import OrderedDict

MISSING = object()


class VersionedMemo:
    """Up to `size` values of the current version, the least recently used dropped first.
    Thread-safe: the development server and a live test server run threads."""

    def __init__(self, size):
        self.size = size
        self._lock = threading.Lock()
        self._version = None
        self._items = OrderedDict()

    @property
    def version(self):
        """The version of the values held (None before the first)."""
        return self._version

    def get(self, version, key, default=MISSING):
        with self._lock:
            if version != self._version:
                self._version, self._items = version, OrderedDict()
                return default
            found = self._items.get(key, MISSING)
            if found is MISSING:
                return default
            self._items.move_to_end(key)
            return found

    def set(self, version, key, value):
        with self._lock:
            if version != self._version:
                self._version, self._items = version, OrderedDict()
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def remember(self, version, key, produce, keep=None):
        """produce() once per version and key; with `keep`, only a value it accepts is
        kept. A version of None (none written yet) keeps nothing. produce() runs outside
        the lock: two threads may both produce a value, never block each other on it."""
        if version is None:
            return produce()
        found = self.get(version, key)
        if found is MISSING:
            found = produce()
            if keep is None or keep(found):
                self.set(version, key, found)
        return found

    def forget(self, version=None):
        """Drop everything (tests between them; a process that knows the version moved)."""
        with self._lock:
            self._version, self._items = version, OrderedDict()

    def __len__(self):
        return len(self._items)
