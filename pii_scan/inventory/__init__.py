"""Inventory sweeps: the register of processing activities (GDPR art. 30), its history and changes.

``run_inventory(config, out_dir=None, full=False)`` sweeps every configured source and writes
``inventory.json``, ``inventory.csv``, ``inventory.xlsx`` and ``inventory.html`` to ``out_dir`` (default:
``[inventory] out`` of the configuration, ``inventory/`` next to it).

``inventory.json`` (public interface: keys are only ever added, never renamed; ``format_version``
changes if that promise ever has to be broken)::

    format            "pii-scan-inventory"
    format_version    1
    generated_at      ISO 8601 UTC time the sweep finished
    pii_scan_version  version that wrote it
    config            path of the configuration file
    sweep             {id, started_at, finished_at, full, units_scanned, units_reused, units_failed,
                       previous_sweep: {id, started_at, finished_at} | null}
                       units_scanned = tables sampled in this sweep; units_reused = unchanged tables whose
                       previous results were kept;
                       executor: {kind: in-process|processes|dask, scheduler (masked) | null,
                       workers: [{worker, tasks, model_load_seconds, cpu_seconds}]}: where the units ran
    controller        the [controller] table of the configuration
    summary           {sources, sources_failed, tables, fields, personal_fields, sensitive_fields,
                       by_category: {category: personal fields}, by_source: {source: {category: n}},
                       undocumented_categories: [categories found but without purpose/legal basis],
                       retention_overdue_rows, changes}
    register          [{category, purposes, legal_basis, recipients, retention, origin, data_subjects,
                        transfers, security, safeguards, automated_decisions, documented, personal_fields,
                        sources}] for the six categories
    sources           [{name, location (password masked), status: ok|partial|failed, error,
                        tables: [{name, file, kind, row_count, row_count_exact, columns,
                                  status: scanned|reused|failed, error, personal_fields, categories,
                                  retention: [findings of this table], fields: [FieldResult.to_dict()]}]}]
                       a field the officer corrected (``pii-scan serve``, ``state_dir/overrides.json``)
                       also has override: {category, reason, by, at, was, was_categories}
    retention         [{source, table, column, max_age, max_age_days, note, cutoff, method: sql|rows,
                        rows, rows_dated, rows_expired, rows_unparsed, status: ok|overdue|failed, error}]
    changes           [{kind, source, table, column, before, after, message}] since the previous sweep;
                       kind: source_added|source_removed|table_added|table_removed|personal_field_added|
                       personal_field_removed|category_changed|row_count_changed (+ delta). Empty on the
                       first sweep (the baseline).

No raw personal value is written: field samples are masked by discovery, retention gives counts only,
the state database (``state_dir/state.sqlite``) keeps keyed fingerprints (HMAC-SHA256) whose key lives
outside ``state_dir``.
"""

from __future__ import annotations

from pii_scan.inventory.runner import FAIL_ON, Inventory, run_inventory

__all__ = ["run_inventory", "Inventory", "FAIL_ON"]
