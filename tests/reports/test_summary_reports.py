"""The print page's summary for each of the five news reports, held up against the report's own sentences.

For each report: the demo's region and period, the print page a manager opens, and the figures of the
report's key sentences as the report writes them (approximate ones with their 余, 多, 约, 近, 上; heads in 人
apart from person-times in 人次; the projects with their progress; the elections of the period). What
the summary used to write by adding unlike figures must not appear.
"""

import html
import re
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse


def summary_of(response):
    """The summary paragraphs of a print page, as text."""
    return "".join(html.unescape(p) for p in re.findall(r'<p class="summary">(.*?)</p>', response.content.decode()))


class ReportSummariesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())
        cls.user = get_user_model().objects.create_superuser("reader", password="x")

    def summary(self, region, **period):
        self.client.force_login(self.user)
        response = self.client.get(reverse("reports:print"), {"region": region, **period})
        self.assertEqual(response.status_code, 200)
        return summary_of(response)

    def assert_holds(self, summary, sentences):
        for report_sentence, figures in sentences:
            for figure in figures:
                with self.subTest(report=report_sentence, figure=figure):
                    self.assertIn(figure, summary)

    def test_zhengdong_organs_first_half_of_2020(self):
        """[ZD-JG] 郑东新区机关党委, 上半年 2020."""
        summary = self.summary("410190", period="custom", date_from="2020-01-01", date_to="2020-06-30")
        self.assertTrue(summary.startswith("2020年上半年，郑东新区"), summary)
        self.assert_holds(
            summary,
            [
                ("全区机关党员干部共8000余人次踊跃参与", ["“决胜2020”网上答题竞赛8000余人次"]),
                ("推动信访办、发改办等13个党支部于6月底前完成换届", ["13个党支部完成换届"]),
                ("为195名“最美巾帼奋斗者”送去鲜花", ["服务群众195人次"]),
                ("走访慰问86户孤残病等困难儿童", ["走访服务86户"]),
                ("新建基层工会16家,发展会员400余人", ["新建基层工会16家", "新发展会员400余人"]),
                ("推动12家企业签订工资集体协商合同", ["签订集体协商合同企业12家"]),
                (
                    "12支青年志愿服务队共招募400余名青年志愿者,累计开展志愿服务两万小时,开展培训250余次",
                    ["招募志愿者400余人", "服务时长2万小时", "青年志愿者培训250余场次"],
                ),
                ("上半年新发展团员名额800人", ["新发展团员800人"]),
                ("为辖区80余名贫困青少年送去关心关爱", ["服务群众80余人次"]),
                (
                    "会议、学习培训共计25余次,累计近200人次,推荐评优13人次,报送优秀获奖文章3篇",
                    ["25余场次、近200人次", "推荐评优13人次", "报送获奖文章3篇"],
                ),
                (
                    "新的社会阶层人士联谊会成立大会暨第一届会员代表大会召开",
                    ["郑东新区新的社会阶层人士联谊会召开成立大会"],
                ),
            ],
        )

    def test_zhengdong_working_committee_2020(self):
        """[ZD-DJ] 郑东新区党工委, dated in the same half-year."""
        summary = self.summary("410190", period="custom", date_from="2020-01-01", date_to="2020-06-30")
        self.assert_holds(
            summary,
            [
                ("开展干部教育培训共83期、7476人次", ["干部教育培训83期、7476人次"]),
                ("党员突击队、先锋队235支,参与党员达1.3万余人", ["发动党员1.3万余人"]),
                ("区域共驻共建项目49个", ["郑东新区区域共驻共建项目49个"]),
                ("累计对94个村(社区)党组织活动场所进行了改造", ["完成村(社区)党组织活动场所改造94个"]),
                ("吸纳驻区单位和“两新”组织百余家", ["区域化党建方面，吸纳驻区单位和“两新”组织100余家"]),
            ],
        )
        # Heads mobilized are not volunteer person-times; training classes (期) are not sessions (场次).
        self.assertNotIn("志愿者13400", summary)
        self.assertNotIn("13000人次", summary)

    def test_dapeng_2021(self):
        """[DP] 大鹏新区群团工作部, 2021."""
        summary = self.summary("440399", year=2021)
        self.assertTrue(summary.startswith("2021年，大鹏新区"), summary)
        self.assert_holds(
            summary,
            [
                (
                    "参与志愿者累计2112人次,服务时长3168小时,服务对象约397636人次",
                    ["参与志愿者2112人次", "服务时长3168小时", "服务群众约397636人次"],
                ),
                ("年度累计慰问困境妇女儿童203户", ["走访服务203户"]),
                (
                    "举办困境妇女互助会3场,困境儿童成长营赋能活动2场",
                    ["困境妇女互助会3场次", "困境儿童成长营赋能活动2场次"],
                ),
                ("推出“宅集颂”系列活动25场", ["文体活动25场次"]),
                ("大讲堂共17节,覆盖新区家庭近500户,累计参与人次达8.9万", ["17场次、8.9万人次", "走访服务近500户"]),
            ],
        )
        self.assertNotIn("区域化党建方面", summary)  # the report tells of no regional work in 大鹏新区

    def test_zhongyuan_2020(self):
        """[ZY] 中原区, 2020."""
        summary = self.summary("410102", year=2020)
        self.assert_holds(
            summary,
            [
                ("累计发动党员3760名,示范带动1.5万名群众积极参与", ["发动党员3760人", "带动群众1.5万人"]),
                (
                    "纳入改造规划的487个老旧小区,301个已经开工,177个基本改造完成",
                    ["中原区老旧小区改造487个，301个已开工、177个已完成"],
                ),
                ("全区累计抽调56名党员科级干部", ["驻点党员干部56人"]),
                ("中原区委组织部有关负责人、14个街道组织员参加", ["观摩交流1场次、14人次"]),
                ("创建新一轮“千百十”优秀道路45条", ["45条"]),
                # The regional work: the pairings the report counts, written by their sides, never as pairs.
                (
                    "组织126个机关支部与辖区408个无主管楼院常态化结对共建",
                    ["区域化党建方面，126个机关支部与408个无主管楼院结对共建"],
                ),
                (
                    "区纪委监委班子成员分包14个街道,中层领导干部分包46个行政村和106个社区",
                    ["中原区纪委监委分包14个街道、46个行政村、106个社区"],
                ),
                (
                    "区委成立了3个督导组,对10个街道267个工地科级干部驻点情况进行督导",
                    ["成立3个督导组，对10个街道267个工地科级干部驻点情况进行督导"],
                ),
            ],
        )
        self.assertNotIn("结对共建1对", summary)
        # 3760 Party members are heads, not volunteer person-times; 1.5万 residents and 14 organizers never add up.
        self.assertNotIn("3760人次", summary)
        # "对10个街道267个工地科级干部驻点情况进行督导": a supervision check, printed in the regional section.
        self.client.force_login(self.user)
        page = html.unescape(
            self.client.get(reverse("reports:print"), {"region": "410102", "year": 2020}).content.decode()
        )
        self.assertIn("3个督导组，10个街道，267个工地", page)
        self.assertNotIn("15014", summary)

    def test_weidong_2015(self):
        """[WD] 卫东区, 2015."""
        summary = self.summary("410403", year=2015)
        self.assert_holds(
            summary,
            [
                (
                    "对辖区1100多户沿街商户进行安全感指数调查...意见和建议50多条,解答疑问20多项",
                    ["调查商户1100多户", "意见建议50多条", "解答疑问20多项"],
                ),
                ("全区共举办培训班90余期,近万名妇女接受了实用技术培训", ["90余期", "培训人数近万人"]),
                ("共为362名妇女提供小额担保贷款3620万元", ["发放贷款3620万元", "获得贷款人数362人"]),
                ("专题讲座20次,受教育人数1000多人次,答疑解难上千次", ["20场次、1000多人次", "答疑解难上千次"]),
                ("举办人民调解员培训13场次,培训调解员、信息员500多人次", ["人民调解员培训13场次、500多人次"]),
                ("已成功调解各类矛盾纠纷2170起", ["调解纠纷2170起"]),
                ("召开12次党建工作协调会议", ["会议议事12场次"]),
                ("筹措资金15万元,修建了占地3亩的蒲城村党群群众文化广场", ["投入资金15万元"]),
                (
                    "集中学习30余次,开设专题培训班7期,培训党员1000余人次",
                    ["集中学习30余场次", "党员专题培训班7期、1000余人次"],
                ),
                ("党员志愿服务队共为辖区群众提供服务活动80余次", ["志愿服务80余场次"]),
                ("共为辖区的16户困难群众送去了棉被", ["走访服务16户"]),
                # The regional work: 东安路派出所 on the subdistrict's 大工委, the contact point of 蒲城街道.
                ("东安路派出所有关领导作为街道大工委委员", ["区域化党建方面，吸纳驻区单位1家、兼职委员1名"]),
                ("街道建立领导干部党建工作联系点制度", ["建立党建工作联系点1个"]),
            ],
        )
        # Shops surveyed are not households visited, loans are not funds, 期 is not 场次.
        self.assertNotIn("1116户", summary)
        self.assertNotIn("3635万", summary)
        self.assertNotIn("252", summary)

    def test_the_totals_table_writes_approximate_figures_as_the_reports_do(self):
        self.client.force_login(self.user)
        page = self.client.get(reverse("reports:print"), {"region": "440399", "year": 2021}).content.decode()
        self.assertIn("约397,636", page)  # one record, written 约397636
        self.assertIn("703余", page)  # 203 and 近500 households: a total with an approximate part

    def test_the_api_says_which_totals_are_approximate(self):
        self.client.force_login(self.user)
        data = self.client.get(reverse("reports:api_totals"), {"region": "440399", "year": 2021}).json()
        self.assertEqual(data["totals"]["people_served"], 397636)
        self.assertEqual(data["approximate"], {"people_served": "约", "households": "余"})
