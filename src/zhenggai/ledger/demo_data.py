"""The demo's invented organisations, people, problems and what happens to them (see demo.py).

Every name, problem and measure here is fictional. Steps are (days from today, action, *args);
the loader in demo.py plays them through the model methods at those dates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zhenggai.accounts.models import Membership

from .models import Status

PASSWORD = "demo12345"
SUPERVISOR_NAME = "某市卫生健康委巡察办"
Role = Membership.Role

# (username, display name, role, organisation key); "sup" is the supervisor, "h1"/"h2" the
# hospitals, "h1.医务科" a department.
USERS = [
    ("xcb", "孙明（巡察办）", Role.SUPERVISOR, "sup"),
    ("yy1_zgb", "王芳（第一医院整改办）", Role.UNIT_ADMIN, "h1"),
    ("yy1_yz", "赵建国（第一医院院长）", Role.LEADER, "h1"),
    ("yy1_fyz", "钱卫东（第一医院副院长）", Role.LEADER, "h1"),
    ("yy1_dwb", "周敏（第一医院党委办公室）", Role.OWNER, "h1.党委办公室"),
    ("yy1_ywk", "吴磊（第一医院医务科）", Role.OWNER, "h1.医务科"),
    ("yy1_cwk", "郑丽（第一医院财务科）", Role.OWNER, "h1.财务科"),
    ("yy1_yjk", "冯涛（第一医院药剂科）", Role.OWNER, "h1.药剂科"),
    ("yy1_ck", "陈静（第一医院只读）", Role.VIEWER, "h1"),
    ("yy2_zgb", "林霞（中心医院整改办）", Role.UNIT_ADMIN, "h2"),
    ("yy2_yz", "何志强（中心医院院长）", Role.LEADER, "h2"),
    ("yy2_fyz", "罗斌（中心医院副院长）", Role.LEADER, "h2"),
    ("yy2_dwb", "高洁（中心医院党委办公室）", Role.OWNER, "h2.党委办公室"),
    ("yy2_ywk", "梁峰（中心医院医务科）", Role.OWNER, "h2.医务科"),
    ("yy2_cwk", "宋颖（中心医院财务科）", Role.OWNER, "h2.财务科"),
    ("yy2_yjk", "谢宁（中心医院药剂科）", Role.OWNER, "h2.药剂科"),
    ("yy2_yjk_old", "韩冰（中心医院药剂科，已调岗）", Role.OWNER, "h2.药剂科"),
    ("yy2_ck", "唐悦（中心医院只读）", Role.VIEWER, "h2"),
]
ADMIN_USERNAME = "admin"
DEPARTMENTS = ["党委办公室", "医务科", "财务科", "药剂科"]
DEPARTMENT_OWNERS = {"党委办公室": "dwb", "医务科": "ywk", "财务科": "cwk", "药剂科": "yjk"}


@dataclass
class M:
    """A measure: text, department, deadline in days from today (None = 长期), leader key."""

    text: str
    dept: str
    due: int | None
    leader: str = "fyz"
    owner: str | None = None  # username suffix when not the department's usual owner
    # As if imported from an Excel 台账 naming people and a department with no account here:
    # exchange.MeasureNames fields (leader_name, department_name, owner_name, evidence_text);
    # the names given replace the accounts (dept "" = no department).
    imported: dict = field(default_factory=dict)


@dataclass
class P:
    """A problem and the steps that happen to it, each (days from today, action, *args)."""

    category: int
    title: str
    description: str
    measures: list[M]
    steps: list[tuple] = field(default_factory=list)
    public: bool = True
    immediate: bool = False


@dataclass
class F:
    """A message from the public on a published 社会通报 (all fictional): sent `days` from today
    about the problem titled `problem` (or none), then answered and/or moderated by the 整改办.
    `state` is the moderation outcome: "pending", "approved" (message and answer shown) or
    "rejected"."""

    days: int
    text: str
    problem: str | None
    state: str
    answer: str = ""
    name: str = ""
    contact: str = ""


@dataclass
class Publication:
    """A 社会通报 the 整改办 publishes `days` from today, as of that day, and the public's
    messages on it (sent while it is the current version)."""

    days: int
    feedback: list[F] = field(default_factory=list)


PUBLICATIONS_H1 = [
    Publication(
        -10,
        [
            F(
                -8,
                "门诊预约后到院仍要排队缴费，建议开通诊间支付。",
                "门诊预约诊疗服务不便捷，群众排队时间长",
                "approved",
                answer="感谢您的建议。医院已于本月上线诊间扫码支付，门诊缴费无需再到窗口排队。",
                name="李先生",
            ),
            F(
                -6,
                "希望公布医疗服务价格自查退费的具体金额和退费方式。",
                "医疗服务收费不规范，存在超标准收费",
                "pending",
            ),
            F(-4, "（与整改无关的广告内容）", None, "rejected"),
        ],
    ),
]

# Published twice, so the portal shows a superseded version; the first version's approved
# message stays visible on the current one.
PUBLICATIONS_H2 = [
    Publication(
        -70,
        [
            F(
                -65,
                "窗口工作人员态度有所好转，建议继续开展服务礼仪培训。",
                "窗口服务态度生硬，群众投诉较多",
                "approved",
                answer="感谢您的监督。医院将服务礼仪培训纳入新职工岗前培训和年度考核，持续改进窗口服务。",
            ),
        ],
    ),
    Publication(-5),
]


HOSPITALS = [
    {
        "key": "h1",
        "name": "某市第一人民医院",
        "title": "关于市卫生健康委党委第一巡察组巡察反馈意见的整改",
        "group": "市卫生健康委党委第一巡察组",
        "feedback": -50,
        "signoff": False,
        "contact": "联系电话：0000-12345678；电子邮箱：zhenggai@yy1.example.cn",
        "categories": [
            ("一、", "党的政治建设方面", None),
            ("（一）", "贯彻落实上级决策部署有差距", 0),
            ("二、", "全面从严治党方面", None),
            ("（二）", "“两个责任”落实不到位", 2),
            ("三、", "医疗服务与行业作风方面", None),
            ("（三）", "医疗质量和服务管理有短板", 4),
            ("四、", "财务与药品耗材管理方面", None),
            ("（四）", "内控制度执行不严", 6),
        ],
        "problems": [
            P(
                1,
                "传达学习上级重要会议精神不及时、不深入",
                "党委会对上级重要会议精神传达学习存在滞后，个别会议仅传达未研究贯彻措施。",
                [
                    M(
                        "建立“第一议题”学习制度，党委会首项议题传达学习上级重要会议精神",
                        "党委办公室",
                        -30,
                        "yz",
                    ),
                    M("开展专题学习研讨，形成学习记录并归档", "党委办公室", -30, "yz"),
                ],
                [
                    (-40, "update", 0, Status.COMPLETED, "《党委会“第一议题”学习制度》已印发"),
                    (-39, "update", 1, Status.COMPLETED, "已开展两次专题研讨，学习记录归档"),
                    (-39, "evidence", 0, "pdf", "党委会第一议题学习制度.pdf"),
                    (-38, "request", "两项措施均已完成，申请销号"),
                    (-37, "decide", "office", True, "佐证材料齐全"),
                    (-35, "decide", "leader", True, "同意销号"),
                ],
                immediate=True,
            ),
            P(
                1,
                "公立医院改革重点任务推进缓慢",
                "部分改革任务未明确牵头科室和完成时限，推进情况缺少调度。",
                [
                    M("制定改革任务清单，逐项明确责任科室和完成时限", "党委办公室", -5),
                    M("按月调度改革任务进展，在院长办公会上通报", "医务科", None),
                ],
                [
                    (-10, "update", 0, Status.COMPLETED, "改革任务清单已经院长办公会审议印发"),
                    (-8, "update", 1, Status.LONG_TERM, "已建立按月调度机制，长期坚持"),
                    (-8, "evidence", 0, "txt", "改革任务清单.txt"),
                    (-1, "request", "任务清单已印发，调度机制长期坚持"),
                ],
            ),
            P(
                3,
                "党委主体责任清单不具体，压力传导逐级递减",
                "主体责任清单内容笼统，班子成员“一岗双责”落实缺少抓手。",
                [
                    M("修订党委主体责任清单和班子成员“一岗双责”清单", "党委办公室", -8, "yz"),
                    M("层层签订党风廉政建设责任书", "党委办公室", -8, "yz"),
                ],
                [
                    (-12, "update", 0, Status.COMPLETED, "两张清单已修订印发"),
                    (-9, "update", 1, Status.COMPLETED, "全院各科室责任书签订完毕"),
                    (-9, "evidence", 1, "pdf", "党风廉政建设责任书汇总.pdf"),
                    (-5, "request", "申请销号"),
                    (-3, "decide", "office", True, "材料齐全，请院领导确认"),
                ],
            ),
            P(
                3,
                "对科室落实廉洁从业规定监督检查不够",
                "日常监督以会议部署为主，对临床科室廉洁从业情况缺少专项检查。",
                [
                    M("开展廉洁从业专项检查，覆盖全部临床医技科室", "医务科", -6),
                    M("建立廉洁风险点台账并每季度更新", "党委办公室", 15),
                    M("对检查发现问题逐一约谈提醒", "医务科", 6),
                ],
                [
                    (-7, "update", 0, Status.COMPLETED, "专项检查已覆盖32个科室"),
                    (-4, "update", 1, None, "风险点台账初稿已形成，正在征求意见"),
                    (-3, "update", 2, None, "已约谈提醒9人，剩余人员本周完成"),
                ],
            ),
            P(
                5,
                "门诊预约诊疗服务不便捷，群众排队时间长",
                "门诊号源投放不合理，高峰时段挂号、缴费排队时间较长。",
                [
                    M("优化分时段预约，号源精确到30分钟", "医务科", -3),
                    M("增设自助服务机和志愿者导诊岗", "医务科", 25),
                ],
                [
                    (-20, "update", 0, None, "信息科正在改造预约系统"),
                    (-6, "update", 1, Status.PARTIAL, "新增自助机8台，志愿者导诊岗正在招募"),
                ],
            ),
            P(
                5,
                "病历书写不规范，运行病历质控不到位",
                "抽查发现部分运行病历记录不及时，质控检查流于形式。",
                [
                    M("每月开展运行病历质控检查并通报结果", "医务科", None),
                    M("将病历质量纳入科室绩效考核", "医务科", -12),
                ],
                [
                    (-15, "update", 0, Status.LONG_TERM, "已形成每月质控通报制度，长期坚持"),
                    (-12, "update", 1, Status.COMPLETED, "绩效考核方案已修订"),
                ],
            ),
            P(
                5,
                "医德医风考评流于形式",
                "考评以自评为主，患者评价未纳入，考评结果运用不充分。",
                [
                    M("修订医德医风考评办法，引入患者评价", "党委办公室", 18),
                    M("建立医德医风档案，考评结果与评优评先挂钩", "党委办公室", 18),
                ],
                [
                    (-2, "update", 0, None, "考评办法修订稿已提交党委会"),
                    (-2, "update", 1, None, "医德医风档案模板已确定"),
                ],
            ),
            P(
                7,
                "药品耗材采购审批程序不严格",
                "部分临时采购未经药事委员会审议，审批记录不完整。",
                [
                    M("修订药品耗材遴选和采购管理办法", "药剂科", 8),
                    M("对近三年临时采购情况开展自查", "财务科", 8),
                ],
                [
                    (-16, "update", 0, None, "已收集兄弟医院制度文本"),
                    (-16, "update", 1, None, "自查工作方案已制定"),
                    (-5, "supervise", "urge", "请药剂科、财务科于一周内报送采购管理整改进展", 3),
                ],
            ),
            P(
                7,
                "科研经费使用管理不规范",
                "个别课题组存在劳务费发放不规范、差旅费超标准报销等情况。",
                [
                    M("清理近三年科研经费支出，对不合规支出予以纠正", "财务科", 30),
                    M("制定科研经费报销审核细则", "财务科", 30),
                    M(
                        "建立科研项目经费使用公示制度",
                        "",
                        45,
                        imported={
                            "department_name": "科研处",
                            "owner_name": "孙科长",
                            "evidence_text": "《科研项目经费公示办法》（征求意见稿）",
                        },
                    ),
                ],
                [
                    (-1, "update", 0, Status.PARTIAL, "已清理2022年、2023年支出，2024年正在清理"),
                ],
                public=False,
            ),
            P(
                7,
                "医疗服务收费不规范，存在超标准收费",
                "抽查发现部分项目存在重复收费、超标准收费问题。",
                [
                    M("开展医疗服务价格自查自纠，退还多收费用", "财务科", -25),
                    M("出台医疗服务价格管理办法", "财务科", -25),
                ],
                [
                    (-30, "update", 0, Status.COMPLETED, "自查发现多收费用已全部退还患者"),
                    (-28, "update", 1, Status.COMPLETED, "《医疗服务价格管理办法》已印发"),
                    (-30, "evidence", 0, "txt", "退费清单.txt"),
                    (-27, "request", "申请销号"),
                    (-26, "decide", "office", False, "缺少退费凭证，请补充"),
                    (-25, "evidence", 0, "pdf", "退费凭证汇总.pdf"),
                    (-24, "request", "已补充退费凭证"),
                    (-23, "decide", "office", True, "材料齐全"),
                    (-22, "decide", "leader", True, "同意销号"),
                    (-12, "sample", -2),
                ],
            ),
        ],
        "publications": PUBLICATIONS_H1,
        "outcomes": [
            ("funds", 186400, "退还多收患者费用", 9),
            ("disciplined", 2, "对收费管理失职人员诫勉谈话", 9),
            ("rules", 3, "《某市第一人民医院医疗服务价格管理办法》等3项制度", None),
        ],
    },
    {
        "key": "h2",
        "name": "某市中心医院",
        "title": "关于市卫生健康委党委第二巡察组巡察反馈意见的整改",
        "group": "市卫生健康委党委第二巡察组",
        "feedback": -130,
        "signoff": True,
        "contact": "联系电话：0000-87654321；电子邮箱：zhenggai@yy2.example.cn",
        "categories": [
            ("一、", "党的领导和党的建设方面", None),
            ("（一）", "基层党建基础不牢", 0),
            ("二、", "医院管理方面", None),
            ("（二）", "运营管理粗放", 2),
            ("三、", "作风建设方面", None),
            ("（三）", "服务意识不强", 4),
        ],
        "problems": [
            P(
                1,
                "党支部“三会一课”制度落实不经常",
                "部分临床党支部组织生活不规范，记录不完整。",
                [
                    M("制定支部组织生活年度计划并按月检查", "党委办公室", -100, "yz"),
                    M("对组织生活不规范的支部书记进行约谈", "党委办公室", -100, "yz"),
                ],
                [
                    (-110, "update", 0, Status.COMPLETED, "年度计划已印发，按月检查"),
                    (-108, "update", 1, Status.COMPLETED, "已约谈支部书记4人"),
                    (-108, "evidence", 0, "pdf", "支部组织生活检查通报.pdf"),
                    (-104, "request", "申请销号"),
                    (-103, "decide", "office", True, "同意"),
                    (-102, "decide", "leader", True, "同意"),
                    (-100, "decide", "supervisor", True, "同意销号，按期回头看"),
                ],
            ),
            P(
                3,
                "大型医用设备使用效率低",
                "部分大型设备开机率不高，检查预约等待时间长。",
                [M("建立大型设备使用效益分析制度，按季度通报", "医务科", -115)],
                [
                    (-125, "update", 0, Status.COMPLETED, "效益分析制度已建立"),
                    (-124, "evidence", 0, "pdf", "大型设备效益分析制度.pdf"),
                    (-123, "request", "申请销号"),
                    (-122, "decide", "office", True, "同意"),
                    (-121, "decide", "leader", True, "同意"),
                    (-120, "decide", "supervisor", True, "同意"),
                    (-27, "review", False, "复查发现CT检查预约等待时间再次延长，效益分析未按季度开展"),
                    (-25, "measure", M("重新梳理设备预约流程，每月通报等待时长", "医务科", 20)),
                    (-4, "update", 1, None, "预约流程已梳理，等待时长首次通报已发布"),
                ],
            ),
            P(
                3,
                "预算执行不严，部分支出超预算",
                "个别项目支出超预算未履行调整程序。",
                [
                    M("修订预算管理办法，建立超预算支出审批程序", "财务科", -15),
                    M("对超预算支出逐项说明原因", "财务科", -15),
                ],
                [
                    (-20, "update", 0, Status.COMPLETED, "预算管理办法已修订印发"),
                    (-18, "update", 1, Status.COMPLETED, "已逐项形成说明"),
                    (-18, "evidence", 0, "pdf", "预算管理办法.pdf"),
                    (-10, "request", "申请销号"),
                    (-8, "decide", "office", True, "同意"),
                    (-6, "decide", "leader", True, "同意，报巡察办签批"),
                ],
            ),
            P(
                3,
                "后勤服务外包监管缺位",
                "保洁、安保等外包服务缺少考核，合同到期未及时续签或招标。",
                [
                    M("对外包服务合同开展全面清理", "财务科", -69),
                    M("建立外包服务质量考核办法", "财务科", -40),
                ],
                [
                    (-35, "update", 0, None, "已清理合同12份，另有5份待清理"),
                    (-30, "update", 1, Status.PARTIAL, "考核办法征求意见稿已形成"),
                ],
            ),
            P(
                5,
                "抗菌药物临床使用监测不到位",
                "部分科室抗菌药物使用强度超标，处方点评结果运用不够。",
                [
                    M("每月开展抗菌药物处方点评", "药剂科", None),
                    M("对使用强度超标科室约谈并限期整改", "药剂科", 7),
                ],
                [
                    (-20, "update", 0, Status.LONG_TERM, "处方点评已常态化开展"),
                    (-3, "update", 1, None, "已约谈3个科室主任"),
                ],
            ),
            P(
                5,
                "窗口服务态度生硬，群众投诉较多",
                "门诊收费、住院结算窗口服务态度问题投诉较为集中。",
                [
                    M("开展窗口服务礼仪培训", "医务科", -20),
                    M("设立投诉受理专线并限时办结", "党委办公室", -20),
                ],
                [
                    (-15, "update", 0, Status.COMPLETED, "已培训窗口人员86人次"),
                    (-11, "update", 1, Status.COMPLETED, "投诉专线已开通"),
                ],
            ),
            P(
                5,
                "医务人员收受“红包”问题仍有发生",
                "信访反映个别医务人员收受患者“红包”。",
                [
                    M("持续开展“红包”专项治理，签订拒收承诺书", "党委办公室", None, "yz"),
                    M("对涉及人员严肃处理", "党委办公室", -60, "yz"),
                ],
                [
                    (-60, "update", 1, Status.COMPLETED, "涉及人员已分别给予党纪政务处分"),
                    (-50, "supervise", "talk", "约谈医院党委书记、院长，督促落实全面从严治党主体责任", None),
                    (-30, "update", 0, Status.LONG_TERM, "承诺书签订全覆盖，专项治理长期坚持"),
                ],
            ),
            P(
                5,
                "药品库存管理混乱，账实不符",
                "药库盘点不及时，部分药品账实不符。",
                [
                    M("开展药品库存全面盘点", "药剂科", 16, owner="yjk_old"),
                    M("上线药品库存管理信息系统", "药剂科", 19, owner="yjk_old"),
                ],
                [
                    (-30, "update", 0, None, "盘点方案已制定"),
                    (-12, "handover", "yjk_old", "yjk", "药剂科负责人岗位调整"),
                    (-5, "update", 1, None, "信息系统已完成招标"),
                    (-1, "update", 0, Status.PARTIAL, "西药库盘点完成，中药库正在盘点"),
                ],
            ),
        ],
        "publications": PUBLICATIONS_H2,
        "outcomes": [
            ("disciplined", 5, "收受“红包”问题党纪政务处分5人", 6),
            ("funds", 42000, "追回外包服务违约金", 3),
            ("rules", 2, "《某市中心医院预算管理办法》等2项制度", None),
        ],
    },
]
