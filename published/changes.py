"""The one announcement of what readers can see changing.

Every change to public content calls announce() inside its transaction: a new content
generation is drawn there (readers see the new number only with the new content), and
once the transaction commits one `content_changed` signal tells everyone what changed,
once per transaction however many rows it touched. What keeps state derived from public
content follows that signal, or the generation, instead of a list of its own:

- the parts of public pages (parts.py) are kept under the generation and the release;
- the front cache (deploy/nginx) revalidates every page against an ETag made of the
  generation and the release (portal/cache_headers.py): nothing to purge;
- the search index re-indexes the cases whose organisation, 篇 or tag names changed
  (search/signal_handlers.py).
"""

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.dispatch import Signal

from published.generation import draw

# Sent after commit with: pages (ids of pages changed), objects ((model label, pk) of
# other rows changed), withdrawn (something left public view: unpublished, restricted,
# deleted), everything (a restore: assume all of it).
content_changed = Signal()


class _Pending:
    """What one transaction changed so far, sent once when it commits."""

    def __init__(self, connection):
        self.connection = connection
        self.pages, self.objects = set(), set()
        self.withdrawn = self.everything = False

    def registered(self):
        """Still waiting for its commit (not run, not dropped by a rollback)."""
        return any(entry[1] == self.send for entry in self.connection.run_on_commit)

    def send(self):
        if self.connection.__dict__.get("_published_pending") is self:
            del self.connection.__dict__["_published_pending"]
        content_changed.send(
            sender=announce,
            pages=frozenset(self.pages),
            objects=frozenset(self.objects),
            withdrawn=self.withdrawn,
            everything=self.everything,
        )


def announce(*, pages=(), objects=(), withdrawn=False, everything=False):
    """Something readers see changed: a new generation now, the signal after commit."""
    draw()
    connection = connections[DEFAULT_DB_ALIAS]
    pending = connection.__dict__.get("_published_pending")
    fresh = pending is None or not pending.registered()
    if fresh:  # none yet in this transaction, or the last one was sent or rolled back
        pending = connection.__dict__["_published_pending"] = _Pending(connection)
    pending.pages.update(pages)
    pending.objects.update(objects)
    pending.withdrawn |= withdrawn
    pending.everything |= everything
    if fresh:
        transaction.on_commit(pending.send)  # at once outside a transaction


def label(instance):
    """(model label, pk): how `objects` names a row."""
    return (instance._meta.label, instance.pk)
