"""One home for "the organisations taking part in this programme" (decision 0024)."""

from gridpact.parties.models import Organisation
from gridpact.programmes.models import Programme, participating_organisations
from tests.factories import OrganisationFactory, ParticipationFactory


def test_a_programme_lists_exactly_its_participants_in_any_role(world):
    names = set(world.programme.participating_organisations().values_list("name", flat=True))
    # The owner (the province) takes part too, in the role of owner.
    assert names == {"Provincie Test", "Netbeheer Test", "Ander Netbedrijf", "Gemeente Test"}
    assert world.programme.takes_part(world.municipality)
    assert not world.other_programme.takes_part(world.municipality)


def test_several_programmes_give_each_organisation_once(world):
    both = OrganisationFactory(name="In beide")
    ParticipationFactory(programme=world.programme, organisation=both)
    ParticipationFactory(programme=world.other_programme, organisation=both)
    found = list(
        participating_organisations(Programme.objects.all()).values_list("name", flat=True)
    )
    assert found.count("In beide") == 1
    assert "Gemeente Elders" in found and "Gemeente Test" in found
    ids = {world.other_programme.pk}
    assert set(participating_organisations(ids).values_list("name", flat=True)) == {
        world.other_programme.owner.name,
        "Gemeente Elders",
        "In beide",
    }
    # Still a queryset of organisations: callers filter and order it further.
    assert participating_organisations(ids).filter(
        name="In beide"
    ).get() == Organisation.objects.get(name="In beide")
