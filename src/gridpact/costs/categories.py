"""The built-in cost categories (domain.md §7). Names are the users' Dutch words, kept as data.

`seed` is idempotent: the migration calls it, and so do tests that start from an emptied database.
"""

CATEGORIES = [
    (
        "netinvestering",
        "Netinvestering",
        "Investeringen in het net zelf; de netbeheerder "
        "verdient ze terug via de door de ACM gereguleerde tarieven.",
    ),
    ("inpassing", "Ruimtelijke/landschappelijke inpassing", ""),
    ("grondverwerving", "Grondverwerving", ""),
    ("procedurekosten", "Procedurekosten", ""),
    ("projectmanagement", "Projectmanagement/programmakosten", ""),
    ("nadeelcompensatie", "Nadeelcompensatie", ""),
    ("onderzoek", "Onderzoek", ""),
    ("anders", "Anders", ""),
]


def seed(apps) -> None:
    CostCategory = apps.get_model("costs", "CostCategory")
    for sequence, (code, name, description) in enumerate(CATEGORIES, start=1):
        CostCategory.objects.get_or_create(
            programme=None,
            code=code,
            defaults={"name": name, "description": description, "sequence": sequence * 10},
        )
