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
from ..refusal_words import REFUSALS, with_kind

# An English word of None: the store's own line, as the error or report line says it (error_text).
CLI_MESSAGES: dict[str, tuple[str, str | None]] = {
    # errors every command may print (cli/__init__.py, common.py)
    # the form of every error line, and of argparse's (a note: import.twin)
    "error.line": ("{prog}：错误：{line}", "{prog}: error: {line}"),
    "warning.line": ("{prog}：警告：{line}", "{prog}: warning: {line}"),
    "note.line": ("{prog}：提示：{line}", "{prog}: note: {line}"),  # advice beside an error, not a second error
    "error.interrupted": ("已中断；没有保留写了一半的内容", "interrupted; nothing half-written was kept"),
    "error.no_posix_locks": ("cppcc-review 目前只能在 Linux 或 macOS 上运行（数据库的锁要用 POSIX 的 flock，这个系统没有）；在 Windows 上请在 WSL 里安装和使用",
                             "cppcc-review runs on Linux or macOS for now (the database's locks need POSIX flock, which this system lacks); on Windows, install and use it inside WSL"),
    "error.unexpected": ("意外错误（{name}：{detail}）；详情见 {log}", "unexpected error ({name}: {detail}); the details are in {log}"),
    "error.no_database": (
        "{path}：这里没有数据库；请检查 --db（数据库由 `cppcc-review import 文件 --db {path}` 或评审界面建立）",
        "{path}: no database here; check --db (a database is made by `cppcc-review import FILES --db {path}` or by the app)",
    ),
    "error.output_no_folder": ("{path}：文件夹 {folder} 不存在；未写入任何文件", "{path}: the folder {folder} does not exist; nothing was written"),
    "error.output_empty_name": ("-o 给出的文件名是空的；请给出要写入的文件名（例如 ratings.yaml）；未写入任何文件",
                                "-o names no file (an empty name); give a file name to write (e.g. ratings.yaml); "
                                "nothing was written"),
    "error.output_is_folder": ("{path}：这是一个文件夹；请给出要写入的文件名（例如 {example}）；未写入任何文件",
                               "{path}: is a folder; give a file name to write (e.g. {example}); nothing was written"),
    "error.output_not_a_file": ("{path}：这是{what}，不是普通文件；未写入任何文件", "{path}: is {what}, not a regular file; nothing was written"),
    "error.output_not_ratings": ("{path}：文件已存在，且不是 cppcc-review 的评定导出或合并文件；未写入任何文件（加 --force 才会替换它）",
                                 "{path}: exists and is not a cppcc-review ratings export or merged file; nothing was written "
                                 "(--force replaces it)"),
    "error.no_file": ("{path}：文件不存在", "{path}: no such file"),
    "error.folder_not_ratings": ("{path}：这是文件夹，不是评定文件", "{path}: is a folder, not a ratings file"),
    "error.parse_folder": ("{path}：这是文件夹；parse 只读一个文件（`check` 和 `import` 可以读文件夹）", None),
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
    "stats.co_handler_more": (" 等 {n} 组", ", ... ({n} groups)"),
    "stats.co_handler_opinions": ("其中 {n} 份是会办意见（会办单位写给主办单位的意见，不是给提案人的答复），"
                                  "计入写它的单位所在的组：{where}（--format yaml 中每组的 co_handler_opinions）",
                                  "{n} of these replies are co-handlers' opinions (会办意见: a co-handling unit's opinion "
                                  "to the lead unit, not a reply to the proposer), counted in the group of the unit that "
                                  "wrote them: {where} (co_handler_opinions of each group in --format yaml)"),
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
    # --all-reviewers: an entry a reviewer, so a reply reviewed by two is two entries
    "export.done_all": ("已导出 {replies} 份答复的 {count} 份评审（{rated} 条评定，评审人 {who}）到 {path}",
                        "exported {count_en} of {replies_en} ({ratings_en}) by {who} to {path}"),
    "export.left_out": ("；没有人评审过的 {n} 份答复不在其中", "; {replies_en} that nobody has reviewed {are} left out"),
    "export.left_out_done": ("；没有已完成评审的 {n} 份答复不在其中",
                             "; {replies_en} with no completed review {are} left out"),
    "export.left_out_mine": ("；{reviewer} 尚未完成评审的 {n} 份答复不在其中",
                             "; {replies_en} that {reviewer} has not completed {are} left out"),
    "export.nobody": ("无", "nobody"),
    "export.no_ratings": ("{path} 里没有 {reviewer} 的评定；{there}（用 --reviewer 姓名 或 --all-reviewers）；未写入任何文件",
                          "no ratings by {reviewer!r} in {path}; {there} (use --reviewer NAME or --all-reviewers); nothing was written"),
    "export.reviewers": ("那里的评审人：{names}", "reviewers there: {names}"),
    "export.no_reviewers": ("那里还没有人评定过", "nobody has rated anything there yet"),
    "export.no_ratings_any": ("{path} 里没有任何评定：那里还没有人评定过；未写入任何文件",
                              "no ratings in {path}: nobody has rated anything there yet; nothing was written"),
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
    "import.summary": ("新导入 {imported}，更新 {updated}，未变 {unchanged}{skipped}，失败 {failed}（{where}）",
                       "imported {imported}, updated {updated}, unchanged {unchanged}{skipped}, failed {failed}  ({where})"),
    "import.skipped": ("，跳过重复 {n}", ", skipped {n} twin(s)"),
    "import.twin": ("cppcc-review：提示：{path}：与 {kept} 是同一份答复（文号和单位相同）；保留 {kept}",
                    "cppcc-review: note: {path}: same reply as {kept} (same 文号 and unit); kept {kept}"),
    "import.twin_text": ("cppcc-review：提示：{path}：与 {kept} 是同一份答复（无文号，正文相同）；保留 {kept}",
                         "cppcc-review: note: {path}: same reply as {kept} (same text, without 文号); kept {kept}"),
    "import.empty_folder": ("{folder}：此文件夹里没有答复文件（{kinds}）", "{folder}: no reply files in this folder ({kinds})"),
    "import.progress": ("正在导入", "importing"),
    "import.interrupted": ("已中断：{files} 个文件中处理了 {done} 个；汇总行数到的答复已保存，其余的未导入"
                           "（再运行同一条导入命令即可补上，已保存的会算作未变）",
                           "interrupted after {done} of {files} files: the replies the summary line counts are saved; "
                           "the others were not imported (run the same import again for them; those saved count as unchanged)"),
    "import.interrupted_none": ("已中断：{files} 个文件中处理了 {done} 个，还没有保存任何答复",
                               "interrupted after {done} of {files} files, before any reply was saved"),
    "import.interrupted_all": ("已中断：{files} 个文件都已处理，汇总行数到的答复都已保存，不必再导入",
                               "interrupted after all {files} files were handled: the replies the summary line "
                               "counts are saved; nothing needs importing again"),
    "import.failed": ("{path}：{reason}", "{path}: {reason}"),
    # errors a store raises (the English line is the store's own)
    "error.locked": ("{path} 正被另一个程序使用（{program}，进程 {pid}，主机 {host}，自 {since} 起）；"
                     "请在那里关闭它，或以只读方式浏览：cppcc-review --readonly --db {path}", None),
    "error.no_reply": ("{ref}：{path} 中没有这个 id 或文号的答复（是否指 {close}？）", None),
    "error.no_reply_plain": ("{ref}：{path} 中没有这个 id 或文号的答复", None),
    "error.no_reply_id": ("{path}：没有 id 为 {rid} 的答复；请检查 id 或导入它的文件", None),
    "error.doc_no_shared": ("{ref}：有 {n} 份答复使用这个文号（{ids}）；请用 id 指明", None),
    "error.id_prefix_shared": ("{ref}：这个 id 前缀对应 {n} 份答复；请多给几个字符", None),
    # opening a database (store/lock.py, folder_read.py, database/opening.py, layout.py; cli/common.py);
    # the OS's reason (strerror) is quoted in its own words, in brackets
    "error.meta_invalid": ("{path}：不是有效的 meta 文件（需要整数 schema_version）；请运行 `cppcc-review db restore --db {db}` 重写它",
                           None),
    "error.schema_newer": ("{path}：由更新版本的 cppcc-review 写入（schema {version}，这个版本最多读到 {supported}）；"
                           "请升级 cppcc-review 后再打开", None),
    "error.folder_not_empty": ("{path}：这里已有别的文件（如 {example}，共 {n} 个），没有数据库；请用 --db 给一个新的或空的文件夹", None),
    "error.not_our_database": ("{path}：这不是 cppcc-review 的数据库（其中的 manifest.json 属于另一个程序）；请用 --db 另选一个文件夹",
                               None),
    "error.schema_unknown": ("{path}：无法从 schema {version} 迁移；请使用写入它的那个 cppcc-review", None),
    "error.symlink": ("{path}：这是一个符号链接；数据库自己的文件必须是真实的文件（请用它指向的文件替换这个链接，或删除它）", None),
    "error.lock_file": ("{path}：无法打开锁文件（{reason}）；请检查文件夹的权限，或以只读方式浏览：cppcc-review --readonly --db {db}",
                        None),
    "error.lock_failed": ("{path}：无法锁定数据库（{reason}）；请以只读方式浏览：cppcc-review --readonly --db {db}", None),
    "error.folder_unopenable": ("{path}：无法打开数据库文件夹（{reason}）", None),
    "error.db_is_file": ("{path}：这是一个文件，不是数据库文件夹；请检查 --db", None),
    "error.db_is_file_give": ("{path}：这是一个文件，不是数据库文件夹；请给 --db 一个文件夹", None),
    "error.db_blocked": ("{path}：无法建立数据库文件夹：{blocking} 是一个文件", None),
    "error.db_uncreatable": ("{path}：无法建立数据库文件夹（{reason}）", None),
    # the reviewer's name refused, from --reviewer, the config file or $CPPCC_REVIEW_REVIEWER, or the OS user
    # (cli/common.py reviewer_name, tui/config.py); `problem` is one of the two reasons below
    "error.reviewer_option_empty": ("--reviewer 是空的；请给出你的姓名（或不写这个选项，使用配置的姓名）", None),
    "error.reviewer_option": ("--reviewer {name}：这个姓名{problem}", None),
    "error.reviewer_os_user": ("操作系统用户名 {name} {problem}（请用 --reviewer 姓名，或在配置文件中写 reviewer = 姓名）", None),
    "error.setting_reviewer_empty": ("{where}：{name} 是空的；请给出你的姓名，或删去这一项", None),
    "error.setting_reviewer": ("{where}：{name} {text} {problem}", None),
    # a setting refused (tui/config.py): `where` the config file, the variable or the option that gives it
    "error.config.text": ("{where}：{name} 应是文本，不是 {value}", None),
    "error.config.bool": ("{where}：{name} 应是 true 或 false，不是 {value}", None),
    "error.config.count": ("{where}：{name} 应是 0 或更大的整数，不是 {value}", None),
    "error.config.lang": ("{where}：{name} 只能是 zh 或 en，不是 {value}", None),
    "error.config.scheme": ("{where}：未知的 {name} {value}；可用的：{known}", None),
    "error.config.one_of": ("{where}：{name} 只能是 {choices} 之一，不是 {value}", None),
    "error.config.empty": ("{where}：{name} 是空的", None),
    "error.config.keymap_table": ("{where}：[{name}] 应是 `绑定 id = \"按键\"` 的表", None),
    "error.config.keymap_keys": ("{where}：[{name}] {key} = {keys}：值应是按键的文本，例如 `{key} = \"1\"`（多个：`\"1,a\"`）", None),
    "error.config.unknown": ("{where}：未知的设置 {name}", None),
    "error.config.unreadable": ("{path}：无法读取配置文件（{detail}）", None),
    "error.theme_unknown": ("未知的主题 {theme}；可用的：{known}", None),
    "error.theme_unknown_from": ("{where}：未知的主题 {theme}；可用的：{known}", None),
    "error.result_scheme_unknown": ("未知的 result_scheme {scheme}；可用的：{known}", None),
    "error.reviewer.reserved": ("是保留给已裁定的分歧的（在评审界面中按 D 设定）；请使用你自己的姓名", None),
    "error.reviewer.control": ("含有控制字符（{char}）；请在一行内以纯文本给出姓名", None),
    # db check / backup / restore: the report
    "db.database": ("数据库    {path}", "database   {path}"),
    "db.replies": ("答复      {n} 份（文件 {files} 个）", "replies    {n} (files: {files})"),
    "db.reviewed": ("已评      {n} 份答复，评审人 {k} 位", "reviewed   {n} replies by {k} reviewer(s)"),
    "db.changes": ("修改      历史中 {n} 处；日志 {lines} 行", "changes    {n} in the history; {lines} journal lines"),
    "db.backups": ("备份      {n} 份", "backups    {n}"),
    "db.newest": ("，最新 {path}", ", newest {path}"),
    "db.orphans": ("孤立文件  {n} 个答复文件没有索引条目指向（中断的导入留下；无害）",
                   "orphans    {n} reply files no index entry points at (left by an interrupted import; harmless)"),
    "db.note": ("提示      {text}", "note       {text}"),
    "db.ok": ("正常", "ok"),
    "db.wrote": ("已写入 {path}", "wrote {path}"),
    "db.nothing_to_restore": ("无需恢复：每个文件都完好", "nothing to restore: every file is good"),
    "db.kept": ("已保留 {target}：{source}", "kept {target}: {source}"),
    "db.restored": ("已恢复 {target}，来源：{source}", "restored {target} from {source}"),
    "db.step": ("{target}：{source}", "restored {target} from {source}"),
    "db.about": ("{target}：{source}", "{target}: {source}"),
    # db check: its problems and notes (store/check_db.py, check_journal.py)
    "error.db.summary_out_of_step": ("{path}：摘要与索引不一致；请运行 `cppcc-review db restore --db {db}` 重建摘要", None),
    "error.db.cannot_read": ("{path}：无法读取（{reason}）", None),
    "error.db.damaged": ("{path}：文件已损坏（{problem}）；请运行 `cppcc-review db restore --db {db}`", None),
    "error.db.backup_unusable": ("{path}：此备份无法使用（{problem}）；请运行 `cppcc-review db restore --db {db}`", None),
    "error.db.backup_missing": ("{path}：清单列出的备份不见了；请运行 `cppcc-review db restore --db {db}` 更新清单", None),
    "error.db.backup_checksum": ("{path}：此备份已损坏（校验和不符），不会被使用；请运行 `cppcc-review db restore --db {db}`", None),
    "error.db.backup_leftover": ("{path}：一份没有写完的备份（{problem}；写入时因断电或崩溃而中断，或此后损坏），不是备份；"
                                 "下次 `db backup` 会删除它", None),
    "error.db.backup_gone": ("{path}：与 {newest} 一同保留的备份不见了（被删除了？）；其余备份完好", None),
    "error.db.unnamed_file": ("{path}：数据库的任何状态都未引用的文件（中断的写入留下；下一次写入时删除）", None),
    "error.db.text_missing": ("{path}：缺失（答复 {rid} 的正文）；请重新导入它的文件", None),
    "error.db.pack_missing": ("{path}：缺失（其中有 {n} 份答复的正文）；请运行 `cppcc-review db restore --db {db}`"
                              "（它会重新读取这些答复的原文件；哪里都找不到的正文会列出，请重新导入它的文件）", None),
    "error.db.text_invalid": ("{path}：答复 {rid} 的正文已损坏（{detail}）；请重新导入它的文件", None),
    "error.db.text_newer": ("{path}：比它的索引条目新；请重新导入它的文件", None),
    "error.db.earlier_text": ("{path}：答复 {rid} 的早先正文缺失或损坏（仅供参考；答复及其评审不受影响）", None),
    "error.db.layout_misfit": ("答复 {rid}：拆分或合并的布局与正文不符；请重新拆分", None),
    "error.db.pack_damaged": ("{path}：已损坏（{detail}）；请运行 `cppcc-review db restore --db {db}`"
                              "（它把包里完好的正文移到新包；自身正文损坏的答复会被列出：请重新导入它的文件）", None),
    "error.db.journal_short_of_marks": ("{path}：被截短：分片保存的修改到第 {reach} 字节，它只有 {size} 字节；"
                                        "请运行 `cppcc-review db restore --db {db}`（它会开始新的日志；现在保存的修改不会计入）", None),
    "error.db.journal_short_of_backup": ("{path}：被截短：{backup} 保存的 {n} 处修改在它里面缺失；"
                                         "请运行 `cppcc-review db restore --db {db}` 找回", None),
    "error.db.journal_torn": ("{path}：最后一行没有写完（{n} 字节）：写入时被中断的修改（从未报告为已保存），下次修改时会被移开；"
                              "如果它曾报告为已保存，说明文件被截短，只有含有它的备份能找回（`db restore`）", None),
    # db restore: its refusals and steps (store/restore.py, restore_backup.py)
    "error.no_database_folder": ("{path}：这里没有数据库文件夹；请检查 --db", None),
    "error.no_backup_file": ("{path}：没有这个备份文件；`cppcc-review db check` 列出所有备份", None),
    "error.backup_damaged_too": ("{path}：这份备份也已损坏（{problem}）；请从 {folder} 另选一份", None),
    "error.backup_damaged_also": ("{path}：这份备份也已损坏；请从 {folder} 另选一份", None),
    "error.not_a_backup": ("{path}：不是本数据库的备份（备份名为 backup-…，或旧版本的 index-…、reviews-… 或 history-…）", None),
    "error.open_first": ("{db}：请先打开一次数据库（它会被升级）或先运行 `db restore`，再恢复 {path}", None),
    "error.foreign_backup": ("{path}：这是另一个数据库的备份（数据库 {theirs}；本数据库是 {mine}）：未做任何修改；"
                             "请把它恢复到它所属的数据库", None),
    "error.foreign_backup_older": ("{path}：这是另一个数据库的备份（其中一方由旧版本建立）：未做任何修改；"
                                   "请把它恢复到它所属的数据库", None),
    # db restore: what each file became (a statement, "FILE：…", or where it came from, "已恢复 FILE，来源：…")
    "error.db.nothing_journal_missing": ("日志缺失；上次整理以来的修改已丢失", None),
    "error.db.nothing_foreign_journal": ("不是本数据库的日志（已保留为 {aside}）", None),
    "error.db.foreign_journal": ("不是本数据库的日志（已保留为 {aside}）", None),
    "error.db.journal_lines_kept": ("保留 {good} 行完好的记录；{n} 行损坏的已移开（在 {aside}）", None),
    "error.db.nothing_journal_below": ("被截短到分片已保存的位置以下（第 {reach} 字节，它只有 {size} 字节）；已开始新的日志，"
                                       "已整理的修改都保留着", None),
    "error.db.why_damaged": ("已损坏", None),
    "error.db.why_unfinished": ("没有写完的备份（{problem}）", None),
    "error.db.backup_set_aside": ("不能使用：{why}，已移到 {aside}", None),
    "error.db.why_file_gone": ("它引用的文件不见了或已损坏（{problem}）", None),
    "error.db.nothing_newer_aside": ("其中 {n} 处较新的修改已移到 {aside}", None),
    "error.db.nothing_newer_none": ("没有比这次备份更新的修改（原日志保留为 {aside}）", None),
    "error.db.journal_from_backup": ("{source} 中的 {n} 处修改；那次备份之后的修改已丢失", None),
    "error.db.journal_brought_back": ("被截短：从 {source} 找回 {n} 处修改（截短的文件保留为 {aside}）", None),
    "error.db.journal_lines_rebuilt": ("从 {source} 重建 {n} 行损坏的记录（损坏的文件保留为 {aside}）", None),
    "error.db.nothing_changes": ("没有备份：已整理的修改历史记录丢失（评审结果都保留着）", None),
    "error.db.changes_from": ("{source}；其后整理的修改历史记录丢失（它们对评审结果的影响都保留着）", None),
    "error.db.the_index": ("索引", None),
    "error.db.no_backup": ("（无备份）", None),
    "error.db.and_texts": ("{what}及 {n} 份答复的正文", None),
    "error.db.and_changes": ("{what}及修改历史中其后的 {n} 处修改", None),
    "error.db.kept_before": ("恢复之前的状态；`cppcc-review db restore --db {db} --from {before}` 可以找回它", None),
    "error.db.rewritten": ("已重写", None),
    # db restore: a damaged reply pack rebuilt (store/restore_packs.py)
    "error.db.pack_rebuilt": ("{into}{elsewhere}（损坏的包保留为 {aside}）{lost}", None),
    "error.db.pack_rebuilt_missing": ("{into}{elsewhere}（原包已缺失）{lost}", None),
    "error.db.pack_into": ("{counts}已移入新包 {written}", None),
    "error.db.pack_none_into": ("没有正文移入新包", None),
    "error.db.pack_moved": ("{moved} 份完好的正文", None),
    "error.db.pack_reread": ("{reread} 份从原文件重新读取的正文", None),
    "error.db.pack_both": ("{moved} 份完好的正文和 {reread} 份从原文件重新读取的正文", None),
    "error.db.pack_elsewhere": ("；{n} 份在另一个包里找到", None),
    "error.db.nothing_pack": ("没有可恢复的正文：{first}{rest}", None),
    "error.db.text_lost": ("答复 {rid}：正文已损坏，也没有保留完好的副本：请重新导入它的文件", None),
    "error.db.text_lost_from": ("答复 {rid}：正文已损坏，也没有保留完好的副本：请重新导入它的文件（{source}）", None),
    "error.db.then": ("；{line}{rest}", None),
    "error.db.rebuilt": ("根据现有文件重建", None),
    # check (the findings' kinds and the hints' paths are stable names, as in its YAML)
    "check.no_findings": ("{file}：未发现问题", "{file}: no findings"),
    "check.finding": ("{file}：{where}{severity} {kind}：{message}{tail}", "{file}:{where} {severity} {kind}: {message}{tail}"),
    "check.where": ("建议{n}：", " suggestion {n}:"),
    "check.severity.info": ("提示", "info"),
    "check.severity.warning": ("警告", "warning"),
    "check.severity.error": ("错误", "error"),
    "check.hint_of": ("{file}：建议{n}：{hint}", "{file}: suggestion {n}: {hint}"),
    "check.hint": ("建议评定 {rating} {confidence} {strength} [{source}] {path}：{explain}",
                   "hint {rating} {confidence} {strength} [{source}] {path}: {explain}"),
    "check.no_hint": ("建议评定 -：无依据，无申报结果", "hint -: no cue and no declared label"),
    "check.evidence": (" 依据：«{evidence}»", " evidence: «{evidence}»"),
    "check.no_such_path": ("{path}：文件或文件夹不存在", "{path}: no such file or folder"),
    "check.empty_folder": ("{path}：此文件夹里没有答复文件（{kinds}）", "{path}: no reply files in this folder ({kinds})"),
    "check.broken_links": ("{path}：此文件夹里没有可读的答复文件：其中 {n} 个条目是失效的符号链接（见下）",
                           "{path}: no reply file in this folder can be read: {n} of its entries are broken symbolic links "
                           "(below)"),
    "check.cannot_parse": ("{path}：无法解析：{reason}", "{path}: cannot parse: {reason}"),
    "check.unknown_scheme": ("未知的申报结果方案 {scheme}；可用的方案：{known}", "unknown result scheme {scheme}; known: {known}"),
    # merge
    "error.merge_layouts": (
        "答复 {reply}：两份导出中它的建议合并或拆分得不一样：{first}（{first_reviewer}）有 {first_n} 条，"
        "{second}（{second_reviewer}）有 {second_n} 条；请在两个数据库中把它们改成一样（在应用中按 m / S）后重新导出；"
        "未合并任何内容",
        None,
    ),
    "merge.cannot": ("{n}/{total} 个文件无法合并；未写入任何文件", "{n} of {total} files cannot be merged; nothing was written"),
    "merge.written": ("合并结果已写入 {path}", "merged file written to {path}"),
}
# the refusals the app shows too (the database moved or read-only, a write that failed, a damaged file)
CLI_MESSAGES.update({f"error.{code}": (line, None) for code, line in REFUSALS.items()})


def error_text(exc: BaseException | str, lang: str) -> str:
    """A store's error (or its line kept with its code, store.errors.CodedLine) as one line in
    `lang`: worded by its code when this catalogue has it (`error.<code>`), else the store's own line."""
    code = getattr(exc, "code", None)
    values = getattr(exc, "values", {})
    if code and lang == "en" and CLI_MESSAGES.get(f"error.{code}", ("", ""))[1] is None:
        return str(exc)  # (worded in Chinese here, its English line is the store's)
    if code and f"error.{code}" in CLI_MESSAGES and (values or "{" not in CLI_MESSAGES[f"error.{code}"][0]):
        # a value with a code of its own (why a file is damaged, store.errors.coded) in the same words
        values = {name: error_text(value, lang) if getattr(value, "code", None) else value
                  for name, value in values.items()}
        values = with_kind(values, lang)  # what a path is that cannot be written or read (file_kind)
        try:
            return say(f"error.{code}", lang, **values)
        except KeyError:  # the same code raised by the reader with other values: worded below
            pass
    line = str(exc)
    if code and lang != "en" and f"import.reason.{code}" in MESSAGES and ": " in line:
        # a reader's refusal (`parse`, `check`): "<file>: <why>", the why in the app's words
        return say("import.failed", lang, path=line.split(": ", 1)[0], reason=reason_text(exc, lang))
    return line


def reason_text(exc: BaseException | str, lang: str) -> str:
    """Why the reader refused a text (no file name in it), in `lang`: the app's words for its
    code (`import.reason.<code>`), else the reader's own line."""
    code = getattr(exc, "code", None)
    if code and lang != "en" and f"import.reason.{code}" in MESSAGES:
        return t(f"import.reason.{code}", lang, **with_kind(getattr(exc, "values", {}), lang))  # (t never raises)
    return str(exc)


def say(key: str, lang: str, /, **values: object) -> str:
    """The command line's message `key` in `lang`; else the app's catalogue's (cppcc_review.tui.i18n)."""
    pair = CLI_MESSAGES.get(key)
    if pair is None:
        return t(key, lang, **values)
    text = pair[1] if lang == "en" and pair[1] is not None else pair[0]  # (None: only through error_text)
    return text.format(**values) if values else text
