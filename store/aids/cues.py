"""Cue phrases and result-label schemes, kept as data.

Everything the suggested ratings (cppcc_review.store.aids.hints) look for in a reply's wording lives
here (the phrases only the quality checks use are in cppcc_review.store.aids.check_cues), so that a reviewer or maintainer can read, question and extend the lists
without touching the logic. Each list is a tuple of *regular-expression fragments*; most
are plain phrases. The rules every fragment keeps:

- linear time: no nested quantifiers; a gap between two words is written as a bounded,
  negated class such as ``[^。；;\\n]{0,20}`` (it cannot cross a sentence end, and its
  bound keeps the scan per position constant);
- no capturing groups (the modules wrap the fragments in their own groups);
- what a fragment means is said in the comment beside it, with the reason it is there.

The lists were written from the domain notes (shared/domain.md), the seed reply and the
*tuning* fixtures only; the held-out fixtures (see docs/reading-aids.md) were not read
when choosing them.
"""

from __future__ import annotations

# A gap inside one clause: never crosses a sentence end or a line.
GAP = r"[^。；;！!？?\n]{0,24}"
# A gap inside one clause: not across a comma either.
CLAUSE_GAP = r"[^。；;，,！!？?\n]{0,24}"

# --- work already done -------------------------------------------------------------
# "已…" is the clearest sign a suggestion was acted on: in official prose 已 is almost
# always "already" (已牵头修订, 已全面实行); the span takes the two characters after it
# so the highlight shows what was done. 不得已 / 而已 are excluded, and so are the 已…
# phrases that describe what already existed rather than a step taken (已明确规定,
# 已基本涵盖: EXISTING_CUES), pass the matter on (已将…转: REMIT_CUES) or a state
# (已高于, 已达到: STATUS_CUES). Bare verbs (出台, 建成) without 已 or 了 are left out:
# they are as common in plans ("将出台") as in reports. Sentences that report a figure
# and plan nothing also count as done work (see cppcc_review.store.aids.hints.signals).
DONE_CUES: tuple[str, ...] = (
    # (not 已将…纳入…相关规划: an inclusion in "the relevant plans" names no plan, commits to
    # nothing and is read as a plan without an anchor)
    r"(?<![不而得])已(?:经)?(?!列入|纳入|明确|基本涵盖|涵盖|有|可|转|高于|低于|超过|达|于|成为|是|属|无|不|将" + GAP
    + r"(?:纳入|列入)" + GAP + r"(?:相关|有关|相应)(?:规划|计划))[\u4e00-\u9fff]{2}",
    r"已将" + GAP + r"(?:纳入|列入|写入|作为)(?!" + GAP + r"(?:计划|规划))",  # 已将…纳入: taken up
    r"目前已",
    r"已于",
    r"(?<![不未])曾(?:在|于|经|对|为|向|投入|安排)",  # 2023年我局曾在段村安装…: a step taken  # 已于2024年… (an old year makes it existing policy: see cppcc_review.store.aids.hints)
    r"(?:先后|陆续|相继)(?!会|将|要|可)[\u4e00-\u9fff]{2}",  # 先后聘请 / 陆续建成 (not 陆续会有)
    r"(?:出台|印发|制定|颁布|建成|完成|实施|开展|建立|成立|举办|组织|推出|召开|组建|设立|起草|约谈|修订"
    r"|增设|新建|安装|改造|开通|配备|设置|新增|调整|延长|拨付|安排|增加|划定|施划|更换|修复|整治)了",
    r"(?:建成|完成|实现|累计|新增)" + r"[^。；;\n]{0,6}" + r"[0-9０-９]",  # 建成…12个 / 累计…216项
    r"累计",
    r"(?:19|20)[0-9]{2}年(?:以来|(?=[,，]))",  # 2024年以来 / 2024年,我市…
    r"(?:今年|年初|去年)以来",
    r"截至(?:目前|[0-9])",
    r"采纳了",
    r"(?:接到|收到)(?:提案|建议)后",  # the step was taken because of the proposal
    r"自(?:19|20)[0-9]{2}[^。；;！!？?\n]{0,12}起",  # 自2024年1月起…提高到: a decision in force
    # work in progress is a step being taken (正在进行绿化建设), not a plan (正在研究)
    r"正在(?:进行|建设|施工|安装|改造|招标|修建|开展|实施)",
)

# Preparatory steps written with 已 (已启动相关研究论证工作, 此规划已上报纳入…项目库, 已经
# 选出几个点位供市中心血站参考): a step toward the ask, not the ask done. Real replies mark
# them with 已 as often as finished work; alone they make an answer partial.
PREP_CUES: tuple[str, ...] = (
    r"已(?:经)?(?:启动|开展|着手|开始|进行|完成)" + GAP
    + r"(?:研究论证|论证|可行性研究|可研|工可|前期(?:工作|研究|论证)|规划设计|方案设计|初步设计|选址|测算)",
    r"已(?:经)?(?:上报|申报|报送|报请|呈报|提交)" + GAP + r"(?:纳入|列入|项目|资金|审批|立项|争取|申请)",
    # a request sent up for another body to decide (已于3月向县委编办报送《关于请求…核增编制的请示》):
    # the ask is prepared, its outcome open
    r"已(?:于|在)?" + GAP + r"(?:报送|呈报|提交|上报)" + GAP + r"(?:请示|申请|报告)",
    r"已(?:经)?" + GAP + r"(?<!提)供" + GAP + r"(?:参考|比选|决策|研究)",  # (not 提供给: passing on)
)

# Work under way that prepares the ask (正在申报中, 正在编制方案): a preparatory step, like
# the 已… ones above; beside a refusal of another part it is the part being taken up.
IN_PROGRESS_CUES: tuple[str, ...] = (
    r"正在(?:申报|申请|报批|立项|编制|设计|办理|协调|筹备|审核|审批|审查)",
    r"进入" + r"[^。；;，,！!？?\n]{0,10}" + r"阶段",  # 进入施工图设计阶段
)

# Acts on the thing asked about (对该裂缝加固处理, 对破损路面进行修复): in a clause with no
# word of vague intent and no lobbying, a plan the unit will carry out itself.
OWN_ACT_CUES: tuple[str, ...] = (
    r"(?:加固|维修|修缮|修复|修补|安装|清理|疏通|清淤|更换|硬化|铺设|修建|新建|改造|设置|设立|增设|施划|处理|拆除|整治)",
)
# Asking someone else (向上级反映, 积极争取, 上报省市): no act of the unit toward the ask.
LOBBYING_CUES: tuple[str, ...] = (
    r"向" + GAP + r"(?:反映|汇报|争取|请示|申请|申报|上报|呼吁|对接|报告)",
    r"(?:争取|上报|呼吁|请示|反映)",
)

# Steps of handling the proposal itself (收悉, 与您沟通, 现场核实, 研究办理): no step
# toward what was asked.
PROCEDURE_CUES: tuple[str, ...] = (
    r"收悉",
    r"答复如下",
    r"研究办理",
    r"(?:沟通|核实|调研|走访|座谈|面商|对接|审签|交办|交由|转交我|交我|查看|勘察|勘查|踏勘)",
    r"(?:反馈|办理情况|表示满意)",  # 已将办理情况反馈给代表本人
)

# General past work ("近年来…"): context, not an answer to the specific ask (rubric:
# "Past work that is general … is context, not adoption"). Counted as done work only
# when nothing else in the answer says what was done or refused.
CONTEXT_CUES: tuple[str, ...] = (
    r"近年来",
    r"近(?:几|些|两|三|五)年(?:来|以来)?",
    r"这(?:几|些)年(?:来)?",
    r"多年来",
    r"(?:一直以来|长期以来|多年以来|历来)",
    r"“十[一二三四五]五”以来",
    r"十[一二三四五]五以来",
)

# What ties a sentence to this proposal (接到提案后, 针对您提出的…, 为此): work reported
# after it answers the ask, even in a paragraph that opened with 近年来.
FOR_THE_ASK_CUES: tuple[str, ...] = (
    r"(?:接到|收到)" + GAP + r"(?:提案|建议)",
    r"针对" + GAP + r"(?:提案|建议|提出|反映)",
    r"为此",
    r"(?:根据|按照|结合)" + GAP + r"(?:提案|建议)",
)

# A state rather than a step (截至…, 目前已…, 已全部…, 已达到95%): done work when the
# answer refuses nothing; beside a refusal it describes the situation the refusal is
# about (截至2021年底,全市行政村已全部通光纤 … 暂不具备条件), so it is no step taken.
STATUS_CUES: tuple[str, ...] = (
    r"已(?:经)?(?:高于|低于|超过|达到|达|普遍|全部|全面|基本|实现|覆盖)",
    r"截至",
    r"目前已",
    r"目前" + r"[^。；;，,！!？?\n]{0,16}" + r"已(?:经)?(?:实行|实施|执行|开通|覆盖|建立|落实|纳入)",  # 目前本市…已实行免票
    r"目前(?:全市|全省|全区|全县|本市|我市|我省)?(?:已有|共有|有)",
)

# Courtesies: thanks, hopes for the proposer's support, an invitation to comment, modesty
# (尽管我们做了一些工作, 但离…期望还有差距). A letter's manners, no part of the answer: a
# sentence with one of these and no cue of a step, a date or a figure is skipped, so a
# closing "也希望您一如既往地关心和支持…" is never read as a plan.
COURTESY_CUES: tuple[str, ...] = (
    r"感谢",
    r"谢谢",
    r"希望(?:您|你|各位|代表|委员)",
    r"一如既往",
    r"欢迎" + GAP + r"(?:意见|建议|批评|监督)",
    r"(?:多提|提出更多|继续提出)" + GAP + r"(?:意见|建议)",
    r"批评指正",
    r"(?:离|与)" + GAP + r"(?:期望|期盼|要求|期待)" + GAP + r"差距",
    r"(?:特此|专此)(?:答复|回复|函复|复函)",
)

# Where a plan begins: every sentence after one of these, up to the end of the
# suggestion, is planned work unless it says otherwise.
NEXT_STEP_MARKERS: tuple[str, ...] = (r"下一步", r"下步", r"下阶段", r"下一阶段", r"接下来", r"今后")

# --- work planned ------------------------------------------------------------------
# "将" alone is the most frequent planning word but also part of 已将 / 将近 / 将军 and of
# 将…纳入 reported as done; the look-arounds keep those out.
PLANNED_CUES: tuple[str, ...] = (
    r"下一步",
    r"下步",
    r"今后",
    r"后续",
    r"(?<![已将])将(?![近军来])",
    # 计划 as a verb only: as a noun it names programmes (探索者计划, 践习计划) and past ones.
    r"计划(?:于|在|将|今年|明年|下半年|年内|三年|(?:19|20)[0-9]{2})",
    r"已?(?:列入|纳入)" + GAP + r"(?:计划|规划|清单|项目库|预算|实事|指标|要点)",
    r"(?<![不])拟",
    r"正在",
    r"(?:还|仍)在(?:规划|研究|论证|谋划|筹划|推进)",  # 还在规划其它学校的功能室的建设
    r"力争",
    r"争取(?![到了])",
    r"预计",
    r"(?:需|需要|有待)(?:进一步)?(?:研究|论证|调研|评估|测算)",  # 需进一步研究论证后推进: a vague plan
    r"(?:需|需要|有待)[^。；;，,！!？?\n]{1,10}(?:研究|论证|评估|测算)",  # 提高标准需县财政统筹研究
    r"(?:商讨|商议)",  # 与…共同商讨 / 尽快商议协调: a plan without an anchor
    r"(?:我|本)(?:局|委|厅|办|部门|单位)可(?:在|对|予以|给予|协助|配合|从)",  # 我局可在…给予适当支持: an offer
    r"(?:今年|明年|年内)(?:起|将|再|计划)",
    r"待" + GAP + r"(?:后|时)",  # 待条件成熟后 (a condition: see CONDITION_CUES)
)

# An inclusion only hoped for (积极争取把此路纳入项目库) anchors nothing.
ASPIRATION_CUES: tuple[str, ...] = (r"(?:争取|力争|积极|拟|研究|建议|只能|需|须|需要|必须|应当)" + r"[^，,；;。！!？?\n]{0,12}" + r"(?:纳入|列入)",)
# Money or support only hoped for (争取2025年乡村医疗卫生体系建设资金): the year names the
# fund, it dates no commitment.
HOPE_CUES: tuple[str, ...] = (
    r"(?:争取|申请|申报|寻求)" + r"[^，,；;。！!？?\n]{0,20}" + r"(?:资金|经费|支持|补助|补贴|项目|政策|倾斜)",
)

# What makes a plan firm (rubric, adopted: "a date or year, a named document, plan or
# programme, a figure or budget"): a plan sentence with one of these is anchored.
# ... a date first (the part of a plan that cannot be only a count of what is left: 剩余3个
# 小区将逐步实施 has a figure, not a date) ...
ANCHOR_TIME_CUES: tuple[str, ...] = (
    r"(?:19|20)[0-9]{2}\s*年",
    r"(?:年底|年内|年前|年初|年中|上半年|下半年|本年度|明年|今年|汛前|开学前)",
    r"[0-9０-９一二三四五六七八九十]{1,2}月(?:底|前|起|份|[0-9０-９一二三四五六七八九十]{1,2}日)",
)
ANCHOR_CUES: tuple[str, ...] = ANCHOR_TIME_CUES + (  # noqa: RUF005 (a list extending another reads as data)
    # (not the proposal's own title: 《关于进一步加强城区环卫经费投入的建议》 names no plan)
    r"《(?![^《》\n]{0,60}(?:建议|提案|议案)》)[^《》\n]{1,60}》",
    # a plan, a budget, a list of practical things for the year; not a 项目库 / 项目储备,
    # which is a pool of candidates waiting for money, not a commitment
    # (not "the relevant plans": 已将该路段统筹纳入…片区相关规划 names no plan, the rubric's
    # adopted needs a named one)
    # (within one clause: 纳入片区相关规划,下一步将按照规划… is no inclusion in a plan)
    r"(?:列入|纳入)" + CLAUSE_GAP + r"(?<!相关)(?<!有关)(?<!相应)(?:计划|规划|清单|预算|实事|指标|要点)",
    r"民生实事",
    # a minimum or a frequency is checkable (每月巡查不少于两次, 每学期不少于2课时)
    r"(?:不少于|不低于|不超过|至少|达到|提高到|提高至|增加到|扩大到|缩短至|缩短到)[0-9０-９一二两三四五六七八九十百千]",
    r"每(?:年|季度|月|周|天|日|学期|学年)[^。；;！!？?\n]{0,10}[0-9０-９一二两三四五六七八九十]+(?:次|场|期|课时|学时|小时)",
    # a named place the act is for (将在塔峪镇中心小学北向完善组合标志): checkable
    r"在(?:(?!的|经验|基础|条件|总结|全|各|部分|有关|相关|规划|研究)[\u4e00-\u9fff]){2,12}(?:小学|中学|学校|幼儿园|医院|卫生院|公园|广场|路口|大道|大街|村委会|社区|车站)",
)

# A plan sentence without an anchor is vague intent (rubric, partially adopted by default:
# "将研究 / 探索 / 积极推动 / 适时 / 逐步 / 争取"): the rubric's adopted needs the anchor.

# Words of vague intent (rubric, partially adopted: 将研究 / 探索 / 积极推动 / 适时 / 逐步 /
# 争取): a plan without an anchor that uses one is vague; one that uses none names a
# defined act (下一步将把签约服务延伸到工业园区), which is not "only vague intent".
VAGUE_PLAN_CUES: tuple[str, ...] = (
    r"研究", r"探索", r"积极", r"争取", r"力争", r"适时", r"逐步", r"推动", r"推进", r"加强",
    r"加大", r"加快", r"完善", r"提升", r"提高", r"强化", r"鼓励", r"引导", r"支持", r"督促",
    r"指导", r"协调", r"关注", r"努力", r"尽快", r"尽力", r"做好", r"不断", r"持续", r"继续", r"深化",
    r"优化", r"健全", r"着力", r"统筹", r"考虑", r"进一步", r"有序", r"稳步", r"落实", r"商讨",
    r"商议", r"对接", r"配合", r"谋划", r"跟进", r"密切", r"择机", r"视情", r"倡导", r"营造",
    r"丰富", r"规范", r"加以", r"重视", r"有效", r"多渠道", r"想方设法",
)
# A plan that only keeps up work already reported (将继续加强巡查, 下一步将继续丰富平台资源)
# leaves nothing of the ask open, unless it still hopes or studies (将继续争取资金).
CONTINUATION_CUES: tuple[str, ...] = (r"继续", r"持续", r"不断")
OPEN_INTENT_WORDS: tuple[str, ...] = ("研究", "探索", "争取", "力争", "适时", "逐步", "推动", "推进", "考虑", "尽快", "对接", "商讨", "商议", "谋划")

# Measures described in the present tense, with neither 已 nor 将 (通过旅游培训项目, 集中对
# 旅游村的村民进行…培训; 一是对全市公园所有名贵树木进行挂牌): real replies often write what
# they do this way. Read only where nothing else in the answer has a cue.
MEASURE_CUES: tuple[str, ...] = (
    r"(?:进行|开展|实施|实行|推行|组织|建立|设置|增设|配备|开通|新建|改造|整治|挂牌|施划|培训|投入|安排|落实|推广)",
)

# Intent stated in the present tense, with neither 已 nor 将 (镇充分认识…的重要性, 切实做好…
# 工作, 并加大…宣传; 积极配合上级部门编制…规划): a vague promise, read only where a sentence
# has no other cue and describes no measure (MEASURE_CUES).
INTENT_CUES: tuple[str, ...] = (
    r"切实", r"积极", r"认真", r"全力", r"努力", r"主动", r"着力", r"大力",
    r"(?:做好|搞好|抓好)", r"加大" + r"[^。；;！!？?\n]{0,16}" + r"力度", r"(?:加强|强化|提升|完善)",
)

# A plan about the part not yet done (推进二期管网建设, 其余地块将…, 剩余路段): beside work
# done, the rest of the ask is still open unless the plan is anchored.
REMAINDER_CUES: tuple[str, ...] = (r"其余", r"剩余", r"尚未", r"[二三四]期", r"其[他它](?:路段|小区|村|学校|区域|乡镇)")

# A plan that only promises to study the suggestion (kept for cppcc_review.store.aids.checks' notes).
STUDY_CUES: tuple[str, ...] = (
    r"研究论证",
    r"调研论证",
    r"研究探索",
    r"认真研究",
    r"深入研究",
    r"研究制定",
    r"研究制订",
    r"研究出台",
    r"将" + GAP + r"研究(?!院|所|生|中心|成果)",
    r"(?:正在|抓紧)研究",
)

# --- explanation: the rubric's first class ---------------------------------------------
# Not feasible / not allowed / not now (rubric: 不具备可行性 / 暂不作调整 / 原则上不再新设
# / 无权自行调整), and deferral with no condition to meet (留作参考 / 暂不单独制定).
REFUSAL_CUES: tuple[str, ...] = (
    r"(?:暂|尚|目前|还|仍)?不具备",
    r"暂(?:时)?不(?:作|做|予|宜|能|再|单独|另行|统一|新设|考虑|调整|设立|安排|纳入"
    r"|增加|增设|新增|开通|实施|建设|扩大|延伸|取消|开放|收取|提高|降低|推行|采纳|批准|审批)",
    r"不作(?:调整|统一规定|统一要求|强制要求|硬性规定)",
    r"不再(?:新设|单独|另行|另设|设立)",
    r"不另行(?:设立|安排|制定|收费|出台)",
    r"不(?:另设|单设)",  # 省级不再另设专项资金 / 不单设机构
    r"原则上不",
    r"(?:暂|目前|尚)?(?:无权|无法律依据)",
    r"不宜",
    r"不予(?:采纳|考虑|支持|调整)",
    r"(?:时机|条件)(?:尚|还)?不成熟",
    r"缺乏(?:条件|依据|法律依据)",
    r"(?:暂时|目前|尚|还|现阶段)不能",
    r"(?:暂时|目前|现阶段|暂)(?:还)?(?:无法|难以)(?:采纳|实施|实现|推行|满足|解决|开展|落实|调整|安排)",
    r"暂缓(?:实施|建设|推进|开展|考虑|安排|设立|调整)",  # (暂缓收取…费用 is a relief granted)
    r"无此(?:政策|规定|先例|依据)",
    r"没有(?:相关)?(?:政策|法律|法规)依据",
    r"不能(?:纳入|享受|列入|调整|取消|突破)",
    r"(?:政策|法律|法规)" + GAP + r"(?:不允许|未允许|禁止|没有规定|无明确规定)",
    r"不提倡",
    r"暂无(?:计划|安排|此类|相关|专项|条件)",
    r"暂无[^。，,；;！!？?\n]{1,8}(?:计划|安排|打算)",  # 暂无新增线路计划
    r"(?:尚未|未|没有|不)(?:达到|满足)" + GAP + r"(?:条件|标准|要求)",  # 尚未达到设置信号灯的条件
    r"(?:暂未|尚未|未)(?:纳入|列入)",  # 该道路尚未纳入…计划 (not 已纳入)
    r"(?:尚|暂)无(?:资金|财力|能力)",
    # no money or no project for it, in the words county replies use (目前,暂时无资金投入;
    # 县林业局没有发展林下养殖资金; 上级没有安排…项目; 目前没有改建修建计划)
    r"(?:暂时|目前|现阶段|当前|暂|尚|还)(?:还)?(?:无|没有)(?:专项|相关|相应)?(?:资金|经费|财力|预算)",
    r"没有" + r"[^。；;，,！!？?\n]{0,12}" + r"(?:资金|经费)(?!的|问题|保障)",
    r"没有安排" + r"[^。；;，,！!？?\n]{0,12}" + r"(?:项目|资金|经费|计划)",
    r"(?:目前|暂时|暂|尚|还|现阶段)(?:还)?(?:没有|无)" + r"[^。；;，,！!？?\n]{0,10}" + r"(?:计划|打算|规划)",
    r"(?:解决|办理|实施|满足|承担)不了",
    r"(?:暂时|目前|暂|现阶段)(?:还)?(?:没有|未能)(?:实施|建设|安排|开工|启动|落实)",  # 暂时没有实施亮化工程建设
    r"于法无据",
    # not now, with no condition to meet (短期内…还存在着一定的困难, 需要一个过程)
    r"短期内" + GAP + r"(?:难以|无法|不能|不具备|存在" + GAP + r"困难)",
    r"需要一个过程",
    # no money: a concession (虽然已制定出《规划》…, 但还没有相应的项目资金支持) explains
    r"(?:还|尚|仍)(?:没有|未有)" + GAP + r"(?:资金|经费|条件|依据)",
    r"不符合" + GAP + r"(?:规定|要求|条件|政策)",
    r"维持(?:现有|现状|原有|目前的?)",  # 我局建议维持现有布局
    r"(?:暂|尚|目前|还)无(?:余力|力量|能力|条件)",  # 暂无余力提前更新
    # not permitted to do it to the thing asked about (政府部门不能对该地块进行硬化; not 无法对…
    # 进行: being unable is a difficulty, see DIFFICULTY_CUES)
    r"(?:不能|无权)对" + CLAUSE_GAP + r"(?:进行|实施|予以)",
    # the money cannot be found (目前市级财政难以承担)
    r"(?:财政|财力|资金|经费)" + r"[^。；;，,！!？?\n]{0,4}" + r"(?:难以|无法|无力|不能)(?:承担|负担|支撑|保障|安排)",
)
# Outside the unit's remit (属于区级事权 / 由省委组织部统一制定, 我局将积极配合) or passed on.
REMIT_CUES: tuple[str, ...] = (
    # (a remit only with what it is not: 不属于我局管理范畴; 该桥不属于危桥 is an assessment)
    r"不属于(?=(?:我|本)|" + CLAUSE_GAP + r"(?:职责|职能|范围|范畴|权限|事权|管辖|管理|业务|部门|单位|事项))",
    r"不归" + GAP + r"(?:管理|管辖|负责)",
    r"由(?![我本])" + GAP + r"归口",  # not 我局归口管理
    r"(?:权限|审批权|决定权|管理权|事权)(?:在|属于|归)",
    r"属于" + GAP + r"(?:事权|职责|职能|权限|范畴|范围|自主|市场行为|管护|管养|管辖)",
    r"不在" + GAP + r"(?:职责|范围|权限)",
    r"超出" + GAP + r"(?:职责|职权|权限|范围|事权)",
    r"(?:非|不是)(?:我|本)(?:委|局|厅|办|单位|部门|县|区|市)(?:的)?(?:职责|权限|职权|事权|职能)",
    r"由" + GAP + r"统一(?:制定|确定|部署|规定|核定|组织)",
    r"按(?:照)?" + GAP + r"统一部署",
    # the scope and the standard are set above (实行中央统一的补贴范围和标准)
    r"(?:实行|执行|按照|按)(?:中央|国家|全国|全省|省)统一(?:的)?(?:补贴|标准|范围|政策|规定)",
    # (not the proposal's own word before a comma: 关于…的建议,我委将在向市政府提出的…规划中加以体现 is the unit's
    # own act, no advice to go elsewhere; in 915 texts every such hit was that noun: hints round h23)
    r"建议" + CLAUSE_GAP + r"向" + GAP + r"(?:反映|提出|咨询|申请|争取|对接|联系)",  # 建议委员向…反映
    r"对口(?:部门|单位)(?:是|为)",  # 土鸡养殖项目对口部门是农业部门
    r"建议(?:县|区|市|省)?(?:政府|人民政府)",  # 建议县政府…: the matter is passed on
    r"(?:已|将)(?:将" + GAP + r")?(?:转|转交|转给|转请|转送)",
    # the suggestion itself passed up or across (我局已将您的建议报送省人社厅; 已将监测
    # 结果函告市交通运输局): not a step the unit takes toward the ask
    r"已(?:经)?将(?:您|你|代表|委员)?(?:们)?(?:的|所提|提出的)?(?:建议|提案|意见|诉求|问题|监测结果)" + GAP
    + r"(?:报送|上报|函告|函送|反映|移交|移送|抄送|提供给|转给|送交|转交)",
    r"(?:已|将)(?:将" + GAP + r")?函告",
    # the unit is only the helper (我局为配合部门, 我局作为协办单位)
    r"(?:我|本)(?:局|委|厅|办|部门|单位)(?:为|是|作为|系)(?:配合|协办|会办|参与)(?:部门|单位)",
    # a higher level has to decide (提高补贴标准需省里统一调整)
    r"(?:需|须|需要|有待)(?:由)?(?:国家|中央|国务院|省里|省级|省|上级|市里|市级)" + GAP + r"统一",
    r"据了解",  # what another unit did is reported, not done
    # a higher authority decides (设立政府性基金…需报市政府研究决定), nothing promised
    r"(?:需|须|需要)(?:报|提请|报请|由)(?:国家|中央|国务院|省|市|县|区|上级)" + r"[^。；;，,！!？?\n]{0,8}" + r"(?:研究决定|决定)",
    # whose job it is, when it is a lower level, a company or the owners (乡镇政府和村委会
    # 分别为…养管主体; 由属地乡镇政府负责; 由各单位自行决定), not a person inside an action
    # (由一名副主任担任负责人)
    r"(?:养管|管养|管护|建设|责任|实施|运营)主体",
    r"主要责任在",
    r"建议(?:有关|相关)部门",  # 我们将积极建议有关部门…: passed on
)
# Whose job it is (由属地乡镇政府负责, 教师编制核定由编制部门负责, 由各单位自行决定): a
# remit statement when the sentence says only that; inside a step or a plan (试点期满后由
# 业主决定是否续聘; 具体方案由各运营企业自行制定; 由一名副主任担任负责人) it is a detail.
REMIT_ALONE_CUES: tuple[str, ...] = (
    # not 由我局负责, nor 由一名副局长担任专班负责人 (a person made responsible for an act)
    r"由(?![我本])" + GAP + r"(?:负责(?!人)|自行|自主|决定|核定|确定|主管|牵头|实施)",
)
# ... and also when what the unit plans beside it is only a helper's part (由各单位自行
# 决定, 我局将做好协调服务; 由市发展改革委核定, 我局将配合做好收费公示监督): whose job
# it is stays the answer.
SUPPORT_ROLE_CUES: tuple[str, ...] = (
    r"配合",
    r"协调服务",
    r"做好" + r"[^。；;！!？?\n]{0,12}" + r"(?:协调|服务|指导|宣传|监督|衔接)",
    r"协助",
)
# Deferral to "reference": the polite no.
DEFER_CUES: tuple[str, ...] = (
    r"留作(?:今后)?(?:工作)?参考",
    r"留待",
    r"建议" + GAP + r"(?:作为|予以|留作)" + GAP + r"参考",  # 将您的建议作为今后工作的重要参考
    r"予以参考",
    r"作为" + GAP + r"(?:工作|决策|今后)[^。；;！!？?\n]{0,6}参考",  # 将提案内容作为今后工作的参考
    r"研究参考",
    # not now, some day, with nothing to wait for (适时再考虑新门诊大楼的建设)
    r"(?:适时|以后|今后|将来|日后|届时)再(?:行)?(?:考虑|研究|议)",
    r"说明如下",
)
# What already exists covers the ask (现行政策已基本涵盖): the rubric's explained, even
# beside an account of the policy's own history (已于2023年…提高到1500元).
COVERAGE_CUES: tuple[str, ...] = (
    r"已(?:经)?(?:基本)?涵盖",
    r"现行" + r"[^。；;！!？?\n]{0,12}" + r"(?:已|均|已经)",
    r"已充分体现",
    # the ask is what the unit already does (我们认为是可行的, 在工作中也是这样做的)
    r"(?:也|正|一直)(?:是|在)?(?:这样|这么|如此)(?:做|开展|执行|落实)",
    r"已" + GAP + r"(?:予以|得到|有所)体现",  # 已在…《条例》中予以体现
)
EXISTING_CUES: tuple[str, ...] = COVERAGE_CUES + (  # noqa: RUF005 (a list extending another reads as data)
    r"(?:按照|根据|依据)现行",
    r"已(?:经)?(?:作出)?(?:明确)?规定",
    r"已有(?:明确)?规定",
    r"已" + GAP + r"作出(?:明确)?规定",  # 教育部已对…作出明确规定
    r"已明确",
    # the premise does not hold (街心公园均为全天开放, 不存在闭园时段)
    r"(?<!已)(?<!已经)不存在",  # (已不存在: a change made, after 整改)
    # a rule in force leaves only one way (按规定只能在达到报废年限后逐步更新)
    # (not 不得 / 禁止: 根据《道路交通安全法》规定, 机动车不得在人行道停放 supports the ask)
    r"(?:按|按照|根据|依据|依照)[^。；;！!？?\n]{0,30}(?:规定|政策|法规|标准|要求)" + r"[^。；;！!？?\n]{0,6}"
    + r"(?:只能|不能|不允许|不予)",
    # the normal replacement cycle is existing practice, no step (将在达到报废年限后逐步更新)
    r"(?:达到|到达|到)(?:使用|报废|更新)年限",
)

# The unit says it cannot provide what the answer waits for (县财政无法筹集建设资金; 只能由市
# 交通主管部门上报; 该村无符合建设用地): beside a condition and with nothing done, the
# condition is someone else's to meet, and the answer explains (waits_unable in decide).
UNABLE_CUES: tuple[str, ...] = (
    r"(?:财政|财力|资金|经费)" + r"[^。；;，,！!？?\n]{0,6}" + r"(?:无法|无力|难以|不能)(?:筹集|筹措|承担|负担|解决|安排|支撑|保障)",
    r"(?:无法|无力|难以)(?:筹集|筹措)",
    r"只能由",
    r"不能用于",
    r"(?:无|没有)(?:符合|合适)" + CLAUSE_GAP + r"(?:用地|土地|场地)",
)
# A promise to carry out the ask itself once money or approval comes (待资金下达后方可顺利实施; 待投资计划下达后,
# 林业局办理…手续; 待上级有这方面的投资,我们将优先解决): not one only to apply or seek again (待…时再积极申报,
# 争取早日解决), which defers. Asked per sentence (a start in it): no part of it crosses a sentence end.
DEFERRED_ACT_CUES: tuple[str, ...] = (
    r"待[^。；;！!？?\n,，]{1,24}?(?:后|时|[,，])"
    r"(?:(?!申报|申请|争取|上报|力争)[^。；;！!？?\n]){0,24}?(?:实施|建设|解决|办理|修建|改造|修复|安排)",
)

# Difficulty or cost: it explains why an answer is only partial (受编制限制, 暂难以全面
# 推开 beside real progress), but alone it refuses nothing.
DIFFICULTY_CUES: tuple[str, ...] = (
    r"因" + GAP + r"(?:限制|制约|所限)",
    r"受" + GAP + r"(?:限制|制约|所限|影响)",
    r"难以",
    r"(?:资金|财政|财力|经费)" + r"[^。；;，,！!？?\n]{0,4}" + r"(?:紧张|困难|有限|不足|紧缺)",
    r"(?:资金|经费)(?:尚未|未|没有|还未)(?:落实|到位|下达)",
    r"(?<!所)(?:需|需要|约需|共需|尚需)(?:资金|投资|经费|投入)",  # 该村管网改造需资金约80万元: a cost (not 所需资金已列入…预算)
    r"无法",
    r"涉及" + GAP + r"(?:因素|问题|部门|方面|调整)",
    r"需(?:要)?(?:统筹|综合)考虑",
    r"(?:成本|费用|投资)" + r"[^。；;\n]{0,4}" + r"(?:较高|较大|巨大|高|大)",
)
# Another unit's part (由…负责, 我局将配合): neither a refusal nor a difficulty; a named
# unit made responsible inside a concrete action (由一名副主任担任负责人) is no refusal.
OTHER_UNIT_CUES: tuple[str, ...] = (
    r"由" + GAP + r"(?:负责(?!人)|确定|核定|决定|承担|保障|自行|自主|主管|(?<!物业)管理)",  # (not 物业管理委员会)
    # what someone else is asked to do, or may do (请莫家庄村组提出挂牌申请; 请与村组、街道办进行
    # 研究; 可由东河村小学提请县教委…): not a measure of the unit
    r"(?<![申提邀])请(?!示|求|教|柬)" + CLAUSE_GAP + r"(?:提出|与|向|将|对|做好|组织|协调|反映|联系|自行|按照|根据|结合)",
    r"可由",
    r"建议(?:发动|由|当地|村|镇|乡|街道|您|你|贵|代表|委员|群众)",
)
WEAK_EXPLANATION_CUES: tuple[str, ...] = DIFFICULTY_CUES + OTHER_UNIT_CUES

# A conditional promise (rubric, partially adopted: 待条件成熟 / 视情). 待… and 条件成熟
# are conditional wherever they stand; the others only in a sentence that plans
# something (停热时间视天气情况适当延后 describes a rule in force, it promises nothing).
ALWAYS_CONDITIONAL_CUES: tuple[str, ...] = (r"待", r"成熟", r"如", r"若", r"一旦", r"争取", r"申请", r"符合", r"达到", r"满足")
CONDITION_CUES: tuple[str, ...] = (
    r"待" + GAP + r"(?:后|时)",
    # a precondition not yet met: 报县政府审定后…将; 经验收符合标准后…将; 资金到位后
    r"(?:到位|下达|落实|筹集|审定|审批|批准|确定|明确|验收)[^。；;！!？?\n]{0,8}后",
    r"需(?:经|要经过|经过)" + GAP + r"(?:同意|批准|审批)",  # 加装电梯需经三分之二以上业主同意
    r"(?:条件|时机)成熟",
    r"(?:时间|日期|时限)?待定",  # 开工时间待定
    r"视(?:情|" + GAP + r"(?:情况|效果|条件|需求|需要))",
    r"根据" + GAP + r"(?:情况|需求|需要|安排|部署)" + GAP + r"(?:逐步|分批|分年度|适时)",
    r"分(?:批|年度|步)(?:推进|实施|解决|提供|建设|安排|落实|完成|改造)",  # 其余地块将分批提供
    # money or approval hoped for first (如争取得相应的项目资金,会优先考虑; 争取到资金后,将对…
    # 集中改造; 如项目争取成功,将优先考虑)
    r"(?:如果|如有|如能|如|若|一旦)" + CLAUSE_GAP + r"(?:争取到|争取得|获得|获批|批准|落实|到位|成功|下达)",
    r"(?:争取|申请)(?:到|得)" + GAP + r"后",
    # a threshold to meet first (达到保护级别的进行挂牌保护; 符合安装面积要求后)
    r"(?:符合|达到|满足)" + CLAUSE_GAP + r"(?:条件|标准|级别|要求)(?:的|后|时)",
)
# Conditions that only phase the work (分批实施): with a date in the sentence (分年分批实施,
# 2021年完成…) the plan is dated, not conditional.
PHASED_CUES: tuple[str, ...] = (r"分(?:批|年度|步|年)",)

# A pilot or a smaller scope than asked (rubric, partially adopted) ...
PILOT_CUES: tuple[str, ...] = (
    r"试点",
    r"(?<![(（])试行(?![)）])",  # not a document's "(试行)"
    r"先行",
)
# A pilot that runs or is set, rather than one hoped for in a vague plan (积极争取…试点支持).
RUNNING_CUES: tuple[str, ...] = (r"正在", r"目前", r"选取", r"(?<![优首率])先在", r"已在")
# ... unless a full rollout is dated (于2025年在全市推开 / 将于2025年全面推行: adopted).
ROLLOUT_CUES: tuple[str, ...] = (
    r"(?:19|20)[0-9]{2}\s*年" + GAP + r"(?:全面推行|全面推开|全面推广|全面实施|全面实行|全覆盖|推开)",
    r"(?:年底前|年内)" + GAP + r"(?:全面推行|全面推开|全覆盖|全面完成)",
    # a dated scale-up of the pilot (2025年将扩大到30个小区)
    r"(?:19|20)[0-9]{2}\s*年" + GAP + r"(?:扩大到|扩大至|推广到|推广至|覆盖到|拓展到|拓展至)",
)

# The cues of explanations and refusals, as one list (cppcc_review.store.aids.checks uses it).
EXPLAINED_CUES: tuple[str, ...] = REFUSAL_CUES + REMIT_CUES + DEFER_CUES + EXISTING_CUES

# --- concrete measures --------------------------------------------------------------
# What makes a commitment checkable: a figure, a date, a named policy or programme,
# or a unit that is made responsible.
CONCRETE_CUES: dict[str, tuple[str, ...]] = {
    "figure": (
        r"(?<![0-9０-９.])[0-9０-９]+(?:[.．][0-9０-９]+)?\s*(?:万|亿|千)?(?:元|项|个|家|所|座|条|处|人|人次|次|户|台|套|辆|公里|千米|米|平方米|亩|吨|%|％|场|批|件|份|期|名|张|床|所|校|村)",
        r"(?<![一二三四五六七八九十百千])[一二三四五六七八九十百千]{1,6}(?:个|项|家|所|批|条)(?:试点|示范|项目|基地|中心)",
    ),
    "date": (
        r"(?:19|20)[0-9]{2}\s*年(?:底|内|前|初|中|末|[0-9]{1,2}\s*月)?",
        r"(?:年底|年内|年前|本年度|明年|今年)(?:前)?",
    ),
    "named_policy": (
        r"《[^《》\n]{1,60}》",  # 《 excluded inside: a run of 《 fails at once, not after 60 steps
        r"“[^“”\n]{2,20}”(?:计划|工程|行动|项目|政策|平台|中心|机制|专项|模式|战略|空间|改革|试点|制度|基金|品牌)",
    ),
    "responsible_unit": (
        r"(?:会同|联合|配合|牵头|由|责成|协调)(?:市|省|区|县|自治区)?[^。，,；;、\n]{0,8}(?:局|委|厅|办|部|中心|政府|公司|集团)",
    ),
}
