"""The pages: bad input answered with clear messages and nothing saved, nothing unsafe rendered,
a bounded number of queries, and the flows a person goes through."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gridpact.agreements import services
from gridpact.agreements.models import AgreementVersion, Clause, Endorsement
from gridpact.core.models import AuditEvent

from ..factories import OrganisationFactory, agreements_state


def _state():
    return AuditEvent.objects.count(), agreements_state()


def url(name, pk, **extra):
    return reverse(name, kwargs={"pk": pk, **extra})


def test_unsafe_html_in_a_clause_is_refused_and_not_echoed(client, world, agr):
    client.force_login(world.coordinator)
    before = _state()
    response = client.post(
        url("clause-create", agr.version.pk),
        {
            "theme": agr.clause.theme_id,
            "title": "Gevaarlijk",
            "text": '<p onclick="steal()">Tekst</p><script>alert("x")</script>',
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "not allowed" in page and "onclick" in page
    assert "<script>alert" not in page and '<p onclick="steal()">' not in page
    assert _state() == before


def test_stored_unsafe_text_is_cleaned_on_the_way_out(client, world, agr):
    Clause.objects.filter(pk=agr.clause.pk).update(
        text='<p>Goed</p><script>alert(1)</script><a href="javascript:alert(2)">x</a>'
    )
    client.force_login(world.municipal_official)
    page = client.get(url("version-detail", agr.version.pk)).content.decode()
    assert "<p>Goed</p>" in page
    assert "<script>alert(1)" not in page and "javascript:alert(2)" not in page


def test_editing_an_adopted_version_is_refused(client, world, agr):
    client.force_login(world.coordinator)
    adopted_clause = agr.adopted.clauses.get(number=1)
    before = _state()
    response = client.post(
        url("clause-edit", adopted_clause.pk),
        {
            "action": "save",
            "theme": adopted_clause.theme_id,
            "number": 1,
            "title": "Anders",
            "text": "Anders",
            "version": adopted_clause.version,
        },
    )
    assert response.status_code == 400
    assert "can no longer change" in response.content.decode()
    response = client.post(
        url("clause-create", agr.adopted.pk),
        {"theme": adopted_clause.theme_id, "title": "t", "text": "x"},
    )
    assert response.status_code == 400
    assert _state() == before
    page = client.get(url("version-detail", agr.adopted.pk)).content.decode()
    assert 'id="clause-add-link"' not in page and 'id="transition-link"' not in page


def test_adopting_without_a_body_and_date_says_what_is_missing(client, world, agr):
    client.force_login(world.coordinator)
    services.move_version(
        actor=world.coordinator, version=agr.version, to="ter_vaststelling", expected_version=2
    )
    before = _state()
    response = client.post(
        url("version-transition", agr.version.pk),
        {"action": "adopt", "adopted_by": "", "adopted_on": "", "version": 3},
    )
    assert response.status_code == 400
    form = response.context["adopt_form"]
    assert set(form.errors) == {"adopted_by", "adopted_on"}
    assert 'href="#id_adopted_on"' in response.content.decode()  # errors link to their field
    assert _state() == before
    response = client.post(
        url("version-transition", agr.version.pk),
        {"action": "adopt", "adopted_by": "GS", "adopted_on": "20-01-2026", "version": 3},
    )
    assert response.status_code == 302
    assert AgreementVersion.objects.get(pk=agr.version.pk).status == "vastgesteld"


def test_a_commitment_with_a_negative_or_missing_target_is_refused(client, world, agr):
    client.force_login(world.coordinator)
    before = _state()
    for target in ("-10", "", "abc"):
        response = client.post(
            url("clause-edit", agr.clause.pk),
            {"action": "add_commitment", "kind": "rapportage", "target_percent": target},
        )
        assert response.status_code == 400
        assert response.context["commitment_form"].errors["target_percent"]
    assert _state() == before


def test_a_position_for_an_organisation_that_does_not_take_part_is_refused(client, world, agr):
    stranger = OrganisationFactory(name="Gemeente Nergens")
    client.force_login(world.municipal_official)
    before = _state()
    response = client.post(
        url("endorsements", agr.version.pk),
        {"organisation": str(stranger.pk), "position": "positief"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["organisation"]
    assert _state() == before


def test_a_participant_records_a_position_and_the_overview_shows_it(client, world, agr):
    client.force_login(world.municipal_official)
    page = client.get(url("endorsements", agr.version.pk)).content.decode()
    assert 'data-organisation="Gemeente Test" data-responded="no"' in page
    response = client.post(
        url("endorsements", agr.version.pk),
        {"position": "positief_met_voorbehoud", "comment": "Mits de kosten helder zijn."},
    )
    assert response.status_code == 302
    client.force_login(world.coordinator)
    page = client.get(url("endorsements", agr.version.pk)).content.decode()
    assert 'data-organisation="Gemeente Test" data-responded="yes"' in page
    assert "Mits de kosten helder zijn." in page


def test_a_position_on_an_adopted_version_is_refused_with_the_reason(client, world, agr):
    client.force_login(world.municipal_official)
    before = _state()
    response = client.post(url("endorsements", agr.adopted.pk), {"position": "positief"})
    assert response.status_code == 400
    assert "positions can no longer be recorded" in response.content.decode()
    assert 'id="endorsement-form"' not in response.content.decode()
    assert _state() == before


def test_a_stale_position_is_answered_with_the_newer_one(client, world, agr):
    services.record_endorsement(
        actor=world.lead,
        version=agr.version,
        organisation=world.operator,
        position="niet_positief",
        comment="Nee.",
        expected_version=1,
    )
    client.force_login(world.lead)
    response = client.post(
        url("endorsements", agr.version.pk), {"position": "positief", "known_version": 1}
    )
    assert response.status_code == 409
    assert Endorsement.objects.get(pk=agr.endorsement.pk).position == "niet_positief"
    retry = client.post(
        url("endorsements", agr.version.pk),
        {"position": "positief", "known_version": response.context["form"].data["known_version"]},
    )
    assert retry.status_code == 302


def test_comments_show_organisation_and_level_and_replies_nest(client, world, agr):
    client.force_login(world.lead)
    response = client.post(
        url("comment-add", agr.clause.pk),
        {"text": "Alleen bij complexe aanvragen.", "parent": str(agr.comment.pk)},
    )
    assert response.status_code == 302
    page = client.get(url("version-detail", agr.version.pk)).content.decode()
    assert 'data-organisation="Netbeheer Test" data-level="ambtelijk"' in page
    assert page.index("Kan de termijn") < page.index("Alleen bij complexe")
    empty = client.post(url("comment-add", agr.clause.pk), {"text": " "})
    assert empty.status_code == 400


def test_a_comment_after_discussion_closed_is_refused_with_the_reason(client, world, agr):
    services.move_version(
        actor=world.coordinator, version=agr.version, to="ter_vaststelling", expected_version=2
    )
    client.force_login(world.lead)
    before = _state()
    response = client.post(url("comment-add", agr.clause.pk), {"text": "Te laat"})
    assert response.status_code == 400
    assert "Comments are closed" in response.content.decode()
    assert _state() == before


def test_reminders_from_the_page(client, world, agr):
    client.force_login(world.coordinator)
    response = client.post(url("endorsement-reminders", agr.version.pk))
    assert response.status_code == 302
    again = client.post(url("endorsement-reminders", agr.version.pk))
    assert again.status_code == 400
    assert "Nobody was reminded" in again.content.decode()


def test_compare_shows_word_differences(client, world, agr):
    services.update_clause(
        actor=world.coordinator,
        clause=agr.clause,
        theme=agr.clause.theme,
        title=agr.clause.title,
        text="<p>Het bevoegd gezag beslist ruim binnen de wettelijke termijn.</p>",
        number=agr.clause.number,
        expected_version=agr.clause.version,
    )
    client.force_login(world.municipal_official)
    response = client.get(url("agreement-compare", agr.agreement.pk), {"van": 1, "naar": 2})
    page = response.content.decode()
    assert "beslist <ins>ruim</ins> binnen" in page
    assert response.context["counts"] == {"added": 0, "removed": 0, "changed": 1, "unchanged": 1}


def _grow(world, agr, clauses):
    for n in range(clauses):
        clause = services.add_clause(
            actor=world.coordinator,
            version=agr.version,
            theme=agr.clause.theme,
            title=f"Artikel {n}",
            text="<p>Tekst</p>",
        )
        services.add_commitment(
            actor=world.coordinator, clause=clause, kind="rapportage", target_percent=90
        )
        comment = services.add_comment(actor=world.lead, clause=clause, text="Vraag")
        services.add_comment(
            actor=world.municipal_official, clause=clause, text="Antwoord", parent=comment
        )


def _queries(client, path):
    client.get(path)  # the first request after logging in also saves the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("route", ["version-detail", "agreement-detail", "endorsements"])
def test_pages_do_a_bounded_number_of_queries(client, world, agr, route):
    client.force_login(world.municipal_official)
    pk = agr.agreement.pk if route == "agreement-detail" else agr.version.pk
    _grow(world, agr, 2)
    small = _queries(client, url(route, pk))
    _grow(world, agr, 20)
    assert _queries(client, url(route, pk)) == small


def test_exports_do_a_bounded_number_of_queries(client, world, agr):
    client.force_login(world.municipal_official)
    _grow(world, agr, 2)
    small = _queries(client, url("version-export", agr.version.pk, fmt="docx"))
    _grow(world, agr, 15)
    assert _queries(client, url("version-export", agr.version.pk, fmt="docx")) == small
