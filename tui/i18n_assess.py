"""The assessment form's words (满意度测评), zh and en: part of the app's catalogue (tui/i18n.MESSAGES
takes them in), kept apart so that the catalogue stays a readable size."""

from __future__ import annotations

ASSESS_MESSAGES: dict[str, tuple[str, str]] = {
    "assess.title": ("满意度测评", "Satisfaction assessment"),
    "assess.result": ("办理结果满意度", "Satisfaction: result"),
    "assess.attitude": ("办理态度满意度", "Satisfaction: handling"),
    "assess.communication": ("沟通方式", "Communication"),
    "assess.relevance": ("答复是否针对提案", "Addresses the proposal"),
    "assess.opinion": ("意见建议", "Opinions and suggestions"),
    "assess.opinion_readonly": ("不能写意见建议", "the opinion cannot be written"),
    "assess.proposed": (
        "根据评定建议：{summary}（可修改后确认）",
        "proposed from the ratings: {summary} (change it, then confirm)",
    ),
    "assess.no_proposal": ("尚无评定，无法给出建议值", "no ratings yet, so nothing to propose"),
    "assess.no_proposal_unrated": (
        "还有 {n} 条建议未评定，全部评定后给出建议值",
        "{n} suggestions still unrated: a proposal comes once every one is rated",
    ),
    "assess.counts": ("采纳 {a} · 部分采纳 {p} · 解释说明 {e} · 未评 {u}", "adopted {a} · partially {p} · explained {e} · unrated {u}"),
    "assess.confirm": ("确认完成（ctrl+s；ctrl+n 确认并打开下一份）", "Confirm (ctrl+s; ctrl+n: confirm and open the next reply)"),
    "assess.completed": ("测评已完成，答复标记为已完成", "assessment complete; the reply is done"),
    "assess.completed_unrated": (
        "测评已完成；注意还有 {n} 条建议未评定",
        "assessment complete; note that {n} suggestion(s) are still unrated",
    ),
    "assess.completed_at": ("完成于 {time}", "completed {time}"),
    "assess.opinion_changed_elsewhere": (
        "意见刚被另一处改过；你写的会保留，保存时另一处的也保留在前面",
        "the opinion was just changed elsewhere; what you write is kept, and saving keeps the other text above it",
    ),
    "assess.opinion_kept_both": (
        "意见在你编辑时被另一处改过：两者都已保存（另一处的在前），请看一下",
        "the opinion was changed elsewhere while you wrote: both are saved (the other text first); please check it",
    ),
    "assess.choices_changed_elsewhere": (
        "测评刚被另一处改过：{fields}已显示另一处保存的选择",
        "the assessment was just changed elsewhere: the form now shows the choice saved there for {fields}",
    ),
    "assess.choice_replaced": (
        "“{field}”刚被另一处选为“{theirs}”，已按你后选的“{mine}”保存；如要另一处的，请再选一次",
        "{field} had just been set to “{theirs}” elsewhere; your later choice “{mine}” is saved "
        "(choose it again to keep the other)",
    ),
    "assess.draft_restored": ("已放回上次未保存的意见草稿", "the opinion draft from last time is back"),
    "assess.drafts_joined": (
        "已放回上次未保存的意见草稿：几段文字都在框中（每段草稿上方一行是它写下的时间），请整理后保存",
        "the opinion drafts from last time are back: every text is in the box (above each draft, the time it "
        "was typed); tidy it and save",
    ),
    "assess.draft_added": (
        "另一个已关闭的窗口留下了未保存的意见草稿，已接在框中文字之后",
        "a closed window left an unsaved opinion draft; it is added after the text in the box",
    ),
    "assess.opinion_elsewhere": (
        "意见建议正在另一个窗口里编辑；两边都保存后，两段文字都会保留",
        "the opinion is being edited in another window; when both are saved, both texts are kept",
    ),
    "assess.gap_unrated": ("还有 {n} 条建议未评定", "{n} suggestion(s) not rated"),
    "assess.gap_field": ("“{field}”未选", "{field} not chosen"),
    "assess.ask_gaps": ("{gaps}。\n仍然确认完成吗？", "{gaps}.\nConfirm the reply as done anyway?"),
    "assess.missing": ("请先选择：{fields}", "choose first: {fields}"),
    "assess.unchosen": ("未选", "none"),
    "assess.refused_missing": (
        "{fields}刚在另一处被清空，测评未确认完成；请先选择，再确认",
        "{fields} was just cleared elsewhere, so the assessment is not confirmed: choose it, then confirm",
    ),
    "assess.differ": ("“{field}”另一处为“{theirs}”，这里为“{mine}”", "{field}: “{theirs}” there, “{mine}” here"),
    "assess.confirmed_elsewhere": (
        "这份测评已于 {time} 在另一处确认完成，选择不同：{choices}。这里未确认；表中已显示另一处的选择，"
        "核对或改选后再确认一次",
        "this assessment was confirmed elsewhere at {time} with other choices: {choices}. Not confirmed here; "
        "the form shows the choices made there: check or change them, then confirm again",
    ),
    "assess.nothing_to_undo": ("本次打开测评后没有可撤销的选择", "no choice to undo since the form was opened"),
    "assess.undone": ("已撤销：“{field}”改回“{value}”", "undone: {field} is back to “{value}”"),
    "assess.undo_confirmed": (
        "未撤销：测评已于 {time} 在另一处确认，“{field}”的选择随之确认，保留",
        "not undone: the assessment was confirmed elsewhere at {time} with {field} as chosen; that choice stays",
    ),
    "assess.undo_theirs": (
        "未撤销：“{field}”之后在另一处被选为“{theirs}”，保留另一处的选择",
        "not undone: {field} was since set to “{theirs}” elsewhere; that choice stays",
    ),
}
