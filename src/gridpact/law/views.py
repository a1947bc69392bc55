from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .models import StatutoryRule


@login_required
def legal_bases(request):
    """*Wettelijke grondslagen*: every rule GridPact applies, with citation, validity, status and
    source, for the lawyer who checks. The law is public: every logged-in user may read it."""
    rules = [(rule, rule.as_version()) for rule in StatutoryRule.objects.all()]
    return render(request, "law/legal_bases.html", {"rules": rules})
