"""The coordinator plans and invites, two municipalities answer through their links, the page
shows who is missing under the attendance rule, the meeting runs, a decision and an action item
are recorded, and the owner finds the action on their start page.

Elements are found by id, name and data attributes: the Dutch translations are merged later.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from gridpact.escalations.models import Impediment
from gridpact.meetings.models import Body, Invitation
from gridpact.parties.models import Organisation, User
from gridpact.programmes.models import Programme

from ..factories import load_meetings_demo
from .test_projects import _axe_violations

pytestmark = pytest.mark.browser

REPLY_PATH = re.compile(r"/uitnodiging/[A-Za-z0-9_-]+/")


def _reply_path(to: str) -> str:
    (message,) = [m for m in mail.outbox if m.to == [to]]
    assert message.attachments[0][0].endswith(".ics")
    return REPLY_PATH.search(message.body).group(0)


def _answer(browser, url: str, response: str, substitute: str = ""):
    """An invitee without a GridPact session opens the link from their e-mail and answers."""
    context = browser.new_context(locale="nl-NL", bypass_csp=True)
    page = context.new_page()
    page.goto(url)
    page.check(f"input[name=response][value={response}]")
    if substitute:
        page.fill("#id_substitute_name", substitute)
    page.click("#reply-submit")
    expect(page.locator("#reply-thanks")).to_be_visible()
    return context, page


def test_invite_answer_run_and_follow_up(login, browser, live_server):
    load_meetings_demo()
    programme = Programme.objects.get(code="p-miek-2-utrecht")
    orgs = {o.short_name: o for o in Organisation.objects.all()}
    session = Body.objects.get(programme=programme, kind="werksessie")
    executive = Body.objects.get(programme=programme, name="Bestuurlijk overleg")
    impediment = Impediment.objects.get(level=2, programme=programme)
    soest = User.objects.get(username="soest")
    day = timezone.localdate() + timedelta(days=14)

    # The coordinator plans the meeting with the memo's attendance rule and invites the body.
    page = login("coordinator")
    page.goto(f"{live_server.url}/programmas/{programme.pk}/overleggen/")
    page.click("#meeting-create")
    page.select_option("#id_body", str(session.pk))
    page.fill("#id_title", "Werksessie samenwerkingsafspraken, tweede ronde")
    page.fill("#id_day", day.isoformat())
    page.fill("#id_start_time", "09:30")
    page.fill("#id_end_time", "12:00")
    page.fill("#id_location", "Provinciehuis Utrecht")
    page.check("input[name=attendance_rules][value=gemeenten_concreet_project]")
    page.click("#meeting-submit")
    expect(page.locator("#meeting-status")).to_have_attribute("data-status", "concept")
    meeting_url = page.url

    page.fill("#id_agenda-title", "Concept samenwerkingsafspraken")
    page.click("#agenda-submit")
    for checkbox in page.locator("input[name=invite-members]").all():
        checkbox.check()
    page.click("#invite-submit")
    expect(page.locator("#invitations tbody tr")).to_have_count(11)
    mail.outbox.clear()  # the demo's own notifications
    page.click("#send-invitations")
    expect(page.locator("#meeting-status")).to_have_attribute("data-status", "uitgenodigd")
    assert len(mail.outbox) == 11
    assert page.locator("#attendance-rules").get_attribute("data-phase") == "before"
    assert _axe_violations(page) == [], "meeting page, invited"

    # Soest and Baarn answer through their links, without logging in.
    soest_link = live_server.url + _reply_path(soest.email)
    baarn_link = live_server.url + _reply_path("beleidsadviseur@baarn.demo.gridpact.invalid")
    soest_context, soest_page = _answer(browser, soest_link, "komt")
    assert _axe_violations(soest_page) == [], "reply page"
    baarn_context, _ = _answer(browser, baarn_link, "vervanger", "Beleidsmedewerker Baarn")
    # Using a link twice is refused and changes nothing.
    again = soest_context.new_page()
    again.goto(soest_link)
    expect(again.locator("#reply-refused")).to_be_visible()
    soest_context.close()
    baarn_context.close()

    # The coordinator sees the answers and who is still missing under the rule.
    page.goto(meeting_url)
    expect(page.locator(f"[data-org='{orgs['Soest'].pk}'] [data-response]")).to_have_attribute(
        "data-response", "komt"
    )
    rule = page.locator("[data-rule=gemeenten_concreet_project]")
    expect(rule).to_have_attribute("data-met", "false")
    expect(rule.locator("[data-missing-org]")).to_have_count(6)
    for place in ("Soest", "Baarn"):
        expect(rule.locator(f"[data-missing-org='{orgs[place].pk}']")).to_have_count(0)
    expect(rule.locator(f"[data-missing-org='{orgs['Veenendaal'].pk}']")).to_have_count(1)

    # The meeting runs: attendance, a decision about an impediment, an action item.
    page.click("#start-meeting")
    expect(page.locator("#meeting-status")).to_have_attribute("data-status", "bezig")
    for invitation in Invitation.objects.filter(
        meeting__title__startswith="Werksessie samenwerkingsafspraken, tweede",
        response__in=["komt", "vervanger"],
    ):
        page.check(f"input[name=attendance-present][value='{invitation.pk}']")
    page.click("#attendance-submit")
    expect(page.locator("#attendance li")).to_have_count(2)

    page.select_option("#id_outcome-kind", "besluit")
    page.fill("#id_outcome-text", "Knelpunt grondverwerving gaat naar het bestuurlijk overleg.")
    page.select_option("#id_outcome-impediment", str(impediment.pk))
    page.select_option("#id_outcome-referred_to", str(executive.pk))
    page.click("#outcome-submit")
    expect(page.locator("#decisions [data-reference=B1]")).to_contain_text(impediment.title)

    page.select_option("#id_outcome-kind", "actie")
    page.fill("#id_outcome-text", "Wethouder om een principe-akkoord vragen")
    page.click("#outcome-submit")  # no owner, no due date: refused at the fields
    expect(page.locator("#id_outcome-owner_organisation-error")).to_be_visible()
    expect(page.locator("#id_outcome-due_date-error")).to_be_visible()
    expect(page.locator("#actions")).to_have_count(0)
    page.select_option("#id_outcome-kind", "actie")
    page.select_option("#id_outcome-owner_organisation", str(orgs["Soest"].pk))
    page.select_option("#id_outcome-owner_person", str(soest.pk))
    page.fill("#id_outcome-due_date", (day + timedelta(days=21)).isoformat())
    page.click("#outcome-submit")
    expect(page.locator("#actions [data-action-item]")).to_have_count(1)
    assert _axe_violations(page) == [], "meeting page, running"
    page.click("#close-meeting")
    expect(page.locator("#meeting-status")).to_have_attribute("data-status", "afgerond")
    expect(page.locator("#outcome-form")).to_have_count(0)

    # The owner finds the action on their start page and reports progress.
    owner = login("soest")
    item = owner.locator("#my-action-items [data-action-item]")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Wethouder om een principe-akkoord vragen")
    item.locator("a").first.click()
    owner.select_option("#id_status", "gereed")
    owner.click("#action-submit")
    expect(owner.locator("[data-field=status]")).to_have_count(1)
    owner.goto(f"{live_server.url}/")
    expect(owner.locator("#my-action-items [data-action-item]")).to_have_count(0)


def test_one_tick_invites_everyone_the_rule_names_and_no_person_is_offered_twice(
    login, live_server
):
    programme = Programme.objects.get(code="p-miek-2-utrecht")
    session = Body.objects.get(programme=programme, kind="werksessie")
    page = login("coordinator")
    page.goto(f"{live_server.url}/programmas/{programme.pk}/overleggen/")
    page.click("#meeting-create")
    page.select_option("#id_body", str(session.pk))
    page.fill("#id_title", "Werksessie samenwerkingsafspraken, derde ronde")
    page.fill("#id_day", (timezone.localdate() + timedelta(days=21)).isoformat())
    page.fill("#id_start_time", "14:00")
    page.fill("#id_end_time", "16:00")
    page.check("input[name=attendance_rules][value=gemeenten_concreet_project]")
    page.click("#meeting-submit")
    rule = page.locator("[data-rule=gemeenten_concreet_project]")
    expect(rule).to_have_attribute("data-met", "false")
    named = [
        org.get_attribute("data-missing-org") for org in rule.locator("[data-missing-org]").all()
    ]
    assert len(named) > 1

    # Nobody is offered both as a member of the body and among the other people.
    def people(fieldset):
        return {
            label.split(" – ")[0] for label in page.locator(f"{fieldset} label").all_inner_texts()
        }

    members, others = people("#id_invite-members"), people("#id_invite-people")
    assert members and others
    assert members.isdisjoint(others), members & others

    # One tick and one click invite them all; the rule is then met.
    page.get_by_label(
        "Nodig de zetelhouders uit van elke organisatie die de aanwezigheidsregels noemen"
    ).check()
    page.click("#invite-submit")
    for org in named:
        expect(page.locator(f"#invitations tbody tr[data-org='{org}']").first).to_be_visible()
