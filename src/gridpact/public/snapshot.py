"""What a public project page shows: a strict allow-list of plain values (no Django).

`PublicProject` names every field the public may read. It is built from named values (never from
a model), stored as JSON when the coordinator publishes, and read back with `from_json`, which
takes only the names below: a key that is not on the list never reaches a page or a download.
"""

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class PublicMilestone:
    name: str
    kind: str
    date: date | None
    reached: bool

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "kind": self.kind,
            "date": self.date.isoformat() if self.date else None,
            "reached": self.reached,
        }

    @classmethod
    def from_json(cls, data: dict) -> "PublicMilestone":
        return cls(
            name=str(data["name"]),
            kind=str(data["kind"]),
            date=date.fromisoformat(data["date"]) if data.get("date") else None,
            reached=bool(data["reached"]),
        )


@dataclass(frozen=True)
class PublicProject:
    """One project as the public reads it."""

    code: str
    name: str
    kind: str
    modality: str
    phase: str
    municipalities: tuple[str, ...]
    grid_operator: str
    in_service: date | None
    in_service_reached: bool
    milestones: tuple[PublicMilestone, ...]
    summary: str
    delay_reason: str
    published_at: datetime | None = None

    @property
    def delayed(self) -> bool:
        """The coordinator explains a delay in public."""
        return bool(self.delay_reason)

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "modality": self.modality,
            "phase": self.phase,
            "municipalities": list(self.municipalities),
            "grid_operator": self.grid_operator,
            "in_service": self.in_service.isoformat() if self.in_service else None,
            "in_service_reached": self.in_service_reached,
            "milestones": [m.to_json() for m in self.milestones],
            "summary": self.summary,
            "delay_reason": self.delay_reason,
            "published_at": self.published_at.isoformat() if self.published_at else None,
        }

    @classmethod
    def from_json(cls, data: dict) -> "PublicProject":
        return cls(
            code=str(data["code"]),
            name=str(data["name"]),
            kind=str(data["kind"]),
            modality=str(data["modality"]),
            phase=str(data["phase"]),
            municipalities=tuple(str(m) for m in data["municipalities"]),
            grid_operator=str(data["grid_operator"]),
            in_service=date.fromisoformat(data["in_service"]) if data.get("in_service") else None,
            in_service_reached=bool(data["in_service_reached"]),
            milestones=tuple(PublicMilestone.from_json(m) for m in data["milestones"]),
            summary=str(data["summary"]),
            delay_reason=str(data["delay_reason"]),
            published_at=(
                datetime.fromisoformat(data["published_at"]) if data.get("published_at") else None
            ),
        )


def in_service_of(milestones: list[tuple[str, date | None, date | None]]) -> tuple:
    """(date, reached) of the in-service milestone from (kind, forecast, actual) triples: the
    actual date once reached, else the forecast; (None, False) without one."""
    for kind, forecast, actual in milestones:
        if kind == "in_bedrijf":
            return (actual or forecast), actual is not None
    return None, False
