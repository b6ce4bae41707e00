"""The header words offices write for each import column, beyond the column's own names.

Collected from the ledgers districts keep: 活动时间 for 日期, 活动内容 for 标题, 参加人数 for
参与人次, 所在社区 for 所属区域. Headers are compared after ``parsing.normalize_header``
(no blanks, no bracketed unit: "参加人数（人）" is 参加人数; "村（社区）" is 村), so
each word is written once here. A word names one column per kind; a word that could mean two
columns (编号: a row number or an id?) is left out, for the user's own mapping to decide.
"""

ACTIVITIES = {
    "external_id": ("活动编号", "台账编号", "外部ID", "记录编号", "活动ID"),
    "date": (
        "活动时间",
        "时间",
        "活动日期",
        "开展时间",
        "开展日期",
        "举办时间",
        "举办日期",
        "服务日期",
        "服务时间",
        "活动开展时间",
        "日期时间",
        "结束时间",
    ),
    "start_date": ("开始时间", "起始日期", "起始时间", "活动开始日期", "活动开始时间"),
    "title": (
        "活动内容",
        "活动名称",
        "活动主题",
        "活动标题",
        "活动项目",
        "主题",
        "名称",
        "内容",
        "项目名称",
        "服务内容",
        "服务项目",
        "事项",
    ),
    "category": ("活动类型", "活动类别", "类型", "活动分类", "分类", "服务类别", "服务类型", "项目类别", "类别名称"),
    "region": (
        "所在社区",
        "社区",
        "所属社区",
        "区域",
        "所在区域",
        "社区名称",
        "村",
        "村社区",
        "社区村",
        "所属村社",
        "辖区",
        "地区",
    ),
    "organization": ("组织单位", "主办单位", "承办单位", "组织", "党组织", "责任单位", "牵头单位", "举办单位"),
    "team": ("志愿服务队", "志愿队", "服务队", "志愿者队伍", "志愿服务队伍", "队伍"),
    "sessions": ("活动场次", "次数", "活动次数", "开展次数", "举办场次", "开展场次"),
    "participants": (
        "参加人数",
        "参加人次",
        "参与人员",
        "人数",
        "人次",
        "参会人数",
        "参训人数",
        "活动人数",
        "出席人数",
        "覆盖人数",
        "受众人数",
    ),
    "volunteers": ("志愿者", "志愿者数", "参与志愿者", "志愿者数量", "志愿服务人次", "参与志愿者人数"),
    "volunteer_hours": ("时长", "志愿时长", "服务小时数", "志愿服务小时数", "总时长"),
    "people_served": ("服务人数", "受益人数", "受益群众", "惠及群众", "服务对象人数", "服务群众人数"),
    "households": ("入户数", "走访家庭", "慰问户数", "走访户"),
    "funds": ("经费", "投入资金", "活动经费", "资金投入", "费用", "支出"),
    "location": ("活动地点", "地址", "活动场所", "场所", "开展地点", "举办地点", "服务地点", "活动地址"),
    "notes": ("说明", "情况说明", "活动简介", "简要情况", "活动概况", "其他"),
}

REGIONS = {
    "code": ("区划代码", "行政区划代码", "统计用区划代码", "编码", "区域代码", "区划编码", "代码编号"),
    "name": ("区域名称", "区划名称", "地区名称", "行政区划名称", "单位名称"),
    "level": ("层级", "区划级别", "等级", "级次", "类型"),
    "parent": ("上级区划", "所属上级", "上级名称", "上级单位", "上级代码", "父级", "隶属"),
}

PEOPLE = {
    "name": ("名字", "志愿者姓名", "人员姓名", "成员姓名"),
    "phone": ("联系方式", "手机号码", "电话号码", "移动电话", "联系手机"),
    "id_number": ("证件号码", "公民身份号码", "身份证件号", "身份证件号码", "证件号"),
    "gender": ("男女",),
    "political_status": ("政治面目", "党员身份"),
    "region": ("所在社区", "社区", "所属社区", "区域", "所在区域", "居住社区", "村", "村社区"),
    "teams": ("所在队伍", "志愿服务队", "服务队", "队伍", "所属服务队", "所在服务队"),
}

PARTICIPATION = {
    "activity": ("活动外部编号", "活动代码"),
    "name": ("名字", "志愿者姓名", "人员姓名"),
    "phone": ("联系方式", "手机号码", "电话号码", "联系电话"),
    "id_number": ("证件号码", "公民身份号码", "身份证件号", "证件号"),
    "hours": ("服务小时", "小时数", "工时", "志愿时长", "时长小时"),
}

USERS = {
    "username": ("用户账号", "登录账号", "帐号"),
    "name": ("真实姓名", "人员姓名"),
    "role": ("用户角色", "岗位"),
    "regions": ("负责区域", "工作区域", "所在社区"),
    "email": ("电子信箱", "邮件地址"),
}

# Organizations and teams share the coded-record columns.
CODED = {
    "code": ("组织代码", "编码", "队伍代码"),
    "name": ("组织名称", "党组织名称", "队伍名称", "单位名称"),
    "kind": ("组织类型", "队伍类型", "类别"),
    "region": ("所在社区", "社区", "所属社区", "区域", "所在区域", "村", "村社区"),
    "leader": ("书记", "负责人姓名", "队长姓名"),
    "member_count": ("党员人数", "队员数", "队员人数", "成员数"),
    "parent": ("上级党组织", "上级"),
    "organization": ("所属组织", "管理单位", "主管单位"),
}

# Regional Party-building's lists.
MEMBER_UNITS = {
    "code": ("单位编码", "编码"),
    "name": ("驻区单位", "共建单位", "单位"),
    "kind": ("单位性质", "类别"),
    "region": ("所在社区", "所属区域", "区域"),
    "contact_name": ("联络人", "联系人姓名"),
    "contact_phone": ("联系方式", "手机号码", "电话"),
    "party_members": ("党员人数",),
}
COMMITTEE_MEMBERS = {
    "committee": ("大工委", "大党委", "委员会"),
    "unit": ("所在单位", "推荐单位"),
    "title": ("现任职务", "本单位职务"),
    "role": ("兼职职务", "担任职务"),
    "duties": ("权力义务", "合作事项"),
    "appointed_on": ("聘任时间", "聘书日期"),
}
PAIRINGS = {
    "name": ("共建项目", "结对事项"),
    "kind": ("结对方式", "类别"),
    "region": ("所属区域", "区域"),
    "start": ("开始时间", "结对日期"),
    "end": ("结束时间",),
    "content": ("合作内容", "结对内容"),
    "frequency": ("活动频次", "联系频次"),
}
LIST_ENTRY = {"committee": ("大工委", "大党委"), "region": ("所属区域", "所在社区", "区域")}
RESOURCES = {
    **LIST_ENTRY,
    "title": ("资源内容", "资源项目"),
    "unit": ("所属单位", "资源单位"),
    "listed_on": ("列入时间",),
}
NEEDS = {**LIST_ENTRY, "raised_on": ("提出时间",), "raised_by": ("提出群众", "反映人"), "outcome": ("处理结果",)}
LIST_PROJECTS = {**LIST_ENTRY, "unit": ("认领方",), "claimed_on": ("认领时间",), "completed_on": ("完成时间",)}
UNIT_REPORTING = {
    "unit": ("报到驻区单位",),
    "community": ("所报到社区", "社区"),
    "reported_on": ("报到时间",),
    "services_done": ("服务次数合计", "开展服务次数"),
}
ELECTIONS = {
    "organization": ("党支部", "所属党组织"),
    "kind": ("选举方式",),
    "held_on": ("换届时间", "选举时间", "完成时间"),
}
OFFICE_HOLDERS = {
    "organization": ("党支部", "所属党组织"),
    "position": ("担任职务", "现任职务"),
    "term_start": ("任职时间", "任期起"),
    "term_end": ("任期止", "届满日期"),
    "election": ("换届时间",),
}
ASSESSMENT_SCORES = {
    "scheme": ("考核方案", "考核名目"),
    "year": ("年份",),
    "item": ("考核指标", "评分项目"),
    "organization": ("被考核支部", "考核对象"),
    "unit": ("被考核驻区单位",),
    "score": ("分数", "评分"),
}
ASSESSMENT_ITEMS = {
    "scheme": ("考核方案", "考核名目"),
    "year": ("年份",),
    "scheme_region": ("所属区域", "区域"),
    "organization": ("组织单位", "牵头单位"),
    "full_marks": ("满分值", "总分值"),
    "item": ("考核指标", "评分项目"),
    "weight": ("权重", "分数", "标准分"),
    "sort_order": ("顺序", "排列顺序"),
}
ASSESSMENT_RATINGS = {
    "scheme": ("考核方案", "考核名目"),
    "year": ("年份",),
    "organization": ("被考核支部", "考核对象"),
    "unit": ("被考核驻区单位",),
    "stars": ("星级评定", "评星结果", "等级"),
    "remarks": ("评价", "评定意见"),
}
UNIT_COUNTS = {
    "region": ("所属区域", "区域"),
    "label": ("单位种类",),
    "count": ("单位数", "家数"),
    "as_of": ("截止日期",),
}
SUPERVISION_CHECKS = {
    "subject": ("督导主题",),
    "start": ("开始时间",),
    "end": ("结束时间",),
    "groups": ("督导组",),
    "findings": ("督导结果", "存在问题"),
}
TALENT_POOLS = {
    "name": ("人才库名",),
    "region": ("所属区域", "区域"),
    "kind": ("人才库类别",),
    "established_on": ("建立时间", "建库时间"),
    "reported_count": ("入库人数", "人才数量"),
}
TALENT_POOL_MEMBERS = {
    "pool": ("人才库名",),
    "region": ("所属区域", "区域"),
    "pool_kind": ("人才库类别",),
    "joined_on": ("加入日期",),
    "speciality": ("技能特长", "专业特长"),
}
SURVEYS = {
    "title": ("调查项目", "调查主题"),
    "region": ("所属区域", "区域"),
    "respondents_label": ("调查范围",),
    "respondents": ("调查户数合计", "调查人数"),
    "suggestions_reported": ("意见建议数", "收集意见建议"),
    "answered_reported": ("解答疑问", "解答问题数"),
}
SUGGESTIONS = {
    "region": ("所属区域", "区域"),
    "topic": ("建议主题", "问题类别"),
    "raised_on": ("提出时间", "反映时间"),
    "status": ("处理状态",),
    "handled_on": ("处理日期", "答复日期"),
    "response": ("处理结果", "答复意见"),
}

SYNONYMS = {
    "activities": ACTIVITIES,
    "regions": REGIONS,
    "people": PEOPLE,
    "participation": PARTICIPATION,
    "organizations": CODED,
    "teams": CODED,
    "users": USERS,
    "member_units": MEMBER_UNITS,
    "unit_counts": UNIT_COUNTS,
    "committee_members": COMMITTEE_MEMBERS,
    "pairings": PAIRINGS,
    "resources": RESOURCES,
    "needs": NEEDS,
    "list_projects": LIST_PROJECTS,
    "unit_reporting": UNIT_REPORTING,
    "elections": ELECTIONS,
    "office_holders": OFFICE_HOLDERS,
    "assessment_items": ASSESSMENT_ITEMS,
    "assessment_scores": ASSESSMENT_SCORES,
    "assessment_ratings": ASSESSMENT_RATINGS,
    "supervision_checks": SUPERVISION_CHECKS,
    "talent_pools": TALENT_POOLS,
    "talent_pool_members": TALENT_POOL_MEMBERS,
    "surveys": SURVEYS,
    "suggestions": SUGGESTIONS,
}
