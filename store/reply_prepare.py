"""A parsed reply made ready to store, on the process that parsed it.

Storing a reply needs, besides the parse: its id, the checksum of its text, its stored
form (cppcc_review.store.reply_codec, as JSON bytes) with that form's checksum, and its
index entry. Together that is about a third of a reply's import cost. A large import
parses on helper processes (cppcc_review.store.parse_workers); computing these there too
leaves the importing process (which also writes every pack and journal line) only the
group commit, and what crosses the pipe is a few small values and one bytes object
instead of the whole Reply object graph (whose unpickling alone cost ~0.2 ms a reply).

The values are exactly what `ReplyImport._commit_batch` would compute from the Reply
(the same functions), so an import stores the same bytes whether or not helpers ran
(tests/test_import_workers.py). The Reply itself is kept when it is at hand, and else
decoded from the stored form (which gives back exactly the Reply that was encoded,
tests/test_reply_codec.py) only when a re-import of a changed text needs it.
"""

from __future__ import annotations

import json
from typing import Any

from . import reply_codec
from .atomic import dumps
from .database.layout import compute_reply_id, make_summary_doc
from .manifest import sha256
from .model import Reply


class PreparedReply:
    """A reply with what storing it needs: `reply_id`, `content_hash`, `stored` (the
    bytes of its stored form), `digest` (their SHA-256) and `entry` (its index entry,
    without the fields saying where its text is). Made from a Reply in this process,
    the last three are computed when first asked for (an unchanged reply needs none)."""

    __slots__ = ("_digest", "_entry", "_reply", "_stored", "content_hash", "reply_id", "source_path")

    def __init__(self, reply_id: str, content_hash: str, stored: bytes | None = None, digest: str | None = None,
                 entry: dict[str, Any] | None = None, reply: Reply | None = None):
        self.reply_id = reply_id
        self.content_hash = content_hash
        self._stored = stored
        self._digest = digest
        self._entry = entry
        self._reply = reply
        # The real path of the file it was read from (set by the importer): how a reply
        # without 文号 is found again when its file changes (cppcc_review.store.reply_links).
        self.source_path: str | None = None

    @classmethod
    def of(cls, reply: Reply) -> PreparedReply:
        # content_hash: a checksum of the whole text, computed once
        return cls(compute_reply_id(reply), reply.content_hash, reply=reply)

    def computed(self) -> PreparedReply:
        """Itself, with every value computed now (a reader's errors belong to the file)."""
        if self._stored is None or self._digest is None or self._entry is None:
            self._digest = sha256(self.stored)
            self._entry = self.entry
        return self

    @property
    def stored(self) -> bytes:
        if self._stored is None:
            self._stored = dumps(reply_codec.encode(self.reply, self.reply_id))
        return self._stored

    @property
    def digest(self) -> str:
        if self._digest is None:
            self._digest = sha256(self.stored)
        return self._digest

    @property
    def entry(self) -> dict[str, Any]:
        if self._entry is None:
            self._entry = make_summary_doc(self.reply_id, self.reply, self.content_hash)
        if self.source_path is not None and self._entry.get("source_path") != self.source_path:
            self._entry["source_path"] = self.source_path
        return self._entry

    def as_reply(self, reply_id: str) -> PreparedReply:
        """The same text stored as the reply `reply_id` (a known reply without 文号 whose
        file now holds this text: it keeps its id, cppcc_review.store.reply_links)."""
        moved = PreparedReply(reply_id, self.content_hash, reply=self.reply)
        moved.source_path = self.source_path
        return moved

    @property
    def reply(self) -> Reply:
        """The Reply (decoded from its stored form when it came from another process)."""
        if self._reply is None:
            assert self._stored is not None, "a PreparedReply holds its Reply or its stored form"
            self._reply = reply_codec.decode(json.loads(self._stored))
        return self._reply

    @property
    def doc_no(self) -> str | None:
        doc_no: str | None = self.entry.get("doc_no")
        return doc_no

    # Pickled (on a helper) with every value computed, without the Reply: the other side
    # decodes it if it ever needs it.
    def __getstate__(self) -> tuple[str, str, bytes, str, dict[str, Any]]:
        return (self.reply_id, self.content_hash, self.stored, self.digest, self.entry)

    def __setstate__(self, state: tuple[str, str, bytes, str, dict[str, Any]]) -> None:
        self.reply_id, self.content_hash, self._stored, self._digest, self._entry = state
        self._reply = None
        self.source_path = None


def prepared(reply: Reply | PreparedReply) -> PreparedReply:
    return reply if isinstance(reply, PreparedReply) else PreparedReply.of(reply)
