"""Stand-ins for an Elasticsearch server and readers of the requests sent to it,
shared by the backend's tests."""

import dataclasses
from datetime import UTC, datetime
from fnmatch import fnmatch

from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig
from elasticsearch import ConnectionError, NotFoundError

from search.query import CaseDoc

PUBLIC_FIELDS = {f.name for f in dataclasses.fields(CaseDoc)} - {"id"}
TEXT_FIELDS = {"title", "organization", "summary", "body", "captions", "tags", "section", "street"}


def case_doc(id=1, **fields):
    values = {
        "url": f"/cases/{id}/", "title": f"案例{id}", "organization": "某社会组织",
        "organization_kind": "社区服务类社会组织", "section": "生活服务篇",
        "section_slug": "life", "year": 2016, "street": "静安寺街道",
        "participant_type": "社会组织", "summary": "摘要", "body": "正文",
        "captions": ("图片说明",), "tags": ("社区",),
        "published_at": datetime(2016, 9, 1, 8, 0, tzinfo=UTC),
    }  # fmt: skip
    return CaseDoc(id=id, **{**values, **fields})


def _walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def terms_of(query):
    """The portal terms a request asks for (multi_match over terms.* fields)."""
    return [
        n["multi_match"]["query"]
        for n in _walk(query)
        if "multi_match" in n and n["multi_match"]["fields"][0].startswith("terms.")
    ]


def written_of(query):
    """{word: boost} looked for as written (match_phrase on folded)."""
    found = {}
    for n in _walk(query):
        phrase = n.get("match_phrase", {}).get("folded")
        if isinstance(phrase, dict):
            found[phrase["query"]] = phrase.get("boost", 1.0)
        elif phrase is not None:
            found[phrase] = 1.0
    return found


def not_found():
    node = NodeConfig("http", "localhost", 9200)
    meta = ApiResponseMeta(404, "1.1", HttpHeaders(), 0.0, node)
    return NotFoundError("not_found", meta, {"found": False})


class RecordingIndices:
    def __init__(self, client):
        self.client = client
        self.aliases = {}  # concrete index → set of aliases

    def create(self, **kwargs):
        self.client.calls.append(("indices.create", kwargs))
        self.aliases[kwargs["index"]] = set()

    def refresh(self, **kwargs):
        self.client.calls.append(("indices.refresh", kwargs))

    def get_alias(self, **kwargs):
        self.client.calls.append(("indices.get_alias", kwargs))
        return {
            name: {"aliases": {alias: {} for alias in aliases}}
            for name, aliases in self.aliases.items()
            if fnmatch(name, kwargs["index"])
        }

    def update_aliases(self, **kwargs):
        self.client.calls.append(("indices.update_aliases", kwargs))
        for action in kwargs["actions"]:
            (verb, target), = action.items()  # fmt: skip
            change = set.discard if verb == "remove" else set.add
            change(self.aliases[target["index"]], target["alias"])

    def delete(self, **kwargs):
        self.client.calls.append(("indices.delete", kwargs))
        for name in kwargs["index"].split(","):
            del self.aliases[name]


class RecordingClient:
    """Implements the client methods the backend calls, recording each call."""

    def __init__(self, response=None, bulk_errors=False):
        self.calls = []
        self.indices = RecordingIndices(self)
        self.response = response or {"hits": {"total": {"value": 0}, "hits": []}}
        self.bulk_errors = bulk_errors

    def named(self, name):
        return [kwargs for called, kwargs in self.calls if called == name]

    def index(self, **kwargs):
        self.calls.append(("index", kwargs))

    def delete(self, **kwargs):
        self.calls.append(("delete", kwargs))

    def bulk(self, **kwargs):
        self.calls.append(("bulk", kwargs))
        items = [{"index": {"_id": op["index"]["_id"], "status": 201}}
                 for op in kwargs["operations"] if "index" in op]  # fmt: skip
        if self.bulk_errors:
            items[0]["index"]["error"] = {"type": "mapper_parsing_exception"}
        return {"errors": self.bulk_errors, "items": items}

    def search(self, **kwargs):
        self.calls.append(("search", kwargs))
        return self.response


class UnreachableClient:
    """Every call fails as when nothing listens on the port."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Connection refused")

        return fail
