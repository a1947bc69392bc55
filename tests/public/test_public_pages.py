"""Public project pages: nothing is public until the coordinator publishes; the published state
is what anonymous visitors read (cached per publication), never an internal field."""

import json

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from gridpact.core.models import AuditEvent
from gridpact.projects.models import Confidentiality, PartyRole
from gridpact.public import services
from gridpact.public.snapshot import PublicMilestone, PublicProject

from ..factories import MilestoneFactory, ProjectPartyFactory


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def public_world(world):
    project = world.project
    project.confidentiality = Confidentiality.PUBLIC
    project.save()
    ProjectPartyFactory(
        project=project, organisation=world.municipality, role=PartyRole.MUNICIPALITY
    )
    return world


def _texts(world, *, summary="Een nieuw station voor de wijk.", delay="", milestones=()):
    return services.save_public_texts(
        actor=world.coordinator,
        project=world.project,
        summary=summary,
        delay_reason=delay,
        milestone_ids=[m.pk for m in milestones],
    )


def _public_url(world):
    return reverse("public-project", kwargs={"code": world.project.code})


def test_nothing_is_public_until_the_coordinator_publishes(client, public_world):
    w = public_world
    _texts(w, milestones=[w.site_decision])
    assert client.get(_public_url(w)).status_code == 404
    assert w.project.name not in client.get(reverse("public-project-list")).content.decode()
    services.publish(actor=w.coordinator, project=w.project)
    page = client.get(_public_url(w)).content.decode()
    assert "Een nieuw station voor de wijk." in page
    assert "Locatiebesluit" in page
    assert "30 juni 2029" in page  # the in-service forecast, in Dutch
    assert "Gemeente Test" in page and "Netbeheer Test" in page


def test_later_edits_stay_internal_until_published_again(client, public_world):
    w = public_world
    _texts(w)
    services.publish(actor=w.coordinator, project=w.project)
    assert "Een nieuw station" in client.get(_public_url(w)).content.decode()
    _texts(w, summary="Nieuwe tekst.", delay="De grond is later beschikbaar.")
    w.project.name = "Hernoemd station"
    w.project.save()
    page = client.get(_public_url(w)).content.decode()
    assert "Nieuwe tekst." not in page and "Hernoemd station" not in page
    services.publish(actor=w.coordinator, project=w.project)
    page = client.get(_public_url(w)).content.decode()  # shows at once: the key changed
    assert "Nieuwe tekst." in page and "De grond is later beschikbaar." in page
    assert "Hernoemd station" in page


def test_withdrawn_and_no_longer_public_projects_answer_404(client, public_world):
    w = public_world
    _texts(w)
    services.publish(actor=w.coordinator, project=w.project)
    assert client.get(_public_url(w)).status_code == 200
    w.project.confidentiality = Confidentiality.PROGRAMME
    w.project.save()
    assert client.get(_public_url(w)).status_code == 404
    assert w.project.name not in client.get(reverse("public-project-list")).content.decode()
    w.project.confidentiality = Confidentiality.PUBLIC
    w.project.save()
    assert client.get(_public_url(w)).status_code == 200
    services.withdraw(actor=w.coordinator, project=w.project)
    assert client.get(_public_url(w)).status_code == 404


def test_internal_and_programme_projects_are_not_public(client, public_world):
    w = public_world
    for project in (w.internal_project,):
        assert (
            client.get(reverse("public-project", kwargs={"code": project.code})).status_code == 404
        )
    with pytest.raises(ValidationError):
        services.publish(actor=w.coordinator, project=w.internal_project)


def test_only_the_coordinator_publishes_and_each_write_is_audited(public_world):
    w = public_world
    for actor in (w.lead, w.municipal_official, w.reader, w.outsider):
        with pytest.raises(PermissionDenied):
            services.publish(actor=actor, project=w.project)
    before = AuditEvent.objects.count()
    _texts(w)
    services.publish(actor=w.coordinator, project=w.project)
    services.withdraw(actor=w.coordinator, project=w.project)
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True)[before:])
    assert actions == ["public.draft_saved", "public.published", "public.withdrawn"]


def test_bad_input_changes_nothing(public_world):
    w = public_world
    with pytest.raises(ValidationError) as error:
        _texts(w, summary="x" * 2001, milestones=[w.internal_project.milestones.first()])
    assert set(error.value.message_dict) == {"summary", "milestones"}
    assert not hasattr(w.project, "publication") or w.project.publication.summary == ""


def test_the_preview_shows_what_publishing_will_show(client, public_world):
    w = public_world
    _texts(
        w, summary="Voorbeeldtekst.", delay="Vergunning duurt langer.", milestones=[w.site_decision]
    )
    client.force_login(w.coordinator)
    preview = client.get(reverse("public-publication", kwargs={"pk": w.project.pk}))
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "Voorbeeldtekst." in text and "Vergunning duurt langer." in text
    response = client.post(
        reverse("public-publication", kwargs={"pk": w.project.pk}), {"action": "publish"}
    )
    assert response.status_code == 302
    client.logout()
    public = client.get(_public_url(w)).content.decode()
    assert "Voorbeeldtekst." in public and "Vergunning duurt langer." in public
    assert w.site_decision.name in public


def test_the_publication_form_saves_and_refuses_unknown_actions(client, public_world):
    w = public_world
    client.force_login(w.coordinator)
    url = reverse("public-publication", kwargs={"pk": w.project.pk})
    response = client.post(
        url,
        {
            "action": "save",
            "summary": "Via het formulier.",
            "delay_reason": "",
            "milestones": [str(w.site_decision.pk)],
            "version": 1,
        },
    )
    assert response.status_code == 302
    assert w.project.publication.summary == "Via het formulier."
    response = client.post(url, {"action": "iets"})
    assert response.status_code == 400
    assert "Kies opslaan, publiceren of terugtrekken." in response.content.decode()


def test_open_data_downloads(client, public_world):
    w = public_world
    _texts(w, summary="=HYPERLINK(gevaar)", milestones=[w.site_decision])
    services.publish(actor=w.coordinator, project=w.project)
    data = json.loads(client.get(reverse("public-projects-json")).content)
    (row,) = data["projects"]
    assert row["code"] == w.project.code
    assert row["in_service"] == "2029-06-30"
    assert row["municipalities"] == ["Gemeente Test"]
    assert row["url"].endswith(_public_url(w))
    csv_text = client.get(reverse("public-projects-csv")).content.decode("utf-8-sig")
    header, line = csv_text.splitlines()[:2]
    assert header.startswith("code;naam;gemeenten;netbeheerder")
    assert "'=HYPERLINK(gevaar)" in line  # a spreadsheet will not run it
    dcat = json.loads(client.get(reverse("public-dataset")).content)
    assert dcat["@type"] == "dcat:Dataset"
    for key in (
        "dct:title",
        "dct:description",
        "dcat:distribution",
        "dct:publisher",
        "dct:license",
        "dct:modified",
        "dcat:theme",
        "dct:language",
    ):
        assert key in dcat, key
    media = {d["dcat:mediaType"]["@id"].rsplit("/", 2)[-2:][1] for d in dcat["dcat:distribution"]}
    assert media == {"csv", "json"}
    sitemap = client.get(reverse("sitemap")).content.decode()
    assert _public_url(w) in sitemap and reverse("public-project-list") in sitemap
    robots = client.get(reverse("robots")).content.decode()
    assert "Allow: /openbaar/" in robots and "Disallow: /\n" in robots


def test_a_cached_public_page_costs_one_query(client, public_world, django_assert_max_num_queries):
    w = public_world
    _texts(w)
    services.publish(actor=w.coordinator, project=w.project)
    client.get(_public_url(w))
    client.get(reverse("public-project-list"))
    with django_assert_max_num_queries(1):
        assert client.get(_public_url(w)).status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get(reverse("public-project-list")).status_code == 200


def test_an_uncached_list_has_a_bounded_number_of_queries(
    client, public_world, django_assert_max_num_queries
):
    w = public_world
    _texts(w)
    services.publish(actor=w.coordinator, project=w.project)
    with django_assert_max_num_queries(2):
        client.get(reverse("public-project-list"))


def test_the_preview_page_has_a_bounded_number_of_queries(
    client, public_world, django_assert_max_num_queries
):
    w = public_world
    for sequence in range(2, 40):
        MilestoneFactory(
            project=w.project, kind="anders", name=f"Stap {sequence}", sequence=sequence
        )
    _texts(w, milestones=list(w.project.milestones.all()))
    client.force_login(w.coordinator)
    url = reverse("public-publication", kwargs={"pk": w.project.pk})
    client.get(url)
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert "Stap 39" in response.content.decode()


names = st.text(min_size=1, max_size=30)
public_projects = st.builds(
    PublicProject,
    code=st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True),
    name=names,
    kind=names,
    modality=names,
    phase=names,
    municipalities=st.lists(names, max_size=3).map(tuple),
    grid_operator=names,
    in_service=st.none() | st.dates(),
    in_service_reached=st.booleans(),
    milestones=st.lists(
        st.builds(PublicMilestone, name=names, kind=names, date=st.none() | st.dates()),
        max_size=3,
    ).map(tuple),
    summary=st.text(max_size=50),
    delay_reason=st.text(max_size=50),
)


@given(public_projects, st.dictionaries(st.text(min_size=1), st.text(), max_size=3))
def test_the_stored_state_reads_back_and_only_named_keys_count(project, extra):
    stored = {**extra, **project.to_json()}
    assert PublicProject.from_json(stored) == project
