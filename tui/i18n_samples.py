"""The words of the bundled sample replies offered and imported (tui.samples, tui.screens.sample_import),
zh and en: part of the app's catalogue (tui/i18n.MESSAGES takes them in), kept apart so that the
catalogue stays a readable size."""

from __future__ import annotations

SAMPLE_MESSAGES: dict[str, tuple[str, str]] = {
    "demo.question": (
        "数据库是空的。\n导入内置的 {n} 份示例答复，立即开始试用？\n（数据将保存在 {path}）",
        "The database is empty.\nImport the {n} bundled sample replies to try the tool now?\n(data goes to {path})",
    ),
    "demo.rest_question": (
        "上次导入示例答复没有完成：数据库里有 {held} 份答复，还缺 {n} 份示例。\n导入其余的 {n} 份示例答复？\n（数据将保存在 {path}）",
        "The last import of the sample replies did not finish: the database holds {held} replies, {n} samples are missing.\n"
        "Import the other {n} sample replies?\n(data goes to {path})",
    ),
    # (cut short before its first batch was stored: "数据库是空的。" alone said nothing of it; QA round 15c)
    "demo.rest_question_none": (
        "上次导入示例答复没有完成，还没有存入任何答复。\n导入内置的 {n} 份示例答复？\n（数据将保存在 {path}）",
        "The last import of the sample replies did not finish, and none was stored yet.\n"
        "Import the {n} bundled sample replies?\n(data goes to {path})",
    ),
    "demo.question_more": (
        "导入内置的 {n} 份示例答复？它们会和数据库里的答复列在一起；已有的示例不会重复导入。\n（数据将保存在 {path}）",
        "Import the {n} bundled sample replies? They are listed with the replies in the database; "
        "samples already there are not imported twice.\n(data goes to {path})",
    ),
    "demo.yes": ("导入示例（y）", "Import samples (y)"),
    "demo.no": ("暂不（n）", "Not now (n)"),
    "demo.done": ("已导入 {n} 份示例答复", "imported {n} sample replies"),
    "demo.all_there": ("这 {n} 份示例答复都已在数据库中，没有重复导入", "the {n} sample replies are all in the database already; none imported twice"),
    "demo.none": ("没有找到内置示例", "no bundled samples found"),
    "demo.importing": ("正在导入示例答复：已导入 {done} / {total} 份", "importing the sample replies: {done} of {total} stored"),
    "demo.importing_keys": (
        "esc：隐藏此窗口，在后台继续导入    q：退出（下次启动时导入其余的）",
        "esc: hide this, the import goes on    q: quit (the next start imports the rest)",
    ),
    "demo.stopping": ("正在停止导入：正在写入的示例存好后就退出……", "stopping the import: quitting once what is being written is stored..."),
    "demo.background": (
        "示例答复在后台继续导入（已导入 {done} / {total} 份），完成后列在收件箱",
        "the sample replies go on importing ({done} of {total} stored); the inbox lists them when it is done",
    ),
    "demo.not_all": (
        "{n} 份示例答复未能导入：{why}；下次启动时会再次提供",
        "{n} sample replies were not imported: {why}; the next start offers them again",
    ),
}
