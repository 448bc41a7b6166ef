"""The portal's rich-text link handlers (registered in wagtail_hooks.py)."""

from wagtail.rich_text.pages import PageLinkHandler

from cases.fields.links_in_text import known_pages


class PrefetchedPageLinkHandler(PageLinkHandler):
    """Wagtail's page links, taken from the pages a case page read at once when it has
    them (cases/fields/links_in_text.py); elsewhere as Wagtail resolves them."""

    @classmethod
    def get_many(cls, attrs_list):
        pages = known_pages([str(attrs.get("id")) for attrs in attrs_list])
        return super().get_many(attrs_list) if pages is None else pages
