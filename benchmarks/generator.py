"""Seeded generator of realistic synthetic replies to CPPCC proposals, for benchmarks.

The replies imitate the published ones (see shared/seed/): a 文号 such as
沪科提复〔2024〕37号 (cities, units, years and brackets vary), sometimes a proposal number,
a declared result (办理结果:A / 办复类别:B类 / 办理结果:解决采纳) and a 签发人 line; a
salutation to a sector group (九三学社界别:), to members (马青、周丽等委员:, 委员:) or to an
NPC deputy (王芳代表:); an opening that quotes the proposal's title; 3-8 sections
"一、关于…的建议", each with past work (近年来…已…) carrying figures (216项, 5.2亿元, 7.2%)
and next steps (下一步…) as 一是/二是 items, inline or one per line; a closing, the
signing unit, a date in one of the usual forms, and sometimes 联系人 / 联系电话 / 抄送.
Each reply is about 5-10 KB of UTF-8.

Determinism: reply `i` of seed `s` depends only on (s, i), so a corpus can be written in
any order or in parallel and a single reply can be regenerated alone.

    python -m benchmarks.generator OUT_DIR --count 10000 [--seed 7]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

# -- vocabularies ------------------------------------------------------------------------

# (prefix of the 文号, name of the city as the signer writes it, short name in the text)
CITIES = [
    ("沪", "上海市", "本市"),
    ("京", "北京市", "本市"),
    ("津", "天津市", "本市"),
    ("渝", "重庆市", "本市"),
    ("杭", "杭州市", "我市"),
    ("宁", "南京市", "我市"),
    ("穗", "广州市", "我市"),
    ("深", "深圳市", "我市"),
    ("蓉", "成都市", "我市"),
    ("汉", "武汉市", "我市"),
    ("苏", "苏州市", "我市"),
    ("青", "青岛市", "我市"),
]

# (abbreviation in the 文号, full name after the city, how the unit calls itself,
#  how others call it, the field it works in, topics of the field)
UNITS = [
    ("科", "科学技术委员会", "我委", "市科委", "科技", ["科技创新", "成果转化", "基础研究", "科技金融", "新型研发机构", "人工智能"]),
    ("教", "教育委员会", "我委", "市教委", "教育", ["职业教育", "学前教育", "双减", "校园安全", "教师队伍", "产教融合"]),
    ("卫", "卫生健康委员会", "我委", "市卫健委", "卫生健康", ["基层医疗", "公共卫生", "分级诊疗", "中医药", "精神卫生", "老年健康"]),
    ("民", "民政局", "我局", "市民政局", "民政", ["养老服务", "社区治理", "社会救助", "慈善事业", "儿童福利", "殡葬改革"]),
    ("交", "交通委员会", "我委", "市交通委", "交通", ["公交优先", "停车治理", "慢行交通", "轨道交通", "货运物流", "网约车"]),
    ("经信", "经济和信息化委员会", "我委", "市经信委", "产业", ["制造业", "数字化转型", "专精特新", "工业互联网", "集成电路", "绿色制造"]),
    ("商", "商务委员会", "我委", "市商务委", "商务", ["消费升级", "跨境电商", "老字号", "夜间经济", "外贸稳定", "会展经济"]),
    ("人社", "人力资源和社会保障局", "我局", "市人社局", "人社", ["稳就业", "技能人才", "灵活就业", "社会保险", "劳动关系", "人才引进"]),
    ("环", "生态环境局", "我局", "市生态环境局", "生态环境", ["大气治理", "水环境", "土壤污染", "碳达峰", "噪声管理", "固废处置"]),
    ("规", "规划和自然资源局", "我局", "市规划资源局", "规划资源", ["城市更新", "耕地保护", "历史风貌", "土地集约", "生态空间", "社区规划"]),
    ("住建", "住房和城乡建设管理委员会", "我委", "市住建委", "住房建设", ["保障性住房", "老旧小区", "物业管理", "建筑节能", "加装电梯", "城中村改造"]),
    ("文旅", "文化和旅游局", "我局", "市文旅局", "文化旅游", ["公共文化", "文物保护", "旅游消费", "非遗传承", "演艺市场", "乡村旅游"]),
    ("农", "农业农村委员会", "我委", "市农业农村委", "农业农村", ["乡村振兴", "高标准农田", "种业", "农村人居环境", "农民增收", "数字乡村"]),
    ("发改", "发展和改革委员会", "我委", "市发展改革委", "发展改革", ["营商环境", "民营经济", "价格监管", "重大项目", "区域协同", "新基建"]),
    ("市监", "市场监督管理局", "我局", "市市场监管局", "市场监管", ["食品安全", "知识产权", "质量提升", "个体工商户", "标准化", "药品监管"]),
    ("体", "体育局", "我局", "市体育局", "体育", ["全民健身", "青少年体育", "体育场馆", "体育赛事", "社区健身", "体育产业"]),
    ("应急", "应急管理局", "我局", "市应急局", "应急管理", ["安全生产", "防灾减灾", "消防救援", "应急物资", "危化品", "基层应急"]),
    ("医保", "医疗保障局", "我局", "市医保局", "医疗保障", ["长护险", "医保支付", "药品集采", "异地就医", "医保基金", "门诊保障"]),
    ("数据", "数据局", "我局", "市数据局", "数据", ["公共数据", "数据要素", "一网通办", "算力", "数据安全", "数字政府"]),
    ("财", "财政局", "我局", "市财政局", "财政", ["政府采购", "专项债", "财政补贴", "预算绩效", "普惠金融", "税费减免"]),
]

YEARS = list(range(2015, 2026))
BRACKETS = [("〔", "〕")] * 6 + [("【", "】"), ("[", "]"), ("(", ")"), ("(", ")")]
CN_NUM = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
CN_DIGIT = "〇一二三四五六七八九"
SESSIONS = ["十二届", "十三届", "十四届", "十五届"]
MEETINGS = ["一次", "二次", "三次", "四次", "五次"]

SECTORS = ["九三学社", "民盟", "民建", "民进", "农工党", "致公党", "台盟", "民革", "科技", "教育",
           "医药卫生", "经济", "农业和农村", "社会福利和社会保障", "文化艺术", "新闻出版", "体育", "工商联"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余于杜叶程魏苏吕丁沈任姚卢傅钟"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力宁青海燕飞鹏云峰琳晨"

VERBS = ["推进", "完善", "加强", "深化", "健全", "优化", "落实", "推动", "强化", "提升", "拓展", "创新", "规范", "培育", "支持"]
OBJECTS = ["体制机制", "服务体系", "政策措施", "人才队伍", "协同机制", "监测评估", "标准体系", "保障能力",
           "示范项目", "信息平台", "资金投入", "试点工作", "考核评价", "要素支撑", "公共服务", "应用场景",
           "基层网络", "联动机制", "宣传引导", "风险防控", "配套政策", "数字化建设", "供给能力", "督促检查"]
GOALS = ["提高服务质效", "满足群众需求", "增强发展动能", "形成可复制推广经验", "夯实工作基础",
         "营造良好环境", "提升治理水平", "补齐短板弱项", "激发市场活力", "促进高质量发展"]
PARTNERS = ["市财政局", "市发展改革委", "市人社局", "市教委", "市国资委", "市人才局", "市经信委",
            "市住建委", "市民政局", "各区政府", "市卫健委", "市司法局", "市税务局", "市数据局"]
POLICIES = ["《关于加快推进{t}高质量发展的实施意见》", "《{t}三年行动计划(2023-2025年)》",
            "《关于进一步加强{t}工作的若干措施》", "《{t}管理办法》", "《{t}专项规划》"]
UNITS_OF_COUNT = ["项", "家", "个", "所", "处", "条", "支", "名", "场"]
EMPHASIS = ["坚持问题导向", "聚焦群众关切", "坚持系统观念", "坚持需求牵引", "坚持守正创新", "坚持因地制宜"]
ASPECTS = ["两", "三", "四"]

CLOSINGS = [
    "感谢您对{field}工作的关心和支持!",
    "感谢你们对{city}{field}工作的关心和支持!",
    "衷心感谢您对{field}工作的关心和支持,欢迎继续提出宝贵意见和建议。",
    "感谢对{city}{field}工作的关心和支持!",
    "再次感谢您对我们工作的理解和支持。",
]
DECLARED = [
    "办理结果:解决采纳", "办理结果:A", "办复类别:B类", "办理结果:列入计划拟解决", "办理结果:留作参考",
    "办理结果:C", "答复类别:A类", "办理结果:部分采纳", "办理结果:解决或采纳",
]


@dataclass
class GeneratedReply:
    """One generated document and what it was built from (the expected parse)."""

    index: int
    text: str
    doc_no: str
    handler: str
    n_suggestions: int
    headings: list[str] = field(default_factory=list)
    declared: str | None = None
    date: str | None = None

    @property
    def filename(self) -> str:
        return f"{self.index:06d}.txt"


# -- building blocks --------------------------------------------------------------------


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _figure(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.35:
        return f"{rng.randint(3, 980)}{rng.choice(UNITS_OF_COUNT)}"
    if kind < 0.6:
        whole = rng.randint(1, 5200)
        return f"{whole}.{rng.randint(1, 99)}亿元" if rng.random() < 0.5 else f"{whole}万元"
    if kind < 0.85:
        return f"{rng.randint(1, 98)}.{rng.randint(1, 9)}%"
    return f"{rng.randint(1, 900)}万人次"


def _phrase(rng: random.Random, topic: str) -> str:
    return f"{rng.choice(VERBS)}{topic}{rng.choice(OBJECTS)}"


def _topic_heading(rng: random.Random, topics: list[str]) -> tuple[str, str]:
    """A section heading's topic phrase and the topic it is mainly about."""
    a, b = rng.sample(topics, 2)
    forms = [
        lambda: f"{_phrase(rng, a)},{rng.choice(VERBS)}{b}{rng.choice(OBJECTS)}",
        lambda: f"{rng.choice(VERBS)}{a}{rng.choice(OBJECTS)}",
        lambda: f"{a}{rng.choice(OBJECTS)}{rng.choice(['建设', '改革', '提质增效'])}",
        lambda: f"{_phrase(rng, a)}、{rng.choice(GOALS)}",
    ]
    return rng.choice(forms)(), a


def _past_sentence(rng: random.Random, topic: str, year: int, us: str) -> str:
    forms = [
        lambda: f"{rng.choice(['已', '先后', '持续'])}{_phrase(rng, topic)},{rng.choice(GOALS)}",
        lambda: f"{year - rng.randint(0, 2)}年累计{rng.choice(VERBS)}{topic}项目{rng.randint(3, 400)}{rng.choice('项个')},"
        f"投入资金{rng.randint(1, 300)}.{rng.randint(1, 99)}亿元",
        lambda: f"出台{rng.choice(POLICIES).format(t=topic)},{_phrase(rng, topic)}",
        lambda: f"{us}会同{rng.choice(PARTNERS)}{_phrase(rng, topic)},覆盖{_figure(rng)}",
        lambda: f"{topic}相关指标同比增长{rng.randint(1, 40)}.{rng.randint(1, 9)}%",
        lambda: f"建成{topic}{rng.choice(['示范点', '服务站', '创新中心', '综合体', '试点区'])}{rng.randint(2, 600)}个,"
        f"服务{rng.randint(1, 800)}万人次",
        lambda: f"围绕{topic}{rng.choice(OBJECTS)},{rng.choice(EMPHASIS)},{rng.choice(VERBS)}{rng.choice(OBJECTS)}",
    ]
    return rng.choice(forms)()


def _commitment_body(rng: random.Random, topic: str, us: str, budget: int) -> str:
    parts: list[str] = []
    size = 0
    while size < budget:
        forms = [
            lambda: f"{_phrase(rng, topic)},{rng.choice(GOALS)}",
            lambda: f"会同{rng.choice(PARTNERS)},{_phrase(rng, topic)}",
            lambda: f"{rng.choice(EMPHASIS)},{rng.choice(VERBS)}{rng.choice(OBJECTS)}",
            lambda: f"力争到{rng.randint(2025, 2030)}年{topic}{rng.choice(['覆盖率', '达标率', '满意度'])}达到{rng.randint(60, 99)}%",
            lambda: f"研究制订{topic}{rng.choice(['支持政策', '实施细则', '工作方案', '评价办法'])},{rng.choice(GOALS)}",
        ]
        part = rng.choice(forms)()
        parts.append(part)
        size += len(part)
    return ";".join(parts) + "。"


def _date(rng: random.Random, year: int) -> tuple[str, str]:
    month, day = rng.randint(3, 11), rng.randint(1, 28)
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    style = rng.random()
    if style < 0.7:
        return f"{year}年{month}月{day}日", iso
    if style < 0.85:
        return iso, iso

    def cn(n: int) -> str:
        if n <= 10:
            return CN_NUM[n]
        if n < 20:
            return "十" + CN_NUM[n - 10]
        return CN_NUM[n // 10] + "十" + (CN_NUM[n % 10] if n % 10 else "")

    return "".join(CN_DIGIT[int(c)] for c in str(year)) + f"年{cn(month)}月{cn(day)}日", iso


def _combo(index: int) -> tuple[int, int, int, int]:
    """(city, unit, year, number): distinct for distinct indices, so 文号s never collide."""
    n_combos = len(CITIES) * len(UNITS) * len(YEARS)
    # A fixed stride that is coprime with n_combos spreads consecutive indices over units.
    combo = (index * 7919) % n_combos
    city, rest = divmod(combo, len(UNITS) * len(YEARS))
    unit, year = divmod(rest, len(YEARS))
    number = 1 + index // n_combos * 3 + (combo % 3)
    return city, unit, YEARS[year], number


# -- one reply --------------------------------------------------------------------------


def generate_reply(seed: int, index: int) -> GeneratedReply:
    """Reply number `index` of the corpus of `seed`; depends only on (seed, index)."""
    rng = random.Random(seed * 1_000_003 + index)
    ci, ui, year, number = _combo(index)
    city_prefix, city_name, city_short = CITIES[ci]
    abbr, unit_name, us, _others_call, field_name, topics = UNITS[ui]
    handler = city_name + unit_name
    deputy = rng.random() < 0.12  # an NPC deputy's suggestion (建议) rather than a proposal
    left, right = rng.choice(BRACKETS)
    doc_no = f"{city_prefix}{abbr}{'建' if deputy else '提'}复{left}{year}{right}{number}号"
    colon = ":" if rng.random() < 0.75 else ":"  # noqa: RUF034 - both ASCII since the first corpus; kept so corpora stay comparable
    thing = "建议" if deputy else "提案"

    n_sections = rng.randint(3, 8)
    target_bytes = rng.randint(5400, 9600)

    lines: list[str] = []
    if rng.random() < 0.15:
        lines += ["|", "|"]  # page chrome, as in published copies
    header: list[str] = [doc_no]
    proposal_no = f"第{rng.randint(1, 1200):04d}号" if rng.random() < 0.5 else None
    if proposal_no and rng.random() < 0.5:
        header.append(f"{'建议' if deputy else '提案'}编号{colon}{proposal_no}")
    declared = None
    if rng.random() < 0.35:
        declared = rng.choice(DECLARED)
        header.append(declared if colon == ":" else declared.replace(":", ":"))
    if rng.random() < 0.25:
        header.append(f"签发人{colon}{_name(rng)}")
    first = header.pop(0)
    rng.shuffle(header)
    lines += [first, *header]

    # salutation and opening
    who = rng.random()
    if deputy:
        salutation, you = f"{_name(rng)}代表{colon}", "您"
    elif who < 0.35:
        salutation, you = f"{rng.choice(SECTORS)}界别{colon}", "你们"
    elif who < 0.6:
        salutation, you = f"{_name(rng)}、{_name(rng)}等委员{colon}", "你们"
    elif who < 0.9:
        salutation, you = f"{_name(rng)}委员{colon}", "您"
    else:
        salutation, you = f"委员{colon}", "您"
    lines.append(salutation)
    main_topic = rng.choice(topics)
    title = f"关于{_phrase(rng, main_topic)}的{thing}"
    session = f"{city_name}政协{rng.choice(SESSIONS)}{rng.choice(MEETINGS)}会议" if not deputy else f"{city_name}人大{rng.choice(SESSIONS)}{rng.choice(MEETINGS)}会议"
    openings = [
        f"{you}提出的“{title}”收悉,经研究,现将办理情况答复如下{colon}",
        f"{you}提出的《{title}》收悉。经认真研究,现答复如下{colon}",
        f"{you}在{session}上提出的{proposal_no or ''}{title}收悉,现将办理情况答复如下{colon}",
        f"{you}提出的“{title}”{('(' + proposal_no + ')') if proposal_no else ''}收悉。{us}高度重视,经会同有关单位认真研究,现答复如下{colon}",
    ]
    lines.append(rng.choice(openings))
    partners = rng.sample(PARTNERS, 3)
    intro = (
        f"近年来,{us}深入贯彻落实党中央和市委、市政府决策部署,{rng.choice(EMPHASIS)},"
        f"{_phrase(rng, main_topic)},{_phrase(rng, rng.choice(topics))},{rng.choice(GOALS)}。"
        f"{thing}对{_phrase(rng, main_topic)}具有重要的参考借鉴意义。"
        f"{us}会同{partners[0]}、{partners[1]}、{partners[2]}等单位,围绕{CN_NUM[n_sections]}方面建议,认真研究办理。"
    )
    lines.append(intro)

    closing = rng.choice(CLOSINGS).format(field=field_name, city=city_short)
    date_text, iso = _date(rng, year)
    tail: list[str] = [closing, handler, date_text]
    if rng.random() < 0.3:
        tail.append(f"联系人{colon}{rng.choice(SURNAMES)}老师    联系电话{colon}1{rng.randint(30, 89)}******{rng.randint(100, 999)}")
    if rng.random() < 0.15:
        tail.append(f"抄送{colon}{city_name}政协提案委员会")

    fixed = sum(len(x.encode("utf-8")) + 1 for x in lines + tail)
    per_section = max(600, (target_bytes - fixed) // n_sections)

    headings: list[str] = []
    used: set[str] = set()
    for s in range(1, n_sections + 1):
        heading_topic, topic = _topic_heading(rng, topics)
        while heading_topic in used:
            heading_topic, topic = _topic_heading(rng, topics)
        used.add(heading_topic)
        style = rng.random()
        heading = f"关于{heading_topic}的建议" if style < 0.6 else f"关于{heading_topic}"
        headings.append(heading)
        lines.append(f"{CN_NUM[s]}、{heading}")
        budget = per_section - len(heading.encode("utf-8")) - 4
        # past work: about 45% of the section
        past: list[str] = []
        size = 0
        while size < budget * 0.45 / 3:
            sentence = _past_sentence(rng, topic, year, us)
            past.append(sentence)
            size += len(sentence) + 1
        opener = rng.choice(["近年来,", f"{year - 1}年以来,", f"近年来,{city_short}", "目前,"])
        if len(past) > 4 and rng.random() < 0.4:  # two paragraphs of past work
            half = len(past) // 2
            lines.append(opener + "。".join(past[:half]) + "。")
            lines.append("同时," + "。".join(past[half:]) + "。")
        else:
            lines.append(opener + "。".join(past) + "。")
        # next steps: 一是/二是 items, inline or one a line
        k = rng.randint(2, 4)
        item_budget = int(budget * 0.55 / 3 / k)
        items = [_commitment_body(rng, topic, us, item_budget) for _ in range(k)]
        if rng.random() < 0.5:
            lines.append(
                "下一步," + us + rng.choice(["将", "将重点做好以下工作:", "将结合相关建议,"]) + "".join(f"{CN_NUM[j + 1]}是{body}" for j, body in enumerate(items))
            )
        else:
            lines.append(
                f"下一步,结合相关建议,{us}将会同{rng.choice(PARTNERS)},着力推进{CN_NUM[k]}方面工作。"
            )
            lines += [f"{CN_NUM[j + 1]}是{body}" for j, body in enumerate(items)]

    lines += tail
    newline = "\r\n" if rng.random() < 0.08 else "\n"
    text = newline.join(lines) + newline
    return GeneratedReply(
        index=index,
        text=text,
        doc_no=doc_no,
        handler=handler,
        n_suggestions=n_sections,
        headings=headings,
        declared=declared,
        date=iso,
    )


def generate(seed: int, count: int, start: int = 0) -> Iterator[GeneratedReply]:
    for i in range(start, start + count):
        yield generate_reply(seed, i)


# -- writing a corpus -------------------------------------------------------------------


def _write_range(args: tuple[str, int, int, int]) -> int:
    out, seed, start, stop = args
    folder = Path(out)
    total = 0
    for i in range(start, stop):
        reply = generate_reply(seed, i)
        data = reply.text.encode("utf-8")
        (folder / reply.filename).write_bytes(data)
        total += len(data)
    return total


def write_corpus(
    out: str | os.PathLike[str],
    count: int,
    seed: int = 7,
    *,
    workers: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write replies 0..count-1 of `seed` as OUT/000000.txt ...; returns the bytes written.

    Not fsynced: a benchmark corpus is scratch data. Uses all cores above 5,000 files.
    """
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    chunk = 1000
    ranges = [(str(folder), seed, s, min(count, s + chunk)) for s in range(0, count, chunk)]
    workers = workers or (os.cpu_count() or 1)
    total = 0
    done = 0
    if count >= 5000 and workers > 1:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for (_, _, s, e), size in zip(ranges, pool.imap(_write_range, ranges), strict=False):
                total += size
                done += e - s
                if on_progress:
                    on_progress(done, count)
    else:
        for r in ranges:
            total += _write_range(r)
            done += r[3] - r[2]
            if on_progress:
                on_progress(done, count)
    return total


# -- random reviews ---------------------------------------------------------------------


def review_plan(
    reply_ids: Iterable[tuple[str, int]], share: float, seed: int = 7, reviewer: str = "bench"
) -> list[tuple[str, list]]:
    """Which replies get reviewed and how: [(reply_id, [Rating|None per suggestion])].

    `reply_ids` is (id, number of suggestions); a `share` (0..1) of them is picked at
    random; each picked reply has every suggestion rated except, in one reply of five,
    the last one or two (a review in progress).
    """
    from cppcc_review.store.model import Rating

    rng = random.Random(f"reviews:{seed}:{reviewer}")
    ratings = [Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED]
    weights = [0.45, 0.35, 0.20]
    plan = []
    for reply_id, n in reply_ids:
        if rng.random() >= share:
            continue
        marks = rng.choices(ratings, weights, k=n)
        if rng.random() < 0.2 and n > 1:
            for j in range(rng.randint(1, min(2, n - 1))):
                marks[-1 - j] = None
        plan.append((reply_id, marks))
    return plan


def random_assessment(rng: random.Random):
    from datetime import datetime

    from cppcc_review.store.model import Assessment, Communication, Relevance, Satisfaction

    return Assessment(
        result=rng.choice(list(Satisfaction)),
        attitude=rng.choice(list(Satisfaction)),
        communication=rng.choice(list(Communication)),
        relevance=rng.choice(list(Relevance)),
        opinion=rng.choice(["", "", "希望进一步细化时间表。", "答复针对性强。"]),
        completed_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def add_random_reviews(
    store, share: float, seed: int = 7, reviewer: str = "bench", *, assess: float = 0.5, per_batch: int = 200
) -> int:
    """Rate a `share` of the store's replies at random through the public API; returns marks made.

    One `set_rating` call per suggestion and, for `assess` of the fully rated replies,
    `set_assessment`; when the store has `batch()` (one journal line, one fsync for the
    block), `per_batch` replies go in each batch, as `import-ratings` does with a file.
    """
    from contextlib import nullcontext

    summaries = store.summaries(headings=False) if _takes_headings(store) else store.summaries()
    plan = review_plan(((s.id, s.n_suggestions) for s in summaries), share, seed, reviewer)
    rng = random.Random(f"assess:{seed}:{reviewer}")
    batch = getattr(store, "batch", None)
    marks = 0
    for start in range(0, len(plan), per_batch):
        with batch() if batch is not None else nullcontext():
            for reply_id, ratings in plan[start : start + per_batch]:
                for i, rating in enumerate(ratings):
                    if rating is not None:
                        store.set_rating(reply_id, reviewer, i + 1, rating)
                        marks += 1
                if all(r is not None for r in ratings) and rng.random() < assess:
                    store.set_assessment(reply_id, reviewer, random_assessment(rng))
    return marks


def _takes_headings(store) -> bool:
    import inspect

    try:
        return "headings" in inspect.signature(store.summaries).parameters
    except (TypeError, ValueError):
        return False


# -- command line -----------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.generator", description=__doc__.split("\n\n")[0])
    p.add_argument("out", help="folder to write NNNNNN.txt files into")
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    size = write_corpus(args.out, args.count, args.seed)
    dt = time.perf_counter() - t0
    print(f"wrote {args.count} replies, {size / 1e6:.1f} MB, in {dt:.1f} s ({args.out})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
