"""One page of a long list, with the links to the others (decision 0034).

A page shows at most `PER_PAGE` rows; the exports of the same list still hold every row. A page
number that is not a number or out of range shows the nearest page instead of an error.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

PER_PAGE = 50


@dataclass
class PageLinks:
    """What `_pagination.html` needs: the page, the other pages to link to (None for a gap),
    and the query string of the current list without the page number."""

    page: Page
    numbers: list
    query: str
    param: str

    @property
    def rows(self):
        return self.page.object_list


def paginate(
    request, rows, *, param: str = "page", per_page: int = PER_PAGE, build=None
) -> PageLinks:
    """One page of `rows` (a list, or a queryset the database counts and cuts); `build` turns
    the page's rows into what the template shows, so only they are worked on."""
    paginator = Paginator(rows, per_page)
    page = paginator.get_page(request.GET.get(param))
    if build is not None:
        page.object_list = build(list(page.object_list))
    query = request.GET.copy()
    query.pop(param, None)
    numbers = [
        n if isinstance(n, int) else None
        for n in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]
    return PageLinks(page=page, numbers=numbers, query=query.urlencode(), param=param)
