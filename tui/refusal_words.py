"""The store's refusals that both the app and the command line show, in Chinese, by code.

A store's error carries a stable code and the values its line holds
(cppcc_review.store.errors.StoreError); its English line is the store's own, word for word.
Here is the Chinese of the refusals a reviewer meets with the database open, in the app (a
toast, the red status line) or on the command line: the database folder moved or deleted
while open, a write refused (read-only, a full disk), a reply's text gone or damaged, an
export that cannot go where it was asked to. The command line's catalogue
(cppcc_review.tui.cli.words) takes them in as `error.<code>` with the other refusals it
words; the app words them with `refusal_text`.

A value that is itself a coded line (why a file is damaged: store.errors.coded) is worded
by its own code; `kind` (what a path is that is not a regular file) as file_kind.<kind>.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import suppress
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from ..store.assessment_merge import CHOICES
from ..store.errors import StoreError
from .i18n import t
from .logs import logger
from .safe_text import display_text

if TYPE_CHECKING:
    from ..store.db import ReviewStore

T = TypeVar("T")


class Notifier(Protocol):
    """What shows a toast (the app, a screen)."""

    def notify(self, message: str, *, severity: Any = ..., markup: bool = ...) -> None: ...


REFUSALS: dict[str, str] = {
    # the database folder and the writer (store/lock.py, database/opening.py, journal_write.py)
    "folder_moved": "{path}：数据库文件夹在打开期间被移动、删除或替换；未做任何修改，请重新打开它",
    "folder_missing": "{path}：数据库文件夹不存在；未做任何修改",
    "readonly_flag": "{path}：数据库以只读方式打开（--readonly）；未做任何修改",
    "readonly_locked": "{path}：数据库以只读方式打开，因为打开时另一个程序正在写入它；未做任何修改（关闭那个程序后重新打开数据库即可修改）",
    "readonly": "{path}：数据库以只读方式打开；未做任何修改",
    "db_closed": "{path}：数据库已关闭；未做任何修改",
    "journal_unwritable": "{path}：无法打开以写入（{reason}）；请检查文件夹的权限，或以只读方式浏览：cppcc-review --readonly --db {db}",
    # a write that did not reach the disk (store/atomic.py, backup_v3.py, journal_write.py, journal.py)
    "not_saved": "{path}：未保存（{reason}）；请腾出磁盘空间或检查文件夹的权限，然后重试",
    "not_saved_intact": "{path}：未保存（{reason}）；之前的版本完好无损；请腾出磁盘空间或检查文件夹的权限，然后重试",
    "change_not_saved": "{path}：修改未保存（{reason}）；已保存的数据完好无损；请腾出磁盘空间或检查文件夹的权限，然后重试",
    "not_saved_reopen": "{error}；没有丢失任何内容，下次启动时会重新读取",
    # reading the database's files (store/folder_read.py, journal.py, backups.py); the OS's reason
    # (strerror) in its own words, in brackets
    "file_unreadable": "{path}：无法读取（{reason}）；请检查它的权限",
    "detail.missing": "缺失（数据库的清单列有它）",
    "detail.not_listed": "数据库的清单里没有它（多出来的副本？）",
    "detail.size": "大小（{size} 字节）与清单记录的（{recorded}）不符：在 cppcc-review 之外被改动或截短",
    "detail.checksum": "校验和与清单不符：在 cppcc-review 之外被改动，或磁盘上已损坏",
    "detail.empty": "文件是空的（0 字节）",
    "detail.utf8": "在第 {at} 字节处不是有效的 UTF-8",
    "detail.json_end": "JSON 在结尾处无效（被截短了？）：{why}",
    "detail.json_at": "JSON 在第 {line} 行第 {column} 列无效：{why}",
    "detail.library": "程序库的原话：“{whole}”",
    "detail.reply_fields_missing": "缺少正文、行或建议",
    "detail.summary_invalid": "不是有效的摘要分片（{detail}）",
    "detail.json_deep": "JSON 无效：嵌套过深",
    "detail.of_file": "{file}：{problem}",
    "detail.folder": "这是文件夹，不是文件",
    "detail.manifest_missing": "缺失（这个版本的数据库总有清单文件）",
    # what is wrong with a manifest's content (store/manifest.py Manifest.from_bytes)
    "detail.manifest_json": "不是有效的 JSON（已损坏）",
    "detail.manifest_kind": "不是这种清单文件（format 为 {format}）",
    "detail.manifest_checksum": "它自身的校验和不符（已损坏）",
    "detail.manifest_no_version": "有一个文件没有任何版本",
    "detail.manifest_part": "缺少某一部分或格式不对（{part}）",
    "detail.manifest_entry": "有一个文件条目不是 {{size, sha256}}：{entry}",
    "detail.meta_missing": "在数据库已有数据时缺失",
    "detail.journal_no_header": "缺失或没有第一行（数据库的清单列有它）",
    "detail.journal_foreign": "不是本数据库的日志（它的 id 不是清单所列的）",
    "detail.journal_gone": "缺失（在数据库打开期间被删除了？）",
    "detail.journal_shorter": "比已读取的内容短（在打开期间被截短了？）",
    "detail.journal_lines": "第 {where} 行（共 {last} 行）已损坏（校验和或内容）：一处已保存的修改无法读取",
    "damaged_file_backup": "{file}：{problem}；最新的完好备份：{backup}；请运行 `cppcc-review db restore --db {db}` 修复"
                           "（损坏的文件会保留在 backups/ 中）",
    "damaged_file_no_backup": "{file}：{problem}；没有完好的备份；请运行 `cppcc-review db restore --db {db}` 修复"
                              "（损坏的文件会保留在 backups/ 中）",
    "damaged_file": "{file}：{problem}；请运行 `cppcc-review db restore --db {db}` 修复（损坏的文件会保留在 backups/ 中）",
    # a reply's text (store/database/texts.py)
    "text_gone": "{path}：答复的正文缺失；请重新导入它的文件",
    "text_checksum": "{path}：答复 {rid}：校验和与索引不符（在 cppcc-review 之外被改动，或已损坏）；请重新导入它的文件",
    "text_not_reply": "{path}：答复 {rid} 的正文已损坏（{detail}）；请重新导入它的文件",
    # a suggestion that is not there any more (another writer split or merged: store/review_writes.py)
    "no_suggestion": "答复 {rid} 没有建议 {index}（它有 {n} 条）",
    # a dispute settled from a list read before the reviewers came to agree (store/ratings/merge.py)
    "not_disputed": "答复 {rid} 建议 {index}：已不再有分歧（评审人现在的评定一致，或只有一人评定）；未裁定，未做任何修改",
    "split_outside": "答复 {rid}：第 {line} 行不在建议 {index} 之内（第 {first}-{last} 行可以开始一条新建议）",
    "merge_last": "答复 {rid}：建议 {index} 无法与下一条合并（它共有 {n} 条）",
    # an undo or redo that would write over work done since (store/undo_guard.py); `what`: the change, worded
    "undo_overtaken": "未撤销：{who}在这次{what}之后又改过它所涉及的评定或备注；撤销会覆盖这些后来的工作，"
                      "因此未做任何修改（这一步已不能再撤销或重做）",
    "undo_overtaken_own": "未撤销：这次{what}所改的评定或备注之后又在另一个窗口或命令行里被改过；撤销会覆盖那次后来的修改，"
                          "因此未做任何修改（这一步已不能再撤销或重做）",
    "undo_relaid": "未撤销：这条答复的建议在这次{what}之后又被{who}合并或拆分过；撤销会覆盖那次修改，"
                   "因此未做任何修改（这一步已不能再撤销或重做）",
    # where an export or merged file goes (store/folder.py, output_file.py)
    "output_inside_db": "{path}：位于数据库文件夹 {db} 之内；那里的文件属于数据库，请把导出文件写到别处",
    "merged_inside_db": "{path}：位于数据库文件夹 {db} 之内；那里的文件属于数据库，请把合并后的评定文件写到别处",
    "output_unwritable": "{path}：无法写入（{reason}）；未写入任何文件",
    # another program at the output's path while it was written (store/output_file.py)
    "output_appeared": "{path}：写入期间另一个程序在那里建了一个文件；已保留它，未写入任何文件（再写一次才会替换它）",
    "output_changed": "{path}：检查之后被另一个程序改动了；已保留它，未写入任何文件（再写一次才会替换它）",
    # a ratings file that cannot be read (store/ratings/yaml_safe.py)
    "not_regular": "{path}：这是{what}，不是普通文件；只读取普通文件",
    "ratings_too_large": "{path}：文件有 {size} MB，超过评定文件 {limit} MB 的上限；请分开导出（例如 export --status done）再分别导入",
    "ratings_over_limit": "{path}：超过评定文件 {limit} MB 的上限",
    # a ratings file that is not safe YAML (store/ratings/yaml_safe.py); `at`: the file, its line and column
    "yaml_at": "{path}",
    "yaml_at_line": "{path}：第 {line} 行",
    "yaml_at_column": "{path}：第 {line} 行第 {column} 列",
    "yaml_empty": "{at}：文件是空的",
    "yaml_not_utf8": "{at}：不是 UTF-8 文本（字节 0x{byte}）；请把文件另存为 UTF-8",
    "yaml_control_char": "{at}：YAML 中不允许控制字符 U+{char}",
    "yaml_char": "{at}：YAML 中不允许字符 U+{char}",
    "yaml_syntax": "{at}：不是有效的 YAML（PyYAML 的原话：{said}）",
    "yaml_not_valid": "{at}：不是有效的 YAML（{detail}）",
    "yaml_nesting": "{at}：嵌套过深",
    "yaml_too_deep": "{at}：嵌套超过 {n} 层",
    "yaml_tag": "{at}：评定文件中不接受标签 {tag}",
    "yaml_merge_key": "{at}：不接受合并键（<<）",
    "yaml_key_not_plain": "{at}：映射的键必须是普通值",
    "yaml_duplicate_key": "{at}：重复的键 {key}（第一次出现在第 {first} 行）",
    "yaml_aliases": "{at}：YAML 别名（*名称）超过 {n} 个：可能是别名炸弹，拒绝读取",
    "yaml_alias_bomb": "{at}：别名展开后超过 {n} 个值：别名炸弹，拒绝读取",
    "yaml_too_many_values": "{at}：超过 {n} 个值，远多于一个评定文件所含的",
    "yaml_too_many_entries": "{at}：一个列表或映射中超过 {n} 个条目，远多于一个评定文件所含的",
    "yaml_long_value": "{at}：一个值有 {size} 个字符（上限 {limit}）",
    "yaml_long_number": "{at}：一个数字长 {size} 个字符（上限 {limit}）",
    "yaml_value_unreadable": "{at}：有一个无法读取的值（{detail}）",
    # a ratings file's content (store/ratings/ratings_file.py, importing.py): not an export, the schema's
    # lines (`field` a place in the file, as replies[3].rating; `problem` what is wrong there), labels, counts
    "ratings.top_not_mapping": "{at}：不是评定导出文件（顶层是{kind}，应是含有 `schema: {schema}` 的映射）",
    "ratings.no_schema": "{at}：不是评定导出文件（没有 schema 字段；应是 `schema: {schema}`）",
    "ratings.merged_file": "{at}：这是合并文件（{merged}），不是评审人的导出文件；请导入评审人各自的导出文件",
    "ratings.schema_unsupported": "{at}：这个版本的 cppcc-review 不支持 schema {schema}（它读取 {supported}）；"
                                  "请升级 cppcc-review，或用这个版本重新导出",
    "ratings.schema_other": "{at}：不是评定导出文件（schema 是 {schema}，应是 {expected}）",
    "ratings.schema": "{at}：{field}：{problem}",
    "ratings.top_level": "（顶层）",
    "ratings.enum": "{value} 不是允许的值（应是以下之一：{allowed}）",
    "ratings.const": "{value} 不是允许的值（应是 {expected}）",
    "ratings.missing_field": "缺少字段 {fields}",
    "ratings.unknown_field": "未知的字段 {fields}",
    "ratings.type": "{value} 应是{want}",
    "ratings.json_or": "{first}或{second}",
    "ratings.json.string": "文本",
    "ratings.json.integer": "整数",
    "ratings.json.number": "数字",
    "ratings.json.boolean": "true 或 false",
    "ratings.json.array": "列表",
    "ratings.json.object": "映射",
    "ratings.json.null": "null（空值）",
    "ratings.json.empty": "空的",
    "ratings.pattern": "{value} 的格式不对",
    "ratings.minimum": "{value} 超出范围（最小为 {limit}）",
    "ratings.minLength": "{value} 太短（至少 {limit} 个字符）",
    "ratings.maxLength": "{value} 太长（最多 {limit} 个字符）",
    "ratings.any_of": "{value} 不是有效的值",
    "ratings.schema_said": "不符合格式（jsonschema 的原话：{said}）",
    "ratings.not_listed": "{path}：还有更多问题未列出（检查到 {limit} 个为止）",
    "ratings.label_disagrees": "{at}：{field}：{value} 与它的标签 {key}_zh {label} 不一致；请两个都改（以英文的键为准），"
                               "或删去 {key}_zh",
    "ratings.count": "{at}：文件说它有 {count} 份答复，实际有 {n} 份：它被截短或改动过；请重新导出",
    "ratings.reviewers_disagree": "{at}：reviewers 列的是 {listed}，条目的评审人却是 {given}；请改成一致（以条目的 reviewer 为准），"
                                  "或删去 reviewers",
    "ratings.index_beyond_file": "{at}：答复 {reply} 在这份文件中有 {n} 条建议，文件却评定了建议 {index}；它被改动过吗？请重新导出",
    "ratings.more": "（另有 {n} 个问题）",
    "ratings.problems": "{first}{more}",
    # a ratings file against this database (store/ratings/importing.py)
    "ratings.no_doc_no": "（无文号）",
    "ratings.text_differs": "{at}：答复 {reply}（{rid}）在本库中的正文不同（内容哈希 {here}，文件中是 {theirs}）；"
                            "它的建议可能对不上，请导入同一版本的文件",
    "ratings.not_in_db": "{at}：答复 {reply}（{rid}，内容哈希 {hash}）不在本库中；请先导入它的文件",
    "ratings.reply_twice": "{at}：评审人 {reviewer} 的答复 {reply} 出现了两次（第一次在第 {first} 行）",
    "ratings.suggestion_twice": "{at}：建议 {index} 在这份答复中出现了两次",
    "ratings.split_differently": "{at}：答复 {reply} 在本库中有 {n} 条建议，文件却评定了建议 {index}（它的建议是否拆分得不同？）",
    "ratings.heading_differs": "{at}：建议 {index} 的标题与本库的不同（{theirs} 与 {here}）；请核对它的评定是否对得上",
    "ratings.import_stopped": "{path}：导入中止：{error}；没有保留任何修改",
    "ratings.assessment_incomplete": "{at}：答复 {reply} 的测评已确认完成（completed_at），但必填的选择为空：{named}；"
                                     "请选上，或删去 completed_at",
    # an assessment written whole (store/assessment_merge.py)
    "assessment_incomplete": "答复 {rid} 的测评已确认完成（completed_at），但必填的选择为空：{named}；未保存任何内容",
}


def change_name(action: str, index: object, lang: str) -> str:
    """A change as the app names it: its action in the interface's words, and the suggestion's number
    when it has one (撤销 "评定 #3"); the undo and redo toasts and an undo's refusal say it alike."""
    return t(f"action.{action}", lang) + (f" #{index}" if index else "")


def reply_name(store: ReviewStore, reply_id: str) -> str:
    """A reply as a toast names it: its document number, else its title, on one line; its id when
    the store cannot say (gone since: its id is still a name)."""
    try:
        summary = store.summary(reply_id)
    except StoreError:
        return reply_id
    return display_text(summary.doc_no or summary.title or reply_id, single_line=True)


# The JSON parser's phrases (json.JSONDecodeError.msg) in Chinese; any other is quoted whole, marked as its words.
_JSON_WORDS = {
    "Expecting value": "此处应有一个值",
    "Expecting ',' delimiter": "此处应有逗号",
    "Expecting ':' delimiter": "此处应有冒号",
    "Expecting property name enclosed in double quotes": "此处应有带双引号的键名",
    "Unterminated string starting at": "从此处开始的字符串没有结束",
    "Invalid control character at": "此处有不允许出现的控制字符",
    "Invalid \\escape": "此处有无效的转义符",
    "Invalid \\uXXXX escape": "此处有无效的 \\u 转义",
    "Extra data": "此处之后还有多余的内容",
    "Illegal trailing comma before end of object": "对象末尾多了一个逗号",
    "Illegal trailing comma before end of array": "数组末尾多了一个逗号",
}


def json_words(msg: str, whole: str, lang: str) -> str:
    """The JSON parser's phrase `msg` (its whole message `whole`) in `lang`: Chinese for the common
    ones, else the parser's own words whole, quoted and marked as its words."""
    if lang == "en":
        return msg
    return _JSON_WORDS.get(msg) or f"JSON 解析器的原话：“{whole}”"


def cannot_open_text(store: ReviewStore, reply_id: str, exc: BaseException, lang: str) -> str:
    """Why reply `reply_id` cannot be shown (its text gone or damaged: the store's refusal), one line
    naming the reply as the inbox does; the session goes on without it."""
    return t("review.cannot_open", lang, doc=reply_name(store, reply_id), error=refusal_text(exc, lang))


def read_or_say(alerts: Notifier, store: ReviewStore, reply_id: str, read: Callable[[], T], lang: str) -> T | None:
    """`read()`, something that reads reply `reply_id`'s text (to open it, show it again, assess it); None when
    that text is gone or damaged: a toast then says so (`cannot_open_text`) and the caller leaves the screen
    as it is (the inbox, the reply shown). One reply's file never ends the session."""
    try:
        return read()
    except StoreError as exc:
        logger("review").warning("reply %s cannot be shown: %s", reply_id, exc)
        alerts.notify(cannot_open_text(store, reply_id, exc, lang), severity="error", markup=False)
        return None


def with_kind(values: Mapping[str, object], lang: str) -> Mapping[str, object]:
    """`values` with `what`, the interface's words for `kind` (a path that is not a regular file) or for
    `action` (the change an undo would take back), and
    `files`, for `suffix` (a file type the reader does not read: ".dat" files, files without a suffix),
    `named`, for `fields` of an assessment (its choices as the file names them, with the form's labels)."""
    if "kind" in values:
        values = {**values, "what": t(f"file_kind.{values['kind']}", lang)}
    if "msg" in values and "whole" in values:  # (the JSON parser's words: detail.json_at, detail.json_end)
        values = {**values, "why": json_words(str(values["msg"]), str(values["whole"]), lang)}
    if "action" in values:  # (an undo refused: the change it would take back, as the app's undo names it)
        values = {**values, "what": change_name(str(values["action"]), values.get("index"), lang)}
    if "fields" in values and ("rid" in values or "reply" in values):  # a confirmed assessment's empty choices
        named = [f"{name}（{t(f'assess.{name}', lang)}）" if lang != "en" else f"{name} ({t(f'assess.{name}', lang)})"
                 for name in str(values.get("fields", "")).split(", ") if name in CHOICES]
        values = {**values, "named": ("、" if lang != "en" else ", ").join(named) or values.get("fields", "")}
    if "suffix" in values:
        suffix = values["suffix"]
        values = {**values, "files": t("file_suffix.some", lang, suffix=suffix) if suffix else t("file_suffix.none", lang)}
    return values


def refusal_text(exc: BaseException, lang: str) -> str:
    """A store's error as the app shows it, one line of plain text: in Chinese worded by its code
    (REFUSALS), in English (or without a code worded here) the store's own line."""
    code = getattr(exc, "code", None)
    line = str(exc)
    if lang != "en" and code in REFUSALS:
        values = {name: refusal_text(value, lang) if getattr(value, "code", None) else value
                  for name, value in getattr(exc, "values", {}).items()}
        # (the same code with other values, a reader's: its own line)
        with suppress(KeyError, IndexError):
            line = REFUSALS[code].format(**with_kind(values, lang))
    return display_text(line, single_line=True)
