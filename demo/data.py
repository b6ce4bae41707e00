"""The demo world: regions, organizations, sites, projects, teams and activities from the five news reports.

Plain data only; ``manage.py load_demo`` writes it. Every figure is copied from a
report sentence, named in the comment beside it, so a manager can hold a dashboard
total up against the newspaper. Where a report gives only a total (235 teams with
13,000 members), the split over individual rows is illustrative and the rows add up
to the reported total. Names the reports do not give (11 of the 13 agency branches,
the numbered functional branches, the people) are invented for the demo and say so.

The reports, as cited below:

- [ZD-JG] 郑东新区机关党委, 2020 first half-year: 疫情防控与党群工作“双推进”.
- [ZD-DJ] 郑东新区党工委, 2020: 坚持党建引领 深化共驻共建.
- [DP]    大鹏新区群团工作部, 2021-11-02: 聚焦“向心工程”高质量打造“模范机关”.
- [ZY]    中原区, June 2020: 党建助推“三项工程、一项管理”见实效, and the 6-23/6-24 items.
- [WD]    卫东区, 2015-12-08: 区域化党建, 妇女儿童, 安培社区, 人民调解, 蒲城街道.

Codes: regions use six-digit division codes with three digits per level below the
district (communities 001-199, villages 201-399, as in the statistical division
codes); 郑东新区 and 大鹏新区 are functional zones without a division code of their
own, so 410190 and 440399 stand in for them. Other codes are "<area>-<group><n>".
"""

import datetime
from decimal import Decimal

from communities.models import OrganizationKind as OK
from communities.models import ProjectKind, RegionLevel, SiteKind, SiteStatus
from volunteers.models import Gender, PoliticalStatus, TeamKind, TeamMembership
from volunteers.validators import id_number_check_char

_d = datetime.date

# The demo counts as loaded when this root region exists.
MARKER_REGION_CODE = "410000"

# The periods the reports cover; a summary record is dated at the end of its period.
ZD_H1_2020 = (_d(2020, 1, 1), _d(2020, 6, 30))  # [ZD-JG] "上半年" / "今年以来" (published July 2020)
ZY_2020 = (_d(2020, 1, 1), _d(2020, 6, 24))  # [ZY] "今年以来", up to the last date the reports name
DP_2021 = (_d(2021, 1, 1), _d(2021, 10, 31))  # [DP] "今年以来" / "年度累计", published 2021-11-02
WD_2015 = (_d(2015, 1, 1), _d(2015, 12, 8))  # [WD] "今年以来", the page is dated 2015-12-08


# ---------------------------------------------------------------------------
# Regions: (code, name, level, parent code), parents before children.
# ---------------------------------------------------------------------------
P, C, D = RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.DISTRICT
S, CM, V, CY = RegionLevel.SUBDISTRICT, RegionLevel.COMMUNITY, RegionLevel.VILLAGE, RegionLevel.COMPOUND

REGIONS = [
    ("410000", "河南省", P, None),
    ("410100", "郑州市", C, "410000"),
    ("410190", "郑东新区", D, "410100"),  # [ZD-JG]/[ZD-DJ] throughout
    ("410190001", "如意湖街道", S, "410190"),  # [ZD-DJ] "如意湖社区治理公益慈善基金", "如意湖商务区"
    # [ZD-DJ] "花庄村、普惠社区...基层党建示范点"; the report does not say which subdistrict
    # holds them, so their placement here is the demo's choice.
    ("410190001001", "普惠社区", CM, "410190001"),
    ("410190002", "博学路街道", S, "410190"),  # [ZD-DJ] "博学路区域党建学院"
    ("410190003", "龙子湖街道", S, "410190"),  # [ZD-DJ] "龙子湖星联科创中心"
    ("410190003201", "花庄村", V, "410190003"),
    ("410102", "中原区", D, "410100"),  # [ZY] throughout
    ("410102001", "桐柏路街道", S, "410102"),  # [ZY] "桐柏路街道西站东社区棉麻公司家属院(西站路82号院)"
    ("410102001001", "西站东社区", CM, "410102001"),
    ("410102001001001", "西站路82号院", CY, "410102001001"),
    # [ZY] "打造了西站路82号院、中原中路152号院、桐柏路191号院等一批党建示范点"; the
    # report does not name 桐柏路191号院's community, so it sits beside 西站路82号院.
    ("410102001001002", "桐柏路191号院", CY, "410102001001"),
    ("410102002", "中原西路街道", S, "410102"),  # [ZY] "中原西路街道保利心语社区中原中路152号院"
    ("410102002001", "保利心语社区", CM, "410102002"),
    ("410102002001001", "中原中路152号院", CY, "410102002001"),
    ("410102003", "须水街道", S, "410102"),  # [ZY] "须水街道付庄村"
    ("410102003201", "付庄村", V, "410102003"),
    ("410102004", "航海西路街道", S, "410102"),  # [ZY] "航海西路街道段庄村一户村民家中"
    ("410102004201", "段庄村", V, "410102004"),
    ("410400", "平顶山市", C, "410000"),
    ("410403", "卫东区", D, "410400"),  # [WD] throughout
    ("410403001", "东安路街道", S, "410403"),  # [WD] "东安路街道葡萄园社区居民杨大爷说"
    ("410403001001", "葡萄园社区", CM, "410403001"),
    ("410403001002", "安培社区", CM, "410403001"),  # [WD] "卫东区东安路街道安培社区"
    ("410403002", "东工人镇街道", S, "410403"),  # [WD] "卫东区东工人镇街道东湖社区"
    ("410403002001", "东湖社区", CM, "410403002"),
    ("410403003", "蒲城街道", S, "410403"),  # [WD] "蒲城街道党建工作从“实”处着手"
    ("410403003201", "蒲城村", V, "410403003"),  # [WD] "贯穿蒲城村9个村民组的道路"
    ("410403003202", "程庄村", V, "410403003"),  # [WD] "并入程庄村的深水井主管道工程"
    ("440000", "广东省", P, None),
    ("440300", "深圳市", C, "440000"),
    ("440399", "大鹏新区", D, "440300"),  # [DP] throughout
]


# ---------------------------------------------------------------------------
# Organizations: parents before children; "region" and "parent" are codes.
# ---------------------------------------------------------------------------

# [ZD-JG] "先后推动信访办、发改办等13个党支部于6月底前完成换届". Only 信访办 and 发改办
# are named; the other eleven are invented agency names. Branch terms are three or
# five years; three is the demo's choice.
_ZD_BRANCHES = [
    "信访办",
    "发改办",
    "党政办",
    "组织人事部",
    "纪工委",
    "财政局",
    "建设局",
    "规划局",
    "城市管理局",
    "社会事业局",
    "应急管理局",
    "审计局",
    "市场监管局",
]


ORGANIZATIONS = [
    # --- 郑东新区 ---
    {"code": "ZD-DGW", "name": "郑东新区党工委", "kind": OK.WORKING_COMMITTEE, "region": "410190"},  # [ZD-DJ]
    # [ZD-JG] "郑东新区机关党委围绕中心、服务大局"
    {"code": "ZD-JGDW", "name": "郑东新区机关党委", "kind": OK.COMMITTEE, "region": "410190", "parent": "ZD-DGW"},
    *(
        {
            "code": f"ZD-JG{n:02d}",
            "name": f"{agency}党支部",
            "kind": OK.BRANCH,
            "region": "410190",
            "parent": "ZD-JGDW",
            "term_start": _d(2020, 6, 4 + 2 * n),  # [ZD-JG] "于6月底前完成换届"
            "term_years": 3,
        }
        for n, agency in enumerate(_ZD_BRANCHES, start=1)
    ),
    # [ZD-DJ] "在园区商圈,成立了电子商务大厦联合党委、高铁东站联合党委"
    {
        "code": "ZD-LH01",
        "name": "电子商务大厦联合党委",
        "kind": OK.JOINT_COMMITTEE,
        "region": "410190",
        "parent": "ZD-DGW",
    },
    {"code": "ZD-LH02", "name": "高铁东站联合党委", "kind": OK.JOINT_COMMITTEE, "region": "410190", "parent": "ZD-DGW"},
    # [ZD-DJ] "在行业系统,成立了郑东新区建设项目联合党委"
    {
        "code": "ZD-LH03",
        "name": "郑东新区建设项目联合党委",
        "kind": OK.JOINT_COMMITTEE,
        "region": "410190",
        "parent": "ZD-DGW",
    },
    # [ZD-DJ] "在街道社区,成立街道、社区区域党委,吸纳驻区单位和“两新”组织百余家"
    {
        "code": "ZD-QY01",
        "name": "如意湖街道区域党委",
        "kind": OK.AREA_COMMITTEE,
        "region": "410190001",
        "parent": "ZD-DGW",
    },
    {
        "code": "ZD-QY02",
        "name": "博学路街道区域党委",
        "kind": OK.AREA_COMMITTEE,
        "region": "410190002",
        "parent": "ZD-DGW",
    },
    # [ZD-DJ] "花庄村、普惠社区、体育公园党群服务中心、电子商务大厦红港e家等基层党建示范点"
    {"code": "ZD-HZ", "name": "花庄村党支部", "kind": OK.BRANCH, "region": "410190003201", "is_demonstration": True},
    {"code": "ZD-PH", "name": "普惠社区党委", "kind": OK.COMMITTEE, "region": "410190001001", "is_demonstration": True},
    # [ZD-JG] "郑东新区团工委在疫情期间积极招募青年志愿者"
    {"code": "ZD-TGW", "name": "郑东新区团工委", "kind": OK.YOUTH_LEAGUE, "region": "410190", "parent": "ZD-DGW"},
    # [ZD-JG] "妇联主席带领妇联全体工作人员下沉到办事处社区卡点"
    {"code": "ZD-FL", "name": "郑东新区妇联", "kind": OK.WOMENS_FEDERATION, "region": "410190"},
    # [ZD-JG] "目前全区共有会员43530人...学校工会66家,在职教职工5000余人"
    {
        "code": "ZD-GH",
        "name": "郑东新区总工会",
        "kind": OK.TRADE_UNION,
        "region": "410190",
        "member_count": 43530,
        "notes": "全区会员43530人,农民工2万余人;学校工会66家,在职教职工5000余人。",
    },
    # [ZD-JG] "机关工会会员1000余人"
    {
        "code": "ZD-JGGH",
        "name": "郑东新区机关工会",
        "kind": OK.TRADE_UNION,
        "region": "410190",
        "parent": "ZD-GH",
        "member_count": 1000,
    },
    # [ZD-JG] "6月13日上午...郑东新区新的社会阶层人士联谊会成立大会暨第一届会员代表大会召开"
    {
        "code": "ZD-LYH",
        "name": "郑东新区新的社会阶层人士联谊会",
        "kind": OK.OTHER,
        "region": "410190",
        "term_start": _d(2020, 6, 13),
    },
    # --- 中原区 ---
    {"code": "ZY-QW", "name": "中原区委", "kind": OK.COMMITTEE, "region": "410102"},  # [ZY] "中原区委把“三项工程..."
    # [ZY] "中原区委组织部有关负责人、14个街道组织员...参加"
    {"code": "ZY-ZZB", "name": "中原区委组织部", "kind": OK.OTHER, "region": "410102", "parent": "ZY-QW"},
    # [ZY] "中原区纪委监委持续开展“千人进千村”走访活动"
    {"code": "ZY-JW", "name": "中原区纪委监委", "kind": OK.OTHER, "region": "410102"},
    # [ZY] "中原区设置功能型党组织61个" (numbered: the report names none)
    *(
        {
            "code": f"ZY-GN{n:02d}",
            "name": f"中原区功能型党组织{n:02d}",
            "kind": OK.FUNCTIONAL,
            "region": "410102",
            "parent": "ZY-QW",
        }
        for n in range(1, 62)
    ),
    # [ZY] "利用23个“帐篷支部”...建立多方协调联动平台" (numbered: the report names none)
    *(
        {
            "code": f"ZY-ZP{n:02d}",
            "name": f"中原区“帐篷支部”{n:02d}",
            "kind": OK.TEMPORARY_BRANCH,
            "region": "410102",
            "parent": "ZY-QW",
        }
        for n in range(1, 24)
    ),
    # [ZY] "组织126个机关支部与辖区408个无主管楼院常态化结对共建": the report names none of the 126 branches, so they
    # are no organizations here but the counts of one aggregate pairing (PAIRINGS).
    # --- 卫东区 ---
    {"code": "WD-QW", "name": "卫东区委", "kind": OK.COMMITTEE, "region": "410403"},  # [WD] "区委组织部印发实施方案"
    # [WD] "全面推行街道大工委和社区大党委工作机制"
    {"code": "WD-DAL", "name": "东安路街道大工委", "kind": OK.AREA_COMMITTEE, "region": "410403001", "parent": "WD-QW"},
    # [WD] "东安路派出所有关领导作为街道大工委委员,派出8名民警"
    {
        "code": "WD-DALPCS",
        "name": "东安路派出所",
        "kind": OK.RESIDENT_UNIT,
        "region": "410403001",
        "notes": "驻街单位,所领导为东安路街道大工委委员。",
    },
    # [WD] "社区党支部书记刘凯平(右一)在楼前张贴消防安全知识贴图"
    {"code": "WD-DH", "name": "东湖社区党支部", "kind": OK.BRANCH, "region": "410403002001", "leader": "刘凯平"},
    # [WD] "该街道党工委坚持以党建工作为统领"
    {"code": "WD-PC", "name": "蒲城街道党工委", "kind": OK.WORKING_COMMITTEE, "region": "410403003", "parent": "WD-QW"},
    # [WD] "组织街道班子成员、村党支部书记到舞钢市、郏县...参观学习"
    {"code": "WD-PC01", "name": "蒲城村党支部", "kind": OK.BRANCH, "region": "410403003201", "parent": "WD-PC"},
    {"code": "WD-PC02", "name": "程庄村党支部", "kind": OK.BRANCH, "region": "410403003202", "parent": "WD-PC"},
    # [WD] "2012年6月...成立人民调解110指挥中心...该区有人民调解组织76个,人民调解员378名"
    {
        "code": "WD-TJ110",
        "name": "卫东区人民调解110指挥中心",
        "kind": OK.OTHER,
        "region": "410403",
        "notes": "2012年6月成立;全区人民调解组织76个,人民调解员378名。",
    },
    # --- 大鹏新区 ---
    {
        "code": "DP-DGW",
        "name": "大鹏新区党工委",
        "kind": OK.WORKING_COMMITTEE,
        "region": "440399",
    },  # [DP] "让新区党工委放心"
    # [DP] "大鹏新区群团工作部坚持以习近平新时代中国特色社会主义思想为指导"
    {"code": "DP-QT", "name": "大鹏新区群团工作部", "kind": OK.OTHER, "region": "440399", "parent": "DP-DGW"},
    # [DP] "努力争创模范党支部和示范点"
    {"code": "DP-QTDZB", "name": "大鹏新区群团工作部党支部", "kind": OK.BRANCH, "region": "440399", "parent": "DP-DGW"},
    # [DP] "推动...工会普惠性服务向新就业新形态劳动群体延伸", "提供“工会权益盾”法律服务"
    {"code": "DP-GH", "name": "大鹏新区总工会", "kind": OK.TRADE_UNION, "region": "440399", "parent": "DP-QT"},
    # [DP] "倡导新区广大团员青年争模范、做先锋"
    {"code": "DP-TGW", "name": "大鹏新区团工委", "kind": OK.YOUTH_LEAGUE, "region": "440399", "parent": "DP-QT"},
    # [DP] "探索构建妇联主导与社会参与相结合...困境妇儿帮扶模式"
    {"code": "DP-FL", "name": "大鹏新区妇联", "kind": OK.WOMENS_FEDERATION, "region": "440399", "parent": "DP-QT"},
]


# ---------------------------------------------------------------------------
# Service sites (阵地). Codes ZD-QYn are the regional centres, ZD-LYn the building centres.
# ---------------------------------------------------------------------------
_REGIONAL_CENTRE_NAMES = "二三四五六七八"

SITES = [
    # [ZD-DJ] "每个党群服务中心面积3300平方米以上,目前已建成8个,投入使用2个,
    # 其中体育公园党群服务中心提供多达60项服务" and "体育公园党群服务中心...基层党建示范点"
    {
        "code": "ZD-QY1",
        "name": "体育公园党群服务中心",
        "kind": SiteKind.SERVICE_CENTER,
        "status": SiteStatus.IN_USE,
        "region": "410190",
        "organization": "ZD-DGW",
        "area_m2": Decimal("3300"),
        "service_count": 60,
        "is_demonstration": True,
    },
    # The other seven of the eight: one more in use, six built and not yet in use. The
    # report names none of them, so they are numbered.
    *(
        {
            "code": f"ZD-QY{n}",
            "name": f"郑东新区区域型党群服务中心({_REGIONAL_CENTRE_NAMES[n - 2]})",
            "kind": SiteKind.SERVICE_CENTER,
            "status": SiteStatus.IN_USE if n == 2 else SiteStatus.BUILT,
            "region": "410190",
            "organization": "ZD-DGW",
            "area_m2": Decimal("3300"),
        }
        for n in range(2, 9)
    ),
    # [ZD-DJ] "在如意湖商务区中科金座、河南自贸大厦、龙子湖星联科创中心、电子商务大厦等
    # 4个商务楼宇建立党群服务中心"
    {
        "code": "ZD-LY1",
        "name": "中科金座党群服务中心",
        "kind": SiteKind.SERVICE_CENTER,
        "status": SiteStatus.BUILT,
        "region": "410190001",
    },
    {
        "code": "ZD-LY2",
        "name": "河南自贸大厦党群服务中心",
        "kind": SiteKind.SERVICE_CENTER,
        "status": SiteStatus.BUILT,
        "region": "410190001",
    },
    {
        "code": "ZD-LY3",
        "name": "龙子湖星联科创中心党群服务中心",
        "kind": SiteKind.SERVICE_CENTER,
        "status": SiteStatus.BUILT,
        "region": "410190003",
    },
    # [ZD-DJ] "电子商务大厦红港e家等基层党建示范点吸引了省内外单位学习观摩"
    {
        "code": "ZD-LY4",
        "name": "电子商务大厦红港e家党群服务中心",
        "kind": SiteKind.SERVICE_CENTER,
        "status": SiteStatus.BUILT,
        "region": "410190",
        "organization": "ZD-LH01",
        "is_demonstration": True,
    },
    # [ZD-DJ] "千玺广场、智慧岛、商都路绿地双子塔党建服务中心正在建设中"
    *(
        {
            "code": f"ZD-LY{n}",
            "name": f"{building}党建服务中心",
            "kind": SiteKind.SERVICE_CENTER,
            "status": SiteStatus.BUILDING,
            "region": "410190",
        }
        for n, building in [(5, "千玺广场"), (6, "智慧岛"), (7, "商都路绿地双子塔")]
    ),
    # [ZY] "在付庄村党群服务中心召开全区基层党建重点任务推进会"
    {
        "code": "ZY-S1",
        "name": "付庄村党群服务中心",
        "kind": SiteKind.SERVICE_CENTER,
        "status": SiteStatus.IN_USE,
        "region": "410102003201",
    },
    # [ZY] "并参观了付庄村时代领航馆"
    {
        "code": "ZY-S2",
        "name": "付庄村时代领航馆",
        "kind": SiteKind.OTHER,
        "status": SiteStatus.IN_USE,
        "region": "410102003201",
    },
    # [WD] "目前,该街道各村党群综合服务站基本软硬件设施已经完善"
    {
        "code": "WD-S1",
        "name": "蒲城村党群综合服务站",
        "kind": SiteKind.SERVICE_STATION,
        "status": SiteStatus.IN_USE,
        "region": "410403003201",
        "organization": "WD-PC01",
    },
    {
        "code": "WD-S2",
        "name": "程庄村党群综合服务站",
        "kind": SiteKind.SERVICE_STATION,
        "status": SiteStatus.IN_USE,
        "region": "410403003202",
        "organization": "WD-PC02",
    },
    # [WD] "筹措资金15万元,修建了占地3亩的蒲城村党群群众文化广场" (3 亩 = 2,000 m²)
    {
        "code": "WD-S3",
        "name": "蒲城村党群群众文化广场",
        "kind": SiteKind.OTHER,
        "status": SiteStatus.IN_USE,
        "region": "410403003201",
        "area_m2": Decimal("2000"),
    },
    # [WD] "2008年,该社区腾出两间办公室做教室...开设了“5点钟义务课堂”", "三十多平方米的大教室"
    {
        "code": "WD-S4",
        "name": "安培社区“5点钟义务课堂”",
        "kind": SiteKind.OTHER,
        "status": SiteStatus.IN_USE,
        "region": "410403001002",
        "area_m2": Decimal("30"),
        "notes": "2008年开设;获“2015年度河南省百姓喜爱的终身学习活动品牌”称号。",
    },
    # [DP] "开设了3个“暖蜂窗口”,为辖区快递员、外卖送餐员提供专属就餐折扣"
    *(
        {
            "code": f"DP-S{n}",
            "name": f"大鹏新区暖蜂窗口({'一二三'[n - 1]})",
            "kind": SiteKind.POST,
            "status": SiteStatus.IN_USE,
            "region": "440399",
            "organization": "DP-GH",
        }
        for n in range(1, 4)
    ),
    # [DP] "联合组织人事局、教育卫健局联合共建...的安心驿站"
    {
        "code": "DP-S4",
        "name": "大鹏新区安心驿站",
        "kind": SiteKind.POST,
        "status": SiteStatus.IN_USE,
        "region": "440399",
        "organization": "DP-QT",
    },
    # [DP] "推出“青年之夜”、“青年之家”等品牌项目,设立“青年驿站”"
    {
        "code": "DP-S5",
        "name": "大鹏新区青年驿站",
        "kind": SiteKind.POST,
        "status": SiteStatus.IN_USE,
        "region": "440399",
        "organization": "DP-TGW",
    },
]


# ---------------------------------------------------------------------------
# Projects: planned / started / completed.
# ---------------------------------------------------------------------------
PROJECTS = [
    # [ZY] "纳入改造规划的487个老旧小区,301个已经开工,177个基本改造完成,186个近期全部开工"
    {
        "code": "ZY-P1",
        "name": "中原区老旧小区改造",
        "kind": ProjectKind.RENOVATION,
        "region": "410102",
        "organization": "ZY-QW",
        "year": 2020,
        "planned": 487,
        "started": 301,
        "completed": 177,
        "notes": "186个近期全部开工。",
    },
    # [ZY] "“一环两纵七横”市定一期3条道路、区定8条道路改造等目标任务" (no progress reported)
    {
        "code": "ZY-P2",
        "name": "市定一期道路改造",
        "kind": ProjectKind.ENGINEERING,
        "region": "410102",
        "year": 2020,
        "unit": "条",
        "planned": 3,
    },
    {
        "code": "ZY-P3",
        "name": "区定道路改造",
        "kind": ProjectKind.ENGINEERING,
        "region": "410102",
        "year": 2020,
        "unit": "条",
        "planned": 8,
    },
    # [ZY] "城乡接合部改造谋划实施工程性项目29个,管理性项目392个" (no progress reported)
    {
        "code": "ZY-P4",
        "name": "城乡接合部改造工程性项目",
        "kind": ProjectKind.ENGINEERING,
        "region": "410102",
        "year": 2020,
        "planned": 29,
    },
    {
        "code": "ZY-P5",
        "name": "城乡接合部改造管理性项目",
        "kind": ProjectKind.MANAGEMENT,
        "region": "410102",
        "year": 2020,
        "planned": 392,
    },
    # [ZY] "创建新一轮“千百十”优秀道路45条"
    {
        "code": "ZY-P6",
        "name": "新一轮“千百十”优秀道路创建",
        "kind": ProjectKind.OTHER,
        "region": "410102",
        "year": 2020,
        "unit": "条",
        "planned": 45,
        "started": 45,
        "completed": 45,
    },
    # [ZD-DJ] "探索建立了如意湖慈善基金、商务区“党建+商务服务”智慧平台等区域共驻共建项目49个"
    {
        "code": "ZD-P1",
        "name": "郑东新区区域共驻共建项目",
        "kind": ProjectKind.CO_BUILDING,
        "region": "410190",
        "organization": "ZD-DGW",
        "year": 2020,
        "planned": 49,
        "started": 49,
        "notes": "含如意湖慈善基金、商务区“党建+商务服务”智慧平台等;已建立49个,完成情况未报。",
    },
    # [ZD-DJ] "累计对94个村(社区)党组织活动场所进行了改造"
    {
        "code": "ZD-P2",
        "name": "村(社区)党组织活动场所改造",
        "kind": ProjectKind.RENOVATION,
        "region": "410190",
        "organization": "ZD-DGW",
        "year": 2020,
        "planned": 94,
        "started": 94,
        "completed": 94,
    },
    # [ZD-JG] "确定今年新建“绿城妈妈”和“儿童之家”项目各1个,提升“绿城妈妈”项目5个和“儿童之家”项目2个"
    *(
        {
            "code": f"ZD-P{n}",
            "name": name,
            "kind": ProjectKind.OTHER,
            "region": "410190",
            "organization": "ZD-FL",
            "year": 2020,
            "planned": planned,
        }
        for n, name, planned in [
            (3, "新建“绿城妈妈”项目", 1),
            (4, "新建“儿童之家”项目", 1),
            (5, "提升“绿城妈妈”项目", 5),
            (6, "提升“儿童之家”项目", 2),
        ]
    ),
]


# ---------------------------------------------------------------------------
# Volunteer teams.
# ---------------------------------------------------------------------------

# [ZD-JG] "辖区12支青年志愿服务队共招募400余名青年志愿者": the split is illustrative; it adds up to 400.
_YOUTH_TEAM_SIZES = [40, 38, 36, 35, 34, 33, 32, 32, 30, 30, 30, 30]

# [ZD-DJ] "全区共组建党员突击队、先锋队235支,参与党员达1.3万余人": the split into shock and
# vanguard teams and over teams is illustrative; the member counts add up to 13,000.
_PARTY_TEAMS = 235
_PARTY_TEAM_MEMBERS = 13000


def _party_team(n):
    base, extra = divmod(_PARTY_TEAM_MEMBERS, _PARTY_TEAMS)
    shock = n % 2 == 1
    return {
        "code": f"ZD-TJ{n:03d}",
        "name": f"郑东新区党员{'突击队' if shock else '先锋队'}{(n + 1) // 2 if shock else n // 2:03d}",
        "kind": TeamKind.PARTY_SHOCK if shock else TeamKind.PARTY_VANGUARD,
        "region": "410190",
        "organization": "ZD-DGW",
        "member_count": base + (1 if n <= extra else 0),
    }


# [WD] "成立信访救助、司法调解、就业创业等10多支党员志愿服务队,积极参与项目推进、平安建设、
# 民生改善等重点任务": the first six names come from that sentence, the last four are invented.
_PUCHENG_TEAMS = [
    "信访救助",
    "司法调解",
    "就业创业",
    "项目推进",
    "平安建设",
    "民生改善",
    "安全饮水",
    "林果技术",
    "环境整治",
    "关爱帮扶",
]

TEAMS = [
    *(
        {
            "code": f"ZD-QN{n:02d}",
            "name": f"郑东新区青年志愿服务队{n:02d}",
            "kind": TeamKind.YOUTH,
            "region": "410190",
            "organization": "ZD-TGW",
            "member_count": size,
        }
        for n, size in enumerate(_YOUTH_TEAM_SIZES, start=1)
    ),
    *(_party_team(n) for n in range(1, _PARTY_TEAMS + 1)),
    # [ZD-JG] "引领各乡(镇)办妇联组织、执委、巾帼志愿者...做好疫情监测、排查、预警、防控等工作"
    {
        "code": "ZD-JGZY",
        "name": "郑东新区巾帼志愿服务队",
        "kind": TeamKind.WOMEN,
        "region": "410190",
        "organization": "ZD-FL",
    },
    # [DP] "新区群团工作部推出“马路天使”文明交通志愿服务"
    {
        "code": "DP-MLTS",
        "name": "“马路天使”文明交通志愿服务队",
        "kind": TeamKind.TRAFFIC,
        "region": "440399",
        "organization": "DP-QT",
    },
    *(
        {
            "code": f"WD-PC{n:02d}",
            "name": f"蒲城街道{task}党员志愿服务队",
            "kind": TeamKind.PARTY_VOLUNTEER,
            "region": "410403003",
            "organization": "WD-PC",
        }
        for n, task in enumerate(_PUCHENG_TEAMS, start=1)
    ),
    # Illustrative: a small community team for the volunteer ledger (see PARTICIPATIONS).
    {
        "code": "WD-DHZY",
        "name": "东湖社区志愿服务队",
        "kind": TeamKind.COMMUNITY,
        "region": "410403002001",
        "organization": "WD-DH",
    },
]


# ---------------------------------------------------------------------------
# Indicators: (code, name, unit, what it counts). A figure that is not what a core measure counts
# (activities.measures: person-times, households visited, funds invested, events held) is one of these.
# ---------------------------------------------------------------------------
INDICATORS = [
    ("suggestions", "意见建议", "条", "收集到的意见建议条数"),  # [WD] "收集到治安、卫生、教育等意见和建议50多条"
    ("questions_answered", "解答疑问", "项", "活动现场解答的疑问项数"),  # [WD] "解答疑问20多项"
    # [WD] "答疑解难上千次": times, not the 项 of 解答疑问
    ("tutoring_answers", "答疑解难", "次", "为学生、家长答疑解难的次数"),
    # [ZD-DJ] "开展干部教育培训共83期", [WD] "举办培训班90余期", "开设专题培训班7期": a class of several days
    ("training_classes", "培训期数", "期", "举办的培训班期数(一期培训班可含多场课)"),
    # [ZD-JG] "四大类十余项培训"
    ("training_courses", "培训课程", "项", "开设的培训课程项数"),
    # [WD] "近万名妇女接受了实用技术培训": heads, not the person-times of 参与人次
    ("trainees", "培训人数", "人", "接受培训的人数(人头数,非人次)"),
    # [WD] "对辖区1100多户沿街商户进行安全感指数调查": shops surveyed, not households visited
    ("shops_surveyed", "调查商户", "户", "调查走访的沿街商户、单位户数(非居民户)"),
    # [WD] "为362名妇女提供小额担保贷款3620万元": money lent, not funds invested
    ("loans_granted", "发放贷款", "元", "发放的贷款金额(非投入资金)"),
    ("loan_recipients", "获得贷款人数", "人", "获得贷款的人数"),
    # [ZY] "累计发动党员3760名", [ZD-DJ] "参与党员达1.3万余人": heads, not volunteer person-times
    ("members_mobilized", "发动党员", "人", "发动参与的党员人数(人头数,非人次)"),
    # [ZY] "示范带动1.5万名群众积极参与": heads, not participant person-times
    ("masses_mobilized", "带动群众", "人", "带动参与的群众人数(人头数,非人次)"),
    # [ZD-JG] "共招募400余名青年志愿者": heads recruited, not person-times served
    ("volunteers_recruited", "招募志愿者", "人", "招募的志愿者人数(人头数,非人次)"),
    ("disputes_mediated", "调解纠纷", "起", "成功调解的矛盾纠纷起数"),  # [WD] "已成功调解各类矛盾纠纷2170起"
    ("mediation_calls", "调解热线来电", "个", "接到的调解热线电话个数"),  # [WD] "接到民事纠纷调解热线电话2740多个"
    ("new_league_members", "新发展团员", "人", "新发展的团员人数"),  # [ZD-JG] "上半年新发展团员名额800人"
    ("new_unions", "新建基层工会", "家", "新建的基层工会家数"),  # [ZD-JG] "新建基层工会16家"
    ("new_union_members", "新发展会员", "人", "新发展的工会会员人数"),  # [ZD-JG] "发展会员400余人"
    (
        "collective_contracts",
        "签订集体协商合同企业",
        "家",
        "签订工资集体协商合同的企业家数",
    ),  # [ZD-JG] "推动12家企业签订工资集体协商合同"
    ("award_recommendations", "推荐评优", "人次", "推荐评优的人次"),  # [ZD-JG] "推荐评优13人次"
    ("articles_submitted", "报送获奖文章", "篇", "报送的获奖文章篇数"),  # [ZD-JG] "报送优秀获奖文章3篇"
    (
        "stationed_cadres",
        "驻点党员干部",
        "人",
        "抽调驻点的党员干部人数",
    ),  # [ZY] "全区累计抽调56名党员科级干部,驻点参与"
    ("students_aided", "资助贫困生", "人", "资助的贫困学生人数"),  # [WD] "先后资助贫困生23人"
]


# ---------------------------------------------------------------------------
# Activities. All are approved. A record without a start date is one event;
# "period" gives a summary record its start and (end) date. "qualifiers" keep the report's
# 余/多/约/近/上 beside a core measure; an indicator value written approximately is (value, qualifier).
# ---------------------------------------------------------------------------
ACTIVITIES = [
    # ===== [ZD-JG] 郑东新区机关党委, first half of 2020 =====
    # "开展“决胜2020”郑东新区机关党委网上答题竞赛...全区机关党员干部共8000余人次踊跃参与"
    {
        "external_id": "DEMO-0001",
        "period": ZD_H1_2020,
        "title": "“决胜2020”网上答题竞赛",
        "category": "study",
        "region": "410190",
        "organization": "ZD-JGDW",
        "participants": 8000,
        "qualifiers": {"participants": "余"},
    },
    # "借助线上直播平台开展高质量培训,课程覆盖...四大类十余项培训"
    {
        "external_id": "DEMO-0002",
        "period": ZD_H1_2020,
        "title": "机关干部“云”培训",
        "category": "training",
        "region": "410190",
        "organization": "ZD-JGDW",
        "indicators": {"training_courses": (10, "余")},
        "notes": "四大类十余项培训,每周三邀请专家线上授课。",
    },
    # "先后推动信访办、发改办等13个党支部于6月底前完成换届"
    {
        "external_id": "DEMO-0003",
        "date": _d(2020, 6, 30),
        "title": "机关党支部换届选举",
        "category": "meeting",
        "region": "410190",
        "organization": "ZD-JGDW",
        "notes": "13个党支部的换届见换届选举记录(regional)。",
    },
    # "在“七一”建党节来临之际...发出“党啊,我想对你说”活动大征集"
    {
        "external_id": "DEMO-0004",
        "date": _d(2020, 6, 30),
        "title": "“党啊,我想对你说”活动大征集",
        "category": "theme_day",
        "region": "410190",
        "organization": "ZD-JGDW",
    },
    # "“三八”妇女节期间,为195名“最美巾帼奋斗者”送去鲜花和温情卡片,带领12个乡(镇)办事处..."
    {
        "external_id": "DEMO-0005",
        "date": _d(2020, 3, 8),
        "title": "“三八”节慰问“最美巾帼奋斗者”",
        "category": "visit",
        "region": "410190",
        "organization": "ZD-FL",
        "people_served": 195,
        "notes": "带领12个乡(镇)办事处慰问一线女职工、隔离户女性。",
    },
    # "举办“妇女儿童权益保护法”“女性财产保护”两场“法进万家”普法大讲堂活动"
    {
        "external_id": "DEMO-0006",
        "period": ZD_H1_2020,
        "title": "“法进万家”普法大讲堂",
        "category": "publicity",
        "region": "410190",
        "organization": "ZD-FL",
        "sessions": 2,
    },
    # "“六一”节日期间,走访慰问86户孤残病等困难儿童"
    {
        "external_id": "DEMO-0007",
        "date": _d(2020, 6, 1),
        "title": "“六一”走访慰问困难儿童",
        "category": "visit",
        "region": "410190",
        "organization": "ZD-FL",
        "households": 86,
    },
    # "上半年,新建基层工会16家,发展会员400余人" (the categories have no "组织建设"; filed as 共驻共建)
    {
        "external_id": "DEMO-0008",
        "period": ZD_H1_2020,
        "title": "新建基层工会、发展会员",
        "category": "co_building",
        "region": "410190",
        "organization": "ZD-GH",
        "indicators": {"new_unions": 16, "new_union_members": (400, "余")},
    },
    # "推动12家企业签订工资集体协商合同,覆盖职工数千余人"
    {
        "external_id": "DEMO-0009",
        "period": ZD_H1_2020,
        "title": "推动企业签订工资集体协商合同",
        "category": "co_building",
        "region": "410190",
        "organization": "ZD-GH",
        "indicators": {"collective_contracts": 12},
    },
    # "辖区12支青年志愿服务队共招募400余名青年志愿者,累计开展志愿服务两万小时"
    # (400 is a head count: the indicator 招募志愿者 in 人, not the person-times of the volunteers measure)
    {
        "external_id": "DEMO-0010",
        "period": ZD_H1_2020,
        "title": "青年志愿者参与疫情防控志愿服务",
        "category": "volunteer_service",
        "region": "410190",
        "organization": "ZD-TGW",
        "indicators": {"volunteers_recruited": (400, "余")},
        "volunteer_hours": Decimal("20000"),
    },
    # "开展培训250余次"
    {
        "external_id": "DEMO-0011",
        "period": ZD_H1_2020,
        "title": "青年志愿者培训",
        "category": "training",
        "region": "410190",
        "organization": "ZD-TGW",
        "sessions": 250,
        "qualifiers": {"sessions": "余"},
    },
    # "在3月5日第21个“中国青年志愿者服务日”开展“抗击疫情 志愿同行”特别主题团日活动"
    {
        "external_id": "DEMO-0012",
        "date": _d(2020, 3, 5),
        "title": "“抗击疫情 志愿同行”特别主题团日",
        "category": "theme_day",
        "region": "410190",
        "organization": "ZD-TGW",
        "sessions": 1,
    },
    # "上半年新发展团员名额800人" (the report gives a quota; see the notes)
    {
        "external_id": "DEMO-0013",
        "period": ZD_H1_2020,
        "title": "发展新团员",
        "category": "theme_day",
        "region": "410190",
        "organization": "ZD-TGW",
        "indicators": {"new_league_members": 800},
        "notes": "报道原文为“新发展团员名额800人”。",
    },
    # "开展“温暖冬天,情满东区”主题活动,为辖区80余名贫困青少年送去关心关爱"
    {
        "external_id": "DEMO-0014",
        "period": ZD_H1_2020,
        "title": "“温暖冬天,情满东区”关爱贫困青少年",
        "category": "assistance",
        "region": "410190",
        "organization": "ZD-TGW",
        "people_served": 80,
        "qualifiers": {"people_served": "余"},
    },
    # "组织统战成员参与会议、学习培训共计25余次,累计近200人次,推荐评优13人次,报送优秀获奖文章3篇"
    {
        "external_id": "DEMO-0015",
        "period": ZD_H1_2020,
        "title": "统战成员会议、学习培训",
        "category": "study",
        "region": "410190",
        "organization": "ZD-JGDW",
        "sessions": 25,
        "participants": 200,
        "qualifiers": {"sessions": "余", "participants": "近"},
        "indicators": {"award_recommendations": 13, "articles_submitted": 3},
    },
    # "6月13日上午...新的社会阶层人士联谊会成立大会暨第一届会员代表大会召开"
    {
        "external_id": "DEMO-0016",
        "date": _d(2020, 6, 13),
        "title": "新的社会阶层人士联谊会成立大会暨第一届会员代表大会",
        "category": "meeting",
        "region": "410190",
        "organization": "ZD-LYH",
        "sessions": 1,
    },
    # "对在郑居住的香港居民开展摸底工作,共摸查辖区香港居民40名"
    {
        "external_id": "DEMO-0017",
        "period": ZD_H1_2020,
        "title": "在郑香港居民摸底走访",
        "category": "visit",
        "region": "410190",
        "organization": "ZD-JGDW",
        "people_served": 40,
    },
    # ===== [ZD-DJ] 郑东新区党工委, 2020 =====
    # "开展干部教育培训共83期、7476人次" ("近年来"; dated at the end of the report's half-year)
    {
        "external_id": "DEMO-0020",
        "date": ZD_H1_2020[1],
        "title": "干部教育培训",
        "category": "training",
        "region": "410190",
        "organization": "ZD-DGW",
        "indicators": {"training_classes": 83},
        "participants": 7476,
        "notes": "报道原文为“近年来”累计。",
    },
    # "全区共组建党员突击队、先锋队235支,参与党员达1.3万余人" (a head count, as for DEMO-0010)
    {
        "external_id": "DEMO-0021",
        "period": ZD_H1_2020,
        "title": "党员突击队、先锋队参与疫情联防联控",
        "category": "epidemic",
        "region": "410190",
        "organization": "ZD-DGW",
        "indicators": {"members_mobilized": (13000, "余")},
    },
    # ===== [DP] 大鹏新区群团工作部, 2021 =====
    # "截至九月,“马路天使”文明交通志愿服务活动参与志愿者累计2112人次,服务时长3168小时,服务对象约397636人次"
    {
        "external_id": "DEMO-0030",
        "period": (_d(2021, 1, 1), _d(2021, 9, 30)),
        "title": "“马路天使”文明交通志愿服务",
        "category": "volunteer_service",
        "region": "440399",
        "organization": "DP-QT",
        "team": "DP-MLTS",
        "volunteers": 2112,
        "volunteer_hours": Decimal("3168"),
        "people_served": 397636,
        "qualifiers": {"people_served": "约"},
    },
    # "年度累计慰问困境妇女儿童203户"
    {
        "external_id": "DEMO-0031",
        "period": DP_2021,
        "title": "慰问困境妇女儿童",
        "category": "visit",
        "region": "440399",
        "organization": "DP-FL",
        "households": 203,
    },
    # "举办困境妇女互助会3场"
    {
        "external_id": "DEMO-0032",
        "period": DP_2021,
        "title": "困境妇女互助会",
        "category": "assistance",
        "region": "440399",
        "organization": "DP-FL",
        "sessions": 3,
    },
    # "困境儿童成长营赋能活动2场"
    {
        "external_id": "DEMO-0033",
        "period": DP_2021,
        "title": "困境儿童成长营赋能活动",
        "category": "assistance",
        "region": "440399",
        "organization": "DP-FL",
        "sessions": 2,
    },
    # "推出“宅集颂”系列活动25场"
    {
        "external_id": "DEMO-0034",
        "period": DP_2021,
        "title": "“宅集颂”系列活动",
        "category": "culture_sports",
        "region": "440399",
        "organization": "DP-FL",
        "sessions": 25,
    },
    # "举办“益家”家庭教育大讲堂共17节,覆盖新区家庭近500户,累计参与人次达8.9万"
    {
        "external_id": "DEMO-0035",
        "period": DP_2021,
        "title": "“益家”家庭教育大讲堂",
        "category": "publicity",
        "region": "440399",
        "organization": "DP-FL",
        "sessions": 17,
        "households": 500,
        "qualifiers": {"households": "近"},
        "participants": 89000,
    },
    # ===== [ZY] 中原区, 2020 =====
    # "累计发动党员3760名,示范带动1.5万名群众积极参与此项工作", "全区累计抽调56名党员科级干部,驻点参与",
    # "区委成立了3个督导组,对10个街道267个工地科级干部驻点情况进行督导"
    {
        "external_id": "DEMO-0040",
        "period": ZY_2020,
        "title": "党建助推“三项工程、一项管理”",
        "category": "co_building",
        "region": "410102",
        "organization": "ZY-QW",
        "indicators": {"members_mobilized": 3760, "masses_mobilized": 15000, "stationed_cadres": 56},
    },
    # "组织126个机关支部与辖区408个无主管楼院常态化结对共建": a pairing (PAIRINGS), not an activity's figure.
    # "6月24日,中原区举办党建引领“三项工程、一项管理”观摩暨基层党建重点任务推进会。
    # 中原区委组织部有关负责人、14个街道组织员(分管组织工作副职)参加"
    {
        "external_id": "DEMO-0042",
        "date": _d(2020, 6, 24),
        "title": "党建引领“三项工程、一项管理”观摩暨基层党建重点任务推进会",
        "category": "observation",
        "region": "410102",
        "organization": "ZY-ZZB",
        "sessions": 1,
        "participants": 14,
        "location": "付庄村党群服务中心",
        "notes": "观摩西站路82号院、中原中路152号院、付庄村,参观付庄村时代领航馆。",
    },
    # "6月23日,中原区召开全区疫情防控工作会"
    {
        "external_id": "DEMO-0043",
        "date": _d(2020, 6, 23),
        "title": "全区疫情防控工作会",
        "category": "meeting",
        "region": "410102",
        "organization": "ZY-QW",
        "sessions": 1,
    },
    # "6月24日,中原区纪委副书记...走进航海西路街道段庄村一户村民家中,与村民开展面对面谈心交流"
    {
        "external_id": "DEMO-0044",
        "date": _d(2020, 6, 24),
        "title": "“千人进千村”走访",
        "category": "visit",
        "region": "410102004201",
        "organization": "ZY-JW",
        "households": 1,
    },
    # ===== [WD] 卫东区, 2015 =====
    # "东安路派出所...派出8名民警和各社区工作人员一起,对辖区1100多户沿街商户进行安全感指数调查...
    # 共收集到治安、卫生、教育等意见和建议50多条,解答疑问20多项"
    {
        "external_id": "DEMO-0050",
        "date": _d(2015, 12, 8),
        "title": "平安建设宣传走访",
        "category": "public_safety",
        "region": "410403001",
        "organization": "WD-DALPCS",
        "participants": 8,
        # The 1100多户 沿街商户 were surveyed, not visited: an indicator of their own (调查商户), never households;
        # the survey itself (SURVEYS: 安全感指数调查) holds them as its respondents.
        "indicators": {"shops_surveyed": (1100, "多"), "suggestions": (50, "多"), "questions_answered": (20, "多")},
        "notes": "对辖区沿街商户进行安全感指数调查。",
    },
    # "全区共举办培训班90余期,近万名妇女接受了实用技术培训、电脑知识、家政技能、医疗保健等...培训"
    {
        "external_id": "DEMO-0051",
        "period": WD_2015,
        "title": "妇女创业就业免费培训",
        "category": "training",
        "region": "410403",
        "indicators": {"training_classes": (90, "余"), "trainees": (10000, "近")},
    },
    # "今年以来共为362名妇女提供小额担保贷款3620万元"
    {
        "external_id": "DEMO-0052",
        "period": WD_2015,
        "title": "妇女创业小额担保贷款",
        "category": "assistance",
        "region": "410403",
        "indicators": {"loan_recipients": 362, "loans_granted": 36200000},
    },
    # "12月7日,在卫东区东工人镇街道东湖社区...开展消防安全进楼道活动" (the report gives no
    # figures; the volunteers and hours are those of the illustrative PARTICIPATIONS below)
    {
        "external_id": "DEMO-0053",
        "date": _d(2015, 12, 7),
        "title": "消防安全进楼道",
        "category": "public_safety",
        "region": "410403002001",
        "organization": "WD-DH",
        "team": "WD-DHZY",
        "volunteers": 4,
        "volunteer_hours": Decimal("7"),
    },
    # "邀请教育专家到社区做专题讲座20次,受教育人数1000多人次,答疑解难上千次" (since 2008)
    {
        "external_id": "DEMO-0054",
        "period": (_d(2008, 1, 1), _d(2015, 12, 8)),
        "title": "“5点钟义务课堂”家庭教育专题讲座",
        "category": "study",
        "region": "410403001002",
        "sessions": 20,
        "participants": 1000,
        "qualifiers": {"participants": "多"},
        "indicators": {"tutoring_answers": (1000, "上")},
        "location": "安培社区“5点钟义务课堂”",
    },
    # "该社区还对家庭困难的学生实施帮助,先后资助贫困生23人"
    {
        "external_id": "DEMO-0055",
        "period": (_d(2008, 1, 1), _d(2015, 12, 8)),
        "title": "资助贫困学生",
        "category": "assistance",
        "region": "410403001002",
        "indicators": {"students_aided": 23},
    },
    # "东安路街道安培社区共为辖区的16户困难群众送去了棉被、大米等"
    {
        "external_id": "DEMO-0056",
        "date": _d(2015, 12, 8),
        "title": "为困难残疾户送棉被、大米",
        "category": "assistance",
        "region": "410403001002",
        "households": 16,
        "notes": "在市残联的支持下开展。",
    },
    # "该区已举办人民调解员培训13场次,培训调解员、信息员500多人次" (the centre opened June 2012)
    {
        "external_id": "DEMO-0057",
        "period": (_d(2012, 6, 1), _d(2015, 12, 8)),
        "title": "人民调解员培训",
        "category": "training",
        "region": "410403",
        "organization": "WD-TJ110",
        "sessions": 13,
        "participants": 500,
        "qualifiers": {"participants": "多"},
    },
    # "接到民事纠纷调解热线电话2740多个(外县、外区11个),已成功调解各类矛盾纠纷2170起"
    {
        "external_id": "DEMO-0058",
        "period": (_d(2012, 6, 1), _d(2015, 12, 8)),
        "title": "人民调解110指挥中心调解矛盾纠纷",
        "category": "mediation",
        "region": "410403",
        "organization": "WD-TJ110",
        "indicators": {"disputes_mediated": 2170, "mediation_calls": (2740, "多")},
    },
    # "今年以来,该街道党工委召开12次党建工作协调会议"
    {
        "external_id": "DEMO-0059",
        "period": WD_2015,
        "title": "党建工作协调会议",
        "category": "meeting",
        "region": "410403003",
        "organization": "WD-PC",
        "sessions": 12,
    },
    # "筹措资金15万元,修建了占地3亩的蒲城村党群群众文化广场"
    {
        "external_id": "DEMO-0060",
        "period": WD_2015,
        "title": "修建蒲城村党群群众文化广场",
        "category": "co_building",
        "region": "410403003201",
        "organization": "WD-PC",
        "funds": Decimal("150000"),
    },
    # "今年以来,该街道集中学习30余次"
    {
        "external_id": "DEMO-0061",
        "period": WD_2015,
        "title": "党员干部集中学习",
        "category": "study",
        "region": "410403003",
        "organization": "WD-PC",
        "sessions": 30,
        "qualifiers": {"sessions": "余"},
    },
    # "开设专题培训班7期,培训党员1000余人次"
    {
        "external_id": "DEMO-0062",
        "period": WD_2015,
        "title": "党员专题培训班",
        "category": "training",
        "region": "410403003",
        "organization": "WD-PC",
        "participants": 1000,
        "qualifiers": {"participants": "余"},
        "indicators": {"training_classes": 7},
    },
    # "今年以来,该街道党员志愿服务队共为辖区群众提供服务活动80余次,解决了4个村的安全饮水等问题"
    {
        "external_id": "DEMO-0063",
        "period": WD_2015,
        "title": "党员志愿服务队服务群众",
        "category": "volunteer_service",
        "region": "410403003",
        "organization": "WD-PC",
        "sessions": 80,
        "qualifiers": {"sessions": "余"},
        "notes": "解决了4个村的安全饮水等问题。",
    },
    # "组织街道班子成员、村党支部书记到舞钢市、郏县,实地参观学习村级党群综合服务站建设"
    {
        "external_id": "DEMO-0064",
        "period": WD_2015,
        "title": "赴舞钢市、郏县参观学习村级党群综合服务站建设",
        "category": "observation",
        "region": "410403003",
        "organization": "WD-PC",
    },
]


# ---------------------------------------------------------------------------
# People, memberships and participation. The reports name no volunteers, so these
# people are invented; their ID numbers are well-formed (GB 11643) but fictitious.
# ---------------------------------------------------------------------------


def _id_number(area, born, sequence):
    """An 18-character ID number for area code, birth date and three-digit sequence (odd = male)."""
    first17 = f"{area}{born:%Y%m%d}{sequence:03d}"
    return first17 + id_number_check_char(first17)


PEOPLE = [
    {
        "key": "wangli",
        "name": "王丽",
        "gender": Gender.FEMALE,
        "id_number": _id_number("410403", _d(1978, 4, 12), 24),
        "phone": "13700000001",
        "political_status": PoliticalStatus.PARTY_MEMBER,
        "region": "410403002001",
        "teams": [("WD-DHZY", TeamMembership.Role.DEPUTY, _d(2014, 3, 1))],
    },
    {
        "key": "lijianguo",
        "name": "李建国",
        "gender": Gender.MALE,
        "id_number": _id_number("410403", _d(1969, 10, 3), 17),
        "phone": "13700000002",
        "political_status": PoliticalStatus.PARTY_MEMBER,
        "region": "410403002001",
        # "在职党员进社区报到" (DESIGN): a Party member employed elsewhere reporting to 东湖社区.
        "work_unit": "平顶山市某机关",
        "is_in_service_member": True,
        "reporting_community": "410403002001",
        "reported_on": _d(2015, 3, 20),
        "teams": [("WD-DHZY", TeamMembership.Role.MEMBER, _d(2015, 3, 20))],
    },
    {
        "key": "zhangxiuying",
        "name": "张秀英",
        "gender": Gender.FEMALE,
        "id_number": _id_number("410403", _d(1956, 1, 28), 42),
        "political_status": PoliticalStatus.MASSES,
        "region": "410403002001",
        "teams": [("WD-DHZY", TeamMembership.Role.MEMBER, _d(2014, 3, 1))],
    },
    {
        "key": "liuyang",
        "name": "刘洋",
        "gender": Gender.MALE,
        "id_number": _id_number("410403", _d(1996, 7, 9), 35),
        "phone": "13700000004",
        "political_status": PoliticalStatus.LEAGUE_MEMBER,
        "region": "410403002001",
        "teams": [("WD-DHZY", TeamMembership.Role.MEMBER, _d(2015, 6, 1))],
    },
    {
        "key": "chenlei",
        "name": "陈磊",
        "gender": Gender.MALE,
        "id_number": _id_number("410403", _d(1975, 5, 16), 11),
        "political_status": PoliticalStatus.PARTY_MEMBER,
        "region": "410403003201",
        "teams": [("WD-PC01", TeamMembership.Role.LEADER, _d(2015, 4, 1))],
    },
    {
        "key": "zhaomin",
        "name": "赵敏",
        "gender": Gender.FEMALE,
        "id_number": _id_number("410403", _d(1982, 11, 22), 66),
        "political_status": PoliticalStatus.PARTY_MEMBER,
        "region": "410403003202",
        "teams": [("WD-PC02", TeamMembership.Role.MEMBER, _d(2015, 4, 1))],
    },
]

# (person key, activity external id, hours): DEMO-0053 holds their total, 4 volunteers and 7 hours.
PARTICIPATIONS = [
    ("wangli", "DEMO-0053", Decimal("2")),
    ("lijianguo", "DEMO-0053", Decimal("2")),
    ("zhangxiuying", "DEMO-0053", Decimal("1.5")),
    ("liuyang", "DEMO-0053", Decimal("1.5")),
]


# ---------------------------------------------------------------------------
# A clerk's, a reviewer's and a manager's day (not from the reports): three logins in
# 卫东区 and the records in the middle of review that they find in 我的台账.
# ---------------------------------------------------------------------------

# (username, role, scope region code, full name): the roles are accounts.roles' group names.
LOGINS = [
    ("clerk", "录入员", "410403001002", "张录入"),  # 安培社区
    ("reviewer", "审核员", "410403001", "李审核"),  # 东安路街道
    ("manager", "管理者", "410403", "王管理"),  # 卫东区
]

# Entered by the clerk (and reviewed) through the workflow services, so their history is real.
# "step": "draft" stays a draft, "submitted" is submitted, "returned" is submitted and returned with "reason".
WORKFLOW_ACTIVITIES = [
    {
        "external_id": "DEMO-W01",
        "date": _d(2015, 12, 20),
        "title": "冬季送温暖志愿服务",
        "category": "volunteer_service",
        "region": "410403001002",
        "volunteers": 12,
        "volunteer_hours": Decimal("30"),
        "people_served": 40,
        "step": "returned",
        "reason": "志愿者人数与签到表不符，请核对后补充签到表照片。",
    },
    {
        "external_id": "DEMO-W02",
        "date": _d(2015, 12, 25),
        "title": "社区议事会：楼道照明改造",
        "category": "meeting",
        "region": "410403001002",
        "sessions": 1,
        "participants": 18,
        "step": "submitted",
    },
    {
        "external_id": "DEMO-W03",
        "date": _d(2015, 12, 28),
        "title": "元旦文艺汇演排练",
        "category": "culture_sports",
        "region": "410403001002",
        "participants": 35,
        "step": "draft",
    },
]


# ---------------------------------------------------------------------------
# Regional Party-building (区域化党建, regional/): member units, committee members, pairings.
# Only what the reports say: where they give a count and no names, the pairing is one
# aggregate row with the count; where they give no date, the report's period start stands
# in and the notes say so.
# ---------------------------------------------------------------------------

MEMBER_UNITS = [
    # [WD] "东安路派出所有关领导作为街道大工委委员,派出8名民警和各社区工作人员一起..."
    {
        "code": "WD-U-DALPCS",
        "name": "东安路派出所",
        "kind": "police_station",
        "region": "410403001",
        "notes": "驻街单位;所领导为东安路街道大工委委员。",
    },
]

# [ZD-DJ] "在街道社区,成立街道、社区区域党委,吸纳驻区单位和“两新”组织百余家": a count without names, and
# for the subdistrict and community area committees together, so one aggregate row for 郑东新区 and no
# committee; the report (2020) gives no date, its year's end stands in.
UNIT_COUNTS = [
    {
        "region": "410190",
        "label": "驻区单位和“两新”组织",
        "count": 100,
        "qualifier": "余",
        "as_of": _d(2020, 12, 31),
        "notes": "报告原文:“吸纳驻区单位和“两新”组织百余家”;未列单位名称。",
    },
]

# Members of a 大工委 / 大党委. [WD] names the procedure (摸底调查—协商确定初步人选—征求组织部门、街道党工委等
# 意见—公示初步人选—聘任并颁发聘书—报上级党组织备案) but no dates and no name for 东安路派出所's leader: the
# member is recorded as serving on 2015-12-08 (the report's date), with the procedure not on record.
COMMITTEE_MEMBERS = [
    {
        "committee": "WD-DAL",
        "unit": "WD-U-DALPCS",
        "title": "所领导",
        "role": "member",
        "step": "appointed",
        "procedure_on_record": False,
        "duties": "参与街道平安建设宣传走访等活动,“我是党员我先行,我为社区作贡献”主题实践活动。",
    },
]

# Pairings: each side is ("organization" | "unit" | "region" | "project", code) or ("group", count, what).
PAIRINGS = [
    # [ZY] "组织126个机关支部与辖区408个无主管楼院常态化结对共建"
    {
        "kind": "co_building",
        "name": "机关支部与无主管楼院常态化结对共建",
        "region": "410102",
        "a": ("group", 126, "机关支部"),
        "b": ("group", 408, "无主管楼院"),
        "start": ZY_2020[0],
        "content": "常态化结对共建",
        "notes": "报道只给出数量;开始日期为报道所述“今年以来”的起点。",
    },
    # [ZY] "区纪委监委班子成员分包14个街道,中层领导干部分包46个行政村和106个社区,分包信息予以公开,
    # 每周固定时间、固定地点接访"
    {
        "kind": "contracting",
        "name": "区纪委监委班子成员分包街道",
        "region": "410102",
        "a": ("organization", "ZY-JW"),
        "b": ("group", 14, "街道"),
        "start": ZY_2020[0],
        "content": "班子成员分包街道;分包信息公开,每周固定时间、固定地点接访",
        "frequency": "每周固定时间、固定地点",
        "notes": "“千人进千村”走访活动;开始日期为报道所述“今年以来”的起点。",
    },
    {
        "kind": "contracting",
        "name": "区纪委监委中层领导干部分包行政村",
        "region": "410102",
        "a": ("organization", "ZY-JW"),
        "b": ("group", 46, "行政村"),
        "start": ZY_2020[0],
        "content": "中层领导干部分包行政村;跟踪督办重点信访举报件",
        "frequency": "每周固定时间、固定地点",
        "notes": "开始日期为报道所述“今年以来”的起点。",
    },
    {
        "kind": "contracting",
        "name": "区纪委监委中层领导干部分包社区",
        "region": "410102",
        "a": ("organization", "ZY-JW"),
        "b": ("group", 106, "社区"),
        "start": ZY_2020[0],
        "content": "中层领导干部分包社区;跟踪督办重点信访举报件",
        "frequency": "每周固定时间、固定地点",
        "notes": "开始日期为报道所述“今年以来”的起点。",
    },
    # [ZY] "全区累计抽调56名党员科级干部,驻点参与“三项工程、一项管理”工作...党员科级干部带头包楼院、包路段"
    {
        "kind": "contracting",
        "name": "党员科级干部驻点包楼院、包路段",
        "region": "410102",
        "a": ("group", 56, "党员科级干部"),
        "b": ("project", "ZY-P1"),
        "start": ZY_2020[0],
        "content": "带头包楼院、包路段,吃住在“帐篷”,解决问题在“帐篷”;“三蹲三保”:科级干部蹲点保统筹",
        "notes": "开始日期为报道所述“今年以来”的起点。",
    },
    # [WD] "街道建立领导干部党建工作联系点制度和党建指导员工作制度,每个班子成员每月到联系点检查指导工作不少于两次"
    {
        "kind": "contact_point",
        "name": "蒲城街道领导干部党建工作联系点",
        "region": "410403003",
        "a": ("organization", "WD-PC"),
        "b": ("region", "410403003"),
        "start": WD_2015[0],
        "content": "班子成员到联系点检查指导党建工作",
        "frequency": "每月不少于两次",
        "notes": "报道未给出班子成员人数和联系点名单;开始日期为报道所述“今年以来”的起点。",
    },
]

# Elections as events: (organization code, kind, held on, only "by" that date, notes).
ELECTIONS = [
    # [ZD-JG] "先后推动信访办、发改办等13个党支部于6月底前完成换届": the date is a deadline, not a day.
    *((f"ZD-JG{n:02d}", "general", _d(2020, 6, 30), True, "于6月底前完成换届") for n in range(1, 14)),
    # [ZD-JG] "6月13日上午...郑东新区新的社会阶层人士联谊会成立大会暨第一届会员代表大会召开,
    # 选举产生了...第一届会长、副会长及秘书长等班子成员" (the report names none of them)
    (
        "ZD-LYH",
        "founding",
        _d(2020, 6, 13),
        False,
        "成立大会暨第一届会员代表大会;选举产生第一届会长、副会长及秘书长等班子成员",
    ),
]

OFFICE_HOLDERS = [
    # [WD] "社区党支部书记刘凯平(右一)在楼前张贴消防安全知识贴图"
    {"organization": "WD-DH", "name": "刘凯平", "position": "secretary"},
]

# [ZD-DJ] "2019年,建立乡土人才库460人和村级后备干部库265人": counts only, no names.
TALENT_POOLS = [
    {"region": "410190", "name": "郑东新区乡土人才库(2019年建立)", "kind": "rural_talent", "reported_count": 460},
    {"region": "410190", "name": "郑东新区村级后备干部库(2019年建立)", "kind": "reserve_cadres", "reported_count": 265},
]

# [WD] "派出8名民警和各社区工作人员一起,对辖区1100多户沿街商户进行安全感指数调查,询问商户对辖区的治安、城管、
# 卫生等方面是否满意,并征求意见和建议。这次活动共收集到治安、卫生、教育等意见和建议50多条,解答疑问20多项。"
# 1100 shops surveyed, not households visited; the suggestions are counted, not listed.
SURVEYS = [
    {
        "region": "410403001",
        "title": "平安建设宣传走访·安全感指数调查",
        "conducted_on": _d(2015, 12, 8),  # the report's date ("近日")
        "unit": "WD-U-DALPCS",
        "respondents_label": "沿街商户",
        "respondents": 1100,
        "respondents_approximate": True,
        "result": "询问商户对辖区的治安、城管、卫生等方面是否满意。",
        "topics": "治安、卫生、教育",
        "suggestions_reported": 50,
        "suggestions_approximate": True,
        "answered_reported": 20,
        "answered_approximate": True,
    },
]

# Assessments: the reports name the schemes, not their items or scores, so none are invented.
ASSESSMENT_SCHEMES = [
    # [WD] "该街道把党建工作深化和细化,按照百分制考核办法规范党建工作"
    {
        "region": "410403003",
        "name": "蒲城街道党建工作百分制考核",
        "year": 2015,
        "organization": "WD-PC",
        "full_marks": Decimal("100"),
        "notes": "报道只说明按百分制考核办法规范党建工作,未给出考核项目和分数。",
    },
    # [ZY] "开展了全区村(社区)党组织书记“亮赛比”...下一步,将...把“亮赛比”以及测试情况进行排名"
    {
        "region": "410102",
        "name": "村(社区)党组织书记“亮赛比”",
        "year": 2020,
        "organization": "ZY-ZZB",
        "full_marks": Decimal("100"),
        "notes": "报道说明将进行排名,未给出名次;满分为本系统的默认值。",
    },
]

# [ZY] "区委成立了3个督导组,对10个街道267个工地科级干部驻点情况进行督导": counts only, no names of the streets or
# sites; the period is the report's (the same as the stationed cadres' activity, DEMO-0040).
SUPERVISION_CHECKS = [
    {
        "region": "410102",
        "organization": "ZY-QW",
        "subject": "科级干部驻点情况",
        "start": ZY_2020[0],
        "end": ZY_2020[1],
        "groups": 3,
        "areas": 10,
        "areas_label": "街道",
        "places": 267,
        "places_label": "工地",
    },
]

# Activities done under a pairing: (activity external id, pairing name). [ZY] "中原区纪委副书记...走进航海西路街道
# 段庄村一户村民家中" is one of the 纪委监委's “千人进千村” visits, the work of its 分包 of villages.
ACTIVITY_PAIRINGS = [("DEMO-0044", "区纪委监委中层领导干部分包行政村")]

# ---------------------------------------------------------------------------
# Evidence files (佐证材料), drawn at load time by demo/files.py: (activity external id, kind code, file name,
# "photo" or PDF lines). The clerk's records get theirs through the services before they are submitted; the
# returned one has its photo but not the sign-in sheet the reviewer asks for.
# ---------------------------------------------------------------------------
REQUIRED_EVIDENCE = {"theme_day": ["sign_in_sheet"]}  # 主题党日/团日 needs a sign-in sheet (签到表)

EVIDENCE = [
    ("DEMO-0050", "photo", "平安建设宣传走访现场.png", "photo"),
    (
        "DEMO-0050",
        "sign_in_sheet",
        "平安建设宣传走访签到表.pdf",
        ["Sign-in sheet", "Dong'anlu subdistrict, 2015-12-08"],
    ),
    ("DEMO-0053", "photo", "消防安全进楼道.png", "photo"),
    ("DEMO-0056", "photo", "送棉被大米.png", "photo"),
    ("DEMO-0059", "minutes", "党建工作协调会议记录.pdf", ["Minutes", "Party-building coordination meeting, 2015"]),
    ("DEMO-W01", "photo", "冬季送温暖.png", "photo"),
    ("DEMO-W02", "minutes", "议事会记录.pdf", ["Minutes", "Residents' council: stairwell lighting, 2015-12-25"]),
]
