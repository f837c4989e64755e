"""What the command line says, in Chinese (default) and English.

Every command's human-readable output (summaries, table headers and states, headings,
warnings, its one-line errors) is in the interface's language: --lang, else the config
file's `lang`, else Chinese, as in the app (`common.lang`). Machine formats (YAML keys and
values, exit codes) stay as they are. A store's error that carries a code
(cppcc_review.store.errors.StoreError.code) is worded here by that code, `error.<code>`;
one without a code keeps the store's own line.
"""

from __future__ import annotations

from ..i18n import MESSAGES, t

CLI_MESSAGES: dict[str, tuple[str, str]] = {
    # errors every command may print (cli/__init__.py, common.py)
    "error.interrupted": ("已中断；没有保留写了一半的内容", "interrupted; nothing half-written was kept"),
    "error.unexpected": ("意外错误（{name}：{detail}）；详情见 {log}", "unexpected error ({name}: {detail}); the details are in {log}"),
    "error.no_database": (
        "{path}：这里没有数据库；请检查 --db（数据库由 `cppcc-review import 文件 --db {path}` 或评审界面建立）",
        "{path}: no database here; check --db (a database is made by `cppcc-review import FILES --db {path}` or by the app)",
    ),
    "error.no_folder": ("{output}：文件夹 {folder} 不存在；未写入任何文件", "{output}: the folder {folder} does not exist; nothing was written"),
    "error.output_no_folder": ("{path}：文件夹 {folder} 不存在；未写入任何文件", "{path}: the folder {folder} does not exist; nothing was written"),
    "error.output_is_folder": ("{path}：这是一个文件夹；请给出要写入的文件名（例如 {example}）；未写入任何文件",
                               "{path}: is a folder; give a file name to write (e.g. {example}); nothing was written"),
    "error.output_not_a_file": ("{path}：这是{what}，不是普通文件；未写入任何文件", "{path}: is {what}, not a regular file; nothing was written"),
    "error.no_file": ("{path}：文件不存在", "{path}: no such file"),
    "error.folder_not_ratings": ("{path}：这是文件夹，不是评定文件", "{path}: is a folder, not a ratings file"),
    # list
    "list.id": ("id", "id"),
    "list.rated": ("已评", "Rated"),
    "list.state": ("状态", "State"),
    "list.doc_no": ("文号", "Doc no."),
    "list.handler": ("答复单位", "Unit"),
    "list.title": ("标题", "Title"),
    "list.none_in_state": ("评审人 {reviewer} 没有处于“{state}”状态的答复", "no replies in state {status} for {reviewer}"),
    "list.empty": ("数据库里还没有答复", "no replies in the database yet"),
    "list.footer": ("共 {n} 份答复；评审人 {reviewer}。`cppcc-review rate ID N 评定` 评定某份答复的第 N 条建议。",
                    "{n} replies; reviewer {reviewer}. `cppcc-review rate ID N RATING` rates suggestion N of a reply."),
    # stats
    "stats.by.handler": ("承办单位", "Unit"),
    "stats.by.proposer": ("提案人", "Proposer"),
    "stats.by.year": ("年份", "Year"),
    "stats.total": ("合计", "Total"),
    "stats.caption": (
        "比例按各组全部建议计；满意率 = 满意 / 测评，满意+基本 = （满意 + 基本满意）/ 测评。",
        "Repl. replies; Sugg. suggestions; Adopt. adopted, Partly partially adopted, Expl. explained, Disp. disputed; "
        "Assd. assessed; To do: replies to review. Shares are of all the group's suggestions; "
        "Sat. = satisfied / assessed, +basic = (satisfied + basically satisfied) / assessed.",
    ),
    # rate
    "rate.done": ("{name} [{rid}] 建议 {i}/{total}，评审人 {reviewer}：{shown}", "{name} [{rid}] suggestion {i}/{total} by {reviewer}: {shown}"),
    "rate.none": ("（未评定）", "(no rating)"),
    "rate.note": ("；备注：{note}", "; note: {note}"),
    "rate.not_a_rating": (
        "{word} 不是评定；请用 采纳|部分采纳|解释说明|清除（或 adopted|partially_adopted|explained|clear，或 1|2|3|0）",
        "{word} is not a rating; use adopted|partially_adopted|explained|clear (or 采纳|部分采纳|解释说明, or 1|2|3|0)",
    ),
    "rate.no_suggestion": ("{reply}：没有建议 {i}；这份答复有 {total} 条（编号 1-{total}）",
                           "{reply}: no suggestion {i}; this reply has {total} (numbered 1-{total})"),
    "rate.not_found": ("{error}；`cppcc-review list` 列出每份答复的 id 和文号", "{error}; `cppcc-review list` shows every reply's id and 文号"),
    "rate.proposal_number": (
        "{ref}：这是提案号，不是文号（{whose}）；没有文号的答复请用 id 指明：{shown}（`cppcc-review list` 列出 id 和文号）",
        "{ref}: a proposal's number, not a 文号 ({whose}); name a reply without a 文号 by its id: {shown} "
        "(`cppcc-review list` shows ids and 文号)",
    ),
    "rate.whose_one": ("提案 {n} 的答复没有文号", "the reply to proposal {n} with no 文号"),
    "rate.whose_many": ("提案 {n} 的 {count} 份答复没有文号", "{count} replies to proposal {n} with no 文号"),
    "rate.more": ("等，另有 {n} 份", " and {n} more"),
    # export
    "export.done": ("已导出 {count} 份答复（{rated} 条评定，评审人 {who}）到 {path}",
                    "exported {replies_en} ({ratings_en}) by {who} to {path}"),
    "export.nobody": ("无", "nobody"),
    "export.no_ratings": ("{path} 里没有 {reviewer} 的评定；{there}（用 --reviewer 姓名 或 --all-reviewers）；未写入任何文件",
                          "no ratings by {reviewer!r} in {path}; {there} (use --reviewer NAME or --all-reviewers); nothing was written"),
    "export.reviewers": ("那里的评审人：{names}", "reviewers there: {names}"),
    "export.no_reviewers": ("那里还没有人评定过", "nobody has rated anything there yet"),
    # import-ratings
    "ratings.imported": ("{path}：已导入评审人 {who} 的 {ratings} 条评定、{notes} 条备注、{assessments} 份测评（{replies} 份答复，{changes} 处修改{skipped}）",
                         "{path}: imported {ratings} ratings, {notes} notes, {assessments} assessments "
                         "from reviewer {who} ({replies} replies, {changes} changes{skipped})"),
    "ratings.would": ("{path}：将导入评审人 {who} 的 {ratings} 条评定、{notes} 条备注、{assessments} 份测评（{replies} 份答复，{changes} 处修改{skipped}）",
                      "{path}: would import {ratings} ratings, {notes} notes, {assessments} assessments "
                      "from reviewer {who} ({replies} replies, {changes} changes{skipped})"),
    "ratings.skipped": ("，跳过 {n} 个本库没有的答复的空条目", ", {n} empty entries for replies not in this database skipped"),
    "ratings.refused": ("{problem}{more}；未导入任何内容", "{problem}{more}; nothing was imported"),
    "ratings.more": ("（另有 {n} 个问题）", " (and {n} more problems)"),
    "ratings.more_problems": ("{path}：……另有 {n} 个问题", "{path}: ... {n} more problems"),
    "ratings.warning": ("  警告：{text}", "  warning: {text}"),
    "ratings.missing": ("；跳过 {n} 份本库没有的已评定答复：{first}", "; skipped {n} replies with ratings that this database does not hold: {first}"),
    "ratings.skip_missing_hint": ("{path}：--skip-missing 只导入本库已有答复的评定，并列出其余的",
                                  "{path}: --skip-missing imports the ratings of the replies this database holds and lists the others"),
    "ratings.kept": ("{path}：已保留本库中比文件更新的工作：{parts}", "{path}: kept {parts} that the file predates"),
    "ratings.would_keep": ("{path}：将保留本库中比文件更新的工作：{parts}", "{path}: would keep {parts} that the file predates"),
    "ratings.kept_of": ("{reviewer} 的 {counts}", "{counts} of {reviewer}"),
    "ratings.kept_ratings": ("{n} 条评定", "{n} newer rating(s)"),
    "ratings.kept_notes": ("{n} 条备注", "{n} newer note(s)"),
    "ratings.kept_assessments": ("{n} 份测评", "{n} newer assessment(s)"),
    # import
    "import.summary": ("新导入 {imported}，更新 {updated}，未变 {unchanged}{skipped}，失败 {failed}  （{where}）",
                       "imported {imported}, updated {updated}, unchanged {unchanged}{skipped}, failed {failed}  ({where})"),
    "import.skipped": ("，跳过重复 {n}", ", skipped {n} twin(s)"),
    "import.twin": ("cppcc-review：提示：{path}：与 {kept} 是同一份答复（文号和单位相同）；保留 {kept}",
                    "cppcc-review: note: {path}: same reply as {kept} (same 文号 and unit); kept {kept}"),
    "import.twin_text": ("cppcc-review：提示：{path}：与 {kept} 是同一份答复（无文号，正文相同）；保留 {kept}",
                         "cppcc-review: note: {path}: same reply as {kept} (same text, without 文号); kept {kept}"),
    "import.empty_folder": ("{folder}：此文件夹里没有答复文件（{kinds}）", "{folder}: no reply files in this folder ({kinds})"),
    "import.progress": ("正在导入", "importing"),
    "import.failed": ("{path}：{reason}", "{path}: {reason}"),
    # merge
    "merge.cannot": ("{n}/{total} 个文件无法合并；未写入任何文件", "{n} of {total} files cannot be merged; nothing was written"),
    "merge.written": ("合并结果已写入 {path}", "merged file written to {path}"),
}


def error_text(exc: BaseException | str, lang: str) -> str:
    """A store's error (or its line kept with its code, store.errors.CodedLine) as one line in
    `lang`: worded by its code when this catalogue has it (`error.<code>`), else the store's own line."""
    code = getattr(exc, "code", None)
    values = getattr(exc, "values", {})
    if code and f"error.{code}" in CLI_MESSAGES and values:
        if "kind" in values:  # what a path is that cannot be written (store.atomic.output_target)
            values = {**values, "what": t(f"file_kind.{values['kind']}", lang)}
        try:
            return say(f"error.{code}", lang, **values)
        except KeyError:  # the same code raised by the reader with other values: worded below
            pass
    line = str(exc)
    if code and lang != "en" and f"import.reason.{code}" in MESSAGES and ": " in line:
        # a reader's refusal (`parse`, `check`): "<file>: <why>", the why in the app's words
        label = line.split(": ", 1)[0]
        return say("import.failed", lang, path=label, reason=t(f"import.reason.{code}", lang, **values))
    return line


def say(key: str, lang: str, /, **values: object) -> str:
    """The command line's message `key` in `lang`; else the app's catalogue's (cppcc_review.tui.i18n)."""
    pair = CLI_MESSAGES.get(key)
    if pair is None:
        return t(key, lang, **values)
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**values) if values else text
