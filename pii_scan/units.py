"""Units of work that ``scan`` and the subject search send to an executor (``pii_scan.executors``).

``ScanUnit``: one table or document to classify (``scan_unit`` runs it where it is sent).
``SubjectUnit``: one source to search for one subject (``subject_unit``). Both are plain and
picklable, carry a location without its password (``pii_scan.worker_location``) and return plain
results: masked field results for discovery; the subject's own records (the only raw values that
travel, as they do into the subject's package) for a subject search.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pii_scan.errors import PiiScanError
from pii_scan.executors import loads_models
from pii_scan.worker_location import for_workers, on_worker

if TYPE_CHECKING:
    from pii_scan.connectors.base import Connector
    from pii_scan.discovery import ScanOptions, ScanReport
    from pii_scan.executors import Executor, Failure
    from pii_scan.results import FieldResult, SourceFailure

__all__ = [
    "ScanUnit", "scan_unit", "run_scan_units", "SubjectUnit", "subject_unit", "subject_groups",
    "find_subject_on",
]  # fmt: skip


@dataclass(frozen=True)
class ScanUnit:
    location: str  # a path, or a URL whose password is its ${VAR} reference
    table: str
    options: ScanOptions
    root: str | None
    display: str  # the source as failures name it (masked)


@loads_models
def scan_unit(unit: ScanUnit) -> list[FieldResult] | SourceFailure:
    """Discovery of one table where it is sent: its fields, or the source's failure as ``scan`` says it."""
    from pii_scan.discovery import _failure, scan_table

    try:
        return scan_table(on_worker(unit.location), unit.table, unit.options, unit.root)
    except PiiScanError as err:
        return _failure(unit.display, err, unit.table)


def run_scan_units(
    executor: Executor,
    units: Sequence[tuple[Connector, str, str]],
    options: ScanOptions,
    report: ScanReport,
) -> None:
    """``scan``'s units (connector, table, password reference) on ``executor``; fields and failures
    go into ``report`` in the order of ``units``, as an in-process scan gives them."""
    from dataclasses import replace

    from pii_scan.console import progress
    from pii_scan.discovery import _failure
    from pii_scan.masking import mask_url
    from pii_scan.results import SourceFailure

    out: list[list[FieldResult] | SourceFailure | None] = [None] * len(units)
    sent: list[ScanUnit] = []
    index: list[int] = []
    for i, (conn, table, ref) in enumerate(units):
        try:
            location = for_workers(conn.location, ref) if executor.remote else conn.location
        except PiiScanError as err:
            out[i] = _failure(conn.display_name, err, table)
            continue
        root = getattr(conn, "root", None)
        unit_options = options
        if options.limits is None and hasattr(conn, "limits"):  # the worker has no configuration
            unit_options = replace(options, limits=conn.limits.as_dict())
        sent.append(ScanUnit(location, table, unit_options, root, conn.display_name))
        index.append(i)

    def done(k: int, result: Any, failure: Failure | None) -> None:
        i = index[k]
        if failure is not None:
            display = mask_url(units[i][0].display_name)
            out[i] = SourceFailure(
                source=display, message=failure.message, table=units[i][1], error=failure.error
            )
        else:
            out[i] = result

    with progress() as p:
        job = p.add_task("Scanning tables", total=len(sent))
        executor.run(scan_unit, sent, done, lambda: p.advance(job))
    for item in out:
        if isinstance(item, list):
            report.fields.extend(item)
        elif item is not None:
            report.failures.append(item)


@dataclass(frozen=True)
class SubjectUnit:
    """Sources searched together for one subject (a source, or sources joined by [[links]])."""

    sources: tuple[Any, ...]  # SourceConfig (URL password as its ${VAR} reference) or plain paths
    identifiers: tuple[Any, ...]
    options: dict[str, Any]
    config: Any  # links, controller, sample; its sources' passwords as ${VAR} references too
    part_rows: int = 0  # tables above this many rows are searched in parts (pii_scan.chunks); 0: never


@loads_models
def subject_unit(unit: SubjectUnit) -> Any:
    """``find_subject`` on the unit's sources where it is sent; the client merges the results."""
    from dataclasses import replace

    from pii_scan.config import SourceConfig
    from pii_scan.subject.search import find_subject

    expanded = {
        i: replace(s, location=on_worker(s.location)) if isinstance(s, SourceConfig) else on_worker(str(s))
        for i, s in enumerate(unit.sources)
    }
    sources = [expanded[i] for i in range(len(unit.sources))]
    config = unit.config
    if config is not None:  # the task's own sources as the search opens them, the others as sent
        mine = {s: expanded[i] for i, s in enumerate(unit.sources) if isinstance(s, SourceConfig)}
        config = replace(config, sources=[mine.get(s, s) for s in config.sources])
    parts = None
    if unit.part_rows > 0:
        from pii_scan.chunks import PartRunner

        parts = PartRunner([str(getattr(s, "location", s)) for s in unit.sources], unit.part_rows)
    return find_subject(sources, list(unit.identifiers), config, parts=parts, **unit.options)


def subject_groups(locations: Sequence[Any], links: Sequence[Any]) -> list[list[int]]:
    """Indexes of ``locations`` to search together: a [[links]] entry naming both its sources joins
    them; one naming no source may join any two, so then every source is searched in one task."""
    names = {str(getattr(loc, "name", "")): i for i, loc in enumerate(locations)}
    parent = list(range(len(locations)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for link in links:
        ends = [names.get(str(s)) for s in (link.from_source, link.to_source)]
        if None in ends:
            return [list(range(len(locations)))] if locations else []
        a, b = (root(e) for e in ends if e is not None)
        parent[a] = b
    groups: dict[int, list[int]] = {}
    for i in range(len(locations)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def find_subject_on(
    executor: Executor,
    locations: Sequence[Any],
    identifiers: Sequence[Any],
    config: Any,
    part_rows: int | None = None,
    **options: Any,
) -> Any:
    """``find_subject`` with the sources searched on ``executor``, one task per group of sources
    (``subject_groups``); the result is assembled here as an in-process search orders it. Identity
    expansion follows identifiers within a task's sources. Tables above ``part_rows`` rows (default
    ``[inventory] part_rows``; 0: never) are searched in parts, one task each (``pii_scan.chunks``)."""
    from dataclasses import replace

    from pii_scan.chunks import PART_ROWS
    from pii_scan.console import progress
    from pii_scan.errors import IdentifierError
    from pii_scan.subject.records import SourceStatus

    links = list(getattr(config, "links", None) or ())
    if part_rows is None:
        part_rows = int(getattr(config, "part_rows", PART_ROWS))
    groups = subject_groups(locations, links)
    if any(getattr(i, "kind", "") == "id" for i in identifiers) and locations:
        groups = [list(range(len(locations)))]  # an --id names one table: checked against every source
    shared = None
    if config is not None:  # sources as workers get them: their checks then see what a task covers
        try:
            shared = replace(config, sources=[_for_workers(s, executor.remote) for s in config.sources])
        except PiiScanError:
            shared = replace(config, sources=[])
    units: list[SubjectUnit] = []
    early: list[SourceStatus] = []
    for group in groups:
        try:
            srcs = tuple(_for_workers(locations[i], executor.remote) for i in group)
        except PiiScanError as err:
            early.append(SourceStatus(str(getattr(locations[group[0]], "name", "")), "failed", str(err)))
            continue
        units.append(SubjectUnit(srcs, tuple(identifiers), dict(options), shared, part_rows))
    results: list[Any] = [None] * len(units)
    failures: dict[int, Failure] = {}

    def done(i: int, result: Any, failure: Failure | None) -> None:
        if failure is not None:
            failures[i] = failure
        results[i] = result

    with progress() as p:
        job = p.add_task("searching sources", total=len(units))
        executor.run(subject_unit, units, done, lambda: p.advance(job))
    for i, failure in failures.items():
        if failure.error == "IdentifierError":
            raise IdentifierError(failure.message)
        names = ", ".join(_shown(s) for s in units[i].sources)
        early.append(SourceStatus(names, "failed", failure.message))
    done_results = [r for r in results if r is not None]
    return _merge(identifiers, done_results, early)


def _for_workers(loc: Any, remote: bool) -> Any:
    from dataclasses import replace

    from pii_scan.config import SourceConfig

    if not remote:
        return loc
    if isinstance(loc, SourceConfig):
        return replace(loc, location=for_workers(loc.location, loc.password_ref))
    return for_workers(str(loc))


def _shown(loc: Any) -> str:
    from pii_scan.masking import mask_url

    return mask_url(str(getattr(loc, "location", loc)))


def _merge(identifiers: Sequence[Any], results: list[Any], early: list[Any]) -> Any:
    """One SubjectResult from the tasks', ordered as ``find_subject`` orders its own."""
    from pii_scan.subject.records import SubjectResult

    order = {"match": 0, "linked": 1, "third_party": 2}
    records = sorted(
        (r for res in results for r in res.records),
        key=lambda r: (order[r.relation], r.source, len(r.via), r.table, str(r.key)),
    )
    # sources that could not be opened come first, as in find_subject
    statuses = [s for res in results for s in res.sources]
    unopened = [s for s in statuses if s.status == "failed" and s.tables == 0 and not s.failed_tables]
    categories: dict[str, Any] = {}
    field_categories: dict[str, Any] = {}
    for res in results:
        categories.update(res.categories)
        field_categories.update(res.field_categories)
    return SubjectResult(
        identifiers=list(identifiers),
        records=records,
        sources=early + unopened + [s for s in statuses if s not in unopened],
        categories=categories,
        links=sorted({lk for res in results for lk in res.links}),
        notes=list(dict.fromkeys(n for res in results for n in res.notes)),
        field_categories=field_categories,
    )
