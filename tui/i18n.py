"""The message catalogue: every word the interface shows, in Chinese (default) and English.

`t(key, lang, **values)` looks a message up and fills `{placeholders}` with
`str.format`. Enum values (ratings, satisfaction, ...) are labelled by
`cppcc_review.store.labels.label` so that the TUI and the YAML export say the same words.
Binding descriptions live here too, under `key.<binding id>`; the help screen and
the footer both read them.

Values filled into a message are plain text: the result is never parsed as markup.
"""

from __future__ import annotations

from enum import Enum

from ..store.labels import label as _enum_label
from .i18n_assess import ASSESS_MESSAGES
from .i18n_review import REVIEW_HEADER_MESSAGES
from .i18n_samples import SAMPLE_MESSAGES
from .logs import logger

LANGS = ("zh", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    # app / status line
    "app.title": ("政协提案答复评审", "CPPCC reply review"),
    # the log file's folder cannot be written (tui/logs.py): said on stderr, the program goes on
    "log.unwritable": ("cppcc-review：警告：没有日志文件（{path}：{reason}）", "cppcc-review: warning: no log file ({path}: {reason})"),
    "status.db": ("数据：{path}", "data: {path}"),
    "status.saved": ("已保存 {time}", "saved {time}"),
    "status.not_saved_yet": ("尚无修改", "no changes yet"),
    "status.editing": ("编辑中，尚未保存", "editing, not saved yet"),
    "status.restored.note": ("已放回上次的备注草稿，尚未保存为备注（Esc 保存）",
                             "the note draft from last time is back: a draft, not saved as the note yet (esc saves it)"),
    "status.restored.note_shown": ("已放回上次的备注草稿，尚未保存为备注（n 打开接着写）",
                                   "the note draft from last time is back: a draft, not saved as the note yet (n opens it)"),
    "status.reviewer": ("评审人：{name}", "reviewer: {name}"),
    "status.readonly": ("只读：{reason}", "read-only: {reason}"),
    "status.error": ("未保存！{error}", "NOT SAVED! {error}"),
    "status.readonly_refused": ("{refusal}（{reason}）", "{refusal} ({reason})"),
    "readonly.change": ("不能修改", "nothing can be changed"),
    "readonly.rate": ("不能评定", "ratings cannot be given"),
    "readonly.layout": ("不能合并或拆分建议", "suggestions cannot be merged or split"),
    "readonly.settle": ("不能裁定争议", "disputes cannot be settled"),
    "readonly.undo": ("不能撤销或重做", "nothing can be undone or redone"),
    "readonly.import": ("不能导入", "nothing can be imported"),
    "readonly.confirm": ("不能确认完成测评", "the assessment cannot be confirmed"),
    "status.unsaved_notes": ("未保存！{n} 条备注还没写入磁盘，文字保留在这里，腾出空间后自动保存",
                             "NOT SAVED! {n} note(s) not on disk yet; the text is kept here and saved once there is room"),
    "error.readonly": ("数据库以只读方式打开，修改不会保存", "the database is open read-only; changes are not saved"),
    "error.readonly_flag": ("按 --readonly 打开，修改不会保存", "opened with --readonly; changes are not saved"),
    "error.locked_by": (
        "另一个程序正在写入该数据库（{program}，进程 {pid}，主机 {host}，自 {since} 起），已以只读方式打开；关闭那个程序后重新打开即可修改",
        "another program is writing this database ({program}, pid {pid} on host {host}, since {since}); "
        "opened read-only: close it there and open again to make changes",
    ),
    "error.locked_readonly": (
        "另一个程序正在写入该数据库，已以只读方式打开（{detail}）",
        "another program is writing this database; opened read-only ({detail})",
    ),
    "confirm.yes": ("是（y）", "Yes (y)"),
    "confirm.no": ("否（n）", "No (n)"),
    **SAMPLE_MESSAGES,  # the bundled samples offered and imported: tui/i18n_samples.py
    "empty.inbox": (
        "没有答复。按 i 导入答复文件或文件夹（或用 `cppcc-review import 文件或文件夹`）。",
        "No replies. Press i to import files or a folder (or `cppcc-review import FILES_OR_FOLDERS`).",
    ),
    "empty.filtered": ("没有符合条件的答复", "no reply matches"),
    "empty.importing": ("正在后台导入示例答复，导入完成后会列在这里", "The sample replies are being imported; they are listed here when done"),
    # inbox
    "inbox.title": ("答复列表", "Replies"),
    "inbox.count": ("{shown}/{total} 份", "{shown} of {total}"),
    "inbox.filter": ("筛选：{name}", "filter: {name}"),
    "inbox.sort": ("排序：{name}{dir}", "sort: {name}{dir}"),
    "inbox.search": ("搜索：{query}", "search: {query}"),
    "inbox.search_placeholder": ("搜索标题、提案人、办理单位、正文……（回车打开，Esc 清除）", "search title, proposer, handler, text… (enter: open, esc: clear)"),
    "inbox.searching": ("正在搜索正文……", "searching the texts…"),
    "filter.changed": ("评定后正文有改动", "text changed after rating"),
    "picker.filter": ("筛选答复", "Show replies"),
    "picker.sort": ("排序方式（再选一次当前项则倒序）", "Sort by (the current one again reverses)"),
    "filter.all": ("全部", "all"),
    "col.doc_no": ("文号", "Doc no."),
    "doc_no.proposal_only": ("提案{no}（无文号）", "proposal {no} (no doc no.)"),
    "col.title": ("提案标题", "Proposal title"),
    "col.proposer": ("提案人", "Proposer"),
    "col.handler": ("办理单位", "Handler"),
    "col.date": ("日期", "Date"),
    "col.others": ("同事", "Others"),
    "col.progress": ("进度", "Rated"),
    "col.state": ("状态", "State"),
    "none": ("—", "—"),
    # review
    "review.title": ("评审", "Review"),
    "review.doc_no": ("文号", "Doc no."),
    "review.proposer": ("提案人", "Proposer"),
    "review.handler": ("办理单位", "Handler"),
    "review.declared": ("声明结果", "Declared result"),
    **REVIEW_HEADER_MESSAGES,  # the kind, proposal number, co-handlers, a deputy: tui/i18n_review.py
    "review.date": ("日期", "Date"),
    "review.suggestion_n": ("建议 {i}/{n}", "Suggestion {i}/{n}"),
    "review.no_heading": ("（无标题）", "(no heading)"),
    "review.no_suggestions": ("这份答复没有识别出建议。", "No suggestions were found in this reply."),
    "review.commitments": ("承诺事项", "Commitments"),
    "review.figures": ("数据", "Figures"),
    "review.findings": ("质量提示", "Findings"),
    "review.rating": ("评定：", "Rating: "),
    "review.unrated": ("未评定", "not rated"),
    "review.unsaved": ("（未保存）", "(not saved)"),
    "review.hint": ("建议评定：{rating}（回车采用）", "suggested: {rating} (enter accepts)"),
    # on a suggestion already rated, Enter does not take the hint (it says how to change the rating)
    "review.hint_rated": ("建议评定：{rating}", "suggested: {rating}"),
    "review.hint_enter": ("（回车采用）", "(enter accepts)"),
    "review.no_hint": ("这条建议没有建议评定，请用 1/2/3 评定", "no suggested rating here; rate with 1/2/3"),
    "review.hint_same": ("已评定为{rating}，与建议评定相同", "already rated {rating}, as suggested"),
    "review.hint_not_over": (
        "已评定为{rating}，回车不会覆盖；要改为{hint}请按 {key}",
        "already rated {rating}; enter does not overwrite it: press {key} for {hint}",
    ),
    "review.hint_accepted": ("（已采用建议评定）", " (suggested rating accepted)"),
    # a large reply: its findings and hints are read by a worker thread (cppcc_review.tui.screens.review_reading)
    "review.checking": ("质量提示与建议评定：正在检查……", "findings and suggested rating: checking…"),
    "review.checking_findings": ("质量提示：正在检查……", "findings: checking…"),
    "review.hint_checking": ("建议评定尚在检查中，请稍候或用 1/2/3 评定", "the suggested rating is still being checked; wait or rate with 1/2/3"),
    # where a hint comes from and how far to trust it (cppcc_review.store.aids.hint_learner)
    "hint.confident": ("把握较大", "confident"),
    "hint.weak": ("仅供参考", "weak"),
    "hint.rules": ("依据规则", "from the rules"),
    "hint.model": ("依据内置模型", "from the bundled model"),
    "hint.learned": ("根据您的{n}条评定", "learned from your {n} ratings"),
    "hint.strict_lean": ("从严口径，依您的{n}条评定", "strict rubric, as your {n} ratings read it"),
    "review.note": ("备注", "Note"),
    "review.note_empty": ("（按 n 写备注）", "(press n to write a note)"),
    "review.changed": ("正文在评定后有改动", "the text changed after it was rated"),
    "review.all_rated": ("本答复的建议已全部评定，按 s 进行满意度测评", "every suggestion is rated; press s for the assessment"),
    "review.done": ("本答复已完成测评（{time}）", "this reply is done (assessed {time})"),
    "review.done_rating_changed": (
        "本答复已完成测评；评定已改，请按 s 复核测评",
        "this reply was already done: the rating changed, press s to look at the assessment again",
    ),
    "review.suggestions": ("建议列表", "Suggestions"),
    "review.first_reply": ("已是第一份答复", "this is the first reply"),
    "review.last_reply": ("已是最后一份答复", "this is the last reply"),
    "review.first_reply_search": ("已是这次搜索的第一份答复", "this is the first reply of this search"),
    "review.last_reply_search": ("已是这次搜索的最后一份答复", "this is the last reply of this search"),
    "review.legend": (
        "建议列表：● 采纳　◐ 部分采纳　○ 解释说明　· 未评\n　　　　　✎ 有备注　✎… 备注草稿，尚未保存为备注（n 打开）",
        "list: ● adopted  ◐ partially  ○ explained  · not rated\n"
        "      ✎ a note  ✎… a draft, not saved as the note yet (n opens it)",
    ),
    "review.cannot_open": ("无法打开{doc}：{error}", "cannot open {doc}: {error}"),
    "review.note_readonly": ("不能写备注", "notes cannot be written"),
    "review.note_changed_elsewhere": (
        "这条备注刚被另一处改过；你写的会保留，保存时另一处的也保留在前面",
        "this note was just changed elsewhere; what you write is kept, and saving keeps the other text above it",
    ),
    "review.note_kept_both": (
        "备注在你编辑时被另一处改过：两者都已保存（另一处的在前），请看一下",
        "the note was changed elsewhere while you wrote: both are saved (the other text first); please check it",
    ),
    "review.note_elsewhere": (
        "这条备注正在另一个窗口里编辑；两边都保存后，两段文字都会保留",
        "this note is being edited in another window; when both are saved, both texts are kept",
    ),
    "review.no_work_left": ("没有待评审的答复了", "no reply needs work"),
    "review.no_work_left_search": (
        "这次搜索中没有待评审的答复了（搜索之外还有 {n} 份）",
        "no reply of this search needs work ({n} more outside the search)",
    ),
    "review.no_unreviewed_left_search": (
        "这次搜索中没有未评审的答复了（搜索之外还有 {n} 份）",
        "no reply of this search is unreviewed ({n} more outside the search)",
    ),
    "review.note_saved": ("备注已保存", "note saved"),
    "review.draft_added": (
        "另一个已关闭的窗口留下了这条备注的未保存草稿，已接在框中文字之后",
        "a closed window left an unsaved draft of this note; it is added after the text in the box",
    ),
    "review.draft_restored": ("已放回上次未保存的备注草稿", "the note draft from last time is back"),
    "review.drafts_joined": (
        "已放回上次未保存的备注草稿：几段文字都在框中（每段草稿上方一行是它写下的时间），请整理后按 Esc 保存",
        "the note drafts from last time are back: every text is in the box (above each draft, the time it was "
        "typed); tidy it and press esc to save",
    ),
    "review.merged": ("已合并建议 {i} 和 {j}", "merged suggestions {i} and {j}"),
    "review.merged_kept": (
        "已合并建议 {i} 和 {j}；{names}对这两条的评定与备注都保留在合并后的建议中",
        "merged suggestions {i} and {j}; what {names} gave the two (ratings, notes) is kept on the merged one",
    ),
    "review.merge_ask": (
        "以下评审人对建议 {i} 和 {j} 的评定不同：\n{who}\n合并后他们对这条建议的评定将清空，原来的两个评定写入其备注。仍要合并吗？",
        "These reviewers rated suggestions {i} and {j} differently:\n{who}\nMerging clears their rating of the "
        "merged suggestion and writes the two former ratings into their note. Merge anyway?",
    ),
    "review.merge_ask_who": ("  {reviewer}：第 {i} 条“{a}”，第 {j} 条“{b}”", "  {reviewer}: {i} “{a}”, {j} “{b}”"),
    "review.merge_yes": ("y 合并", "y merge"),
    "review.merge_no": ("n 不合并", "n keep them apart"),
    "review.relaid.merged": (
        "这条答复的建议在别处被合并了：现有 {n} 条（原 {before} 条）",
        "this reply's suggestions were merged elsewhere: {n} now ({before} before)",
    ),
    "review.relaid.split": (
        "这条答复的建议在别处被拆分了：现有 {n} 条（原 {before} 条）",
        "this reply's suggestions were split elsewhere: {n} now ({before} before)",
    ),
    "review.relaid.merge_undone": (
        "这条答复的建议的一次合并在别处被撤销了：现有 {n} 条（原 {before} 条）",
        "a merge of this reply's suggestions was undone elsewhere: {n} now ({before} before)",
    ),
    "review.relaid.split_undone": (
        "这条答复的建议的一次拆分在别处被撤销了：现有 {n} 条（原 {before} 条）",
        "a split of this reply's suggestions was undone elsewhere: {n} now ({before} before)",
    ),
    "review.relaid.changed": (
        "这条答复的建议在别处被合并或拆分了：现有 {n} 条",
        "this reply's suggestions were merged or split elsewhere: {n} now",
    ),
    "review.relaid_not_saved": (
        "未保存：{what}；请在现在显示的建议上重新评定",
        "not saved: {what}; rate again on the suggestion now shown",
    ),
    "review.note_relaid_not_saved": (
        "备注未保存：{what}；备注仍在编辑框中，请确认它所属的建议后按 Esc 保存",
        "note not saved: {what}; the note is still in its box: check the suggestion it belongs to, then press esc "
        "to save it",
    ),
    "review.note_relaid_draft": (
        "{what}；正在写的备注跟着它所属的建议，仍在编辑框中",
        "{what}; the note being written stays in its box, on the suggestion it was written for",
    ),
    "review.cannot_merge": ("这是最后一条建议，无法与下一条合并", "this is the last suggestion; nothing to merge with"),
    "review.split": ("已在第 {line} 行拆分建议 {i}", "split suggestion {i} at line {line}"),
    "review.cannot_split": ("这条建议只有一段，无法拆分", "this suggestion has a single paragraph; nothing to split"),
    "review.undone": ("已撤销：{what}", "undone: {what}"),
    "review.redone": ("已重做：{what}", "redone: {what}"),
    "review.undone_elsewhere": ("上一处修改在另一份答复 {doc} 上（{what}）；再按一次撤销会打开那份答复并撤销它",
                                "the last change is on another reply, {doc} ({what}); undo again to open it and undo it"),
    "review.redone_elsewhere": ("下一处可重做的修改在另一份答复 {doc} 上（{what}）；再按一次重做会打开那份答复并重做它",
                                "the next change to redo is on another reply, {doc} ({what}); redo again to open it and redo it"),
    "review.nothing_to_undo": ("没有可撤销的修改", "nothing to undo"),
    "review.nothing_to_redo": ("没有可重做的修改", "nothing to redo"),
    "action.rate": ("评定", "rating"),
    "action.note": ("备注", "note"),
    "action.assess": ("满意度测评", "assessment"),
    "action.split": ("拆分", "split"),
    "action.merge": ("合并", "merge"),
    "split.title": ("选择拆分位置：新建议从所选段落开始", "Pick where to split: the new suggestion starts at the chosen paragraph"),
    # import from the app
    "merge.same_file": (
        "{first} 与 {second} 是同一份导出，每个文件只需给一次；未写入任何文件",
        "{first} and {second} are the same export; name each file once; nothing was written",
    ),
    "merge.same_reviewer": (
        "警告：{first} 与 {second} 都含评审人 {reviewer} 的评定，两者都评过的答复保留较新导出中的评定",
        "warning: {first} and {second} both hold ratings by {reviewer}; where both rated a reply, the newer export's are kept",
    ),
    "import.title": ("导入答复文件", "Import reply files"),
    "import.help": (
        "输入文件或文件夹路径，或在下方选择（文件夹会包含其子文件夹）；回车开始导入，Esc 返回",
        "type a file or folder path, or pick one below (folders include their subfolders); enter imports, escape goes back",
    ),
    "import.no_path": ("找不到：{path}", "not found: {path}"),
    "import.nothing": ("{path} 里没有可导入的答复文件（.txt .md .docx .html .pdf）", "no reply files in {path} (.txt .md .docx .html .pdf)"),
    "import.running": ("正在导入 {n} 个文件……", "importing {n} files…"),
    "import.summary": (
        "新导入 {imported}，更新 {updated}，未变 {unchanged}，跳过重复 {twins}，失败 {failed}",
        "imported {imported}, updated {updated}, unchanged {unchanged}, twins skipped {twins}, failed {failed}",
    ),
    "import.failed_file": ("{path}：{why}", "{path}: {why}"),
    "import.twin": ("跳过 {path}：与 {kept} 是同一份答复", "skipped {path}: the same reply as {kept}"),
    "import.more_failed": ("另有 {n} 个文件失败（命令行 import 会列出全部）", "{n} more failed (the import command lists them all)"),
    "import.failed": ("导入未完成：{error}", "import not finished: {error}"),
    "import.close": ("按 Esc 返回答复列表；也可在上面输入另一个路径，回车继续导入", "escape: back to the replies; or type another path above and press enter to import it too"),
    "import.wait": ("导入进行中，请稍候", "the import is still running"),
    # why a file was not imported, by the refusal's code (cppcc_review.store.reading.refusals; the English is the
    # line `cppcc-review import` prints, word for word: cppcc_review.tui.import_reasons)
    "import.reason.no_reply": (
        "不像一份答复：没有对委员的称呼、没有答复提案的开头、没有答复标题",
        "no reply found: no salutation to a member, no opening that answers a proposal, no reply title",
    ),
    "import.reason.citizen_letter": (
        "这是对群众来信或网上留言的答复，不是对提案或代表建议的答复",
        "the text answers a citizen's letter or online message, not a proposal or a deputy's suggestion",
    ),
    "import.reason.proposal": ("这是提案本身（案由／提案人／建议），不是对提案的答复", "the text is a proposal (案由 / 提案人 / 建议), not a reply to one"),
    "import.reason.empty_text": ("没有正文", "empty text"),
    "import.reason.no_text_left": ("去掉网页栏目和分隔线后没有正文", "no text left after removing page chrome and separator lines"),
    "import.reason.too_many_lines": ("行数过多（{n} 行），不像一份答复；是否把几份文件合在了一起？",
                                     "too many lines for one reply ({n}); is this several documents?"),
    "import.reason.internal": ("无法解析该答复：内部错误 {name}", "could not parse the reply: internal error {name}"),
    "import.reason.folder": ("这是文件夹，不是文件", "is a folder, not a file"),
    "import.reason.no_file": ("文件不存在", "no such file"),
    "import.reason.symlink_loop": ("这是一个循环的符号链接（经过几层链接又指回自己），没有可读的文件",
                                   "a symbolic link that loops (through links it leads back to itself); there is no file to read"),
    "import.reason.symlink_dangling": ("这是指向 {target} 的符号链接，但那里没有文件", "a symbolic link to {target}, where there is no file"),
    "import.reason.not_regular": ("这是{what}，不是普通文件；只读取普通文件", "is {what}, not a regular file; only regular files are read"),
    "import.reason.permission": ("没有读取权限", "permission denied"),
    "import.reason.empty_blank": ("空文件（只有空行）", "empty file (only blank lines)"),
    "import.reason.empty_file": ("空文件", "empty file"),
    "import.reason.cannot_read_format": ("无法读取这个 .{fmt} 文件（读取库的原话：{detail}）", "cannot read this .{fmt} file ({detail})"),
    "import.reason.cannot_read": ("无法读取（系统的原话：{detail}）", "cannot read ({detail})"),
    "import.reason.unsupported": ("不支持的文件类型（{files}）；支持：{supported}", "unsupported file type ({files}); supported: {supported}"),
    "file_suffix.some": ("{suffix} 文件", "'{suffix}' files"),
    "file_suffix.none": ("没有扩展名的文件", "files without a suffix"),
    "import.reason.too_large": ("文件过大（{size}，上限 {limit}）", "file too large ({size} > {limit} limit)"),
    "import.reason.old_doc": ("这是改名为 .docx 的旧版 Word .doc 文件；请先在 Word 中另存为 .docx",
                              "an old Word .doc file renamed .docx; save it as .docx in Word first"),
    # a library's own words ({detail}) stay as it wrote them, marked as its words in Chinese
    "import.reason.bad_docx": ("不是有效的 .docx 文件（python-docx 的原话：{detail}）", "not a valid .docx ({detail})"),
    "import.reason.bad_docx_xml": ("不是有效的 .docx 文件（zip/XML 错误，python-docx 的原话：{detail}）",
                                   "not a valid .docx (zip/XML error: {detail})"),
    "import.reason.bad_docx_not_zip": ("不是有效的 .docx 文件（不是 zip 压缩包）", "not a valid .docx (zip/XML error: not a zip archive)"),
    "import.reason.bad_docx_parts": ("不是有效的 .docx 文件（超过 {n} 个部件）", "not a valid .docx (over {n} parts)"),
    "import.reason.bad_docx_unpacked": ("不是有效的 .docx 文件（解压后超过 {mb} MB）", "not a valid .docx (unpacks to more than {mb} MB)"),
    "import.reason.bad_docx_markup": ("不是有效的 .docx 文件（超过 {n} 个 XML 元素和属性，远多于一份答复；是压缩炸弹吗？）",
                                      "not a valid .docx (over {n} XML elements and attributes: far more than a reply; a zip bomb?)"),
    "import.reason.no_text_document": ("文档里没有文字", "no text in the document"),
    "import.reason.no_text_page": ("网页里没有文字", "no text in the page"),
    "import.reason.too_long": ("文字过长（提取出超过 {n} 个字符；一份答复通常只有几千字）",
                               "the text is too long (over {n} characters extracted; a reply has a few thousand)"),
    "import.reason.bad_html": ("无法读取的 HTML 网页（lxml 的错误：{detail}）", "not a readable HTML page ({detail})"),
    "import.reason.bad_pdf_header": ("不是有效的 PDF 文件（没有 %PDF 文件头）", "not a valid PDF (no %PDF header)"),
    "import.reason.scanned_pdf": ("扫描版 PDF，没有文字层；请先做文字识别（OCR）", "scanned PDF: no text layer; OCR it first"),
    "import.reason.bad_pdf": ("不是有效的 PDF 文件（pypdf 的原话：{detail}）", "not a valid PDF ({detail})"),
    "import.reason.pdf_objects": ("PDF 含 {n} 个对象，超过一份答复的上限 {limit}", "PDF has {n} objects, over the {limit} limit for a reply"),
    "import.reason.pdf_encrypted": ("PDF 已加密：请先去掉密码", "encrypted PDF: remove the password first"),
    "import.reason.pdf_pages": ("PDF 超过 {n} 页，超出一份答复的上限", "PDF has over {n} pages, the limit for a reply"),
    "import.reason.pdf_page_drawing": ("PDF 第 {page} 页含超过 {mb} MB 的绘图指令，不像答复的一页",
                                       "page {page} of the PDF holds over {mb} MB of drawing instructions: not a reply's page"),
    "import.reason.pdf_drawing": ("PDF 含超过 {mb} MB 的绘图指令，不像一份答复",
                                  "the PDF holds over {mb} MB of drawing instructions: not a reply"),
    "import.reason.pdf_slow": ("读取 PDF 的文字超过 {s} 秒，已放弃（几页的答复通常不到一秒）",
                               "reading the PDF's text takes over {s} seconds: refused (a reply of a few pages takes well under one)"),
    "import.reason.binary": ("不是文本文件（二进制数据）", "not a text document (binary data)"),
    "import.reason.bad_bom": ("无法解码：文件以 {codec} 字节顺序标记开头，内容却不符合该编码",
                              "cannot decode text: it starts with a {codec} byte order mark but is not valid in that encoding"),
    "import.reason.undecodable": ("无法解码（不是 UTF-8、GB18030/GBK 或 Big5）；请另存为 UTF-8",
                                  "cannot decode text (not UTF-8, GB18030/GBK or Big5); save it as UTF-8"),
    "import.reason.not_saved": ("未保存：{detail}", "not saved: {detail}"),
    "import.reason.could_not_read": ("无法读取：{detail}", "could not read: {detail}"),
    "import.reason.other": ("无法导入（{reason}）", "{reason}"),
    "cmd.import": ("导入：答复文件或文件夹……", "import: reply files or a folder…"),
    "cmd.import.help": ("选择文件或文件夹，显示进度", "pick files or a folder, with a progress bar"),
    "cmd.import_samples": ("导入：内置示例答复", "import: the bundled sample replies"),
    "cmd.import_samples.help": ("试用本工具的示例；先询问，已有的不重复导入", "to try the tool with; asks first, none imported twice"),
    "key.import": ("导入", "Import"),
    # original
    "original.title": ("原文", "Original text"),
    "original.here": ("┃ 当前建议：第 {first}–{last} 行", "┃ this suggestion: lines {first}–{last}"),
    "original.here_one": ("┃ 当前建议：第 {first} 行", "┃ this suggestion: line {first}"),
    # assessment: tui/i18n_assess.py
    **ASSESS_MESSAGES,
    "keymap.collision": (
        "按键设置冲突：在“{screen}”界面，键 {key} 同时分给了 {both}，其中一个将无法使用；请在配置文件的 [keymap] 中改用其他键",
        "keymap clash: on the {screen} screen, key {key} is given to both {both}; one of them could never be used. "
        "Give one of them another key in [keymap] of the config file",
    ),
    "keymap.unknown_id": ("按键设置：没有 id 为 {id} 的功能（帮助界面 `?` 列出所有 id）",
                          "keymap: unknown binding id {id} (the help screen, ?, lists the ids)"),
    "keymap.no_keys": ("按键设置：{id} 没有给出按键", "keymap: no keys given for {id}"),
    # help
    "help.title": ("快捷键 — {screen}", "Keys — {screen}"),
    "help.key": ("按键", "Keys"),
    "help.action": ("功能", "Action"),
    "help.id": ("配置 id", "id"),
    "help.close": ("按 Esc 或 q 关闭", "escape or q closes"),
    # Textual's own bindings, as the help screen lists them (by action)
    "textual.app.focus_next": ("焦点移到下一项", "Focus next"),
    "textual.app.focus_previous": ("焦点移到上一项", "Focus previous"),
    "textual.screen.copy_text": ("复制选中文字", "Copy selected text"),
    "textual.scroll_left": ("向左滚动", "Scroll left"),
    "textual.scroll_right": ("向右滚动", "Scroll right"),
    "textual.scroll_up": ("向上滚动", "Scroll up"),
    "textual.scroll_down": ("向下滚动", "Scroll down"),
    "textual.scroll_home": ("滚到开头", "Scroll to the top"),
    "textual.scroll_end": ("滚到末尾", "Scroll to the end"),
    "textual.page_up": ("向上翻页", "Page up"),
    "textual.page_down": ("向下翻页", "Page down"),
    "textual.page_left": ("向左翻页", "Page left"),
    "textual.page_right": ("向右翻页", "Page right"),
    "textual.previous_button": ("上一个选项", "Previous option"),
    "textual.next_button": ("下一个选项", "Next option"),
    "textual.toggle_button": ("选中", "Choose"),
    "textual.quit": ("退出", "Quit"),
    # commands
    "cmd.export": ("导出：评定结果为 YAML", "export: ratings as YAML"),
    "cmd.export.help": ("写入当前目录下的文件", "write a file in the current folder"),
    "cmd.export_all": ("导出：所有评审人的评定为 YAML", "export: all reviewers' ratings as YAML"),
    "cmd.export_to": ("导出：评定结果到指定路径……", "export: ratings to a chosen path…"),
    "cmd.export_to.help": ("写入你输入的路径", "write to a path you type"),
    "palette.commands": ("搜索命令……", "Search for commands…"),
    "palette.themes": ("搜索配色主题……", "Search for themes…"),
    "palette.no_matches": ("没有匹配的结果", "No matches found"),
    "cmd.theme": ("外观：更换配色主题", "appearance: change the colour theme"),
    "cmd.theme.help": ("只影响本次运行", "for this run only"),
    "cmd.maximize": ("窗口：放大当前部件", "window: maximize the focused widget"),
    "cmd.minimize": ("窗口：还原", "window: restore"),
    "cmd.screenshot": ("截图：把当前界面存为 SVG", "screenshot: save this screen as SVG"),
    "cmd.screenshot.help": ("保存在当前目录", "saved in the current folder"),
    "screenshot.saved": ("截图已保存到 {path}", "screenshot saved to {path}"),
    "screenshot.failed": ("截图没有保存：{reason}", "screenshot not saved: {reason}"),
    "cmd.quit": ("退出", "quit"),
    "cmd.quit.help": ("保存正在输入的内容后退出", "save what is being typed, then quit"),
    "app.quit_unsaved": ("{n} 条备注没能写入磁盘（磁盘满了？），现在退出，这些文字就没有了。仍要退出吗？",
                         "{n} note(s) could not be written to disk (is it full?); quitting now loses their text. Quit anyway?"),
    "app.quit_unsaved_opinion": ("意见建议没能写入磁盘（磁盘满了？），现在退出，这段文字就没有了。仍要退出吗？",
                                 "The opinion could not be written to disk (is it full?); quitting now loses its text. "
                                 "Quit anyway?"),
    "unsaved.held": (
        "{doc}第 {i} 条建议的未保存备注无法写回原处（{why}）；它显示在第 {j} 条建议的备注框中，"
        "按 n 打开、Esc 保存在那里（或把文字移到它所属的建议）",
        "the unsaved note of {doc} suggestion {i} cannot go back where it was written ({why}); it is shown in the "
        "note box of suggestion {j}: n opens it, esc saves it there (or move the text where it belongs)",
    ),
    "unsaved.nowhere": (
        "{doc}第 {i} 条建议的未保存备注无法写回（{why}），只保留在内存中，退出前会询问；它的文字：{text}",
        "the unsaved note of {doc} suggestion {i} cannot be saved ({why}); it is kept in memory only, and "
        "quitting asks first; its text: {text}",
    ),
    "unsaved.line_gone": ("它所在的文字已不在任何一条建议中", "its text is in no suggestion now"),
    "app.quit_unsaved_yes": ("仍然退出（y）", "Quit anyway (y)"),
    "app.quit_unsaved_no": ("留下（n / Esc）", "Stay (n / esc)"),
    "app.quit_hint": ("要退出请按 {key}", "press {key} to quit"),
    "cmd.filter": ("筛选：{name}", "filter: {name}"),
    "cmd.filter.help": ("只显示该状态的答复", "show only replies in this state"),
    "cmd.sort": ("排序：按{name}", "sort: by {name}"),
    "cmd.jump_unreviewed": ("跳转：下一份未评审的答复", "jump: next unreviewed reply"),
    "cmd.jump_work": ("跳转：下一份待完成的答复", "jump: next reply that needs work"),
    "cmd.stats": ("统计：评定与满意度", "statistics: ratings and satisfaction"),
    "cmd.disputes": ("分歧：处理评审人之间的分歧", "disputes: settle disagreements between reviewers"),
    "cmd.help": ("帮助：当前界面的快捷键", "help: keys of this screen"),
    "export.done": ("已导出到 {path}", "exported to {path}"),
    "export.no_folder": ("文件夹 {folder} 不存在，没有写入任何文件", "the folder {folder} does not exist; nothing was written"),
    "export.failed": ("导出失败：{error}", "export failed: {error}"),
    "export.nothing_by_reviewer": (
        "没有可导出的评定：{reviewer} 还没有评定过任何答复（{there}）；没有写入任何文件",
        "nothing to export: {reviewer} has not rated any reply yet ({there}); nothing was written",
    ),
    "export.reviewers_there": ("评定过的评审人：{names}", "reviewers who have: {names}"),
    "export.nothing_by_anyone": (
        "没有可导出的评定：这个数据库里还没有人评定过；没有写入任何文件",
        "nothing to export: nobody has rated anything in this database yet; nothing was written",
    ),
    "export.nobody_yet": ("这个数据库里还没有人评定过", "nobody has rated anything in this database yet"),
    "export.is_folder": ("{path} 是一个文件夹：请给出文件名（例如 {example}），没有写入任何文件",
                         "{path} is a folder: give a file name (e.g. {example}); nothing was written"),
    "export.not_a_file": ("{path} 是{what}，不是普通文件，没有写入任何内容",
                          "{path} is {what}, not a regular file; nothing was written"),
    "file_kind.char_device": ("字符设备", "a character device"),
    "file_kind.block_device": ("块设备", "a block device"),
    "file_kind.fifo": ("命名管道（FIFO）", "a named pipe (FIFO)"),
    "file_kind.socket": ("套接字", "a socket"),
    "file_kind.special": ("特殊文件", "a special file"),
    "output.replaced": ("，替换了原有文件", ", replacing the earlier file"),
    "output.other_names": ("；原文件另有 {n} 个名称（硬链接），那里仍是旧内容",
                           "; {names_en} still {hold_en} the old content"),
    "export.replace_ours": ("{path} 已存在（一份评定导出或合并文件）。替换它吗？",
                            "{path} already exists (a ratings export or merged file). Replace it?"),
    "export.replace_foreign": ("{path} 已存在，而且不是评定导出或合并文件：替换后它现在的内容就没有了。替换它吗？",
                               "{path} already exists and is not a ratings export or merged file: "
                               "replacing it loses what it holds now. Replace it?"),
    "export.replace_yes": ("替换（y）", "Replace (y)"),
    "export.replace_no": ("保留原文件（n / Esc）", "Keep it (n / esc)"),
    "export.kept": ("保留了 {path}，没有导出", "kept {path} as it was; nothing was exported"),
    "export.path_prompt": ("导出到（回车确认，Esc 取消）：", "export to (enter: ok, escape: cancel):"),
    "export.unavailable": ("导出功能尚不可用：{error}", "export is not available: {error}"),
    # stats / disputes
    "stats.title": ("统计", "Statistics"),
    "stats.by": ("分组：{name}（按 v 切换）", "grouped by {name} (v switches)"),
    "stats.by.handler": ("办理单位", "handler"),
    "stats.by.proposer": ("提案人", "proposer"),
    "stats.by.year": ("年份", "year"),
    "stats.unavailable": ("统计功能尚不可用：{error}", "statistics are not available: {error}"),
    "stats.replies": ("答复", "Replies"),
    "stats.suggestions": ("建议", "Sugg."),
    "stats.shares": ("评定比例", "Ratings"),
    "stats.bar_over": ("评定比例按各组全部建议计，一格为 {cell}%，▏▎▍…为不足一格的部分；· 为未评定或有分歧而无多数的建议。"
                       "合计：{disputed}。",
                       "Ratings: shares of all the group's suggestions, one cell {cell}%, ▏▎▍… part of a cell; · not rated, "
                       "or disputed with no majority. In all, {disputed}."),
    "stats.satisfaction": ("满意率", "Satisf."),
    "stats.satisfaction2": ("满意+基本", "+basic"),
    "stats.todo": ("待评", "To do"),
    "stats.group": ("分组", "Group"),
    "stats.total": ("合计", "Total"),
    "disputes.title": ("评审分歧", "Disputes between reviewers"),
    "disputes.reading": ("正在读取分歧……", "Reading the disputes…"),
    "disputes.none": ("没有分歧：各评审人的评定一致，或只有一位评审人。", "No disputes: reviewers agree, or there is only one reviewer."),
    "disputes.unavailable": ("分歧处理尚不可用：{error}", "disputes are not available: {error}"),
    "disputes.settled": ("已裁定为 {rating}", "settled as {rating}"),
    "disputes.outdated": ("裁定“{rating}”（{who}）已过时：评审人现已一致，以其评定计；0 清除",
                          "settled as {rating} ({who}), outdated: the reviewers agree now, theirs counts; 0 clears it"),
    "disputes.row": ("{doc} 建议{i}：{votes}", "{doc} suggestion {i}: {votes}"),
    "enabled": ("开", "on"),
    "disabled": ("关", "off"),
    # shorter labels for the footer, footer.<binding id> (the help screen says key.<binding id>)
    "footer.assess": ("测评", "Assess"),
    "footer.rate_clear": ("清除", "Clear"),
    "footer.rate_partial": ("部分采纳", "Partial"),
    # binding descriptions (footer and help), key.<binding id>
    "key.quit": ("退出", "Quit"),
    "key.back": ("返回", "Back"),
    "key.help": ("帮助", "Help"),
    "key.palette": ("命令", "Commands"),
    "key.open": ("打开", "Open"),
    "key.search": ("搜索", "Search"),
    "key.filter": ("筛选", "Filter"),
    "key.sort": ("排序", "Sort"),
    "key.sort_reverse": ("倒序", "Reverse"),
    "key.stats": ("统计", "Stats"),
    "key.disputes": ("评审分歧", "Disputes"),
    "key.next_work": ("下一份待评", "Next to do"),
    "key.cursor_down": ("下移", "Down"),
    "key.cursor_up": ("上移", "Up"),
    "key.page_down": ("下一页", "Page down"),
    "key.page_up": ("上一页", "Page up"),
    "key.first": ("第一行", "First"),
    "key.last": ("最后一行", "Last"),
    "key.rate_adopted": ("采纳", "Adopted"),
    "key.rate_partial": ("部分采纳", "Partially"),
    "key.rate_explained": ("解释说明", "Explained"),
    "key.rate_clear": ("清除评定", "Clear"),
    "key.accept_hint": ("采用建议评定", "Accept hint"),
    "key.next_suggestion": ("下一条", "Next"),
    "key.prev_suggestion": ("上一条", "Previous"),
    "key.next_reply": ("下一份答复", "Next reply"),
    "key.prev_reply": ("上一份答复", "Previous reply"),
    "key.note": ("备注", "Note"),
    "key.note_leave": ("保存并离开备注", "Save note, leave"),
    "key.assess": ("满意度测评", "Assess"),
    "key.undo": ("撤销", "Undo"),
    "key.redo": ("重做", "Redo"),
    "key.original": ("原文", "Original"),
    "key.merge": ("与下一条合并", "Merge with next"),
    "key.split": ("拆分", "Split"),
    "key.confirm": ("确认完成", "Confirm"),
    "key.confirm_next": ("确认并打开下一份", "Confirm, next reply"),
    "key.choose": ("选择", "Choose"),
    "key.cancel": ("取消", "Cancel"),
    "key.group": ("切换分组", "Group by"),
    "key.settle_adopted": ("裁定为采纳", "Settle: adopted"),
    "key.settle_partial": ("裁定为部分采纳", "Settle: partially"),
    "key.settle_explained": ("裁定为解释说明", "Settle: explained"),
    "key.scroll_down": ("正文向下滚动", "Scroll text down"),
    "key.scroll_up": ("正文向上滚动", "Scroll text up"),
    "key.yes": ("是", "Yes"),
    "key.no": ("否", "No"),
}


def t(key: str, lang: str = "zh", /, **values: object) -> str:
    """The message `key` in `lang` (zh or en), with `{name}` placeholders filled.

    An unknown key returns the key itself, so a missing message shows up in the UI
    (and in tests) instead of crashing a reviewer's session.
    """
    pair = MESSAGES.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    if values:
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):  # a catalogue entry and its call disagree: a bug
            logger("i18n").exception("message %r cannot be filled with %s", key, sorted(values))
            return text
    return text


def enum_label(value: Enum | None, lang: str = "zh") -> str:
    """The label of a domain enum value (rating, satisfaction, ...), from cppcc_review.store.labels."""
    return _enum_label(value, lang)
