"""A team leader records who served at an activity from the team's roster, then opens a volunteer's ledger."""

import datetime
from decimal import Decimal

from playwright.sync_api import expect

from accounts.roles import CLERK, REVIEWER
from activities.models import Activity, Participation, Status
from activities.services import activity_approve, activity_submit
from tests.factories import make_activity, make_person, make_region, make_team
from tests.personas import PASSWORD, make_user
from volunteers.models import TeamMembership


def test_a_team_leader_records_participation_and_opens_a_volunteers_ledger(page, shot, live_server):
    community = make_region("西站东社区", make_region("桐柏路街道", make_region("中原区")))
    leader = make_user("leader", CLERK, community, first_name="王队长")
    reviewer = make_user("reviewer", REVIEWER, community)
    team = make_team(community, "青年志愿服务队", leader="王队长")
    wang, li = make_person(community, "王芳"), make_person(community, "李强")
    for person in (wang, li):
        TeamMembership.objects.create(team=team, person=person, joined_on=datetime.date(2021, 1, 1))
    activity = make_activity(
        community,
        title="马路天使文明交通劝导",
        date=datetime.date(2021, 6, 1),
        status=Status.DRAFT,
        volunteers=20,
        volunteer_hours=60,
    )
    activity.team = team
    activity.save()

    page.goto(f"/login/?next=/volunteers/teams/{team.pk}/")
    page.fill("#id_username", "leader")
    page.fill("#id_password", PASSWORD)
    page.click("form [type=submit]")
    expect(page.locator("h1")).to_have_text("青年志愿服务队")
    shot("team-page")

    page.click("text=登记参与人员")
    expect(page.locator("#id_default_hours")).to_have_value("3.0")  # 60 hours for 20 volunteers
    page.check(f"#person-{wang.pk}")
    page.check(f"#person-{li.pk}")
    page.fill(f"input[name=hours-{li.pk}]", "25")
    shot("roster-picked")
    page.click("text=保存服务记录")
    # Over 24 hours: told beside 李强's row, and nothing saved.
    expect(page.locator("tr.has-error .row-error")).to_have_text("一人在一次活动中的服务时长不能超过 24 小时。")
    assert not Participation.objects.exists()
    shot("error-beside-row")

    page.fill(f"input[name=hours-{li.pk}]", "2.5")
    page.click("text=保存服务记录")
    expect(page.locator(".messages .success")).to_have_text("已登记 2 人的服务。")
    expect(page.locator("#recorded tfoot")).to_contain_text("共 2 人次")
    expect(page.locator("#recorded tfoot")).to_contain_text("5.5")
    shot("recorded")
    activity.refresh_from_db()
    assert (activity.volunteers, activity.volunteer_hours) == (2, Decimal("5.5"))
    assert Activity.objects.get(pk=activity.pk).volunteers_from_participation
    # The clerk submits, a reviewer approves: from now on the hours count in the volunteers' ledgers.
    activity = activity_submit(actor=leader, activity=activity, expected_version=activity.version)
    activity_approve(actor=reviewer, activity=activity, expected_version=activity.version)
    page.reload()

    page.click("#recorded >> text=王芳")
    expect(page.locator("h1")).to_contain_text("王芳的志愿服务台账")
    expect(page.locator("#counted-hours")).to_have_text("3")
    expect(page.locator("#services")).to_contain_text("马路天使文明交通劝导")
    shot("ledger")

    page.click("text=打印志愿服务记录证明")
    expect(page.locator("#record-totals")).to_have_text("已记录志愿服务 1 次，累计 3 小时。")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    shot("service-record-print")
