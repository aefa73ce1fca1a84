"""Tables of the portfolio work (issue 9): consolidation proposals and the systems they absorb.

``db.models`` imports this module so the tables join the one metadata (and the migration
check); migration 0003 creates them. Introduction reviews use ``consultation`` and the plan's
indicators ``indicator`` / ``indicator_value`` of ``db.models``.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel

from db.models import CHOICE, Versioned


class ConsolidationProposal(Versioned, table=True):
    """A decision to consolidate similar systems into one (集約案)."""

    __tablename__ = "consolidation_proposal"
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=300)
    #: The system that carries on and takes over the others' work (集約先).
    absorber_id: int = Field(foreign_key="system.id", index=True)
    target_fy: int | None = None
    status: str = Field(max_length=CHOICE, index=True)
    #: Yearly saving (千円) as estimated when proposed; see ``assetdesk.similar.savings``.
    estimated_saving: int | None = None
    notes: str | None = None
    created_at: dt.datetime
    created_by: str = Field(max_length=128)
    #: The ledger operation that made the absorbed systems 集約済 (when done).
    done_batch_id: int | None = Field(default=None, foreign_key="change_batch.id")


class ConsolidationMember(SQLModel, table=True):
    """A system a proposal absorbs (集約元)."""

    __tablename__ = "consolidation_member"
    proposal_id: int = Field(foreign_key="consolidation_proposal.id", primary_key=True)
    system_id: int = Field(foreign_key="system.id", primary_key=True, index=True)


#: For ``db.models.TABLE_ORDER`` (backups copy tables in an order that satisfies foreign keys):
#: after "change" and "system".
PORTFOLIO_TABLES = ("consolidation_proposal", "consolidation_member")
