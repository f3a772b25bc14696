"""Which NER pipelines a scan loads (in a fresh process): a language's model only for enough text in
that language, per column and per document, never for a stray value. No timings here
(benchmarks/bench_startup.py measures them)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pii_scan.models.analyzer import ner_languages
from pii_scan.models.nlp import has_ner

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

_RUNNER = """
import json, sys
from pii_scan.discovery import scan
from pii_scan.models.nlp import loaded_pipelines
report = scan(json.loads(sys.argv[1]))
fields = [{"column": f.column, "category": f.category, "language": f.language} for f in report.fields]
print("RESULT=" + json.dumps({"pipelines": loaded_pipelines(), "fields": fields}))
"""


def scanned(*locations: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", _RUNNER, json.dumps([str(p) for p in locations])],
        capture_output=True,
        text=True,
        timeout=300,
    )
    marker = [line for line in proc.stdout.splitlines() if line.startswith("RESULT=")]
    assert marker, proc.stdout + proc.stderr
    result: dict = json.loads(marker[-1].removeprefix("RESULT="))
    result["ner"] = {lang for lang, ner in result["pipelines"] if ner and has_ner(lang)}
    return result


ENGLISH = [
    "A touching story of a dentist and a crocodile who must find a boat in the Gulf of Mexico.",
    "An epic drama of a feminist and a mad scientist who must battle a teacher in the Canadian Rockies.",
    "A thoughtful display of a woman and a astronaut who must meet a girl in a baloon factory.",
    "A fast-paced documentary of a pastry chef and a dentist who must pursue a forensic psychologist.",
]
FRENCH = "Je vous écris au sujet de ma facture du mois dernier, qui me semble beaucoup trop élevée."


def _csv(path: Path, notes: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_ALL)
        writer.writerow(["id", "notes"])
        writer.writerows(enumerate(notes))
    return path


@pytest.mark.skipif(not has_ner("fr"), reason="no French NER pipeline installed")
def test_one_french_value_in_an_english_column_loads_no_french_model(tmp_path: Path) -> None:
    notes = [f"{t} Copy {i}." for i in range(30) for t in ENGLISH] + [FRENCH]
    result = scanned(_csv(tmp_path / "films.csv", notes))
    assert "fr" not in result["ner"]
    [notes_field] = [f for f in result["fields"] if f["column"] == "notes"]
    engines = notes_field["language"]["engine"]
    assert "fr" not in engines or engines["fr"].startswith("en engine (")


@pytest.mark.skipif(not has_ner("fr"), reason="no French NER pipeline installed")
def test_a_french_column_loads_the_french_model_once(tmp_path: Path) -> None:
    notes = [f"{FRENCH} Dossier numéro {i}, suivi par Madame Claire Dubois à Namur." for i in range(20)]
    result = scanned(_csv(tmp_path / "a.csv", notes), _csv(tmp_path / "b.csv", notes))
    assert result["ner"] == {"fr"}
    assert result["pipelines"].count(["fr", True]) == 1


def test_a_dutch_letter_loads_the_dutch_model_only() -> None:
    result = scanned(EXAMPLES / "letters" / "nl_klacht_dubbele_aanrekening.txt")
    assert "fr" not in result["ner"]
    assert result["ner"] == ({"nl"} if has_ner("nl") else set())


def test_a_table_without_free_text_loads_no_pipeline(tmp_path: Path) -> None:
    path = tmp_path / "ids.csv"
    path.write_text("id,iban\n1,BE71 0961 2345 6769\n2,BE71096123456769\n", encoding="utf-8")
    assert scanned(path)["pipelines"] == []


def test_the_decision_is_by_share_and_count() -> None:
    def with_ner(*langs: str) -> set[str]:
        return {lang for lang in langs if has_ner(lang)}

    english = ["An English sentence about nothing in particular at all."] * 200
    # Three short French texts among 200 English ones: under the share; English's engine reads them.
    assert ner_languages(english + [FRENCH] * 3, ["en"] * 200 + ["fr"] * 3) == with_ner("en")
    # A Dutch letter with a long French paragraph: both languages have enough text.
    long_fr = " ".join([FRENCH] * 6)
    dutch = ["Geachte mevrouw, ik schrijf u over mijn factuur van vorige maand, die te hoog is."] * 6
    assert ner_languages(dutch + [long_fr], ["nl"] * 6 + ["fr"]) == with_ner("nl", "fr")
    # One stray short French value among Dutch ones: enough share, too little text.
    assert ner_languages(["Bonjour."] + dutch[:3], ["fr", "nl", "nl", "nl"]) == with_ner("nl")
    # The unit's main language is always served by its own engine, however little text there is.
    assert ner_languages(["Bonjour madame."], ["fr"]) == with_ner("fr")
