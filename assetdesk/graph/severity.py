"""How hard and how soon an outage reaches a system through one dependency.

A dependency ``from_system -> to_system`` means from_system uses / receives from to_system, so
the effect of to_system going down travels *against* the edge, to from_system. Every dependency
carries the effect; what differs is how soon it bites, graded here from the link's attributes:

- IMMEDIATE: real-time links, DB直結 (the caller's queries fail at once), 認証 (nobody can log in)
  and 共通基盤利用 (the platform it runs on is gone); also any link whose attributes say nothing
  that would soften it (frequency and method unknown), because an impact report that misses an
  effect is worse than one that over-warns.
- DELAYED: daily batches and file transfers / file links: the next run fails, within a day.
- DEFERRED: weekly, monthly and ad-hoc links, and manual (media, hand) transfers: there is time
  to work around the outage.

Along a chain the weakest link decides: a daily file feed delays everything behind it, so the
severity of an indirect effect is the minimum over its path, and a system reached by several
paths takes the most severe one (a widest-path problem, solved in ``impacts``).

What travels on depends on how a system is hit. Hit IMMEDIATE, it is unusable, and everything
that uses it is hit in turn, through any link. Hit only DELAYED or DEFERRED, it still works,
on stale or missing data: that staleness travels on only through links that carry data
(``carries_data``: kinds データ連携 and ファイル連携, or an unknown kind), not to the systems that
use it for login, its platform or its screens. So a personnel system going down makes the
authentication hub's daily feed fail, but does not stop every system that logs in through it.
"""

from __future__ import annotations

from assetdesk.graph.records import DependencyEdge
from assetdesk.i18n import N_

IMMEDIATE = 3
DELAYED = 2
DEFERRED = 1

#: Stable names for JSON and the CLI, by rank.
NAMES = {IMMEDIATE: "immediate", DELAYED: "delayed", DEFERRED: "deferred"}
RANKS = {name: rank for rank, name in NAMES.items()}
#: Japanese source labels (translate with ``_`` when shown).
LABELS = {IMMEDIATE: N_("即時"), DELAYED: N_("遅延(日次)"), DEFERRED: N_("猶予あり")}

_SHARED_SERVICE_KINDS = frozenset({"auth", "platform"})
_DEFERRED_FREQUENCIES = frozenset({"weekly", "monthly", "adhoc"})


def edge_severity(dep: DependencyEdge) -> int:
    """The rank (IMMEDIATE, DELAYED or DEFERRED) with which ``dep`` passes an outage on."""
    if dep.frequency == "realtime" or dep.method == "db_direct" or dep.kind in _SHARED_SERVICE_KINDS:
        return IMMEDIATE
    if dep.frequency in _DEFERRED_FREQUENCIES or dep.method == "manual":
        return DEFERRED
    if dep.frequency == "daily" or dep.method == "file_transfer" or dep.kind == "file":
        return DELAYED
    return IMMEDIATE


def is_tight(dep: DependencyEdge) -> bool:
    """Whether ``dep`` couples its two systems so that they must move together.

    A DB直結 link or a real-time link breaks the moment one end changes address or network, so
    the two ends move in one window; batch and file links can be re-pointed between windows.
    Links to shared services (認証, 共通基盤利用) do not couple: such a service is reached by
    everyone from everywhere by design, and coupling through it would glue the whole ledger
    into one group.
    """
    if dep.kind in _SHARED_SERVICE_KINDS:
        return False
    return dep.method == "db_direct" or dep.frequency == "realtime"


_DATA_KINDS = frozenset({"data", "file", None})


def carries_data(dep: DependencyEdge) -> bool:
    """Whether ``dep`` passes data on (so stale data behind it travels further)."""
    return dep.kind in _DATA_KINDS
