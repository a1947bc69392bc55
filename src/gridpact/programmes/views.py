"""Programme pages: the list of programmes.

A programme's project overview shows projects, meetings and monitoring side by side, so it lives
in `gridpact.workspace.views`; its planning (a Gantt chart of the projects) in `projects.views`.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .models import Programme


@login_required
def programme_list(request):
    programmes = Programme.objects.visible_to(request.user).select_related("owner")
    return render(request, "programmes/programme_list.html", {"programmes": programmes})
