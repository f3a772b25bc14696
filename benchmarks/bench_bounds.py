"""Bounded cost per source: discovery of a text document must not grow with its size, and a CSV
with broken rows costs about what a clean one does.

    python benchmarks/bench_bounds.py                    # 1 MB and 20 MB documents, 200,000-row CSVs
    python benchmarks/bench_bounds.py --mb 1 50 --rows 500000
    python benchmarks/bench_bounds.py --mb 1 5 --rows         # documents only (runs on older versions)

Documents are Dutch sentences with a few planted identifiers; the CSVs are clean, or have a broken
row (too many fields, an undecodable byte, a quote that never closes) every 1,000 rows. Generated
under benchmarks/_data/ (git-ignored). Times are CPU seconds of this process (``scan_table`` after a
warm-up that loads the models; reading every row of the CSV), best of three; the ratio against the
smallest size or the clean file is what matters.
"""

from __future__ import annotations

import argparse
import os
import random
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "_data")
SENTENCES = [
    "De vergadering van het bestuur begon om negen uur en duurde tot de middag.",
    "Na de pauze werd het verslag van de vorige keer goedgekeurd zonder opmerkingen.",
    "La réunion du conseil a commencé à neuf heures et s'est terminée à midi.",
    "Jan Peeters, geboren op 12 maart 1985, woont in de Kerkstraat 12, 9000 Gent.",
    "Bel hem op 0470 12 34 56 of mail jan.peeters@example.be voor een afspraak.",
]


WORDS = (
    "de het een van en in op met voor naar over bij uit door om tot na vergadering bestuur verslag "
    "gemeente school ouders kinderen brief dossier aanvraag betaling factuur contract afspraak dokter "
    "ziekenhuis werk week maand jaar morgen gisteren vandaag belangrijk nieuw oud groot klein goed "
    "la le les des une du et pour avec dans sur réunion conseil lettre demande paiement rendez-vous"
).split()
NAMES = "Jan Marie Pieter Sophie Luc Emma Noah Lotte Hélène Thomas Peeters Janssens Maes Dubois Claes".split()


def make_document(mb: int) -> str:
    """Paragraphs of words and names drawn at random (no two alike, as in real letters), with a
    planted sentence holding identifiers now and then."""
    path = os.path.join(DATA, f"document_{mb}mb_v2.txt")
    if not os.path.exists(path):
        rng = random.Random(mb)
        with open(path, "w", encoding="utf-8") as fh:
            written = 0
            while written < mb * 1_000_000:
                words = [rng.choice(NAMES) if rng.random() < 0.08 else rng.choice(WORDS) for _ in range(60)]
                para = " ".join(words).capitalize() + "."
                if rng.random() < 0.05:
                    para += " " + rng.choice(SENTENCES)
                fh.write(para + "\n\n")
                written += len(para.encode()) + 2
    return path


def make_csv(rows: int, broken: bool) -> str:
    path = os.path.join(DATA, f"leden_{rows}_{'broken' if broken else 'clean'}.csv")
    if not os.path.exists(path):
        bad = [b"x;y;z;w;v;u\n", b"5;Ren\xff;a@b.be;1;2\n", b'5;"never closed;a@b.be;1;2\n']
        with open(path, "wb") as fh:
            fh.write(b"id;naam;email;gsm;gemeente\n")
            for i in range(rows):
                if broken and i % 1000 == 999:
                    fh.write(bad[(i // 1000) % 3])
                else:
                    phone = f"+32 470 {i % 1000:03d} {i % 97:02d}"
                    fh.write(f"{i};Persoon {i};p{i}@example.be;{phone};Gent\n".encode())
    return path


def best_of(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t0 = time.process_time()  # CPU seconds: the machine is shared, wall time says little
        fn()
        times.append(time.process_time() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=int, nargs="+", default=[1, 20])
    ap.add_argument("--rows", type=int, nargs="*", default=[200_000], help="none: documents only")
    args = ap.parse_args()
    os.makedirs(DATA, exist_ok=True)
    from pii_scan.connectors.delimited import DelimitedConnector
    from pii_scan.discovery import scan_table

    warm = make_document(min(args.mb))
    scan_table(warm, os.path.basename(warm))
    base = None
    print("document  MB   scan_table CPU s   ratio")
    for mb in args.mb:
        path = make_document(mb)
        t = best_of(lambda p=path: scan_table(p, os.path.basename(p)))
        base = base or t
        print(f"          {mb:>3}   {t:16.2f}   {t / base:5.2f}")
    print("csv          rows     kind   read all CPU s   ratio")
    for rows in args.rows:
        clean_path, broken_path = make_csv(rows, False), make_csv(rows, True)
        clean = best_of(lambda p=clean_path: sum(len(c) for c in _rows(DelimitedConnector, p)))
        broken = best_of(lambda p=broken_path: sum(len(c) for c in _rows(DelimitedConnector, p)))
        print(f"       {rows:>9,}    clean   {clean:14.2f}    1.00")
        print(f"       {rows:>9,}   broken   {broken:14.2f}   {broken / clean:5.2f}")


def _rows(cls, path: str):
    conn = cls(path, encoding="utf-8")
    return conn.iter_rows(conn.table_name)


if __name__ == "__main__":
    main()
