"""factory_boy factories for the domain; one place so every test builds data the same way."""

from datetime import date

import factory

from gridpact.parties.models import Level, Membership, Organisation, OrganisationKind, Role, User
from gridpact.programmes.models import Participation, ParticipationRole, Programme
from gridpact.projects.models import (
    Milestone,
    MilestoneKind,
    ProgrammeProject,
    Project,
    ProjectKind,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    short_name = factory.LazyAttribute(lambda o: o.name)
    kind = OrganisationKind.MUNICIPALITY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def finish(self, create, extracted, **kwargs):
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CONTRIBUTOR
    level = Level.OFFICIAL


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"programme-{n}")
    name = factory.Sequence(lambda n: f"Programma {n}")
    owner = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.PROVINCE)

    @factory.post_generation
    def owner_participates(self, create, extracted, **kwargs):
        if create:
            Participation.objects.get_or_create(
                programme=self, organisation=self.owner, defaults={"role": ParticipationRole.OWNER}
            )


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = ParticipationRole.MUNICIPALITY


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"project-{n}")
    name = factory.Sequence(lambda n: f"Station {n}")
    kind = ProjectKind.CONCRETE
    lead_operator = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.DSO)

    @factory.post_generation
    def programme(self, create, extracted, **kwargs):
        if create and extracted is not None:
            ProgrammeProject.objects.create(programme=extracted, project=self)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    kind = MilestoneKind.IN_SERVICE
    name = "In bedrijf"
    owner = factory.LazyAttribute(lambda m: m.project.lead_operator)
    forecast_date = date(2029, 6, 30)
