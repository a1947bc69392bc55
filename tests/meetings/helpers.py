"""Loading the meetings demo on top of the base demo, with its arguments read from the database."""

from gridpact.escalations.models import Impediment
from gridpact.meetings import demo
from gridpact.parties.models import Organisation, User
from gridpact.programmes.models import Programme
from gridpact.projects.models import Project
from gridpact.workspace import demo as programme_demo

DEMO_USERNAMES = ["coordinator", "tennet", "stedin", "soest", "wethouder.baarn", "waarnemer"]


def load_meetings_demo() -> bool:
    """Call `meetings.demo.load` the way the base demo loader will (after it has run)."""
    programme = Programme.objects.get(code=programme_demo.PROGRAMME_CODE)
    return demo.load(
        orgs={o.short_name: o for o in Organisation.objects.all()},
        users={u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)},
        programme=programme,
        projects_by_code={
            p.code: p for p in Project.objects.filter(programme_links__programme=programme)
        },
        impediments=list(Impediment.objects.filter(programme=programme).select_related("project")),
    )
