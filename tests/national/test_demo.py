"""The demonstration's second province: the ministry's observer sees two provinces."""

from django.utils import timezone

from gridpact.national import queries
from gridpact.parties.models import User
from gridpact.workspace import demo


def test_the_demo_observer_sees_two_provinces(db):
    assert demo.load()
    observer = User.objects.get(username="waarnemer")
    rollup = queries.rollup(observer, timezone.localdate())
    assert len(rollup.programmes) == 2
    assert {g.label for g in rollup.provinces} == {"Provincie Utrecht", "Provincie Gelderland"}
    gelderland = next(g for g in rollup.programmes if "Gelderland" in g.label).figures
    assert (gelderland.accelerated, gelderland.on_time, gelderland.delayed) == (1, 1, 1)
    assert gelderland.national_impediments == 1
    assert not demo.load()  # loading again changes nothing
