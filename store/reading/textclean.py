"""Text normalisation for the parser: the input text, the cleaned lines, and a folded
copy of each line for matching.

Replies mix full- and half-width punctuation (the seed writes "九三学社界别:" with a
half-width colon and "收悉,经研究" with a half-width comma), arrive with a BOM or CRLF,
and are sometimes mirrored in traditional characters. Rather than writing every
pattern twice, the parser matches against `fold(line)`: a copy where each character
is mapped to exactly one character (full width -> half width, a few hundred
traditional characters -> simplified). Because the mapping is one-to-one in length,
a match's offsets in the folded copy are the same offsets in the original line, so
every value the parser returns is sliced from the text as written.
"""

from __future__ import annotations

import re

from ..traditional_fold import TRADITIONAL_TO_SIMPLIFIED
from .dates import DATE_RE

# Traditional -> simplified: OpenCC's character table (the one the reading aids fold with,
# store/traditional_fold.py), then the pairs below, written side by side (traditional first,
# simplified second), which were the parser's whole table before p98. A list of the
# characters the cues use missed the words around them ("協助貴單位辦理": 貴 was not
# folded, so a co-handler's opinion in traditional characters was no reply), and every new
# cue would have needed its characters added. The list wins where the two differ (覆).
_T2S = (
    "關关於于覆复復复辦办類类別别結结簽签發发聯联繫系係系電电話话報报員员會会協协見见"
    "謝谢現现將将單单門门經经號号議议屆届時时間间來来處处廳厅區区縣县館馆務务隊队國国"
    "紀纪檢检衛卫運运輸输規规劃划資资環环農农業业財财稅税統统計计審审編编說说採采納纳"
    "參参決决進进蹤踪續续補补訂订條条項项億亿萬万個个戶户輛辆噸吨畝亩場场張张臺台筆笔"
    "車车誠诚摯挚懇恳請请歡欢繼继為为與与對对轉转們们專专問问題题領领導导長长書书記记"
    "級级總总園园機机構构廣广東东藝艺體体學学醫医療疗險险樓楼廠厂礦矿網网頁页訊讯動动"
    "門门態态應应權权義义護护養养療疗級级產产標标準准據据數数據据歲岁員员館馆鄉乡鎮镇"
    "築筑設设區区縣县鐵铁線线雲云氣气熱热電电蘇苏滬沪廈厦漢汉瀋沈臺台灣湾賓宾檔档據据"
    "證证衝冲團团幣币銀银賬账貸贷稅税費费價价錢钱餘余擬拟據据係系頭头們们讓让認认識识"
    "實实際际總总結结視视點点難难題题處处辭辞變变壓压邊边務务調调節节營营銷销選选舉举"
    "複复顧顾稱称覺觉託托裡里齊齐優优勢势幫帮擴扩開开負负責责綜综況况"
)
_FULL = "：，；（）！？．％／－［］｜＜＞　"
_HALF = ":,;()!?.%/-[]|<> "


def _build_fold_table() -> dict[int, str]:
    # (only characters of the Basic Multilingual Plane: the 66 rarer ones beyond it would turn _FOLD_RE's
    # character class into a linear scan, 20 times slower on every line, and no cue word holds one)
    table: dict[int, str] = {ord(t): s for t, s in TRADITIONAL_TO_SIMPLIFIED.items() if ord(t) <= 0xFFFF}
    for i in range(0, len(_T2S) - 1, 2):
        table[ord(_T2S[i])] = _T2S[i + 1]
    for full, half in zip(_FULL, _HALF, strict=True):
        table[ord(full)] = half
    for code in range(0xFF10, 0xFF1A):  # full-width digits
        table[code] = chr(code - 0xFF10 + ord("0"))
    for code in range(0xFF21, 0xFF3B):  # full-width capitals
        table[code] = chr(code - 0xFF21 + ord("A"))
    for code in range(0xFF41, 0xFF5B):  # full-width small letters
        table[code] = chr(code - 0xFF41 + ord("a"))
    table[0xFF1A] = ":"
    return table


_FOLD = _build_fold_table()
# str.translate walks a dict per character (slow for CJK text); a regex finds the few
# characters that change and replaces only those, an order of magnitude faster.
_FOLD_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_FOLD)) + "]")


def _fold_char(match: re.Match[str]) -> str:
    return _FOLD[ord(match.group())]


def fold(text: str) -> str:
    """A same-length copy of `text` for matching: half-width punctuation, simplified keys."""
    return _FOLD_RE.sub(_fold_char, text)


# Characters stripped from both ends of a line: ASCII and ideographic spaces, the
# no-break space, and the zero-width marks that web pages and BOMs leave behind.
_EDGE = " \t\f\v\u3000\xa0\ufeff\u200b\u200c\u200d\u2060"

# Lines that are only separators ("|" of right-aligned table cells, rules of dashes).
_SEPARATOR_ONLY = re.compile(r"[\s|｜\-—_=*·~～\ufeff\u200b]*")

# Words that make up page chrome on the sites that publish replies.
CHROME_WORDS = frozenset(
    ["首页", "正文", "打印", "打印本页", "打印此页", "打印正文", "打印文章", "加大字体", "减小字体", "默认字体", "缩小字体", "字体大小", "关闭", "关闭窗口", "关闭本页", "返回", "返回顶部", "返回上一级", "返回上一页", "返回上一層", "返回上一頁", "顶部", "頂部", "返回首页", "底部栏目", "继续访问", "繼續訪問", "我们期待与您沟通", "收藏", "收藏本页", "分享", "分享到", "字号", "字体", "大", "中", "小", "上一篇", "下一篇", "上一条", "下一条", "保存", "我要纠错", "纠错", "设为首页", "加入收藏", "加入收藏夹", "手机版", "网站地图", "站群导航", "全文检索", "智能检索", "检索", "搜索", "搜索热词", "用户登录", "登录", "注册", "相关文档", "相关链接", "相关阅读", "相关新闻", "相关推荐", "相关文章", "下载Word", "下载PDF", "返回列表", "扫一扫", "验证码", "文件下载", "政策咨询", "无障碍", "无障碍浏览", "长者模式", "适老化", "今天是", "点击", "点击数", "浏览量", "浏览次数", "阅读次数", "访问次数", "标签", "详细查看", "随便看", "文章播报", "听全文", "×", "拼音", "辅助浏览", "轻松阅读", "读屏", "视图", "放大", "缩小", "配色", "白底黑字蓝链接", "蓝底黄字白链接", "黄底黑字蓝链接", "黑底黄字白链接", "页面原始配色", "大鼠标", "辅助线", "显示屏", "声音", "指读", "连读", "减速", "加速", "音量", "增加音量", "减小音量", "后退", "前进", "全屏", "刷新", "退出", "帮助", "换肤", "首頁", "列印", "關閉", "關閉窗口", "加大字體", "減小字體", "返回頂部",
     # a side column of a news site over the letter's title ("推薦圖文" / "點擊排行"): not the letterhead
     "点击排行", "點擊排行", "阅读排行", "閱讀排行", "推荐图文", "推薦圖文"]
)
_CHROME_SPLIT = re.compile(r"[\s|｜>»/【】\[\]()（）:：·、,，\-]+")
_BREADCRUMB = re.compile(
    r"^(?:当前位置|您当前的位置|您当前位置|您当前所在的位置|您的位置|你的位置|您现在的位置|当前所在|所在位置|當前位置)\s*[:：]"
)
# Page furniture recognised by its shape rather than its words: links to the next and
# previous article, editor credits, QR-code prompts, "today is <date> <weekday>", a
# site's welcome line, tab-navigation hints, HTML comments and template leftovers.
_CHROME_LINE = re.compile(
    _BREADCRUMB.pattern[1:] + r"|(?:上一篇|下一篇|上一条|下一条|上篇|下篇|上一页|下一页)\s*[:：]"
    r"|【?\s*(?:责任编辑|编辑|录入|审核|责任校对)\s*[:：].{0,40}$"
    r"|(?:扫描二维码|扫一扫|掃描二維碼|掃一掃)|(?:扫码|掃碼)(?:浏览|阅读|查看|瀏覽|閱讀)?$"
    # A share widget: "用微信扫描二维码分享至好友和朋友圈".
    r"|用?微信(?:扫描二维码|扫一扫).{0,20}$"
    # A login widget under the letter: "账号+密码登录" / "手机+密码登录" / "还没有账号?" / "立即注册".
    r"|(?:账号|帐号|手机|用户名)\s?\+\s?(?:密码|验证码)登录$|还没有账号[??]?$|立即注册$|忘记密码[??]?$"
    # "用手机扫描二维码 关注X政府网微博 |".
    r"|用?手机(?:扫描二维码|扫一扫).{0,30}$"
    # An empty author label left by the page template ("作者:").
    r"|作者\s*[:：]\s*$"
    r"|[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日\s*(?:星期|周)[一二三四五六日天]$"
    r"|欢迎您?(?:访问|来到|光临).{0,30}$"
    r"|<!--.*-->$"
    # A comment box under the page: "留言与评论(共有 0 条评论)".
    r"|留言与?评论\s*\(\s*共有?\s*[0-9]+\s*条(?:评论|留言)?\s*\)$"
)
# Hints printed by some sites' templates anywhere in a line.
_CHROME_ANYWHERE = re.compile(r"tab按钮切换|如果您对该.{0,12}有疑问")
# ASCII-only lines with several Latin letters in a row are template leftovers
# ("My JSP 'header.jsp' starting page"), not text of a Chinese letter.
_LATIN_RUN = re.compile(r"[A-Za-z]{3}")
# A copy site's byline: the poster's login, a views count and the publication date.
BYLINE = re.compile(r"^[A-Za-z][A-Za-z0-9_.]{1,19}\s+[0-9]{1,7}\s+(?P<date>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})$")
_URL_BITS = re.compile(r"index\.s?html?|/col/|\.shtml|https?://")
# Mirror sites insert the pinyin of a character in brackets after it: 当(dāng)前位置.
# The bracket comes first in the pattern so the engine scans for "(" (a lookbehind first
# made it try every position); the character before is checked in _drop_pinyin.
# A syllable ends in a vowel, n, ng or r: "(aed)" and "(app)" after a word are abbreviations, kept.
_PY = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_PINYIN = re.compile(rf"\((?:[{_PY}]{{0,5}}[aeiouvüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜnr]|[{_PY}]{{0,4}}ng)\)")
_CJK_BEFORE = re.compile(r"[\u3400-\u9fff]")
# Some mirror sites lose non-breaking and ideographic spaces on the way and print "?" (or
# U+FFFD) for each: "? ? ? ?青溪县城市管理局", "????????2024年7月16日", "?" alone. No line
# of a letter starts with two of them, so a leading run of them is indentation.
_LOST_SPACES = re.compile(r"[?\ufffd][?\ufffd\s]*")


# The same mirror sites print a few characters the same broken way on every page, their pinyin run into the
# bytes of the next: "麒麟?yún)^(qū)" for 麒麟區, "管理?xiàng)l例" for 管理條例 (seen on five pages of three sites).
_BROKEN_PINYIN_CHARACTERS = {"?yún)^(qū)": "區", "?xiàng)l": "條"}


# Only inside a quoted title (《…》), before an opening's 收悉 (an unquoted title) or on a line that is a title of its
# own: the title is read from them, while the body stays as the page printed it (the checks read its wording as it
# stands).
_QUOTED_TITLE = re.compile(r"《[^《》]{2,200}》")


def _mend(span: str) -> str:
    for broken, character in _BROKEN_PINYIN_CHARACTERS.items():
        if broken in span:
            span = span.replace(broken, character)
    return span


def _mended_pinyin_characters(line: str) -> str:
    received = line.find("收悉", 0, 400)
    if received > 0 and "《" not in line[:received]:
        return _mend(line[:received]) + line[received:]
    if "《" not in line:
        return _mend(line) if len(line) <= 160 and not line.endswith(("。", ":", ",")) else line
    return _QUOTED_TITLE.sub(lambda m: _mend(m.group()), line)


def _drop_pinyin(match: re.Match[str]) -> str:
    at = match.start()
    return "" if at > 0 and _CJK_BEFORE.match(match.string, at - 1) else match.group()


def normalise_text(text: str) -> str:
    """The text as stored in `Reply.text`: BOM removed, CRLF turned into LF.

    Lone surrogates (which cannot be written as UTF-8) become U+FFFD; nothing else changes.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return text


# A chrome line that is not a breadcrumb has a chrome word as its first token (the text
# up to the first separator of _CHROME_SPLIT). One anchored match rules out nearly every
# line of a reply before it is split into tokens ("上海市…" fails at "海").
_CHROME_SEP = r"[\s|｜>»/【】\[\]()（）:：·、,，\-]"
# The first token is looked up in the word set (one regex and a set lookup per line; an
# alternation of all the words cost a microsecond a line).
_FIRST_TOKEN = re.compile(rf"{_CHROME_SEP}*([^\s|｜>»/【】\[\]()（）:：·、,，\-]+)")
# The first characters that the shape patterns of _CHROME_LINE can start with.
# Long chrome lines: links to the neighbouring articles and breadcrumbs.
_LONG_CHROME_STARTS = ("上一", "下一", "上篇", "下篇", "当前", "您当", "您的", "您现", "你的", "所在", "當前")
_CHROME_LINE_FIRST = frozenset("当您你所當上下【责编录审扫掃欢留<0123456789 用微手作账帐还立忘")
# A site's footer: every line from the first of these on is furniture, not the letter.
# (Mirror sites print it in traditional characters: "版權所有", "遼ICP備…", "網站標識碼".)
_FOOTER = re.compile("版权所有|ICP备|公网安备|网站标识码|版權所有|ICP備|公網安備|網站標識碼|(?i:copyright)|©")
# A site's feedback form printed under the letter ("为进一步了解掌握社会公众对政策执行效果的反馈与评价,请您…"
# / "• 姓  名:" / "• *验 证 码:"): it and what follows it are the site's, not the letter's.
_FEEDBACK_FORM = re.compile(r"^为进一步了解掌握社会公众对.{0,30}(?:反馈|评价)|^通过了解上述内容,?您肯定有话要说")
_SITE_HOST = re.compile(r"^(?:主办单位|主办|网站主办|技术支持|运维单位|网站运维)\s*[:：]")
_SITE_HOST_DETAIL = re.compile("联系方式|地址|邮编|网站|技术支持|承办")
# The site's address line under its host line ("地址:X路18号 电话:…"), or its phone ("联系电话:0315-…").
_SITE_ADDRESS = re.compile(r"^(?:地址|网站地址|办公地址|联系电话|电话)\s*[:：]")
_COPYRIGHT = re.compile(r"(?i:copyright)")


_HOST_ALONE_DETAIL = re.compile(r"联系方式|地址|邮编|网站|技术支持|承办(?:单位)?\s*[:：]")
_HOST_CO = re.compile(r"承办(?:单位)?\s*[:：]")
# A line this long (or holding a full stop) is the letter's prose, not a site's furniture.
_PROSE_LINE = 60
# How many lines after a QR-code prompt at a page's end are its furniture.
_SCAN_REACH = 2
# How far from a page's end a host line without a copyright line is taken for the footer.
_HOST_REACH = 4


def _is_site_host(out: list[str], i: int) -> bool:
    """out[i] names the site's host: "主办单位:X 地址:…", or "主办:X" over "承办:Y"."""
    line = out[i]
    if len(line) > 200 or _SITE_HOST.match(line) is None:
        return False
    # Not a letter's own "主办单位:X局 承办人:Y" (a person is no part of a site's host line).
    return _HOST_ALONE_DETAIL.search(line) is not None or (i + 1 < len(out) and _HOST_CO.match(out[i + 1]) is not None)


def _is_chrome_cell(line: str) -> bool:
    """A table row whose only text is chrome: "| 【关闭窗口】 | |||||"."""
    core = line.strip(" |｜\t\u3000")
    return bool(core) and "|" not in core and "｜" not in core and is_chrome(core)


def is_chrome(line: str) -> bool:
    """True for a line of page chrome: 首页 / 正文 / 【打印】【关闭】 / breadcrumbs / 上一篇:…"""
    size = len(line)
    if size > 160 or not line:
        return False
    if size > 60:
        if line.startswith(_LONG_CHROME_STARTS) and _CHROME_LINE.match(line):
            return True
        # Long lines are text, unless they are a run of links ("…/col/…index.html…").
        return "html" in line and len(_URL_BITS.findall(line)) >= 2
    if line[0] in _CHROME_LINE_FIRST and _CHROME_LINE.match(line):
        return True
    if line.isascii():
        if BYLINE.match(line):
            return False  # "admin 484 2022-09-21": a copy site's byline, its date the page's (parse_head.published_date)
        if _LATIN_RUN.search(line) is None:
            # "![]() |": image cells of a copied table, with no letter or digit at all.
            return not any(c.isalnum() for c in line)
        # "Copyright 2008-2010 … All Rights Reserved" is kept: it starts the site's footer.
        return _COPYRIGHT.search(line) is None
    if ("tab" in line or "如果您对" in line) and _CHROME_ANYWHERE.search(line):
        return True
    first = _FIRST_TOKEN.match(line)
    if first is None or first.group(1) not in CHROME_WORDS:
        # "搜 索", "打 印": a chrome word with its characters spaced out.
        return size <= 12 and " " in line and line.replace(" ", "") in CHROME_WORDS
    tokens = [t for t in _CHROME_SPLIT.split(line) if t]
    if tokens and tokens[0] in ("首页", "首頁") and re.search(r"[>»]", line):
        return True  # a breadcrumb: 首页 > 政务公开 > 提案办理
    return bool(tokens) and all(t in CHROME_WORDS for t in tokens)


# A heading of links to other articles ("相关阅读:", "相关推荐"): what follows it near the end of a
# page is a list of other pages, not the letter.
_RELATED = re.compile(r"相关(?:阅读|推荐|文章|新闻|链接|文档)\s*[:：]?")
_RELATED_REACH = 8


def clean_lines(text: str, notes: set[str] | None = None) -> list[str]:
    """The lines a reader sees: stripped, without empty, separator-only or chrome lines,
    without a site's footer (版权所有 / ICP备 … and everything after it) and without the
    pinyin mirror sites insert after characters.

    Lone CR characters also end a line (old Mac files, broken CRLF conversions).
    `notes` (if given) receives "pinyin" when pinyin was removed.
    """
    out: list[str] = []
    related: int | None = None  # where a "相关阅读" heading was dropped
    scan: int | None = None  # where the last QR-code prompt ("扫码浏览", "扫一扫在手机上查看…") was dropped
    lost_spaces = "?" in text or "\ufffd" in text  # one scan of the text, not a test per line
    for raw in text.replace("\r", "\n").split("\n"):
        line = raw.strip(_EDGE)
        if lost_spaces and line and line[0] in "?\ufffd":
            lost = _LOST_SPACES.match(line)
            if lost is not None and (lost.end() == len(line) or line.count("?", 0, lost.end()) + line.count("\ufffd", 0, lost.end()) >= 2):
                line = line[lost.end() :]
        if not line or _SEPARATOR_ONLY.fullmatch(line):
            continue
        if line[-1] == "|" and line.count("|") == 1:
            # "广元市X局 2019年10月28日 |": a table's one-cell row, its closing bar no part of the text
            line = line[:-1].rstrip(_EDGE)
        if "(" in line and _PINYIN.search(line):
            cleaned = _PINYIN.sub(_drop_pinyin, _mended_pinyin_characters(line) if "?" in line else line)
            if cleaned != line:
                line = cleaned
                if notes is not None:
                    notes.add("pinyin")
        if len(line) <= 160 and (is_chrome(line) or (line[0] in "|｜" and _is_chrome_cell(line))):
            if line[:2] == "相关" and _RELATED.fullmatch(line):
                related = len(out)
            elif line[0] in "扫掃":
                scan = len(out)
            continue
        out.append(line)
    if related is not None and related >= max(len(out) - _RELATED_REACH, len(out) // 2, 1):
        # "相关阅读:" near the end of a page heads a list of other articles' links (one at the
        # top of a short page, a sidebar, is only dropped).
        del out[related:]
    if scan is not None and len(out) - _SCAN_REACH <= scan < len(out) and scan >= len(out) // 2:
        # A QR-code prompt at a page's end is followed by the site's furniture ("扫码浏览" /
        # "X区人民政府", "关注微信"), not by the letter: no signer of it.
        if not any(DATE_RE.search(fold(t)) for t in out[scan:]):
            del out[scan:]
    # A footer stands in the last lines of a page; it and what follows it are cut off. Not one printed above the
    # letter's first line of prose (a site that puts "地址:… 网站标识码:… ICP备…" at the top of the page).
    n = len(out)
    first_prose = next((k for k, t in enumerate(out) if len(t) > _PROSE_LINE or "。" in t), None)
    for i in range(max(1, n - 15, first_prose + 1 if first_prose is not None else 1), n):
        line = out[i]
        if line[:1] == "主" and i >= max(n - _HOST_REACH, n // 2) and _is_site_host(out, i):
            # The site's host line without a copyright line under it ("主办单位:X 地址:… 邮编:…"
            # at the page's end, or "主办:X" / "承办:Y" and a cut "联系电话:…"): its units and
            # phone are the site's, not the letter's signer or contact.
            return out[:i]
        if line[:2] in ("为进", "通过") and i >= n // 2 and _FEEDBACK_FORM.match(line):
            return out[:i]
        if len(line) <= 200 and (
            "版" in line or "备" in line or "備" in line or "©" in line or "标识" in line or "標識" in line
            or "opyright" in line or "opyRight" in line or "OPYRIGHT" in line
        ):
            if _FOOTER.search(line):
                # The lines above it that name the site's host ("主办单位:X办公室 联系方式:…
                # 地址:…") belong to the footer too: their phone is not the letter's contact.
                while i > 1 and _SITE_HOST.match(out[i - 1]) and (
                    _SITE_HOST_DETAIL.search(out[i - 1])
                    # "主办:X局 电话:…" over "地址:… 备案号:豫ICP备…": the site's address line is the footer's
                    or (_SITE_ADDRESS.match(out[i]) is not None and len(out[i - 1]) <= 60)
                ):
                    i -= 1
                # "主办:X局" with the site's "地址:… 电话:…" (or "联系电话:…") under it, right above the footer.
                if i > 2 and _SITE_ADDRESS.match(out[i - 1]) and _SITE_HOST.match(out[i - 2]) and len(out[i - 2]) <= 40:
                    i -= 2
                return out[:i]
    return out
