"""Name and place lists for the Dutch (and English) NER fallback, from Faker's locale data (MIT).

Faker was chosen over the alternatives after measuring load time, memory, licence and accuracy
(benchmarks/bench_name_lists.py): it is MIT and already a dependency. The lists are read from Faker's
provider source files as data (``ast``), without importing Faker: importing it loads every locale's
configuration, which costs more than the whole scan of a small table."""

from __future__ import annotations

import ast
import importlib.util
import runpy
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from .._once import once
from ._text import fold

__all__ = ["faker_strings", "first_names", "last_names", "places", "stop_words", "PARTICLES", "TITLES"]

_PERSON_LOCALES = ("nl_BE", "nl_NL", "fr_BE", "fr_FR", "de_DE", "en_GB")
_PLACE_LOCALES = ("nl_BE", "nl_NL")

# Surname particles (tussenvoegsels) in Flemish, Dutch and French usage, lower-cased.
PARTICLES = frozenset(
    "van vanden vander vande van_der van_den van_de de den der ter ten te 't d' di da du des le la "
    "del della von vd v.d. v/d".replace("_", " ").split()
)
TITLES = frozenset(
    "dhr dhr. mevr mevr. mw mw. mr mr. dr dr. drs drs. ir ir. prof prof. meneer mevrouw heer juffrouw "
    "mme mme. mlle m. monsieur madame mademoiselle docteur maitre me mrs mrs. ms ms. miss sir".split()
)


def _package_dir(package: str) -> Path:
    # find_spec of a top-level package locates it without running its __init__.
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(package)
    return Path(next(iter(spec.submodule_search_locations)))


class _Provider:
    """The string lists a Faker locale provider declares in its class body, read without import.

    Each attribute is the strings of a tuple/list literal, the keys of a dict literal or of
    ``OrderedDict(...)``/``Counter(...)`` over one, a ``+``, ``.copy()`` or ``.update()`` of such
    attributes: the iteration values of the attribute as Faker defines it."""

    def __init__(self, kind: str, locale: str) -> None:
        path = _package_dir("faker") / "providers" / kind / locale / "__init__.py"
        tree = ast.parse(path.read_text("utf-8"), str(path))
        body = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Provider").body
        self._values: dict[str, tuple[str, ...]] = {}
        for node in body:
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
                self._update(node.value)  # first_names.update(first_names_female)
                continue
            target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None
            if isinstance(node, ast.AnnAssign):
                target = node.target
            value = getattr(node, "value", None)
            if isinstance(target, ast.Name) and value is not None:
                found = self._strings(value)
                if found is not None:
                    self._values[target.id] = found

    def _strings(self, node: ast.expr) -> tuple[str, ...] | None:
        if isinstance(node, (ast.Tuple, ast.List)):
            out = []
            for elt in node.elts:
                if isinstance(elt, ast.Constant) and isinstance(elt.value, str):
                    out.append(elt.value)
                elif isinstance(elt, ast.Tuple) and elt.elts and isinstance(elt.elts[0], ast.Constant):
                    out.append(str(elt.elts[0].value))  # (name, weight) pairs: the name
                else:
                    return None
            return tuple(out)
        if isinstance(node, ast.Dict):
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
            return tuple(keys) if len(keys) == len(node.keys) else None
        if (  # first_names_male.copy()
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "copy"
            and not node.args
        ):
            return self._strings(node.func.value)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and len(node.args) == 1:
            if node.func.id in ("OrderedDict", "Counter", "dict", "tuple", "list") and not node.keywords:
                return self._strings(node.args[0])
            return None
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self._strings(node.left), self._strings(node.right)
            if left is None or right is None:
                return None
            return left + right
        if isinstance(node, ast.Name):
            return self._values.get(node.id)
        return None

    def _update(self, call: ast.Call) -> None:
        func = call.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "update"
            and isinstance(func.value, ast.Name)
            and func.value.id in self._values
            and len(call.args) == 1
        ):
            extra = self._strings(call.args[0])
            if extra is not None:
                self._values[func.value.id] += extra

    def get(self, name: str) -> Iterable[str]:
        return self._values.get(name, ())


@once
def _provider(kind: str, locale: str) -> _Provider:
    return _Provider(kind, locale)


def faker_strings(kind: str, locale: str, attribute: str) -> tuple[str, ...]:
    """The strings of one Faker provider attribute (``("person", "nl_BE", "first_names")``), read from
    Faker's source as data without importing Faker."""
    return tuple(_provider(kind, locale).get(attribute))


@once
def first_names() -> frozenset[str]:
    names: set[str] = set()
    for loc in _PERSON_LOCALES:
        names.update(fold(n) for n in _provider("person", loc).get("first_names"))
    return frozenset(n for n in names if len(n) > 1)


@once
def last_names() -> frozenset[str]:
    names: set[str] = set()
    for loc in _PERSON_LOCALES:
        for n in _provider("person", loc).get("last_names"):
            # "de Vries" -> keep the core "vries"; particles are matched separately.
            words = [w for w in fold(n).split() if w not in PARTICLES]
            if words:
                names.add(" ".join(words))
    return frozenset(n for n in names if len(n) > 1)


@once
def places() -> frozenset[str]:
    found: set[str] = set()
    for loc in _PLACE_LOCALES:
        provider = _provider("address", loc)
        found.update(fold(c) for c in provider.get("cities"))
        found.update(fold(c) for c in provider.get("provinces"))
    extra = resources.files("pii_scan.models").joinpath("data/places_extra.txt").read_text("utf-8")
    found.update(fold(line.strip()) for line in extra.splitlines() if line.strip() and line[0] != "#")
    return frozenset(found)


@once
def stop_words() -> frozenset[str]:
    """spaCy's Dutch, French and English stop words, folded."""
    words: set[str] = set()
    for lang in ("nl", "fr", "en"):
        # Read the word list file directly: importing spacy.lang.fr compiles its tokenizer exceptions,
        # which takes about 5 seconds.
        path = _package_dir("spacy") / "lang" / lang / "stop_words.py"
        words.update(runpy.run_path(str(path))["STOP_WORDS"])
    return frozenset(fold(w) for w in words)
