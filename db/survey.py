"""The yearly survey's bookkeeping: rounds per fiscal year, and per section what came back.

A response moves sent -> returned | errors -> applied (``choices.SURVEY_RESPONSE_STATUS``); the
applied one names the history batch that took its answers in, so that the batch can be found
(and undone) from the round. Functions write in the caller's transaction (``conn``), so that
marking a response applied commits with the import itself or not at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Connection, insert, select, update

from db import models as M

ROUND = M.SurveyRound.__table__
RESPONSE = M.SurveyResponse.__table__
SECTION = M.Section.__table__
DEPARTMENT = M.Department.__table__

#: Statuses after which nobody needs to be chased.
DONE_STATUSES = ("returned", "applied")


@dataclass(frozen=True)
class SectionStatus:
    section: str
    section_name: str
    department: str
    status: str  # a SURVEY_RESPONSE_STATUS value, or 'not_sent'
    file_name: str | None = None
    received_at: dt.datetime | None = None
    error_count: int = 0
    applied_batch_id: int | None = None


@dataclass
class RoundStatus:
    fiscal_year: int
    opened_on: dt.date
    template_version: str
    sections: list[SectionStatus] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(s.status == status for s in self.sections)

    @property
    def to_chase(self) -> list[SectionStatus]:
        """Sections that have not answered, or whose answer must be corrected."""
        return [s for s in self.sections if s.status not in DONE_STATUSES]


def open_round(conn: Connection, fiscal_year: int, template_version: str, today: dt.date | None = None) -> int:
    """The round of ``fiscal_year``, opened now if there is none; returns its id."""
    rid = round_id(conn, fiscal_year)
    if rid is not None:
        conn.execute(update(ROUND).where(ROUND.c.id == rid).values(template_version=template_version))
        return rid
    return conn.execute(insert(ROUND).values(
        fiscal_year=fiscal_year, opened_on=today or dt.date.today(), template_version=template_version)
    ).inserted_primary_key[0]


def round_id(conn: Connection, fiscal_year: int) -> int | None:
    return conn.execute(select(ROUND.c.id).where(ROUND.c.fiscal_year == fiscal_year)).scalar()


def latest_fiscal_year(conn: Connection) -> int | None:
    return conn.execute(select(ROUND.c.fiscal_year).order_by(ROUND.c.fiscal_year.desc()).limit(1)).scalar()


def section_ids(conn: Connection) -> dict[str, int]:
    return dict(conn.execute(select(SECTION.c.code, SECTION.c.id)).all())


def _response(conn: Connection, rid: int, section_id: int):
    return conn.execute(select(RESPONSE).where(RESPONSE.c.round_id == rid, RESPONSE.c.section_id == section_id)).first()


def mark_sent(conn: Connection, rid: int, section_id: int) -> None:
    """A template went out; an answer already received keeps its status."""
    if _response(conn, rid, section_id) is None:
        conn.execute(insert(RESPONSE).values(round_id=rid, section_id=section_id, status="sent"))


def record_response(conn: Connection, rid: int, section_id: int, *, status: str, file_name: str | None = None,
                    file_sha256: str | None = None, error_count: int = 0, batch_id: int | None = None,
                    at: dt.datetime | None = None) -> None:
    """What came back from a section (and, with ``batch_id``, that it was applied)."""
    values = {"status": status, "error_count": error_count}
    if file_name is not None:
        values |= {"file_name": file_name, "file_sha256": file_sha256,
                   "received_at": at or dt.datetime.now(dt.UTC)}
    if batch_id is not None:
        values["applied_batch_id"] = batch_id
    if _response(conn, rid, section_id) is None:
        conn.execute(insert(RESPONSE).values(round_id=rid, section_id=section_id, **values))
    else:
        conn.execute(update(RESPONSE).where(RESPONSE.c.round_id == rid, RESPONSE.c.section_id == section_id)
                     .values(**values))


def response_statuses(conn: Connection, rid: int) -> dict[str, str]:
    """section code -> status of its response in round ``rid``."""
    q = (select(SECTION.c.code, RESPONSE.c.status).join(SECTION, SECTION.c.id == RESPONSE.c.section_id)
         .where(RESPONSE.c.round_id == rid))
    return dict(conn.execute(q).all())


def round_status(conn: Connection, fiscal_year: int | None = None) -> RoundStatus | None:
    """Every section and where its answer stands, for ``fiscal_year`` (default: the latest)."""
    fy = fiscal_year if fiscal_year is not None else latest_fiscal_year(conn)
    if fy is None:
        return None
    rnd = conn.execute(select(ROUND).where(ROUND.c.fiscal_year == fy)).first()
    if rnd is None:
        return None
    batch = M.ChangeBatch.__table__
    responses = {r.section_id: r for r in conn.execute(
        select(RESPONSE, batch.c.undone_by_id).outerjoin(batch, batch.c.id == RESPONSE.c.applied_batch_id)
        .where(RESPONSE.c.round_id == rnd.id))}
    q = (select(SECTION.c.id, SECTION.c.code, SECTION.c.name, DEPARTMENT.c.name.label("dept"), SECTION.c.retired_on)
         .join(DEPARTMENT, DEPARTMENT.c.id == SECTION.c.department_id).order_by(SECTION.c.code))
    out = RoundStatus(fy, rnd.opened_on, rnd.template_version)
    for sid, code, name, dept, retired_on in conn.execute(q):
        r = responses.get(sid)
        if r is None and retired_on is not None:
            continue  # abolished, and never sent this round: nobody to chase
        if r is None:
            out.sections.append(SectionStatus(code, name, dept, "not_sent"))
        else:
            # An answer whose import was undone since must be applied again.
            status = "undone" if r.status == "applied" and r.undone_by_id is not None else r.status
            out.sections.append(SectionStatus(code, name, dept, status, r.file_name, r.received_at,
                                              r.error_count, r.applied_batch_id))
    return out
