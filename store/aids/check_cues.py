"""Phrases only the quality checks (cppcc_review.store.aids.checks) look for, kept as data.

Apart from cppcc_review.store.aids.cues on purpose: the cues of the suggested ratings are frozen while a
fresh evaluation batch is measured (fixtures/evaluation-split.yaml); the checks can be
tuned without touching them. The same rules hold: linear-time fragments, no capturing
groups, the reason for each beside it.
"""

from __future__ import annotations

from .cues import CLAUSE_GAP, GAP

# --- vague commitments --------------------------------------------------------------
# Verbs that commit to nothing checkable when they stand alone (cppcc_review.store.aids.checks).
VAGUE_VERBS: tuple[str, ...] = (
    r"研究(?!报告)",  # (not 可行性研究报告: the name of a document, no promise to study)
    r"探索",
    r"推动(?!作用)",  # (积极推动作用: an effect, since k35)
    r"积极(?!的?(?:推动|促进|示范|引导|带动)?(?:作用|意义|影响|效果))",  # (not an effect: 起到积极推动作用)
    r"加强",
    r"争取",
    r"关注",
    r"协调",
    r"适时",
    r"考虑",
    # (not an adjective of the goal: 建成功能更完善的图书馆, 更加完善、…的服务体系)
    r"(?<!更)(?<!更加)(?<!较为)(?<!日趋)(?<!日益)完善(?![的、,，])",
    r"加大" + GAP + r"力度",
    # urging others to go faster or do well, and having experts review a scheme, commit to no result (将督促施工
    # 单位加快进度, 组织专家论证…方案). Not urging a defined duty (督促东港镇落实日常维护责任,定期排查…), nor a
    # review as the next stage of work under way (已…开展前期勘察…,下一步将进一步论证修复方案后组织实施), nor a
    # 论证报告 (a document)
    r"督促(?=[^。；;，,！!？?\n]{0,16}?(?:加快|尽快|加强|做好|抓紧|配合|推进|推动))",
    r"(?:(?<=专家)|(?<=专家进行)|(?<=专家组))论证(?!报告)",
)

# --- stated counts ------------------------------------------------------------------
# "着力推进三方面工作", "采取四项措施", "从以下五个方面": a count the text commits to.
# The numeral is captured by the checker; 一 is left out (一项重要工作 is no list).
COUNT_NUMERALS = "两二三四五六七八九十"
COUNT_UNITS: tuple[str, ...] = ("个方面", "方面", "项", "点", "条", "个")
# After the unit, what may follow so the phrase reads as a list announcement.
COUNT_NOUNS: tuple[str, ...] = (
    "工作",
    "措施",
    "举措",
    "建议",
    "任务",
    "重点",
    "内容",
    "问题",
    "意见",
    "机制",
    "办法",
    "途径",
    "方式",
    "原则",
    "要求",
    "目标",
    "制度",
)
# 条 / 项 / 点 followed by any other noun count things (全镇共有10条乡道、4条村道: roads), not
# the points of a list: the noun must be one of COUNT_NOUNS within this many characters
# (三项有力措施), or no noun follow at all (主要有三点:).
COUNT_NOUN_WITHIN = 4
THING_COUNT_UNITS: tuple[str, ...] = ("条", "项", "点")




# --- named targets ------------------------------------------------------------------
# A plan that names where or what exactly (在塔峪镇中心小学…, 创建3A级旅游景区) can be
# checked, even without a date or a figure: vague_response does not fire on it.
CONCRETE_TARGETS: tuple[str, ...] = (
    r"在[\u4e00-\u9fff]{2,12}(?:小学|中学|学校|幼儿园|医院|卫生院|公园|广场|路|街|村|镇|乡|社区|站)",
    r"[1-5]A级?(?:旅游)?景区",
    # a programme or project named in quotation marks, its kind inside them (实施“一村一名大学生村医
    # 提升计划”; the rules' named_policy wants the kind after the closing mark: “四好农村路”工程)
    # (not a list of ways closed by 等 in quotation marks: “贷款、股权合作等多元化融资模式” names no one programme)
    r"[“「\"](?![^“”「」\"\n]{0,30}?、[^“”「」\"\n]{0,30}?等)[^“”「」\"\n]{2,30}"
    r"(?:计划|工程|行动|项目|规划|方案|示范|试点|模式|工作法)[”」\"]",
    # the unit's own people set to a defined repair of the thing (组织人员对该裂缝加固处理, 组织施工
    # 人员对两处裂缝进行灌浆加固): checkable on the spot
    r"组织[^。；;，,\n]{0,8}(?:人员|力量|队伍|施工队)对[^。；;\n]{1,20}?(?:加固|修缮|维修|修复|硬化|清淤|铺设|安装|更换|拆除)",
    # a defined act on a named thing (安装安全警示牌和隔离网, 增设减速带, 依法暂扣…车辆): checkable on the spot
    # (not a noun phrase: 您提出加装高护栏的建议, 按照…安装景观护栏的统一要求)
    r"(?:安装|设置|增设|加装|更换)[^。；;，,的\n]{0,8}(?:警示牌|警示标志|隔离网|隔离栏|护栏|路灯|标志牌|标牌|减速带|信号灯|监控)(?!的)",
    r"依法(?:暂扣|查处|拆除|取缔|清理)",
    # a plan sent to a named government for approval (将进一步完善具体内容,报市人民政府审查通过发布): whether it was sent
    # and issued can be checked
    r"报(?:请)?(?:省|市|州|县|区|自治区)(?:人民)?政府(?:审查|审批|审定|批准|同意)",
    # a works being built (目前正在修建犬只收容所,建成后,将对…集中收容): checkable, and what it will do once built is the
    # plan (not 将积极谋划…设施建设: nothing under way)
    r"正在(?:修建|建设|新建|施工建设)[^。；;，,\n]{2,20}?(?:所|厂|站|馆|院|中心|场|园|桥|工程|项目)",
    # a review of a named thing by a procedure whose steps are named in quotation marks (通过“资料评审、现场核查、综合评估、
    # 社会公示”方式对…基地进行标准审核): whether the review was held can be checked (not 通过多种方式对…进行指导)
    r"通过[“「\"][^“”「」\"\n]{4,40}[”」\"]的?(?:方式|程序|流程|办法)对[^。；;，,\n]{2,20}?进行[^。；;，,\n]{0,4}"
    r"(?:审核|评审|验收|评估|认定|考核|审查)",
    # a defined treatment of named things with a named material (对县城区所有行道树树坑都用碎石进行覆盖): checkable on the
    # spot (not 对…树池进行综合整治: no material, no work named)
    r"对[^。；;，,\n]{2,24}?(?:都|统一|全部|均)?(?:用|采用)[^。；;，,\n]{1,10}?进行(?:覆盖|铺设|铺装|硬化|填充|加固|修复)",
    # a defined act on named things (下步将对县级文保单位配备文保员; 创建自治区级巴什拜羊繁育中心, as 创建3A景区; 组织县电信、
    # 移动、联通和铁塔公司实地查勘): who is posted where, what centre of what level, which parties survey on the spot.
    # (Not 配齐配强…力量, 创建特色品牌, 协调…推动信号覆盖: no post, no level, no survey.)
    r"(?:对|为|给)[^。；;，,\n]{2,16}?配备(?:专职|专门|专业)?[\u4e00-\u9fff]{0,4}(?:员|人员)",
    r"创建[^。；;，,\n]{0,4}(?:国家|省|自治区|市|州|县)级[^。；;，,\n]{1,16}?(?:中心|基地|示范区|园区|景区)",
    r"组织[^。；;\n]{0,30}?(?:公司|单位|部门)[^。；;，,\n]{0,10}?(?:实地|现场)(?:查勘|勘察|踏勘|勘查)",
    # a census and the filing of what it finds (开展…历史建筑普查,对普查确认的东街关帝庙、南门钟楼…登记建档,挂牌
    # 保护): whether the list was made can be checked
    r"(?:普查|摸底调查|摸底排查)[^。；;\n]{0,40}?(?:登记建档|建档|登记造册|建立档案|挂牌保护|列入名录|公布名录)",
    # a plan dated by a five-year plan's period (将在“十五五”期间…作为重点项目), as a year dates it
    r"[“「\"]?十[一二三四五六七八九]五[”」\"]?(?:期间|时期|初|末)",
    # a project sent up to a named unit (下一步组织项目审查并上报省水利厅): whether it was sent can be checked (not
    # money sought from one, 积极向省水利厅争取资金: no act of the unit's own)
    # (a unit, not 上报市级部门 / 上报省有关部门)
    r"(?:上报|报送|报请|呈报)(?:至|给)?(?:省|市|州|县|区|自治区|国家)[\u4e00-\u9fff]{1,10}?(?:厅|局|委员会|委|部)(?!门)",
    # a defined act on a named benefit (对于城关籍以外学生,将…取消其寄宿生生活补助): whether it stopped can be checked
    # (not a study of one: 积极研究恢复…补贴)
    r"(?<!研究)(?<!考虑)(?<!探索)(?<!争取)(?:取消|停止|暂停|恢复)[^。；;，,\n]{0,10}?(?:补助|补贴|津贴|资格|待遇)",
    # a standing act on a named thing when it is found wanting (一旦发现分类果皮箱缺失或破损,将立即进行新增或维护); not a
    # vague one (一旦发现问题,将积极协调…解决)
    r"一旦发现[^。；;，,\n]{1,24}[，,](?:将|即|并)?立即(?:进行|组织|予以)?(?:新增|增补|补齐|补设|维护|维修|修复|更换|清理|清运|拆除|查处)",
)

# A project whose next stage is under way (…污水主干管建设,目前正在进行勘察设计 / 正在招标), or named as the
# next step (住建局将组织开展勘察设计): a stage that can be checked, anywhere in the plan's sentence. (Not a
# feasibility study to come: 将进行可行性研究 promises a study.)
UNDER_WAY: tuple[str, ...] = (
    # (the project or work named between: 正在进行工程可行性研究报告修编, 正在开展项目初步设计)
    r"(?:正在|已(?:经)?(?:启动|开展|进入))(?:进行|开展|组织)?(?:项目|工程)?(?:勘察设计|勘察|初步设计|施工图设计|可研|可行性研究|招标|施工)",
    r"将(?:组织)?(?:开展|进行|启动)?(?:勘察设计|初步设计|施工图设计|工程招标|招标采购)",
    # the design done or its review next (教学综合楼已完成施工图设计,正准备进行图纸审查): the project is under way
    r"(?:已(?:经)?完成|正准备|正在)(?:进行|开展|组织)?(?:项目|工程)?(?:施工图设计|图纸设计|初步设计|勘察设计|图纸审查|施工图审查)",
)

# The project asked for already decided on, anywhere in the answer before its plan: approved (审定通过,
# 完成立项, 已获批复) or sent up for approval (已经报国家审批). The plan that follows (积极争取早日落地, 跟进审批进度)
# is the next stage of that project, checkable by it, as a project under way is (UNDER_WAY); not a vague
# promise. (Not a project only placed in a named plan, 已纳入省“十四五”…规划: its vague next step was judged a
# real vague_response on r037 and f003, and a false one on w017; the judges differ, the finding stays.)
PLACED: tuple[str, ...] = (
    r"已(?:经)?(?:上)?报(?:送)?[^。；;，,\n]{0,12}(?:审批|批复|审定|核准)",
    r"(?:审定|审批|评审)通过|(?:完成|通过)(?:项目)?立项|已(?:经)?(?:获[^。；;，,\n]{0,12}?)?(?:批复|核准|批准)",
    # 立项 among the preliminary steps reported finished (可研、立项、初设审批、环评备案等前期工作已经完成), as 完成立项
    # (not 可研、立项等前期工作尚未启动 / 正在开展)
    r"立项[^。；;\n]{0,40}?等(?:前期)?工作(?:均|都|已经|已){1,2}完成",
    # the places asked about already inside a named national programme (青山县、石门县已纳入国家乡村振兴重点帮扶县
    # 名单): the plan is that programme's next stage. (Not a plan, 规划, nor a provincial one: 已纳入省“十四五”…规划
    # stays, as above.)
    r"已(?:经)?(?:纳入|列入|入选|被列为|被确定为|确定为)[^。；;，,\n规]{0,4}(?:国家|全国|中央)[^。；;，,\n规]{0,20}?"
    r"(?:试点|示范|名单|重点县|帮扶县)",
    # …or the national list named first, then the place chosen onto it (国家发改委…印发《第五批国家区域医疗中心项目名单》,
    # …咸宁医院成功入选). (Not a province's list, 《湖北省…名单》: as above.)
    r"《[^》\n]{0,6}(?:国家|全国)[^》\n]{0,24}名单》[^。；;\n]{0,40}?(?:成功|已(?:经)?)(?:入选|列入|纳入)",
)

# A works named with its size in the plan's sentence (清溪河右岸堤防加固工程全长2.6公里,我局将积极争取…资金): the plan
# is for a works defined enough to be checked, wherever the size stands in the sentence or after it. (Not a figure of money
# spent, 投入资金300万元: the size is the works' own, after a word of size.)
WORKS_OF_SIZE: tuple[str, ...] = (
    r"(?:工程|项目|泵站|水库|大桥|桥梁|堤防|公路|道路|管网|水厂|污水处理厂)[^。；;，,\n]{0,6}?"
    r"(?:全长|总长|长约|长度|建设规模|设计规模|规模|面积|占地|库容|容量|宽)(?:为|约|达)?"
    r"[0-9０-９]+(?:[.．][0-9０-９]+)?\s?(?:公里|千米|米|平方米|万平方米|亩|立方米|万立方米|吨|千瓦|个泊位|张床位|个车位)",
)

# An application to a named unit for the project's approval in the plan's sentence (林场抓紧向县发展和改革局申请立项,待
# 投资计划下达后,…): whether it was made can be checked, as a conditional act by named parties (not 积极争取上级支持,尽快
# 推动…立项: no unit, no act).
APPLICATIONS: tuple[str, ...] = (
    r"向(?:省|市|州|县|区|自治区|国家)[\u4e00-\u9fff]{1,12}?(?:厅|局|委员会|委|部)(?!门)申请(?:立项|审批|批复)",
    # the approval of a named project to be prepared (since k35: 县政府将积极做好雷锋小镇立项工作): a defined act
    r"做好[\u4e00-\u9fff“”]{2,16}?立项",
)

# A plan that says it follows a named document of the same sentence (since k35: 会上发布了…《…实施方案》的通知,
# 根据文件要求,今后将大力推进…): the document is the plan's anchor.
FOLLOWS_NAMED_DOCUMENT: tuple[str, ...] = (
    r"《[^《》]{4,60}》[^。;；\n]{0,30}?(?:根据|按照|依据)(?:该|上述|此|文件|方案|规划|意见|通知)+(?:的)?(?:要求|部署|安排)",
)

# A conditional act by named parties (待县供电公司完成线路迁改后,县公路事业发展中心将…组织拓宽施工): who meets the
# condition, by what act, and who acts then can be checked. (Not 待条件成熟后,我局将积极研究…: no party, no act.)
_PARTY = r"(?:公司|集团|局|委|办|中心|政府|村委会|居委会|村民委员会|街道|管委会|站|所)"
CONDITIONAL_ACTS: tuple[str, ...] = (
    r"(?:待|如|若|一旦)[^。；;，,\n]{0,12}?" + _PARTY + r"[^。；;，,\n]{0,12}?"
    r"(?:完成|同意|办妥|签订|移交|腾退|迁改|交付|验收)[^。；;，,\n]{0,12}?后?[，,][^。；;，,\n]{0,16}?" + _PARTY
    + r"(?:将|即|再|负责|立即)",
    # a repair when named works end (待高速公路建设结束后对损毁路面进行修复): the works and the thing repaired can be
    # checked. (Not 待条件成熟后对破损路面进行修复: no works named, only "conditions".)
    r"待[^。；;，,\n]{0,12}?(?:工程|建设|施工|项目)(?:结束|完成|竣工|完工)(?:以后|之后|后)[，,]?"
    r"对[^。；;，,\n]{1,12}?进行(?:修复|维修|修缮|恢复)",
)

# A plan for a figure in a named year, wherever it stands in the answer (预计2023年我市改造老旧管网159公里, then a 下一步
# paragraph of slogans): the answer names something checkable for the future. (Not work done: 2022年我市改造…80公里.)
FORECAST_CUES: tuple[str, ...] = (r"预计", r"计划(?:于|在|到)", r"力争", r"拟(?:于|在)", r"将(?:于|在)")

# A condition (待…以后) holding the vague word, followed in its sentence by a defined act (待社区对接并协调好…土地问题以后,
# 方可新建公交站台): the condition is what others must do first, not the plan; the act is the plan, and checkable.
# (Not 待道路拓宽以后,我局将积极研究增开线路: the vague word is the plan's own.)
CONDITION_CLAUSE = r"待[^。；;，,！!？?\n]{1,40}?(?:以后|之后|后)"
DEFINED_ACTS = r"(?:新建|修建|建设|安装|增设|设置|开工|拓宽|硬化|铺设|开通|迁移|拆除)"

# --- explanations in words the rules' lists lack ----------------------------------------------
# An explanation (a refusal, a remit, the matter passed on) is judged on its reasons; its vague
# promise (将如实向有关部门反映, 争取…) is a courtesy, not a plan to hold to account. The rules'
# REFUSAL / REMIT cues decide the hints; these only keep vague_response quiet.
EXPLANATION_CUES: tuple[str, ...] = (
    r"管辖(?:权)?(?:在|属于|归)",  # 该地块主要管辖权属于公园管理处
    # the power the ask needs is not the unit's (我局对该路段无管辖权; 本单位不具备审批权) (k113)
    r"(?:无|没有|不具备|不具有)(?:管辖|审批|管理|执法|行政许可)权",
    r"应(?:在|由|向|到)" + GAP + r"(?:立项|审批|报批|申报|负责)",  # 该项目应在县发改局进行立项
    # the way left to others (可由乡人民政府向县发改部门申报立项建设): within one clause
    r"(?:可|需)(?:由[^。；;，,！!？?\n]{1,12})?向" + CLAUSE_GAP + r"(?:申报|报批|申请)立项",
    r"(?:如实|及时)?向" + CLAUSE_GAP + r"(?:有关|相关|上级|主管)(?:部门|单位)" + CLAUSE_GAP + r"(?:反映|转达|转交|报告)",
    r"(?:缺乏|不具备|不具有)" + CLAUSE_GAP + r"(?:条件|基础)",  # 缺乏建设小型水库的条件
    # a refusal said outright (…加层扩建…不予审批; 该建议在当前形势下不能实现)
    r"不予(?:审批|批准|立项|受理|安装|设置|建设|实施|采纳)",
    r"建议" + CLAUSE_GAP + r"(?:不能|无法|难以)实现",
    # no money, so it cannot be done (暂无项目和资金来源…无法组织实施; 县级财政困难,难以安排建设)
    r"(?:资金|经费|财力|财政)" + GAP + r"(?:无法|不能|难以|暂不能|暂时无法)(?:组织|立即|马上)?(?:实施|建设|安排|启动)",
    # the county's money cannot meet it (县财政无法筹集建设资金; 财力难以支撑), the unit cannot bear it
    # (维修资金过高,我单位无力承担)
    r"(?:财政|财力)" + CLAUSE_GAP + r"(?:无法|难以|不能)(?:筹集|筹措|支撑|支持|承担|负担|安排)",
    # (a qualifier between: 暂无力独自承担, 无力单独负担)
    r"无力[\u4e00-\u9fff]{0,2}(?:承担|负担|支付|筹集|筹措|实施|建设|解决)",
    # obstacles named, then the consequence (以上两方面问题致使该段工程难以实施)
    r"(?:致使|导致|所以|因此)" + CLAUSE_GAP + r"(?:无法|不能|难以|暂不能|暂时无法)(?:组织)?(?:实施|建设|实现|解决|满足)",
    # a refusal under the policy or rules in force (现行政策条件下无法实施硬化; 按现有规定不能…)
    r"(?:现行|现有|目前的?)(?:政策|规定|标准)" + CLAUSE_GAP + r"(?:无法|不能|不予|不得|难以)",
    # a limit stated and understanding asked for (难以完全满足…,敬请谅解)
    r"(?:敬请|请予|恳请|望予)(?:谅解|理解)",
)

# --- hopes -----------------------------------------------------------------------------------
# A sentence that hopes or trusts (相信…将会得到逐步完善, 必将…) plans nothing: its vague words
# are no vague plan.
HOPE_SENTENCE_CUES: tuple[str, ...] = (
    r"相信", r"坚信", r"必将", r"将会得到", r"一定会", r"定将",
    # the closing courtesy (希望你们今后一如既往…, 虚心听取你们的意见, 积极改进…工作)
    # (not 我局将一如既往地加强…: a plan)
    r"(?:希望|期望|盼望)[^。；;！!？?\n]{0,12}一如既往", r"虚心听取",
    # (a wish for the addressee's help to come, 希望今后继续得到您的指导, and the courtesy after the thanks, 我们也将继续
    # 努力,不断完善…: the closing run into the answer, no plan of it)
    r"(?:希望|期望|盼望)今后继续", r"也将继续努力",
)

# --- a section that restates the proposal --------------------------------------------------------
# Headings of a section that restates the problem the proposal raised (二、关于建议中反映的问题):
# its 多年来 is the problem's history, not the unit's past work.
RESTATEMENT_HEADINGS: tuple[str, ...] = (
    r"(?:建议|提案|议案|意见)中?(?:所)?(?:反映|提出)的(?:问题|情况)",
    r"问题(?:描述|概述|由来)",
)

# --- finished work, itemised -----------------------------------------------------------------
# Verbs of work finished on a thing (投资15万元修缮烈士墓12座, 征地1亩): a sentence with two figures
# and one of these, and no plan, itemises work done, even under a 近年来 paragraph.
DONE_WORK_VERBS: tuple[str, ...] = (
    r"投资", r"投入", r"修缮", r"修建", r"新建", r"建成", r"完成", r"硬化", r"安装", r"铺设",
    r"栽植", r"栽种", r"购置", r"配备", r"征地", r"改造", r"整改", r"维修",
)
