"""Evaluation against a labels file: a tiny one made here, and (opt-in) the development data."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from pii_scan.cli import main
from pii_scan.evaluation import evaluate, read_labels

HEADER = "dataset,file,table,column,category,subject,notes\n"


@pytest.fixture()
def labelled(tmp_path: Path) -> tuple[Path, Path]:
    data = tmp_path / "data" / "files"
    data.mkdir(parents=True)
    rows = ["Id,Voornaam,E-mail,Product,Bedrag"]
    rows += [f"{i},Jan{i % 4},jan{i}@telenet.be,ketel,{i * 10}.50" for i in range(1, 30)]
    (data / "klanten.csv").write_text("\n".join(rows), encoding="utf-8")
    labels = tmp_path / "labels.csv"
    labels.write_text(
        HEADER
        + "t,files/klanten.csv,(csv),Id,none,n.a.,\n"
        + "t,files/klanten.csv,(csv),Voornaam,identification,person,\n"
        + "t,files/klanten.csv,(csv),E-mail,contact,person,\n"
        + "t,files/klanten.csv,(csv),Product,none,n.a.,\n"
        # deliberately wrong truth: the amount labelled as contact gives one known error
        + "t,files/klanten.csv,(csv),Bedrag,contact,person,\n"
        + "t,files/klanten.csv,(csv),Ontbreekt,none,n.a.,not in the file\n",
        encoding="utf-8",
    )
    return labels, tmp_path / "data"


def test_evaluate_scores_real_scan(labelled: tuple[Path, Path]) -> None:
    labels, root = labelled
    s = evaluate(labels, str(root), progress=False)
    assert s.matched == 5 and [m.column for m in s.missing] == ["Ontbreekt"]
    assert s.confusion["contact"]["financial"] == 1  # Bedrag: predicted financial, labelled contact
    assert [(lb.column, pred) for lb, pred, _ in s.errors] == [("Bedrag", "financial")]
    assert s.per_category["identification"]["f1"] == 1.0
    assert s.per_category["contact"]["recall"] == 0.5 and s.per_category["contact"]["precision"] == 1.0
    assert s.per_category["financial"]["precision"] == 0.0
    assert math.isnan(s.per_category["sensitive"]["f1"])  # absent from truth and predictions
    # macro over the categories present: identification 1, contact 2/3, financial 0, none 1
    assert s.macro_f1 == pytest.approx((1 + 2 / 3 + 0 + 1) / 4)
    assert s.subject_accuracy == 1.0 and s.subject_total == 3


def test_eval_command_json_and_table(labelled: tuple[Path, Path]) -> None:
    labels, root = labelled
    runner = CliRunner()
    result = runner.invoke(main, ["eval", str(labels), "--root", str(root), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["per_category"]["sensitive"]["f1"] is None
    assert data["confusion"]["contact"]["financial"] == 1
    result = runner.invoke(main, ["eval", str(labels), "--root", str(root)])
    assert result.exit_code == 0 and "macro F1" in result.output and "Confusion" in result.output


def test_bad_labels_file_is_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "t,x.csv,(csv),a,personal,person,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown category"):
        read_labels(bad)
    result = CliRunner().invoke(main, ["eval", str(bad), "--root", str(tmp_path)])
    assert result.exit_code == 2 and "Traceback" not in result.output


@pytest.mark.eval
@pytest.mark.slow
def test_development_data_meets_the_goals(shared_data: str) -> None:
    s = evaluate(Path(shared_data) / "labels" / "column_labels.csv", shared_data, progress=False)
    assert not s.missing
    assert s.macro_f1 >= 0.90
    for cat in ("sensitive", "financial"):
        recall = s.per_category[cat]["recall"]
        assert math.isnan(recall) or recall >= 0.95, cat
