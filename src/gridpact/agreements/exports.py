"""An agreement version as PDF (WeasyPrint) and DOCX (python-docx), with the positions of the
participating organisations as an annex. Both take the same context, read as the user."""

from html.parser import HTMLParser

from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from gridpact.core import documents
from gridpact.core.calendar import format_date_nl
from gridpact.core.documents import author_of

from . import queries


def context(user, version, today) -> dict:
    versions = list(version.agreement.versions.order_by("-number"))
    text = queries.version_text(user, version, today=today, versions=versions, with_comments=False)
    return {
        "programme": version.agreement.programme,
        "agreement": version.agreement,
        "version": version,
        "groups": [g for g in text.groups if g.clauses],
        "rows": queries.endorsement_rows(version),
    }


def pdf(request, context) -> bytes:
    html = render_to_string(
        "agreements/version_pdf.html",
        {**context, "author": author_of(context["programme"])},
        request=request,
    )
    return documents.pdf(html, base_url=request.build_absolute_uri("/"))


class _ClauseToDocx(HTMLParser):
    """Writes cleaned clause HTML (p, ul, ol, li, strong, em, a) as Word paragraphs and runs."""

    def __init__(self, document):
        super().__init__(convert_charrefs=True)
        self.document = document
        self.paragraph = None
        self.lists: list[str] = []
        self.bold = self.italic = 0
        self.href = None
        self.link_text = ""

    def _new(self, style=None):
        self.paragraph = self.document.add_paragraph(style=style)

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self._new()
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
        elif tag == "li":
            kind = self.lists[-1] if self.lists else "ul"
            self._new("List Number" if kind == "ol" else "List Bullet")
        elif tag == "strong":
            self.bold += 1
        elif tag == "em":
            self.italic += 1
        elif tag == "a":
            self.href = dict(attrs).get("href")
            self.link_text = ""

    def handle_endtag(self, tag):
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "strong":
            self.bold = max(0, self.bold - 1)
        elif tag == "em":
            self.italic = max(0, self.italic - 1)
        elif tag == "a":
            if self.href and self.href.removeprefix("mailto:") != self.link_text.strip():
                self.handle_data(f" ({self.href})")
            self.href = None
        if tag in ("p", "li"):
            self.paragraph = None

    def handle_data(self, data):
        if not data.strip() and self.paragraph is None:
            return
        if self.paragraph is None:
            self._new()
        if self.href is not None:
            self.link_text += data
        run = self.paragraph.add_run(data)
        run.bold = bool(self.bold) or None
        run.italic = bool(self.italic) or None


def _percent(value) -> str:
    return f"{floatformat(value, '-1')} %"


def _target(row) -> str:
    return f"≥ {_percent(row.commitment.target_percent)}"


def _measurement_text(row) -> str:
    m = row.measurement
    if m.status == "no_data":
        return _("The system does not hold this data yet.")
    if m.status == "no_cases":
        return _("No cases to measure yet.")
    verdict = _("kept") if m.status == "kept" else _("not kept")
    return _("%(verdict)s: %(kept)s of %(total)s cases in time (%(share)s), missed %(missed)s.") % {
        "verdict": verdict,
        "kept": m.kept_count,
        "total": m.total,
        "share": _percent(m.share),
        "missed": m.missed_count,
    }


def _position_text(endorsement) -> str:
    if endorsement is None:
        return _("no response")
    parts = [str(endorsement.get_position_display())]
    if endorsement.comment:
        parts.append(endorsement.comment)
    parts.append(
        f"{endorsement.given_by_name}, {format_date_nl(endorsement.given_on, weekday=False)}"
    )
    return "\n".join(parts)


def docx(context) -> bytes:
    version, agreement = context["version"], context["agreement"]
    document = documents.word_document(
        title=agreement.title, author=author_of(context["programme"])
    )
    document.add_heading(agreement.title, level=0)
    document.add_paragraph(
        _("%(programme)s · version %(number)s · %(status)s")
        % {
            "programme": context["programme"].name,
            "number": version.number,
            "status": version.get_status_display(),
        }
    )
    if version.adopted_on:
        document.add_paragraph(
            _("Adopted by %(body)s on %(date)s.")
            % {
                "body": version.adopted_by,
                "date": format_date_nl(version.adopted_on, weekday=False),
            }
            + (
                f" {_('Decision reference')}: {version.decision_reference}"
                if version.decision_reference
                else ""
            )
        )
    for group in context["groups"]:
        document.add_heading(group.theme.name, level=1)
        for view in group.clauses:
            clause = view.clause
            document.add_heading(f"{clause.number}. {clause.title}", level=2)
            writer = _ClauseToDocx(document)
            writer.feed(str(clause.text_html))
            writer.close()
            for row in view.commitments:
                line = document.add_paragraph()
                label = line.add_run(
                    f"{_('Commitment')}: {capfirst(row.commitment.get_kind_display())} {_target(row)}"
                    + (f" ({row.commitment.body})" if row.commitment.body else "")
                )
                label.italic = True
                line.add_run(f" — {_measurement_text(row)}")
    document.add_page_break()
    document.add_heading(_("Annex: positions of the participating organisations"), level=1)
    document.add_paragraph(
        _("Is the organisation, in principle, positive about working towards these agreements?")
    )
    documents.word_table(
        document,
        [_("Organisation"), _("Executive (bestuurlijk)"), _("Official (ambtelijk)")],
        [
            [
                row.organisation.name,
                _position_text(row.bestuurlijk),
                _position_text(row.ambtelijk),
            ]
            for row in context["rows"]
        ],
    )
    return documents.word_bytes(document)
