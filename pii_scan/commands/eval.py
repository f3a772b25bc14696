"""``pii-scan eval``: score discovery against a labels file (thin wrapper over
``pii_scan.evaluation.evaluate``)."""

from __future__ import annotations

import json
import math
import sys
from typing import TYPE_CHECKING

import click
from rich.markup import escape
from rich.table import Table

from pii_scan.commands.common import config_option, fail, report_error
from pii_scan.config import find_config
from pii_scan.console import is_quiet, stdout
from pii_scan.errors import PiiScanError
from pii_scan.models.entities import CATEGORIES

if TYPE_CHECKING:  # evaluation imports pandas and every connector: only when eval runs
    from pii_scan.evaluation import Scores

__all__ = ["eval_command"]


class OneLine(PiiScanError):
    """A labelled file's failure, already one line naming the file."""


def _fmt(x: float) -> str:
    return "n/a" if isinstance(x, float) and math.isnan(x) else f"{x:.3f}"


def _print(scores: Scores) -> None:
    t = Table(title="Per category", title_justify="left")
    for name in ("category", "precision", "recall", "F1", "support", "predicted"):
        t.add_column(name, justify="left" if name == "category" else "right")
    for c in CATEGORIES:
        m = scores.per_category[c]
        t.add_row(
            c,
            _fmt(m["precision"]),
            _fmt(m["recall"]),
            _fmt(m["f1"]),
            str(int(m["support"])),
            str(int(m["predicted"])),
        )
    stdout.print(t)
    stdout.print(
        f"macro F1 (categories present): [bold]{scores.macro_f1:.3f}[/bold]; columns: {scores.matched}",
        markup=True,
    )
    if scores.subject_accuracy is not None:
        stdout.print(
            f"subject (person/organisation) accuracy: {scores.subject_accuracy:.3f} ({scores.subject_total})"
        )
    cm = Table(title="Confusion matrix (rows: truth, columns: predicted)", title_justify="left")
    cm.add_column("truth \\ pred")
    for c in CATEGORIES:
        cm.add_column(c[:5], justify="right")
    for t_ in CATEGORIES:
        cm.add_row(
            t_, *(str(scores.confusion[t_][p]) if scores.confusion[t_][p] else "." for p in CATEGORIES)
        )
    stdout.print(cm)
    for lb, pred, truth in scores.errors:
        stdout.print(f"  miss: {lb.file} {lb.table}.{lb.column}: predicted {pred}, labelled {truth}")
    for lb in scores.missing:
        stdout.print(
            f"  [yellow]not found[/yellow]: {escape(f'{lb.file} {lb.table}.{lb.column}')}", markup=True
        )


@click.command("eval")
@click.argument("labels", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--root",
    required=True,
    type=click.Path(exists=True, file_okay=False),
    help="Folder the labels' files are relative to.",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option(
    "--sample", type=click.IntRange(min=1), default=None,
    help="Rows sampled per table [default: the configuration's, else 1000].",
)  # fmt: skip
@config_option("pii-scan.toml: its sample size is used when --sample is not given.")
def eval_command(labels: str, root: str, fmt: str, sample: int | None, config_path: str | None) -> None:
    """Score column-level discovery against LABELS, a CSV with the columns
    dataset,file,table,column,category,subject,notes (file relative to --root).

    Prints precision, recall and F1 per category, the macro F1 over the categories present, the
    confusion matrix and the person/organisation accuracy.
    """
    from pii_scan.discovery import ScanOptions
    from pii_scan.evaluation import evaluate

    try:
        config = find_config(config_path)
        sample = sample or (config.sample if config else 1000)
        scores = evaluate(labels, root, ScanOptions(sample=sample), progress=not is_quiet())
    except PiiScanError as err:
        fail(err)
    except ValueError as err:  # a labels file that is not one: its message names it
        fail(OneLine(str(err)))
        return
    if fmt == "json":
        payload = scores.to_dict()
        payload["per_category"] = {
            c: {k: (None if isinstance(v, float) and math.isnan(v) else round(v, 4)) for k, v in m.items()}
            for c, m in payload["per_category"].items()
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        _print(scores)
    for failure in scores.failures:  # the other files were scored; these labels count as not found
        report_error(OneLine(failure))
    if scores.failures:
        sys.exit(1)
