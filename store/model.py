"""The domain model: replies, suggestions, ratings and assessments.

Plain dataclasses with `to_dict` / `from_dict` so that the parser, the store, the
exporters and the TUI share one vocabulary and nothing depends on TinyDB's shapes.
Stable English keys are used in files; the Chinese labels live in `cppcc_review.store.labels`.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any, TypeVar

E = TypeVar("E", bound=Enum)

CONSENSUS = "consensus"
"""The reviewer name a settled dispute is recorded under (store.ratings.merge): a decision, not a
colleague; no person may use it (tui/config.RESERVED_REVIEWERS)."""


class Rating(str, Enum):
    """How one suggestion was handled, as judged by the reviewer."""

    ADOPTED = "adopted"  # 采纳
    PARTIALLY_ADOPTED = "partially_adopted"  # 部分采纳
    EXPLAINED = "explained"  # 解释说明


class Satisfaction(str, Enum):
    """The three-step scale of the feedback form (满意度测评)."""

    SATISFIED = "satisfied"  # 满意
    BASICALLY_SATISFIED = "basically_satisfied"  # 基本满意
    UNSATISFIED = "unsatisfied"  # 不满意


class Communication(str, Enum):
    """How the unit communicated with the proposer before replying (沟通方式)."""

    IN_PERSON = "in_person"  # 当面
    PHONE = "phone"  # 电话
    WRITTEN = "written"  # 书面
    OTHER = "other"  # 其他
    NONE = "none"  # 未联系


class Relevance(str, Enum):
    """Whether the reply addresses the proposal (答复是否针对提案)."""

    TARGETED = "targeted"  # 针对
    BASICALLY_TARGETED = "basically_targeted"  # 基本针对
    NOT_TARGETED = "not_targeted"  # 未针对


class ReplyKind(str, Enum):
    REPLY = "reply"  # 答复 / 答复函 / 复函
    CO_HANDLER_OPINION = "co_handler_opinion"  # 会办意见 / 协办意见
    FOLLOW_UP = "follow_up"  # 再次答复 / 跟踪办理


class ReviewState(str, Enum):
    UNREVIEWED = "unreviewed"
    IN_PROGRESS = "in_progress"
    DONE = "done"


def text_hash(text: str) -> str:
    """Content hash used for identity and change detection (sha256 of the text, hex, 16 chars)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def text_key(text: str) -> str:
    """What a text says, whatever its bytes or line breaks: sha256 of the text with every
    whitespace left out (16 hex digits), as the ledger of real collections compares texts.
    A reply without 文号 read from its .txt and from its .docx has one key: one reply."""
    return hashlib.sha256("".join(text.split()).encode("utf-8")).hexdigest()[:16]


@dataclass
class Suggestion:
    """One suggestion of a reply and the unit's response to it.

    `start` / `end` are the half-open range of `Reply.lines` this suggestion covers
    (heading line included), so that the TUI can scroll the original text to it and a
    reviewer's split / merge can be expressed as boundaries between lines.
    """

    index: int  # 1-based position in the reply
    heading: str | None  # the restated suggestion, e.g. 关于加快人工智能赋能,建强产业高端引领主阵地
    text: str  # the full response text (lines joined with "\n"), heading excluded
    commitments: list[str] = field(default_factory=list)  # 一是… / (一)… / 1. … items
    figures: list[str] = field(default_factory=list)  # 216项, 5200.73亿元, 7.2% …
    start: int = 0
    end: int = 0

    @property
    def text_hash(self) -> str:
        return text_hash((self.heading or "") + "\n" + self.text)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Suggestion:
        return cls(
            index=int(data["index"]),
            heading=data.get("heading"),
            text=data.get("text", ""),
            commitments=list(data.get("commitments") or []),
            figures=list(data.get("figures") or []),
            start=int(data.get("start", 0)),
            end=int(data.get("end", 0)),
        )


@dataclass
class SourceInfo:
    """Where a reply came from: the file's name, format, size and hash."""

    name: str
    format: str  # txt, md, docx, html, pdf
    size: int
    sha256: str
    encoding: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> SourceInfo | None:
        if not data:
            return None
        return cls(
            name=data["name"],
            format=data["format"],
            size=int(data["size"]),
            sha256=data["sha256"],
            encoding=data.get("encoding"),
        )



def reply_fields(data: dict[str, Any]) -> dict[str, Any]:
    """A stored reply's fields that are stored as they are (its header, source and warnings),
    read alike from a whole reply document (Reply.from_dict) and a compact one (reply_codec)."""
    return {
        "doc_no": data.get("doc_no"),
        "proposal_no": data.get("proposal_no"),
        "kind": ReplyKind(data.get("kind") or "reply"),
        "title": data.get("title"),
        "proposers": list(data.get("proposers") or []),
        "handler": data.get("handler"),
        "co_handlers": list(data.get("co_handlers") or []),
        "date": data.get("date"),
        "declared_result": data.get("declared_result"),
        "contacts": dict(data.get("contacts") or {}),
        "source": SourceInfo.from_dict(data.get("source")),
        "parse_warnings": [str(w) for w in data.get("parse_warnings") or []],
    }

@dataclass
class Reply:
    """A parsed reply document. Every field the parser could not find is None / empty."""

    doc_no: str | None = None  # 文号, e.g. 沪科提复〔2025〕56号
    proposal_no: str | None = None  # 第0946号 …
    kind: ReplyKind = ReplyKind.REPLY
    title: str | None = None  # the proposal's title
    proposers: list[str] = field(default_factory=list)  # from the salutation
    handler: str | None = None  # the signing unit
    co_handlers: list[str] = field(default_factory=list)
    date: str | None = None  # ISO YYYY-MM-DD
    declared_result: str | None = None  # as written: "A", "B类", "解决采纳" …
    contacts: dict[str, str] = field(default_factory=dict)  # 签发人, 联系人, 联系电话, 抄送 …
    suggestions: list[Suggestion] = field(default_factory=list)
    # The cleaned lines of the document (chrome and empty lines dropped); suggestions
    # refer to them by range. `text` is the full extracted text as imported.
    lines: list[str] = field(default_factory=list)
    text: str = ""
    salutation: str | None = None  # the salutation line as written
    opening: str | None = None  # the line that quotes the proposal and says the reply follows
    closing: str | None = None  # the thanks line, if any
    source: SourceInfo | None = None
    # How sure the reading is: stable codes (cppcc_review.store.labels.PARSE_WARNINGS) for what the
    # parser had to guess ("no_signer", "handler_from_metadata", "split_by_paragraphs" …),
    # so that a reviewer knows when to check the header or merge / split suggestions.
    parse_warnings: list[str] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        return text_hash(self.text)

    @property
    def text_key(self) -> str:
        """`text_key(self.text)`: the same for the same words laid out differently."""
        return text_key(self.text)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind.value
        data["suggestions"] = [s.to_dict() for s in self.suggestions]
        data["source"] = self.source.to_dict() if self.source else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reply:
        return cls(
            **reply_fields(data),
            suggestions=[Suggestion.from_dict(s) for s in data.get("suggestions") or []],
            lines=list(data.get("lines") or []),
            text=data.get("text", ""),
            salutation=data.get("salutation"),
            opening=data.get("opening"),
            closing=data.get("closing"),
        )

    def parse_view(self) -> dict[str, Any]:
        """The documented `cppcc-review parse` output: stable keys scripts rely on."""
        return {
            "doc_no": self.doc_no,
            "proposal_no": self.proposal_no,
            "kind": self.kind.value,
            "title": self.title,
            "proposers": list(self.proposers),
            "handler": self.handler,
            "co_handlers": list(self.co_handlers),
            "date": self.date,
            "declared_result": self.declared_result,
            "contacts": dict(self.contacts),
            "suggestions": [
                {
                    "index": s.index,
                    "heading": s.heading,
                    "text": s.text,
                    "commitments": list(s.commitments),
                    "figures": list(s.figures),
                }
                for s in self.suggestions
            ],
            "warnings": list(self.parse_warnings),
        }


@dataclass
class SuggestionReview:
    """A reviewer's judgement of one suggestion."""

    rating: Rating | None = None
    note: str = ""
    time: str | None = None  # ISO timestamp of the last change
    hint_accepted: bool = False  # the rating came from accepting the suggested rating
    text_hash: str | None = None  # hash of the suggestion's text when it was rated
    changed: bool = False  # the suggestion's text changed after it was rated (re-import)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rating": self.rating.value if self.rating else None,
            "note": self.note,
            "time": self.time,
            "hint_accepted": self.hint_accepted,
            "text_hash": self.text_hash,
            "changed": self.changed,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SuggestionReview:
        rating = data.get("rating")
        return cls(
            rating=Rating(rating) if rating else None,
            note=data.get("note") or "",
            time=data.get("time"),
            hint_accepted=bool(data.get("hint_accepted", False)),
            text_hash=data.get("text_hash"),
            changed=bool(data.get("changed", False)),
        )


@dataclass
class Assessment:
    """The satisfaction assessment of a whole reply (满意度测评)."""

    result: Satisfaction | None = None  # 办理结果满意度
    attitude: Satisfaction | None = None  # 办理态度 / 办理工作满意度
    communication: Communication | None = None  # 沟通方式
    relevance: Relevance | None = None  # 答复是否针对提案
    opinion: str = ""  # 意见建议 (free text)
    completed_at: str | None = None  # set when the reviewer confirms it; the reply is then done

    @property
    def complete(self) -> bool:
        return self.completed_at is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "result": self.result.value if self.result else None,
            "attitude": self.attitude.value if self.attitude else None,
            "communication": self.communication.value if self.communication else None,
            "relevance": self.relevance.value if self.relevance else None,
            "opinion": self.opinion,
            "completed_at": self.completed_at,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Assessment:
        data = data or {}

        def enum(kind: type[E], key: str) -> E | None:
            value = data.get(key)
            return kind(value) if value else None

        return cls(
            result=enum(Satisfaction, "result"),
            attitude=enum(Satisfaction, "attitude"),
            communication=enum(Communication, "communication"),
            relevance=enum(Relevance, "relevance"),
            opinion=data.get("opinion") or "",
            completed_at=data.get("completed_at"),
        )


@dataclass
class Review:
    """One reviewer's review of one reply. `suggestions[i]` belongs to suggestion i + 1."""

    reply_id: str
    reviewer: str
    suggestions: list[SuggestionReview] = field(default_factory=list)
    assessment: Assessment = field(default_factory=Assessment)
    updated: str | None = None
    note_drafts: dict[int, str] = field(default_factory=dict)
    """Suggestion index -> a note being typed and not saved as a change yet (ReviewStore.set_draft)."""
    opinion_draft: str | None = None
    """The assessment's opinion being typed and not saved as a change yet."""
    notes_elsewhere: frozenset[int] = frozenset()
    """Suggestion indexes whose note another open session of this reviewer is typing (a window
    still open: its draft is not shown here; store/draft_sessions.py)."""
    opinion_elsewhere: bool = False
    """Another open session of this reviewer is typing the opinion."""
    drafts_joined: frozenset[int | str] = frozenset()
    """The fields (suggestion indexes, "opinion") whose draft shown joins several texts left by gone
    windows, or a draft and the text saved after it (each draft under the time it was typed:
    store/draft_leftovers.py); the reviewer is told to tidy it."""

    @property
    def rated(self) -> int:
        return sum(1 for s in self.suggestions if s.rating is not None)

    @property
    def state(self) -> ReviewState:
        if self.assessment.complete:
            return ReviewState.DONE
        touched = any(s.rating is not None or s.note for s in self.suggestions)
        if touched or self.assessment != Assessment():
            return ReviewState.IN_PROGRESS
        return ReviewState.UNREVIEWED


@dataclass(frozen=True)
class ReplySummary:
    """The compact index entry of a reply: what the inbox shows, without the texts."""

    id: str
    doc_no: str | None
    proposal_no: str | None
    kind: str
    title: str | None
    proposers: tuple[str, ...]
    handler: str | None
    date: str | None
    declared_result: str | None
    n_suggestions: int
    content_hash: str
    source_name: str | None = None
    headings: tuple[str | None, ...] = ()  # each parsed suggestion's heading (split / merge not applied)


@dataclass(frozen=True)
class Progress:
    """How far one reviewer is with one reply: suggestions rated, of how many, and the state."""

    rated: int
    total: int
    state: ReviewState


@dataclass(frozen=True)
class Change:
    """One entry of the audit trail; `before` / `after` are JSON-able values."""

    seq: int
    time: str
    reviewer: str
    reply_id: str
    action: str  # rate, note, assess, split, merge, undo, redo
    index: int | None
    before: Any
    after: Any
