"""The command line's help in Chinese (default) and English: each command's line in the list of
commands, its description and each argument's help (`cppcc-review [COMMAND] --help`).

The English texts are the help as it always read (word for word); metavars (FILE, NAME ...)
and choices stay as they are in both. argparse %-formats help texts (`%(default)s`), so a
text here never holds a bare percent sign. argparse's own words (usage:, the section titles,
its usage errors) are worded in cppcc_review.tui.cli.argparse_words.
"""

from __future__ import annotations

HELP: dict[str, tuple[str, str]] = {
    # the top level and the options every command shares (cli/__init__.py, common.py)
    "top": (
        "政协提案答复评审工具：逐条评审政府部门对政协提案的答复。不带子命令时打开评审界面。",
        "Review how government units answered CPPCC proposals, suggestion by suggestion. "
        "Without a sub-command, opens the review app. "
        "政协提案答复评审工具:不带子命令时打开评审界面。",
    ),
    "help": ("显示此帮助并退出", "show this help message and exit"),
    "version": ("显示程序的版本并退出", "show the program's version and exit"),
    "db": ("数据库文件夹（默认：${env}、配置文件的 db，否则为用户数据文件夹）",
           "database directory (default: ${env}, the config file's db, else the user data folder)"),
    "reviewer": ("随每条评定记录的你的姓名（默认：配置文件，否则为操作系统用户名）",
                 "your name as recorded with each rating (default: config file, else the OS user name)"),
    "lang.global": ("界面语言，也是各命令输出的语言（默认：配置文件，否则为 zh）",
                    "interface language, also of the commands' messages (default: config file, else zh)"),
    "lang": ("输出的语言（默认：配置文件，否则为 zh）", "language of the messages (default: config file, else zh)"),
    "debug": ("把调试信息写入日志文件（用户日志文件夹中的 cppcc-review.log）",
              "write debug detail to the log file (the user log folder, cppcc-review.log)"),
    "readonly": ("以只读方式打开数据库：{what}；另一个程序正在写入时也可用",
                 "open the database read-only: {what}; works while another program writes it"),
    "readonly.browse": ("只浏览，不做任何修改", "browse without changing anything"),
    "readonly.reads": ("这个命令本来就只读取", "it only reads anyway"),
    # review
    "review": ("打开评审界面（不带子命令时的默认操作）", "open the review app (the default when no sub-command is given)"),
    "review.about": ("打开终端评审界面：逐条评定每份答复的建议，写备注，填写满意度测评。按键列在底栏，按 `?` 可查看全部。",
                     "Open the terminal review app: rate each suggestion of each reply, write notes, "
                     "fill the satisfaction assessment. Keys are listed in the footer and by `?`."),
    # parse
    "parse": ("显示一个答复文件被读成什么（不涉及数据库）", "show how a reply file is read (no database involved)"),
    "parse.about": (
        "读取一个答复文件（.txt、.md、.docx、.html、.pdf），打印解析器读到的内容：文号、提案号、标题、提案人、"
        "承办单位、会办单位、日期、申报的办理结果、联系人、各条建议及其承诺和数字，以及解析警告"
        "（解析器不得不猜测之处：no_signer、handler_from_metadata、split_by_paragraphs …）。",
        "Read one reply file (.txt, .md, .docx, .html, .pdf) and print what the parser found: "
        "文号, proposal number, title, proposers, handler, co-handlers, date, declared result, "
        "contacts and the suggestions with their commitments and figures, and the parse warnings "
        "(where the parser had to guess: no_signer, handler_from_metadata, split_by_paragraphs …).",
    ),
    "parse.file": ("答复文件", "the reply document"),
    "parse.format": ("输出格式（默认：yaml）", "output format (default: yaml)"),
    "parse.non_reply": ("看起来不像答复的文本也照样读取（警告 not_a_reply）",
                        "read a text that does not look like a reply anyway (warning not_a_reply)"),
    # import
    "import": ("把答复文件或文件夹导入数据库", "import reply files or folders into the database"),
    "import.about": (
        "导入答复文件（.txt、.md、.docx、.html、.pdf；文件夹中的文件逐层查找）。再次导入同一文件不会改变任何内容；"
        "正文有改动的答复保留其评审。无法读取的文件在最后列出并说明原因；其余的照常导入。",
        "Import reply documents (.txt, .md, .docx, .html, .pdf; folders are searched recursively). "
        "Importing the same document again changes nothing; a changed text keeps its reviews. "
        "Files that cannot be read are listed at the end with the reason; the rest are imported.",
    ),
    "import.paths": ("文件或文件夹", "files or folders"),
    "import.non_reply": ("读起来不像答复的文本（提案页面、通知）也导入；它们被标为 not_a_reply",
                         "also import texts that do not read as a reply (a proposal page, a notice); they are marked not_a_reply"),
    # list
    "list": ("列出答复及其 id 和你的进度", "list the replies with their ids and your progress"),
    "list.about": (
        "每份答复一行，按评审界面收件箱的顺序：id（答复没有文号时 `rate` 等命令用它指明答复）、文号、答复单位、"
        "标题、建议数、你评定了几条，以及评审状态。在终端上输出表格，否则输出 YAML。",
        "One line per reply, in the app's inbox order: its id (what `rate` and the other "
        "commands take when a reply has no 文号), 文号, answering unit, title, suggestions, "
        "how many you rated, and the review's state. A table on a terminal, YAML otherwise.",
    ),
    "list.status": ("只列出评审人处于这个状态的答复（默认：all）", "only replies in this state for the reviewer (default: all)"),
    "format.table": ("table（在终端上默认）或 yaml", "table (default on a terminal) or yaml"),
    # rate
    "rate": ("评定一份答复中的一条建议（供脚本使用）", "rate one suggestion of a reply (for scripts)"),
    "rate.about": (
        "保存一条建议的评定：REPLY 是文号或答复 id（或唯一的 id 前缀），SUGGESTION 是从 1 开始的建议编号，"
        "RATING 是 采纳|部分采纳|解释说明|清除（也可用 adopted|partially_adopted|explained|clear 或 1|2|3|0）。"
        "打印保存的内容。数据库正被使用时等待几秒，然后报错退出。",
        "Store a rating of one suggestion: REPLY is a 文号 or a reply id (or a unique id prefix), "
        "SUGGESTION its 1-based number, RATING adopted|partially_adopted|explained|clear "
        "(also 采纳|部分采纳|解释说明 or 1|2|3|0). Prints what was stored. "
        "Waits a few seconds if the database is in use, then stops with an error.",
    ),
    "rate.reply": ("文号或答复 id", "文号 or reply id"),
    "rate.suggestion": ("建议编号，从 1 开始", "suggestion number, from 1"),
    "rate.rating": ("采纳|部分采纳|解释说明|清除（或 adopted|partially_adopted|explained|clear）",
                    "adopted|partially_adopted|explained|clear"),
    "rate.note": ("同时设置这条建议的备注（\"\" 清除备注）", "also set the suggestion's note (\"\" clears it)"),
    # export
    "export": ("把评定导出为 YAML（与其他评审人或委员会共享）", "export ratings as YAML (to share with other reviewers or the committee)"),
    "export.about": (
        "把评定、备注和测评写成 YAML（cppcc-review/ratings/v1，见 docs/ratings-format.md）。默认导出你自己的"
        "（--reviewer，否则为配置的姓名）；--all-reviewers 为每位评审人评审过的每份答复各写一项（没有人评审过的答复不写）。不给 -o 时写到标准输出（-o - 也是）。"
        "已有的 FILE 若不是评定导出或合并文件，除非加 --force，否则拒绝替换。",
        "Write the ratings, notes and assessments as YAML (cppcc-review/ratings/v1, see "
        "docs/ratings-format.md). By default your own (--reviewer, else the configured name); "
        "--all-reviewers writes one entry per reviewer for each reply they reviewed (replies nobody reviewed are left out). Stdout unless -o is given (-o - too). "
        "An existing FILE that is not a ratings export or merged file is refused unless --force.",
    ),
    "export.output": (
        "把导出写入 FILE（原子写入）；- 或 /dev/stdout 为标准输出。已有的 FILE 只有是评定导出或合并文件时才替换"
        "（否则需 --force）",
        "write the export to FILE (atomically); - or /dev/stdout: standard output. An existing FILE is replaced "
        "only if it is a ratings export or merged file (else --force)",
    ),
    "output.force": (
        "即使已有的 {metavar} 不是评定导出或合并文件，也替换它",
        "replace an existing {metavar} even if it is not a ratings export or merged file",
    ),
    "export.reviewer": ("谁的评定（默认：你）", "whose ratings (default: you)"),
    "export.all": ("所有评审人的评定", "every reviewer's ratings"),
    "export.status": ("全部答复（默认），或只导出评审已完成的", "all replies (default), or only those whose review is done"),
    # import-ratings
    "ratings": ("导入其他评审人导出的评定（YAML）", "import other reviewers' ratings exports (YAML)"),
    "ratings.about": (
        "导入 `cppcc-review export` 写出的评定文件。答复按 id 和内容哈希对应；有任何问题的文件（YAML 有误、"
        "格式不符、未知的评定、本库没有的答复 …）会报告问题及其所在行，不做任何修改。文件中的评定、备注和测评"
        "替换本库中同一评审人的，但本库在文件之后修改过的除外（较新的工作会保留，并用一行说明）。",
        "Import ratings files written by `cppcc-review export`. Replies are matched by id and "
        "content hash; a file with any problem (bad YAML, wrong schema, unknown rating, a reply "
        "not in this database ...) is reported with its line and changes nothing. "
        "The file's ratings, notes and assessments replace its reviewer's in this database, "
        "except those changed here after the file's (newer work is kept, and said so in one line).",
    ),
    "ratings.files": ("评定文件（.yaml）", "ratings files (.yaml)"),
    "ratings.skip_missing": ("导入本库已有答复的评定，并列出本库没有的（默认拒绝这样的文件）；其他任何问题仍会拒绝整个文件",
                             "import the ratings of the replies this database holds and list the ones it does not "
                             "(by default such a file is refused); any other problem still refuses the whole file"),
    "ratings.dry_run": ("检查文件并说明将有哪些改变；不写入任何内容", "check the files and say what would change; write nothing"),
    # merge
    "merge": ("合并多位评审人的导出；报告一致性和争议", "merge several reviewers' exports; report agreement and disputes"),
    "merge.about": (
        "把多位评审人的评定导出合并成一个文件：保留每位评审人的评定，把每条建议标为一致或有争议；"
        "加 --resolve majority 时，在评定过这条建议的评审人中超过半数一致之处提出共识。打印百分比一致率和 "
        "Krippendorff's alpha（覆盖被两人或以上评定的每条建议；两位评审人时还有 Cohen's kappa）、所有人都评定过的"
        "建议上的 Fleiss' kappa、每两位评审人之间的 Cohen's kappa，以及争议；共同评定的建议少于 5 条时只显示计数。"
        "加 -o - 时合并后的 YAML 写到标准输出，报告写到标准错误。",
        "Combine ratings exports of several reviewers into one file that keeps every reviewer's "
        "rating, marks each suggestion agreed or disputed and, with --resolve majority, proposes "
        "a consensus where more than half of the reviewers who rated it agree. Prints percentage "
        "agreement and Krippendorff's alpha over every suggestion rated by two or more (Cohen's kappa "
        "with two reviewers), Fleiss' kappa over those all rated, each pair's Cohen's kappa, and the "
        "disputes; fewer than 5 shared suggestions are shown as counts. With -o - the merged YAML goes to "
        "stdout and the report to stderr.",
    ),
    "merge.files": ("评定导出（.yaml）", "ratings exports (.yaml)"),
    "merge.output": (
        "把合并后的 YAML 写入 MERGED（原子写入）；- 或 /dev/stdout 为标准输出。已有的 MERGED 只有是评定导出或合并文件时"
        "才替换（否则需 --force）",
        "write the merged YAML to MERGED (atomically); - or /dev/stdout: standard output. An existing MERGED is "
        "replaced only if it is a ratings export or merged file (else --force)",
    ),
    "merge.resolve": ("按严格多数提出共识", "propose a consensus by strict majority"),
    # stats
    "stats": ("采纳和满意度统计", "adoption and satisfaction statistics"),
    "stats.about": (
        "按承办单位（或提案人、年份）分组：答复数、建议数，其中采纳、部分采纳、解释说明各多少，满意度测评及满意率和"
        "满意和基本满意率，以及待评审的答复；然后是评审人之间的一致性（Krippendorff's alpha，覆盖被两人或以上评定的"
        "每条建议；两位评审人时为 Cohen's kappa；共同评定的建议少于 5 条时只显示计数）。不加 --reviewer 时，每条建议"
        "取一个结论：有裁定取裁定，否则取评审人的共同评定或严格多数。比例按各组全部建议计（与评审界面相同）；"
        "争议：评审人评定不同的建议，按 merge 的方式拆分（多数：有严格多数，按多数计；无多数：只有裁定能解决）。",
        "For each handling unit (or proposer, or year): replies, suggestions, how many were "
        "adopted / partially adopted / explained, the satisfaction assessments with 满意率 and "
        "满意和基本满意率, and the replies still to review; then the reviewers' agreement "
        "(Krippendorff's alpha over every suggestion rated by two or more, Cohen's kappa with two "
        "reviewers; fewer than 5 shared suggestions are shown as counts). "
        "Without --reviewer, one verdict per suggestion: a resolution, else the reviewers' "
        "common rating or strict majority. Shares are of all the group's suggestions (as in the app); "
        "disputed: the suggestions the reviewers rated differently, split as merge reports them "
        "(majority: a strict majority holds and counts; none: only a resolution settles it).",
    ),
    "stats.by": ("分组方式（默认：handler）", "grouping (default: handler)"),
    "stats.reviewer": ("只统计这位评审人的评定", "only this reviewer's ratings"),
    # check
    "check": ("指出答复文件中的问题（数量、重复、缺少的部分、含糊的答复）",
              "point out problems in reply files (counts, repeats, missing parts, vague answers)"),
    "check.about": (
        "检查答复文件，打印细心的读者会指出的问题：所述数量与列出的条目不符（三方面 后面是 一是…四是）、一句话里重复的"
        "词语、缺少的部分（文号、日期、签发人、称呼、开头、结尾；正文在句子中间中断的，指出一次）、只有已做工作的答复"
        "（加 --vague 时还有只由含糊动词构成的计划）、与措辞矛盾的申报结果、不可能的日期，以及给出提案正文时答复没有"
        "回应的建议。文件夹中的答复文件都会被检查。文件都检查完时退出状态为 0（发现的问题只是提醒），"
        "有文件无法读取时为 1。",
        "Check reply documents and print what a careful reader would point out: a stated count "
        "that disagrees with the items listed (三方面 followed by 一是…四是), a phrase repeated "
        "within a sentence, missing parts (文号, date, signer, salutation, opening, closing; a text that stops "
        "mid-sentence is said to, once), "
        "answers with only past work (and with --vague, plans of only vague verbs), a declared result the wording "
        "contradicts, impossible dates and, with the proposal's text, its suggestions the reply "
        "leaves unanswered. Folders are searched for reply files. Exit status 0 when the files "
        "were checked (findings are advice), 1 when a file could not be read.",
    ),
    "check.paths": ("答复文件或文件夹", "reply files or folders"),
    "check.format": ("输出格式（默认：text）", "output format (default: text)"),
    "check.proposal": ("提案的正文，用来列出答复没有回应的建议（默认：与答复同名、以 {suffix} 结尾的同一文件夹中的文件，如果有）",
                       "the proposal's text, to list its suggestions the reply does not answer "
                       "(default: a sibling file named like the reply with {suffix}, if present)"),
    "check.today": ("与答复日期比较的日期（默认：今天）", "the date to compare reply dates with (default: the current date)"),
    "check.scheme": ("如何读取申报的办理结果（默认：配置文件的 result_scheme，否则为 default）",
                     "how declared result labels are read (default: result_scheme of the config file, else default)"),
    "check.vague": ("同时标出只由 研究/探索/积极 一类词构成的计划（vague_response；在真实答复上大约三次中对一次）"
                    "（默认：配置文件的 vague_check，否则不标出）",
                    "also flag plans made only of 研究/探索/积极-type words (vague_response; right about one time in three "
                    "on real replies) (default: vague_check of the config file, else off)"),
    "check.hints": ("同时打印每条建议的建议评定、置信度、来源及依据",
                    "also print each suggestion's suggested rating, its confidence, where it comes from and its evidence"),
    "check.rubric": ("按默认规则或严格规则给出建议评定（严格规则下只有含糊的承诺算解释说明；含 --hints）"
                     "（默认：配置文件的 hint_rubric，否则为 default）",
                     "suggested ratings by the default rubric or the strict one (a vague promise alone is "
                     "explained; implies --hints) (default: hint_rubric of the config file, else default)"),
    "check.hints_shown": ("显示全部建议评定，或只显示有把握的（含 --hints；默认：配置文件的 hints_shown，否则为 all）",
                          "all hints, or only the confident ones (implies --hints; default: hints_shown of the config file, else all)"),
    "check.learned": ("从数据库中评审人的评定学习建议评定（含 --hints；--db、--reviewer；只读）",
                      "learn the hints from the reviewer's ratings in the database (implies --hints; --db, --reviewer; read-only)"),
    "check.reviewer": ("与 --learned 一起用：从谁的评定学习（默认：配置文件，否则为操作系统用户名）",
                       "with --learned: whose ratings to learn from (default: config file, else the OS user name)"),
    # db
    "db.command": ("检查、备份或恢复数据库", "check, back up or restore the database"),
    "db.about": ("校验数据库、立即备份，或在损坏后找回最新的完好副本。",
                 "Verify the database, take a backup now, or bring back the newest good copy after damage."),
    "db.check": ("校验每个文件，报告计数和问题", "verify every file and report counts and problems"),
    "db.backup": ("立即备份索引和评审", "write a backup of the index and the reviews now"),
    "db.restore": ("用最新的完好备份（或指定的备份）替换损坏的文件", "replace damaged files by the newest good backup (or the one given)"),
    "db.restore.about": ("用最新的完好备份或 BACKUP 替换损坏的数据库文件。损坏的文件先复制到 backups/：不删除任何内容。",
                         "Replace damaged database files by the newest good backup, or by BACKUP. "
                         "Damaged files are copied into backups/ first: nothing is deleted."),
    "db.from": ("<db>/backups/ 中的一个文件", "a file from <db>/backups/"),
}


def help_text(key: str, lang: str, /, **values: object) -> str:
    """The help text `key` in `lang` (zh, en)."""
    zh, en = HELP[key]
    text = en if lang == "en" else zh
    return text.format(**values) if values else text
