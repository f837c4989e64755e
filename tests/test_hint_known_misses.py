"""Known misses of the suggested ratings on real text, written down in invented words.

Each pattern below is something in a real published reply that the shipped hint
(``suggest_rating(reply, suggestion)``: the rules and the base model, combined) read
differently from two blind raters' adjudicated rating, in real-fresh-60..-69 (patterns 1-14,
cases 1a..14c), since round t70 also in real-fresh-70..-79 (cases 1d, 2d, ... added to the
patterns they share, and the new patterns 15 and 16), and since round t80 also in
real-fresh-80..-83 (cases 1f, 2g, ... added to seven patterns they share, and the new
pattern 17); a pattern is kept only where it recurs in at least two collections of its round.
The real replies are private: they are named here by key only (``fresh61/b022#1``:
collection real-fresh-61, reply b022, suggestion 1), and every case is our own invented text
(units, places and figures made up), a case of the pattern, not a copy of a real one.
At round t80 the shipped hint reads 45 of the 91 cases right: 21 of the 39 of
real-fresh-60..-69, 17 of the 30 of real-fresh-70..-79 and 7 of the 22 of real-fresh-80..-83
(the rest are ``KNOWN_MISSES``).

Each case carries its rating by hand from the rubric (shared/domain.md, "How one
response is rated"), written before any code was run on it, under the default rubric,
and under the strict one (a vague promise alone is explained) where that differs; the
test asserts the default rating of the shipped hint.

Cases the hint reads right are plain tests: they guard the reading. Cases it misreads
are marked ``xfail(strict=True)`` with the pattern and its real cases: the day a rule
or a retrained model reads one right, the suite fails on the XPASS, and that case's
marker is to be removed (it then guards the fix).
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from cppcc_review.store.aids.hints import suggest_rating
from cppcc_review.store.model import Rating
from tests.test_checks_support import reply_with

A, P, E = Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED

# pattern key -> (what the rules misread, stated generally; the real cases, by key only)
PATTERNS: dict[str, tuple[str, str]] = {
    "refusal_beside_step": (
        "a refusal of the ask beside a step the unit did take that the rules do not count "
        "(a project sent up, a site re-planned, an alternative offered)",
        "fresh61/b014#1, fresh61/b020#1, fresh61/b022#1, fresh62/c023#1, fresh64/e011#1, "
        "fresh67/h005#1, fresh69/k005#1, fresh69/k015#1, "
        "fresh74/r015#1, fresh75/s016#1, fresh75/s022#1, fresh77/u010#1, "
        "fresh80/x013#1, fresh81/y011#1, fresh83/a001#2",
    ),
    "existing_policy_as_done": (
        "only existing policy, funding or state of things (often on a page cut before the answer), read as done",
        "fresh60/a004#1, fresh60/a008#2, fresh60/a013#1, fresh60/a020#2, fresh61/b005#1, fresh61/b005#2, "
        "fresh62/c013#1, fresh64/e005#1, fresh64/e005#2, fresh64/e014#1, fresh64/e016#1, fresh64/e016#2, "
        "fresh64/e022#1, fresh64/e023#1, fresh65/f011#1, fresh65/f012#2, fresh65/f021#1, fresh65/f021#2, "
        "fresh66/g019#2, fresh66/g019#3, fresh67/h004#1, fresh69/k002#1, fresh69/k003#1, fresh69/k009#2, "
        "fresh69/k012#1, "
        "fresh70/l001#1, fresh70/l001#2, fresh70/l001#3, fresh70/l006#1, fresh70/l006#2, fresh70/l006#3, "
        "fresh70/l008#1, fresh72/n001#1, fresh72/n006#1, fresh73/p005#2, fresh74/r001#1, fresh74/r021#1, "
        "fresh75/s017#1, fresh76/t007#1, fresh77/u021#1, fresh78/v003#1, fresh78/v014#1, fresh79/w004#1, "
        "fresh82/z022#1, fresh83/a003#1, fresh83/a013#1",
    ),
    "directive_as_done": (
        "a directive in the present tense (可采取…, 鼓励…, 严格落实…制度) read as measures done",
        "fresh60/a005#1, fresh60/a005#2, fresh60/a007#1, fresh60/a010#1, fresh61/b018#1, fresh61/b025#2, "
        "fresh62/c020#1, fresh63/d019#2, fresh63/d019#3, fresh63/d020#2, fresh63/d023#4, fresh66/g016#1, "
        "fresh69/k008#1, fresh70/l009#2, fresh75/s025#1, fresh79/w025#1, fresh79/w025#2, "
        "fresh80/x003#1, fresh82/z002#1, fresh82/z012#4, fresh82/z020#1, fresh82/z020#2, fresh82/z020#3",
    ),
    "pilot_as_name": (
        "试点/试行 as the name of a programme or document (carried out at full scope, or existing policy), "
        "read as a smaller scope",
        "fresh60/a003#1, fresh60/a015#1, fresh60/a016#1, fresh60/a026#1, fresh61/b019#1, fresh61/b026#1, "
        "fresh63/d015#1, fresh65/f018#1, fresh69/k010#1",
    ),
    "done_vague_rest_adopted": (
        "work done (or a plan with dates and figures) with a vague rest, adopted because the ask itself is done",
        "fresh60/a027#1, fresh65/f003#1, fresh65/f016#1, fresh66/g023#1, fresh67/h025#1, fresh68/j004#1, "
        "fresh71/m008#1, fresh74/r022#1, fresh75/s011#1, fresh75/s026#2, fresh76/t007#2, fresh77/u001#1, "
        "fresh77/u011#1, fresh78/v009#1, fresh79/w018#1, "
        "fresh81/y003#1, fresh81/y007#1, fresh81/y021#1, fresh82/z015#1",
    ),
    "placed_in_named_plan": (
        "the ask placed in a named plan or a year's project list, the rest only vague or conditional, "
        "read as vague intent (the rubric's 已纳入《…规划》 is adopted)",
        "fresh61/b007#1, fresh62/c003#1, fresh63/d021#1, fresh66/g028#1",
    ),
    "firm_plan_awaiting_approval": (
        "a decided plan with figures or dates whose start waits on a named approval or event, "
        "read as a conditional promise",
        "fresh61/b008#1, fresh61/b012#1, fresh63/d004#1, fresh63/d008#1, fresh63/d014#2, fresh63/d022#1, "
        "fresh75/s002#1, fresh77/u014#1, fresh78/v011#1",
    ),
    "part_done_part_open": (
        "one part of the ask done and another left open or pending, read as adopted because one part is done",
        "fresh60/a023#1, fresh61/b026#2, fresh63/d002#1, fresh66/g008#1, fresh67/h020#1, "
        "fresh73/p002#1, fresh74/r005#1, fresh77/u012#1, fresh77/u025#1, fresh78/v006#3, fresh78/v017#1, "
        "fresh79/w020#1, fresh79/w022#1",
    ),
    "preparatory_steps_as_done": (
        "preparatory steps taken (a meeting, a visit, a request sent up) with the ask itself only vaguely "
        "promised, read as done",
        "fresh64/e001#1, fresh65/f008#1, fresh66/g008#3, fresh66/g013#1, fresh75/s009#1, fresh75/s017#2, "
        "fresh75/s029#1, fresh77/u016#1",
    ),
    "anchor_only_a_rule_followed": (
        "a vague promise whose only anchor is a document it will follow, a standing target or a general plan "
        "not said to hold the ask, read as a firm commitment",
        "fresh61/b016#1, fresh62/c002#1, fresh63/d014#1, fresh66/g001#1, fresh68/j002#1",
    ),
    "past_then_vague_next": (
        "general past work followed by a vague next step, read as done",
        "fresh60/a002#1, fresh63/d002#1, fresh65/f005#1, fresh67/h022#1, fresh69/k014#1",
    ),
    "continue_existing_practice": (
        "existing law or practice described with only a promise to keep to it, or the matter passed on, "
        "read as a vague plan",
        "fresh61/b030#1, fresh63/d003#1, fresh63/d005#1, fresh68/j011#1, fresh69/k007#1, fresh75/s003#1, "
        "fresh76/t006#1, "
        "fresh81/y014#1, fresh81/y027#4, fresh82/z016#1, fresh83/a002#1",
    ),
    "refusal_with_figures": (
        "a refusal for want of room, means or suitability whose reason is told with figures or places "
        "(or closed by a courtesy to keep looking), read as a plan or a part refusal",
        "fresh61/b024#1, fresh63/d006#1, fresh65/f026#1, fresh69/k006#1, fresh71/m004#1, fresh71/m006#1, "
        "fresh76/t009#1, fresh77/u020#1, fresh79/w006#1",
    ),
    "act_without_aspect": (
        "a concrete act on named things told without 已 or a date, read as intent",
        "fresh61/b003#1, fresh63/d020#1, fresh68/j005#2, fresh74/r010#1, fresh74/r029#1, fresh77/u003#1, "
        "fresh78/v005#1, fresh78/v006#1, fresh78/v006#4, "
        "fresh82/z010#2, fresh83/a012#1",
    ),
    # patterns 15 and 16: first seen in real-fresh-70..-79 (round t70)
    "named_unit_defined_action": (
        "a named unit set to a defined action (将督导X把清运增至两次, 将与Y联合把…送进学校, X会同Y对…依法拖移), "
        "read as vague intent (the rubric's named responsible unit with a defined action is adopted)",
        "fresh74/r021#2, fresh78/v005#2, fresh79/w021#1",
    ),
    "lead_unit_read_as_remit": (
        "由X牵头/负责/实施 naming who does or did the work (a step done, a defined plan, a conditional one), "
        "read as the ask being outside the unit's remit",
        "fresh73/p003#1, fresh74/r006#1, fresh75/s018#1, fresh75/s019#1, fresh77/u029#1, fresh79/w017#1, "
        "fresh81/y027#5, fresh83/a001#1",
    ),
    # pattern 17: first seen in real-fresh-80..-83 (round t80)
    "measures_taken_read_as_context": (
        "measures the unit says it took for the ask (从…方面做了工作: 一是…, 已开展以下工作, a named plan drafted "
        "and sent up), read as existing practice, another unit's work or a condition",
        "fresh81/y004#1, fresh81/y029#1, fresh81/y030#1, fresh82/z014#1",
    ),
}


class Case(NamedTuple):
    id: str
    pattern: str
    body: str
    hand: Rating  # the default rubric, by hand
    strict: Rating  # the strict rubric (a vague promise alone is explained), by hand
    why: str


CASES: list[Case] = [
    # --- refusal_beside_step
    Case("1a", "refusal_beside_step",
         "青禾桥改建须由省交通运输厅审批立项,我局无权自行决定。我局已将该桥作为危桥改造项目于今年3月报送市交通运输局,"
         "目前正在等待审核。",
         P, P, "not the unit's to decide, but it sent the project up: a step, not done nor committed"),
    Case("1b", "refusal_beside_step",
         "经核查,原拟建农贸市场选址涉及永久基本农田,不符合用地要求,不能在该处建设。我局已会同县自然资源局重新比选,"
         "初步将新址确定在石桥村以东,面积约20亩。",
         P, P, "the site asked for refused, a new one only chosen: the market is neither built nor committed"),
    Case("1c", "refusal_beside_step",
         "8路公交若改走新村方向,原线路上两处工业园区的通勤职工将要多换乘一次,故线路维持现状。今后我公司会根据居民的"
         "乘车情况,考虑以社区小巴接驳等办法,慢慢扩大公交服务范围。",
         P, E, "the route change refused, a vague alternative toward the need promised"),
    # round t70 (real-fresh-70..-79)
    Case("1d", "refusal_beside_step",
         "经测算,东门菜场若整体迁出城区需新征用地约40亩、投资2800万元,县财力无力承担,暂不实施整体搬迁。为缓解周边"
         "拥堵,我局已在菜场北侧划设临时泊位60个,早高峰安排协管员值守。",
         P, P, "the move asked for refused, an easing step of another kind done"),
    Case("1e", "refusal_beside_step",
         "经现场勘测,该处距上游路口仅180米,按规范不能再增设信号灯。今年4月,交警大队已在该处施划人行横道,"
         "设置减速带4道和提醒行人的标志。",
         P, P, "the light refused, an alternative done"),
    # round t80 (real-fresh-80..-83)
    Case("1f", "refusal_beside_step",
         "县城的荷花灯会自2015年停办后一直未恢复,主要是场地和安全保障条件不足。近几年,我局改为每年春节在滨江公园"
         "举办民俗游园活动,2026年元宵节还将在古城墙下安排一场非遗展演。",
         P, P, "the fair asked for not revived; other events held instead and one dated: an alternative, not the ask"),
    Case("1g", "refusal_beside_step",
         "乡村步道的照明设施不属于我局职责,应由各乡镇统一规划实施。我局将在明年步道提质工程设计中预留电缆管线,"
         "为后续安装灯具创造条件。",
         P, P, "the lights refused as not the unit's; a defined step of its own toward them"),
    Case("1h", "refusal_beside_step",
         "由于本轮交通建设资金主要投向县乡道提档升级,通往茶山村的新路暂未列入建设计划。我局可为镇里整合涉农资金修路提"
         "供设计和技术指导,待省里下达村道建设指标后,也将优先考虑该路。",
         P, P, "not in the plan now, but technical help offered and a conditional promise"),
    # --- existing_policy_as_done
    Case("2a", "existing_policy_as_done",
         "2019年,省教育厅印发《中小学劳动教育指导纲要》,明确各学段每周安排不少于1课时劳动教育。目前,全省中小学均已按"
         "纲要开设劳动教育课程。",
         E, E, "policy that already existed covers the ask; no new step"),
    Case("2b", "existing_policy_as_done",
         "目前,全县共有村级卫生室86家,均已配备乡村医生,每个行政村至少1名,基本满足群众就医需求。",
         E, E, "the state of things today, said to be enough; no new step"),
    Case("2c", "existing_policy_as_done",
         "自2016年起,省财政每年安排农村客运补贴资金1.2亿元,对开通行政村班线的企业按车公里给予补助,目前补贴已覆盖全部县区。",
         E, E, "a standing subsidy described; nothing done for this ask"),
    # round t70 (real-fresh-70..-79)
    Case("2d", "existing_policy_as_done",
         "2024年,省文化和旅游厅组织了第五批省级传统工艺项目评审,新认定省级项目118项、传承人205名。截至目前,"
         "全省共有省级传统工艺项目906项。",
         E, E, "a year's routine work of the department, general: no step toward the ask"),
    Case("2e", "existing_policy_as_done",
         "青川镇现有村级文化广场31个,每个行政村均建有农家书屋,全镇村级文化设施已实现全覆盖,各村均由1名村干部兼管。",
         E, E, "the state of things described; no new step"),
    Case("2f", "existing_policy_as_done",
         "1.2019—2023年争取上级补助资金共计312万元;\n2.2022—2023年县本级安排资金26.5万元。",
         E, E, "funding of past years listed; nothing new for this ask"),
    # round t80 (real-fresh-80..-83)
    Case("2g", "existing_policy_as_done",
         "2022年,市委办公室印发《全民科学素质提升行动实施方案(2022—2026年)》,将青少年科普纳入市级年度"
         "绩效考核,各区按方案每年举办科技活动周。",
         E, E, "a policy that already exists, described; no new step for the ask"),
    Case("2h", "existing_policy_as_done",
         "老旧小区人行道砖的日常修补由区市政养护所承担,养护所每年初编好全年修补计划并办理采购,3月起集中修补,"
         "零星破损随报随修。",
         E, E, "a standing routine of another unit described; nothing new"),
    Case("2i", "existing_policy_as_done",
         "按照省卫生健康委《儿童青少年近视防控工作方案》,我市明确到2027年中小学生总体近视率每年下降1个百分点,"
         "各校每天安排大课间活动不少于40分钟。",
         E, E, "the targets of an existing plan, not a step taken for the ask"),
    # --- directive_as_done
    Case("3a", "directive_as_done",
         "各乡镇中心校可采取教师跨校兼课、城区学校对口支援的方式,补足音乐、美术课程教师;同时可依托网络直播课堂,"
         "扩大优质课程覆盖面。",
         P, E, "measures on the ask said as what may be done: intent with no anchor"),
    Case("3b", "directive_as_done",
         "鼓励有条件的社区卫生服务中心组建健康讲师队伍,面向居民开展免费的慢病防治讲座。",
         P, E, "encouragement of others, nothing shown done, no anchor"),
    Case("3c", "directive_as_done",
         "严格落实河道日常保洁和巡查制度,坚持每日巡河、及时清理漂浮物,确保河面整洁。",
         E, E, "a standing routine restated: existing practice, no new step"),
    # round t70 (real-fresh-70..-79)
    Case("3d", "directive_as_done",
         "各物业服务企业要定期组织消防设施检查,加大楼道堆物、飞线充电的巡查频次,推动微型消防站配齐人员和器材。",
         P, E, "what others are to do, in the present tense: intent with no anchor"),
    Case("3e", "directive_as_done",
         "我们坚持保护为主的原则,立足文旅融合,进一步丰富古镇旅游的文化内涵,类似问题今后不会再出现。",
         P, E, "a principle and an assurance: vague intent, nothing done"),
    # round t80 (real-fresh-80..-83)
    Case("3f", "directive_as_done",
         "完善外卖骑手权益保障机制,推动平台企业与骑手协商确定计件单价和休息时间,建立劳动争议快速调处通道。",
         P, E, "what is to be done, in the present tense, no anchor: vague intent"),
    Case("3g", "directive_as_done",
         "县康复医院发挥专业作用,指导乡镇卫生院开设康复理疗室,鼓励社会力量兴办残疾儿童康复机构。",
         P, E, "a directive and encouragement, nothing shown done, no anchor"),
    Case("3h", "directive_as_done",
         "我局主动对接市网信办,加强与市场监管、税务等部门的协作,共同规范茶叶直播带货的价格和宣传行为。",
         P, E, "measures in the present tense with no anchor: intent, not done and not only existing practice"),
    # --- pilot_as_name
    Case("4a", "pilot_as_name",
         "2022年起,我市作为全省农村供水“县域统管”试点市,已将全市9个县区的农村供水工程全部纳入统一管理,专业管护队伍覆盖所有乡镇。",
         A, A, "done over the whole area; 试点 only names the programme it was done under"),
    Case("4b", "pilot_as_name",
         "全区246个行政村中已有243个村通光纤。剩下3个偏远村已被纳入省“乡村宽带提速”试点工程第五批名单,计划2026年底前"
         "完工,所有行政村都将接通光纤。",
         A, A, "nearly all done, the rest placed in a named programme with a date"),
    Case("4c", "pilot_as_name",
         "近年来,我局依托省“乡村宽带提速”试点工程,督促运营商累计新建4G基站3100个,全县行政村已全部有4G信号。",
         E, E, "general past work; nothing new for this ask"),
    # --- done_vague_rest_adopted
    Case("5a", "done_vague_rest_adopted",
         "今年以来,我局在城区新建污水管网4.2公里,完成投资560万元,柳塘、石门两个集镇的污水处理站已建成投运。下一步,"
         "我局将持续加强管网运行维护,巩固治理成效。",
         A, A, "the ask done with figures; the vague rest only keeps it up"),
    Case("5c", "done_vague_rest_adopted",
         "学校已制定实验室改造方案:分两期改造物理、化学、生物实验室共6间,2026年春季学期完成第一期,争取财政投入90万元。",
         A, A, "a plan with a date and figures"),
    Case("5d", "done_vague_rest_adopted",
         "今年,市财政安排专项资金800万元支持该县发展高山茶产业,已建成标准化茶园3个、茶叶加工厂1座。下一步,我们将研究"
         "制定进一步的扶持政策,推动茶产业提质增效。",
         A, A, "the support asked for given, with figures; the rest is a further vague aim"),
    # round t70 (real-fresh-70..-79)
    Case("5e", "done_vague_rest_adopted",
         "我委已协调公交公司为216路增加运力4台,高峰发车间隔由25分钟缩短至12分钟。下一步,我委将继续关注客流变化,"
         "适时优化线路。",
         A, A, "the service asked for added, with figures; the rest only keeps watch"),
    Case("5f", "done_vague_rest_adopted",
         "今年3月起,市城管局组织施工单位更换柏川路沿线路灯,截至目前已更换LED灯具420盏,亮灯率达到98%。今后,"
         "我局将进一步加强日常巡查养护。",
         A, A, "the lamps replaced, with figures; the vague rest is upkeep"),
    Case("5g", "done_vague_rest_adopted",
         "交警中队每天安排警力巡查槐花巷,今年以来查处违法停车180余起,并在巷口增设禁停标志5块。下一步,我们将继续"
         "加强巡查,常态化整治违停。",
         A, A, "the parking on the lane dealt with, with figures; the rest keeps it up"),
    # round t80 (real-fresh-80..-83)
    Case("5h", "done_vague_rest_adopted",
         "提案所提3路公交延伸至青塘镇一事,我局已于今年5月完成,新增车辆4台,日均客流约900人次。"
         "今后我局将根据客流情况,逐步优化发车班次。",
         A, A, "the extension asked for done, with figures; the vague rest is upkeep"),
    Case("5i", "done_vague_rest_adopted",
         "区残联今年已联系6家企业为残疾人提供居家手工岗位85个,并组织两期技能培训。下一步将积极探索更多适合残疾人的"
         "居家就业方式,逐步扩大就业规模。",
         A, A, "the jobs asked for provided, with figures; the rest is a further vague aim"),
    Case("5j", "done_vague_rest_adopted",
         "年初我局将青石路改建列入年度计划,落实资金210万元,7月已完成全长1.8公里的改建。为进一步方便出行,"
         "我局正谋划其东延段改建,待上级计划下达后尽快实施。",
         A, A, "the road asked for rebuilt; the further section is an extra, conditional"),
    # --- placed_in_named_plan
    Case("6a", "placed_in_named_plan",
         "该河段综合治理工程已列入《岚溪县“十四五”水利发展规划》。因投资较大,县级财力难以承担,下一步,县水务局将积极"
         "争取上级资金,多渠道申报立项。",
         A, A, "the rubric's 已纳入《…规划》: a named plan holds the ask"),
    Case("6b", "placed_in_named_plan",
         "经实地测量,我乡已形成该进村道路硬化初步设计,并已将其列入全县2026年农村公路建设项目库,力争2026年内完成硬化。",
         A, A, "placed in a year's project list, with a year to finish"),
    Case("6c", "placed_in_named_plan",
         "石坪老街危旧房已纳入2026年至2027年棚户区改造计划,具体征收时间以县政府发布的征收决定为准。",
         A, A, "placed in a plan with its years"),
    # --- firm_plan_awaiting_approval
    Case("7a", "firm_plan_awaiting_approval",
         "该卫生院改造项目已完成立项和申报,总投资3600万元,待省发展改革委批复后即开工建设。",
         A, A, "a decided project with its budget; the wait is a named approval"),
    Case("7b", "firm_plan_awaiting_approval",
         "经县政府常务会议定,待县人民医院明年迁入新址后,老住院楼即交县妇幼保健院使用,改造方案和预算正在编制。",
         A, A, "decided by the county; the wait is a named event"),
    Case("7c", "firm_plan_awaiting_approval",
         "路口拓宽设计方案已委托市交通规划设计院编制,待方案通过财政评审后组织招标,预计2026年下半年开工。",
         A, A, "design under way, a date to start"),
    # round t70 (real-fresh-70..-79)
    Case("7d", "firm_plan_awaiting_approval",
         "该路口信号灯建设方案已经县交通安全委员会审定,目前正在办理招标手续,预计2026年9月底前建成使用。",
         A, A, "a plan approved, tendering, a date to finish"),
    Case("7e", "firm_plan_awaiting_approval",
         "《云岗港避风锚地建设项目可研报告》已由我市编制完成,海域使用论证和环评正在进行,待省发展改革委核准后开工。",
         A, A, "a named study done, the approval steps under way; the wait is a named approval"),
    # --- part_done_part_open
    Case("8a", "part_done_part_open",
         "班主任津贴已于今年1月起按每月300元标准发放到位。关于年级组长津贴,目前尚无相应政策依据,我局将开展调研,"
         "适时向区政府提出建议。",
         P, P, "one part done, the other left open"),
    Case("8b", "part_done_part_open",
         "前往邻国口岸的一日游线路已获批开通;另一条跨境旅游线路的开通申请已上报,正在等待自治区文化和旅游厅审批。",
         P, P, "one part done, the other pending"),
    # round t70 (real-fresh-70..-79)
    Case("8c", "part_done_part_open",
         "我局已在城区主干道新装路灯160盏。城郊三个村的路灯增设,目前正在勘查制定方案,将逐步安装。",
         P, P, "the town's part done, the villages' part only vaguely planned"),
    Case("8d", "part_done_part_open",
         "临街楼体外墙的空鼓瓷砖,社区已组织人员清除。外墙整体翻新将争取排进明年的老旧小区改造计划。",
         P, P, "the danger removed, the repair asked for only hoped for"),
    # --- preparatory_steps_as_done
    Case("9a", "preparatory_steps_as_done",
         "收到提案后,我局于4月组织文旅、财政部门召开协调会,研究原剧院改建为市民文化中心事宜,并已向市政府报送请示。"
         "下一步,我局将按照市政府批示,积极协调相关部门推进改建工作。",
         P, P, "steps toward the ask taken, the ask itself only vaguely promised"),
    Case("9b", "preparatory_steps_as_done",
         "5月12日,我局会同镇政府到老街与代表现场沟通,了解具体诉求。下步将积极邀请专家论证,指导老街历史风貌保护利用。",
         P, P, "a visit made, the ask only vaguely promised"),
    # round t70 (real-fresh-70..-79)
    Case("9c", "preparatory_steps_as_done",
         "我中心已与县财政局、县交通集团多次对接,并对松陵渡口70岁以上乘客开展摸底,去年约1.6万人次。下步将会同"
         "相关单位研究免费乘渡方案,力争早日实现。",
         P, P, "meetings and a count done, the free passage itself only vaguely promised"),
    Case("9d", "preparatory_steps_as_done",
         "近期我局会同公交公司到现场查看,因新华路尚未贯通、桥北路段路面狭窄,暂不具备开通公交的条件。我局将持续关注"
         "道路建设进度,适时优化调整线路。",
         P, E, "a visit made, the route put off until the road allows: a conditional, vague promise"),
    # --- anchor_only_a_rule_followed
    Case("10a", "anchor_only_a_rule_followed",
         "我局会对照《岚州市中小学校医配置办法》,尽快为各校配齐校医。",
         P, E, "the document is a rule followed, not a plan; 尽快 is no date"),
    Case("10b", "anchor_only_a_rule_followed",
         "对区管道路,我们将加大巡查力度,发现破损及时修补,确保道路完好率保持在95%以上。",
         P, E, "a standing target is no anchor for a step"),
    Case("10c", "anchor_only_a_rule_followed",
         "我局正组织编制《岚溪县2026—2035年高标准农田建设规划》,预计2026年底出台,届时全县高标准农田建设将依据该规划推进。",
         P, P, "a county-wide plan not said to hold the ask"),
    # --- past_then_vague_next
    Case("11a", "past_then_vague_next",
         "近年来,我厅每年都安排大量资金用于灌区改造,“十四五”以来全省改造灌区120处、投入68亿元。今后,我厅还会"
         "向交界地区的乡镇多倾斜一些水利资金。",
         P, E, "past work is context; what is left for the ask is vague"),
    Case("11b", "past_then_vague_next",
         "多年来,我局每年春秋两季都集中清理学校门口的流动摊点,效果明显。今后,我们会和公安、城管一道,"
         "把校门口的环境管得更好。",
         P, E, "past work is context; what is left for the ask is vague"),
    # --- continue_existing_practice
    Case("12a", "continue_existing_practice",
         "根据《城镇燃气管理条例》,燃气经营企业须每年对用户设施至少入户安检一次,我局每季度对企业履职情况开展检查。今后,"
         "我局将继续严格按照条例要求加强监管。",
         E, E, "existing rules and practice; keeping to them is no new step"),
    Case("12b", "continue_existing_practice",
         "在偏远乡镇建设人才公寓需全县统筹考虑。我们将把相关情况和建议提交县人才工作领导小组研究。",
         E, E, "the matter passed on"),
    Case("12c", "continue_existing_practice",
         "现行《畜禽屠宰管理条例》已明确定点屠宰厂的设立条件和审批程序,合作社可按规定申请设立或委托附近屠宰厂宰杀。"
         "下一步,我部将继续指导各地规范屠宰活动管理。",
         E, E, "existing rules described; continuing to guide is no new step"),
    # round t70 (real-fresh-70..-79)
    Case("12d", "continue_existing_practice",
         "按照职责分工,我局只负责该市场的规划监管,搬迁审批不属我局职权。市场方办齐规划许可后,我局会积极协助搬迁。",
         E, E, "outside the unit's remit; cooperation is a courtesy"),
    Case("12e", "continue_existing_practice",
         "所提青湾至河口航道尚未列入省级水运规划,建议所在市加强前期论证,争取列入省级规划,我厅将按职责给予指导。",
         E, E, "not in the plan; the matter passed back to the city"),
    # round t80 (real-fresh-80..-83)
    Case("12f", "continue_existing_practice",
         "该段人行道属市政道路,维修由市市政工程处负责,不在街道职责范围内。我街道将主动与市政工程处对接,"
         "配合做好施工期间的秩序维护。",
         E, E, "outside the unit's remit; liaising and helping are courtesy"),
    Case("12g", "continue_existing_practice",
         "乡村医生养老补助标准由省里统一制定,县里无权调整。我局将把您的意见及时向上级部门反映,并继续落实好现有补助政"
         "策。",
         E, E, "not the unit's to change; the view passed up, existing policy kept"),
    Case("12h", "continue_existing_practice",
         "该桥加宽项目曾由我局申报年度投资计划,因资金未落实未获安排。按新一轮路网调整,该桥已划归镇管,"
         "我局将配合镇政府争取将其列入镇级建设项目。",
         E, E, "no longer the unit's; the matter passed to the town, support is a courtesy"),
    # --- refusal_with_figures
    Case("13a", "refusal_with_figures",
         "望江路枢纽站占地约5200平方米,现有4条公交线路27台车辆进出,站内已接近饱和。为避免造成周边道路拥堵,不宜将城乡"
         "班线迁入该站。",
         E, E, "not feasible, the reason in figures"),
    Case("13b", "refusal_with_figures",
         "所提山脊处在森林公园核心保护区,山势陡峭,不能修建防火通道。我局会继续到周边查看,看看别处有无适合开设阻隔带的"
         "地方。",
         E, E, "not allowed there; the search elsewhere is a courtesy"),
    Case("13c", "refusal_with_figures",
         "婚姻登记处搬进政务大厅后只分到两间办公用房,腾不出地方让医院设置婚检室。",
         E, E, "no room: not feasible"),
    # round t70 (real-fresh-70..-79)
    Case("13d", "refusal_with_figures",
         "该道路已于2020年享受过林区道路维修补助,按现行政策不能再次补助;上级补助标准仅为每公里3万元,难以支撑路面"
         "硬化。今后我局将尽力争取其他渠道资金。",
         E, E, "not allowed and no means, told with figures; the last line is a courtesy"),
    Case("13e", "refusal_with_figures",
         "柳溪路为乡道,全长1.6公里,技术等级和交通量均不符合升为县道的标准。下阶段我局将结合区域路网,进一步研究该片区"
         "线位规划。",
         E, E, "does not meet the standard; the study is a courtesy"),
    Case("13f", "refusal_with_figures",
         "该小区保洁由物业公司负责,环卫公司不能在小区内设置垃圾桶。我中心已多次与物业沟通,物业未同意增设。我中心将"
         "督促环卫公司做好街面日常保洁。",
         E, E, "not the unit's to do; the street cleaning is its standing work"),
    # --- act_without_aspect
    Case("14a", "act_without_aspect",
         "市公安交管部门及时在青石路与柳岸街交叉口、镇区主要路口设置移动信号灯,并在国道穿村路段增设警示灯12处。",
         A, A, "a concrete act on named places, told as done"),
    Case("14b", "act_without_aspect",
         "以镇综治中心为依托,设立矛盾调解大厅,从司法所、派出所、信访办抽调人员常驻值守,环保、住建等部门派员轮值。",
         A, A, "a concrete act on a named thing, told as done"),
    Case("14c", "act_without_aspect",
         "为补足乡村学校师资,县里降低了乡村岗位的报考门槛,面向社会招录并返聘退休教师,今年给乡村学校新增了一批"
         "音乐、体育、美术教师。",
         A, A, "teachers recruited: done"),
    # round t70 (real-fresh-70..-79)
    Case("14d", "act_without_aspect",
         "针对该路段保洁不到位的问题,区环卫所在原有人员基础上增派保洁员2名,延长保洁时间至晚8时,并将清扫频次由每日"
         "两次增至四次。",
         A, A, "more cleaners and rounds on the road asked about, told as done"),
    Case("14e", "act_without_aspect",
         "我局组织执法人员在水库沿岸拉挂横幅、巡回宣传,并在库区显著位置设立警示牌15块。",
         A, A, "signs set up and publicity made, told as done"),
    # round t80 (real-fresh-80..-83)
    Case("14f", "act_without_aspect",
         "我县开展首批乡村创业导师选聘,聘请40名企业家和技术人员组成导师团,依托县创业孵化基地为返乡青年提供一对一指"
         "导。",
         A, A, "the mentoring asked for set up with figures, told as done"),
    Case("14g", "act_without_aspect",
         "为改善集镇面貌,镇里现正做四件事:一是由镇长牵头组建集镇建设专班;二是引进规划专业人员3名;"
         "三是安排专项经费60万元;四是完成主街排水沟清淤和绿化,年底前全部完工。",
         A, A, "work under way with figures and a date"),
    # --- named_unit_defined_action (round t70)
    Case("15a", "named_unit_defined_action",
         "该路段清雪由市环卫中心负责,市城管执法局将督促该中心把积雪清运由每日一次增至两次,确保路面通畅。",
         A, A, "a named unit set to a defined action on the ask"),
    Case("15b", "named_unit_defined_action",
         "我站已在湿地周边安装宣传牌8块。下一步将与县教育局联合,把野生鸟类保护课送进全县12所小学。",
         A, A, "signs done, and a defined act with a named partner and a figure"),
    Case("15c", "named_unit_defined_action",
         "城管局将会同交警大队对小区周边占道停车开展联合整治,对拒不驶离的车辆依法拖移。",
         A, A, "named units with a defined action"),
    Case("15d", "named_unit_defined_action",
         "该段道路清雪由区环卫所负责。区城管局将督促环卫所增加积雪外运的频次,确保道路畅通。下步,区清雪办将联合区督查室"
         "加大督导力度。",
         A, A, "a named unit set to a defined action; the rest is oversight"),
    # --- lead_unit_read_as_remit (round t70)
    Case("16a", "lead_unit_read_as_remit",
         "经区政府协调会议定,由区电信公司牵头,联通、移动公司配合,对柳巷口两根倾斜的旧线杆进行拆除更换,目前已全部完成。",
         A, A, "the poles replaced: done; 由…牵头 names who did it"),
    Case("16b", "lead_unit_read_as_remit",
         "会议决定由石岭镇政府牵头制订路口交通疏解方案:取消左转改为右转,并在前方路口增设掉头车道。所需资金镇里正在"
         "向区财政申请。",
         A, A, "a named unit with a defined plan; 由…牵头 is no remit"),
    Case("16c", "lead_unit_read_as_remit",
         "按照市政府实施方案,农村客运线路由各县区负责收购。待县政府收回东片四个乡镇的线路经营权后,我局将按照"
         "《全市公交线网优化方案》新开通城东站至新城医院线路。",
         P, P, "the unit's own step, on a condition: a conditional promise, not a remit"),
    # round t80 (real-fresh-80..-83)
    Case("16d", "lead_unit_read_as_remit",
         "经研究,该片区新建支路需由镇政府报市政府审批,市自然资源局将把新建支路纳入片区控制性详细规划;"
         "市政府批复后,市住建局拟将其列入明年建设计划。",
         P, P, "named units with steps, the building waiting on an approval: a conditional promise, not a remit"),
    Case("16e", "lead_unit_read_as_remit",
         "该路段由市交通局建设,目前尚未竣工验收和移交,交警部门暂不能在路口增设信号设施。待工程验收合格并移交后,"
         "交警大队将按规范设置信号灯。",
         P, P, "the lights put off to a named event, then a defined act: a conditional promise"),
    # --- measures_taken_read_as_context (round t80)
    Case("17a", "measures_taken_read_as_context",
         "结合您的建议,我局从三个方面做了工作:一是严格电动三轮车登记,对符合国家标准的车辆予以登记上牌;"
         "二是加大路面查处力度,今年查处无牌上路、违法载人等行为2300余起;三是组织民警进村入户开展交通安全宣传。",
         A, A, "measures taken for the ask, with a figure: done"),
    Case("17b", "measures_taken_read_as_context",
         "我队草拟了《柳江县低速电动车专项整治方案》,已报县政府审定。在此之前,我队已开展以下工作:一是将低速电动车纳"
         "入路面专项整治;二是向全县经销商发放告知书,禁止销售无目录车型。",
         A, A, "a named plan drafted and sent up, measures already taken: done"),
    Case("17c", "measures_taken_read_as_context",
         "按照市政府要求,我局制定了《城区共享单车停放管理规范》,对投放数量和停放区域作出规定。同时采取多项措施:一是"
         "专题向市政府汇报请示,协调城管、交警共同划定停放点位;二是细化并提高乱停乱放的处罚标准。",
         A, A, "a named rule issued and measures taken for the ask: done"),
]

# the cases the shipped hint (default rubric) misreads today, run after the hand ratings were written: with
# the blend, 25 of 39 (1a and 1b the rules alone read right, partially and refused_in_part, and the model
# overturned). Round h70 (the combiner, trained on real-fresh-60..-69, the collections these patterns were read
# from, so this is no unseen measure) reads 1c, 2b, 3b, 4a, 7b, 7c, 13a and 13c right and 11a wrong: 18 of 39.
# Round t70 added the misses of real-fresh-70..-79: 30 cases (1d..16c), their hand ratings written before the
# shipped hint (h70's combiner, at 3320a8e) was run on them; it reads 17 of the 30 right and misreads 13 (the
# second line below). Over all 69 cases it reads 38 right.
# Round t80 added the misses of real-fresh-80..-83: 22 cases (1f..17c), their hand ratings written before the
# shipped hint (the same combiner, at 0db06ef) was run on them; it reads 7 of the 22 right (1h, 3h, 12f, 12g, 14f,
# 14g, 17b) and misreads 15 (the third line below). Over all 91 cases it reads 45 right.
KNOWN_MISSES: set[str] = {
    "1a", "1b", "2a", "2c", "3a", "3c", "4c", "6a",
    "5d", "7a", "8b", "10b", "10c", "11a", "12a", "12b", "13b", "14b",
    "1d", "1e", "2d", "2f", "3d", "5e", "7e", "8d", "9d", "13d", "13e", "15d", "16c",
    "1f", "1g", "2g", "2h", "2i", "3f", "3g", "5h", "5i", "5j", "12h", "16d", "16e", "17a", "17c",
}


def _param(case: Case):
    if case.id not in KNOWN_MISSES:
        return pytest.param(case, id=case.id)
    what, real = PATTERNS[case.pattern]
    reason = f"known miss: {what}; real cases: {real}"
    return pytest.param(case, id=case.id, marks=pytest.mark.xfail(strict=True, reason=reason))


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_the_hint_reads_a_known_miss_pattern_as_the_rubric_does(case: Case) -> None:
    reply = reply_with(case.body)
    hint = suggest_rating(reply, reply.suggestions[0])
    got = hint.rating if hint is not None else None
    assert got == case.hand, f"{case.pattern}: {case.why} (hint {got}, path {getattr(hint, 'path', None)})"


def test_every_case_names_a_kept_pattern_and_every_pattern_has_two_cases() -> None:
    assert len({c.id for c in CASES}) == len(CASES)
    assert {c.pattern for c in CASES} == set(PATTERNS)
    for key in PATTERNS:
        assert sum(c.pattern == key for c in CASES) >= 2, key
    assert KNOWN_MISSES.issubset(c.id for c in CASES)
    # a kept pattern recurs in at least two collections
    for key, (_what, real) in PATTERNS.items():
        collections = {k.split("/")[0] for k in real.split(", ")}
        assert len(collections) >= 2, key
