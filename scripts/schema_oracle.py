#!/usr/bin/env python3
"""Check sigscope's JSON Schemas (schema/*.schema.json) against the official Sigma schemas.

Setup (once):
    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install jsonschema pyyaml
Run:
    /tmp/venv/bin/python scripts/schema_oracle.py [--shared DIR] [--verbose]

What it does:
  0. sanity: each schema is a valid draft 2020-12 schema, uses only local `#/$defs/...` refs,
     and the `$defs` shared by the three schemas are identical;
  (a) validates every YAML document of the corpus `rules*` folders and of the specification
      examples against OUR schemas (schema chosen per document: key `correlation` -> correlation,
      key `filter` -> filter, else detection) and prints every error; the official schemas are run
      on the same documents for information;
  (b) NEGATIVE (and a few positive) mutations of valid rules: checks that both the official schema
      and ours give the expected verdict, and lists the cases where they deliberately disagree,
      each with the part of the specification that supports our verdict;
  (c) informational: documents under deprecated/ and unsupported/ where ours and the official
      verdict differ.

Documents are loaded YAML 1.2 style (like sigscope's own YAML->JSON conversion): no timestamps
(`2024-01-02` stays a string), booleans are only true/false, `yes`/`no`/`on`/`off` are strings,
ints are decimal/0o/0x (no YAML 1.1 octal or sexagesimal), null is `null`/`~`/empty.
Format validation is on (as in the Rust `jsonschema` crate used by sigscope), so `format: uuid` is
checked by both schemas.

Exit status: 0 when (a) has no error and every case of (b) gives the expected verdict, else 1.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from collections import Counter
from pathlib import Path

try:
    import yaml
    from jsonschema import Draft202012Validator, FormatChecker
except ImportError:  # pragma: no cover - setup hint
    sys.exit("needs jsonschema and pyyaml: python3 -m venv /tmp/venv && /tmp/venv/bin/pip install jsonschema pyyaml")

REPO = Path(__file__).resolve().parent.parent
OURS = {
    "detection": REPO / "schema" / "sigma-detection-rule.schema.json",
    "correlation": REPO / "schema" / "sigma-correlation-rule.schema.json",
    "filter": REPO / "schema" / "sigma-filter-rule.schema.json",
}
OFFICIAL_NAMES = {
    "detection": "sigma-detection-rule-schema.json",
    "correlation": "sigma-correlation-rules-schema.json",
    "filter": "sigma-filters-schema.json",
}


# --------------------------------------------------------------------------- YAML 1.2-like loader
class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema scalar resolution."""


Yaml12Loader.yaml_implicit_resolvers = {}
for _first, _resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items():
    kept = [
        (tag, rx)
        for tag, rx in _resolvers
        if tag
        not in (
            "tag:yaml.org,2002:timestamp",
            "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
            "tag:yaml.org,2002:value",
        )
    ]
    if kept:
        Yaml12Loader.yaml_implicit_resolvers[_first] = kept

Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_INT12 = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT12 = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:int", _INT12, list("-+0123456789"))
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT12, list("-+.0123456789"))


def _construct_int(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


def _construct_float(loader, node):
    text = loader.construct_scalar(node).lower()
    if text.endswith(".inf"):
        return float("-inf") if text.startswith("-") else float("inf")
    if text == ".nan":
        return float("nan")
    return float(text)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
Yaml12Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)


def load_docs(path: Path) -> list:
    with path.open(encoding="utf-8") as fh:
        return list(yaml.load_all(fh, Loader=Yaml12Loader))


def kind_of(doc) -> str:
    if isinstance(doc, dict):
        if "correlation" in doc:
            return "correlation"
        if "filter" in doc:
            return "filter"
    return "detection"


# --------------------------------------------------------------------------- validators
def make_validators(paths: dict[str, Path]) -> dict[str, Draft202012Validator]:
    out = {}
    for kind, path in paths.items():
        schema = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        out[kind] = Draft202012Validator(schema, format_checker=FormatChecker())
    return out


def errors_of(validator, doc) -> list:
    return sorted(validator.iter_errors(doc), key=lambda e: (list(map(str, e.absolute_path)), e.validator))


def fmt_error(err) -> str:
    path = "/" + "/".join(str(p) for p in err.absolute_path)
    msg = err.message
    if len(msg) > 160:
        msg = msg[:157] + "..."
    return f"{path} [{err.validator}] {msg}"


# --------------------------------------------------------------------------- 0. sanity
def sanity_checks() -> list[str]:
    problems = []
    schemas = {k: json.loads(p.read_text(encoding="utf-8")) for k, p in OURS.items()}
    for kind, schema in schemas.items():
        if schema.get("$schema", "").rstrip("#") != "https://json-schema.org/draft/2020-12/schema":
            problems.append(f"{kind}: $schema is not draft 2020-12")
        defs = schema.get("$defs", {})

        def walk(node, where):
            if isinstance(node, dict):
                for key, value in node.items():
                    if key == "$ref":
                        if not (isinstance(value, str) and value.startswith("#/$defs/")):
                            problems.append(f"{kind}: non-local $ref {value!r} at {where}")
                        elif value[len("#/$defs/"):] not in defs:
                            problems.append(f"{kind}: dangling $ref {value!r} at {where}")
                    if key in ("$dynamicRef", "$recursiveRef"):
                        problems.append(f"{kind}: {key} at {where}")
                    walk(value, f"{where}/{key}")
            elif isinstance(node, list):
                for i, value in enumerate(node):
                    walk(value, f"{where}/{i}")

        walk(schema, "#")
        # properties without a title/description
        def props(node, where):
            if isinstance(node, dict):
                for name, sub in (node.get("properties") or {}).items():
                    if isinstance(sub, dict) and "$ref" not in sub and not ("title" in sub or "description" in sub):
                        problems.append(f"{kind}: property {where}/{name} has no title/description")
                for key, value in node.items():
                    if key not in ("if", "then", "else", "not"):  # applicators that only add constraints
                        props(value, f"{where}/{key}")
            elif isinstance(node, list):
                for value in node:
                    props(value, where)

        props(schema, "#")
    kinds = list(schemas)
    for i, a in enumerate(kinds):
        for b in kinds[i + 1:]:
            for name in sorted(set(schemas[a]["$defs"]) & set(schemas[b]["$defs"])):
                if schemas[a]["$defs"][name] != schemas[b]["$defs"][name]:
                    problems.append(f"$defs/{name} differs between {a} and {b} schemas")
    return problems


# --------------------------------------------------------------------------- (a) corpus + examples
def corpus_files(shared: Path) -> list[Path]:
    root = shared / "corpus" / "sigmahq"
    files = []
    for folder in sorted(root.glob("rules*")):
        files += sorted(folder.rglob("*.yml")) + sorted(folder.rglob("*.yaml"))
    return files


def example_files(shared: Path) -> list[Path]:
    return sorted((shared / "spec" / "tests" / "schema").rglob("*.yml"))


def run_positive(files: list[Path], ours, official, base: Path, verbose: bool):
    counts = Counter()
    our_err = Counter()
    off_err = Counter()
    for path in files:
        rel = path.relative_to(base)
        group = rel.parts[2] if rel.parts[0] == "corpus" else "spec-examples/" + rel.parts[-2]
        try:
            docs = load_docs(path)
        except yaml.YAMLError as exc:
            print(f"YAML ERROR {rel}: {exc}")
            counts[("yaml-error", group)] += 1
            continue
        for idx, doc in enumerate(docs):
            if doc is None:
                continue
            kind = kind_of(doc)
            counts[(group, kind)] += 1
            errs = errors_of(ours[kind], doc)
            for err in errs:
                print(f"OURS   {rel}#{idx} ({kind}): {fmt_error(err)}")
                our_err[(group, err.validator)] += 1
            oerrs = errors_of(official[kind], doc)
            for err in oerrs:
                if verbose:
                    print(f"OFFICIAL {rel}#{idx} ({kind}): {fmt_error(err)}")
                off_err[(group, err.validator)] += 1
    return counts, our_err, off_err


# --------------------------------------------------------------------------- (b) mutations
def _set(path, value):
    def f(doc):
        node = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return f


def _del(path):
    def f(doc):
        node = doc
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]
    return f


def _replace(new_doc):
    def f(doc):
        doc.clear()
        doc.update(copy.deepcopy(new_doc))
    return f


def _root(value):
    """Replace the whole document (the mutator returns the new root)."""
    return ("root", value)


UUID2 = "6c82cf5c-090d-4d57-9188-533577631108"

# (kind, base, name, mutation, official verdict, our verdict, why we differ)
# verdict: "reject" or "accept"
CASES: list[tuple] = []


def case(kind, base, name, mut, official="reject", ours="reject", why=""):
    CASES.append((kind, base, name, mut, official, ours, why))


R, C, CV, CT, F = "rules/rule_1.yml", "correlation/event_count.yml", "correlation/value_count.yml", "correlation/temporal.yml", "filter/filter_1.yml"
# --- detection rule: negative, both reject
case("detection", R, "id not a uuid", _set(["id"], "not-a-uuid"))
case("detection", R, "id uuid without hyphens", _set(["id"], "545a5da6f1034919a519e9aec1026ee4"))
case("detection", R, "id integer", _set(["id"], 12345))
case("detection", R, "date with slashes", _set(["date"], "2025/01/02"))
case("detection", R, "date month 13", _set(["date"], "2025-13-01"))
case("detection", R, "date two-digit year", _set(["date"], "25-01-02"))
case("detection", R, "date day 32", _set(["date"], "2025-01-32"))
case("detection", R, "date as integer", _set(["date"], 20250102))
case("detection", R, "date with time", _set(["date"], "2025-01-02T10:00:00"))
case("detection", R, "modified with slashes", _set(["modified"], "2025/01/02"))
case("detection", R, "level typo meduim", _set(["level"], "meduim"))
case("detection", R, "level upper case High", _set(["level"], "High"))
case("detection", R, "status wip", _set(["status"], "wip"))
case("detection", R, "status upper case", _set(["status"], "Stable"))
case("detection", R, "missing title", _del(["title"]))
case("detection", R, "missing logsource", _del(["logsource"]))
case("detection", R, "missing detection", _del(["detection"]))
case("detection", R, "missing condition", _del(["detection", "condition"]))
case("detection", R, "title 300 chars", _set(["title"], "x" * 300))
case("detection", R, "title integer", _set(["title"], 42))
case("detection", R, "title list", _set(["title"], ["a", "b"]))
case("detection", R, "related not a list", _set(["related"], {"id": UUID2, "type": "derived"}))
case("detection", R, "related bad type", _set(["related", 0, "type"], "derivative"))
case("detection", R, "related missing id", _del(["related", 0, "id"]))
case("detection", R, "related missing type", _del(["related", 0, "type"]))
case("detection", R, "related id not uuid", _set(["related", 0, "id"], "some-rule"))
case("detection", R, "related item a string", _set(["related"], [UUID2]))
case("detection", R, "tag upper case", _set(["tags"], ["attack.T1059"]))
case("detection", R, "tag with space", _set(["tags"], ["attack.defense evasion"]))
case("detection", R, "tag without namespace", _set(["tags"], ["t1059"]))
case("detection", R, "tag empty value", _set(["tags"], ["attack."]))
case("detection", R, "tags a string", _set(["tags"], "attack.t1059"))
case("detection", R, "tags duplicated", _set(["tags"], ["attack.t1059", "attack.t1059"]))
case("detection", R, "tag integer", _set(["tags"], [1059]))
case("detection", R, "logsource null", _set(["logsource"], None))
case("detection", R, "logsource a string", _set(["logsource"], "windows"))
case("detection", R, "logsource category integer", _set(["logsource", "category"], 1))
case("detection", R, "detection a list", _set(["detection"], ["selection"]))
case("detection", R, "detection null", _set(["detection"], None))
case("detection", R, "condition integer", _set(["detection", "condition"], 1))
case("detection", R, "condition null", _set(["detection", "condition"], None))
case("detection", R, "search identifier a string", _set(["detection", "selection"], "foo"))
case("detection", R, "search identifier null", _set(["detection", "selection"], None))
case("detection", R, "search identifier integer", _set(["detection", "selection"], 5))
case("detection", R, "keyword list with null", _set(["detection", "selection"], ["a", None]))
case("detection", R, "keyword list with float", _set(["detection", "selection"], ["a", 1.5]))
case("detection", R, "keyword list with nested list", _set(["detection", "selection"], ["a", ["b"]]))
case("detection", R, "falsepositives a string", _set(["falsepositives"], "Unknown"))
case("detection", R, "falsepositives item too short", _set(["falsepositives"], ["x"]))
case("detection", R, "falsepositives duplicated", _set(["falsepositives"], ["Admin", "Admin"]))
case("detection", R, "references a string", _set(["references"], "https://example.com"))
case("detection", R, "references duplicated", _set(["references"], ["https://a.example", "https://a.example"]))
case("detection", R, "fields a string", _set(["fields"], "CommandLine"))
case("detection", R, "fields duplicated", _set(["fields"], ["A", "A"]))
case("detection", R, "description too long", _set(["description"], "d" * 70000))
case("detection", R, "description a list", _set(["description"], ["a"]))
case("detection", R, "name 300 chars", _set(["name"], "n" * 300))
case("detection", R, "taxonomy 300 chars", _set(["taxonomy"], "t" * 300))
case("detection", R, "scope a string", _set(["scope"], "server"))
case("detection", R, "scope item too short", _set(["scope"], ["s"]))
case("detection", R, "license integer", _set(["license"], 1))
case("detection", R, "author a list", _set(["author"], ["a", "b"]))
case("detection", R, "document is a list", _root(["title", "x"]))
case("detection", R, "document is a string", _root("title: x"))
# --- detection rule: ours stricter, supported by the specification
case("detection", R, "date 2025-02-30 (no such day)", _set(["date"], "2025-02-30"), official="accept",
     why="spec: dates are ISO 8601 calendar dates (YYYY-MM-DD); Feb 30 does not exist")
case("detection", R, "date 2025-02-29 (not a leap year)", _set(["date"], "2025-02-29"), official="accept",
     why="spec: ISO 8601 calendar date; 2025 is not a leap year")
case("detection", R, "modified 2023-04-31 (no such day)", _set(["modified"], "2023-04-31"), official="accept",
     why="spec: ISO 8601 calendar date; April has 30 days")
case("detection", R, "title empty", _set(["title"], ""), official="accept",
     why="spec: title is mandatory ('a brief title ... what the rule is supposed to detect'); an empty string is no title")
case("detection", R, "logsource empty", _set(["logsource"], {}), official="accept",
     why="spec: logsource is mandatory and 'consists of' category/product/service (alone or combined); an empty map selects nothing")
case("detection", R, "logsource category empty string", _set(["logsource", "category"], ""), official="accept",
     why="spec: category/product/service values are lower-case names ('spaces are replaced by _')")
case("detection", R, "search identifier empty map", _set(["detection", "selection"], {}), official="accept",
     why="spec: a search identifier is a list or a map of field/value pairs; an empty one has no meaning")
case("detection", R, "search identifier empty list", _set(["detection", "selection"], []), official="accept",
     why="spec: a search identifier is a list of values or maps; an empty one has no meaning")
case("detection", R, "field value list containing null", _set(["detection", "selection"], {"FieldB": ["", None]}),
     official="accept", why="spec 'Special Field Values': null cannot be part of a list of field values (the spec's own invalid example)")
case("detection", R, "field value a nested map", _set(["detection", "selection"], {"Field": {"a": "b"}}),
     official="accept", why="spec 'Maps': the value of a field is a string or integer value (or a list of them)")
case("detection", R, "field value list with nested list", _set(["detection", "selection"], {"Field": ["a", ["b"]]}),
     official="accept", why="spec 'Maps'/'Lists': a field value list holds plain values")
case("detection", R, "field value empty list", _set(["detection", "selection"], {"Field": []}), official="accept",
     why="spec: a value list is linked with OR; an empty list matches nothing")
case("detection", R, "condition empty string", _set(["detection", "condition"], ""), official="accept",
     why="spec: condition is mandatory and relates the search identifiers; an empty string relates nothing")
case("detection", R, "condition empty list", _set(["detection", "condition"], []))
# --- detection rule: positive (both accept)
case("detection", R, "unchanged example", lambda d: None, official="accept", ours="accept")
case("detection", R, "custom top-level fields", _set(["custom_field"], {"anything": [1, None]}), official="accept", ours="accept")
case("detection", R, "title 256 chars", _set(["title"], "x" * 256), official="accept", ours="accept")
case("detection", R, "date 2024-02-29 (leap year)", _set(["date"], "2024-02-29"), official="accept", ours="accept")
case("detection", R, "date 2000-02-29 (leap year)", _set(["date"], "2000-02-29"), official="accept", ours="accept")
case("detection", R, "keyword list with integer", _set(["detection", "selection"], ["a", 4624]), official="accept", ours="accept")
case("detection", R, "list of maps", _set(["detection", "selection"], [{"A|endswith": "x"}, {"B": [1, 2]}]), official="accept", ours="accept")
case("detection", R, "field value null", _set(["detection", "selection"], {"A": None}), official="accept", ours="accept")
case("detection", R, "exists modifier boolean", _set(["detection", "selection"], {"A|exists": True}), official="accept", ours="accept")
case("detection", R, "numeric float value", _set(["detection", "selection"], {"A|gt": 1.5}), official="accept", ours="accept")
case("detection", R, "keyword |all map", _set(["detection", "selection"], {"|all": ["a", "b"]}), official="accept", ours="accept")
case("detection", R, "logsource custom element", _set(["logsource", "version"], "2"), official="accept", ours="accept")
case("detection", R, "logsource definition only", _set(["logsource"], {"definition": "custom"}), official="accept", ours="accept")
case("detection", R, "tag nested namespace", _set(["tags"], ["attack.t1562.001", "cve.2021-44228", "stp.3k", "tlp.amber-strict"]), official="accept", ours="accept")
# --- detection rule: ours accepts what the official schema rejects, supported by the specification
case("detection", R, "condition as a list", _set(["detection", "condition"], ["selection", "selection and not filter"]),
     official="reject", ours="accept", why="spec 'Condition': 'The condition can be a list, ... logically linked with OR'")
case("detection", R, "d3fend artifact tag with upper case", _set(["tags"], ["d3fend.d3f-WindowsNtOpenFile"]),
     official="reject", ours="accept", why="tags appendix, namespace d3fend: its own example tag `d3fend.d3f-WindowsNtOpenFile`")

# --- correlation rule: negative, both reject
case("correlation", C, "missing correlation", _del(["correlation"]))
case("correlation", C, "missing title", _del(["title"]))
case("correlation", C, "title 300 chars", _set(["title"], "x" * 300))
case("correlation", C, "id not a uuid", _set(["id"], "not-a-uuid"))
case("correlation", C, "date with slashes", _set(["date"], "2025/01/02"))
case("correlation", C, "modified with slashes", _set(["modified"], "2025/01/02"))
case("correlation", C, "level typo", _set(["level"], "meduim"))
case("correlation", C, "status wip", _set(["status"], "wip"))
case("correlation", C, "correlation a list", _set(["correlation"], ["event_count"]))
case("correlation", C, "type invalid", _set(["correlation", "type"], "event_counts"))
case("correlation", C, "type upper case", _set(["correlation", "type"], "EVENT_COUNT"))
case("correlation", C, "missing type", _del(["correlation", "type"]))
case("correlation", C, "missing rules", _del(["correlation", "rules"]))
case("correlation", C, "missing timespan", _del(["correlation", "timespan"]))
case("correlation", C, "missing group-by (event_count)", _del(["correlation", "group-by"]))
case("correlation", CT, "missing group-by (temporal)", _del(["correlation", "group-by"]))
case("correlation", C, "missing condition (event_count)", _del(["correlation", "condition"]))
case("correlation", CV, "missing condition (value_count)", _del(["correlation", "condition"]))
case("correlation", C, "rules a string", _set(["correlation", "rules"], "some_rule"))
case("correlation", C, "rules item integer", _set(["correlation", "rules"], [1]))
case("correlation", C, "rules duplicated", _set(["correlation", "rules"], ["a_rule", "a_rule"]))
case("correlation", C, "rules item one char", _set(["correlation", "rules"], ["a"]))
case("correlation", C, "timespan integer", _set(["correlation", "timespan"], 60))
case("correlation", C, "timespan longer than 10", _set(["correlation", "timespan"], "12345678901m"))
case("correlation", C, "group-by a string", _set(["correlation", "group-by"], "User"))
case("correlation", C, "group-by duplicated", _set(["correlation", "group-by"], ["User", "User"]))
case("correlation", C, "condition integer", _set(["correlation", "condition"], 5))
case("correlation", C, "condition a string", _set(["correlation", "condition"], "gte 5"))
case("correlation", C, "aliases a list", _set(["correlation", "aliases"], ["ip"]))
case("correlation", C, "alias value a string", _set(["correlation", "aliases"], {"ip": "source.ip"}))
case("correlation", C, "generate a string", _set(["generate"], "yes"))
case("correlation", C, "falsepositives item too short", _set(["falsepositives"], ["x"]))
# --- correlation rule: ours stricter, supported by the specification
case("correlation", CV, "value_count condition without field", _del(["correlation", "condition", "field"]), official="accept",
     why="spec value_count/value_sum/value_avg/value_percentile: 'Requires ... field in condition section' (the official then-clause nests `condition` where it is no keyword, so it checks nothing)")
case("correlation", C, "condition unknown operator gtt", _set(["correlation", "condition"], {"gtt": 100}), official="accept",
     why="spec 'Condition': a map of gt/gte/lt/lte/eq/neq (the official anyOf branches hold no keywords, so any map passes)")
case("correlation", C, "condition operator value a string", _set(["correlation", "condition"], {"gte": "100"}), official="accept",
     why="spec: the condition compares a count (or, for value_avg, an integer or float) with the given value")
case("correlation", C, "condition empty map", _set(["correlation", "condition"], {}), official="accept",
     why="spec: the condition is 'a map of exactly one condition criterion' (two for a range)")
case("correlation", CV, "condition field without operator", _set(["correlation", "condition"], {"field": "User"}), official="accept",
     why="spec: the condition needs a criterion (gt, gte, ...) besides `field`")
case("correlation", C, "rules empty list", _set(["correlation", "rules"], []), official="accept",
     why="spec 'Related rules': mandatory, 'one or multiple Sigma or Correlations rules'")
case("correlation", C, "group-by empty list", _set(["correlation", "group-by"], []), official="accept",
     why="spec 'Grouping': mandatory, 'one or multiple fields'")
case("correlation", C, "timespan '1 hour'", _set(["correlation", "timespan"], "1 hour"), official="accept",
     why="spec 'Time Selection': format must be `number + letter (in lowercase)`, letters s/m/h/d")
case("correlation", C, "timespan upper-case unit 1H", _set(["correlation", "timespan"], "1H"), official="accept",
     why="spec 'Time Selection': the letter is lower case")
case("correlation", C, "timespan unknown unit 1w", _set(["correlation", "timespan"], "1w"), official="accept",
     why="spec 'Time Selection': only s, m, h, d are defined")
case("correlation", C, "timespan without number", _set(["correlation", "timespan"], "m"), official="accept",
     why="spec 'Time Selection': `number + letter`")
case("correlation", C, "alias field integer", _set(["correlation", "aliases"], {"ip": {"rule_a": 1}}), official="accept",
     why="spec 'Field Name Aliases': alias -> rule name -> source field name")
case("correlation", C, "generate inside correlation a string", _set(["correlation", "generate"], "yes"), official="accept",
     why="spec 'Generate' is a boolean (pySigma reads it inside `correlation`, so we type-check it there too)")
case("correlation", C, "date 2025-02-30 (no such day)", _set(["date"], "2025-02-30"), official="accept",
     why="spec: ISO 8601 calendar date")
# --- correlation rule: positive
for base in ("correlation/event_count.yml", "correlation/value_count.yml", "correlation/temporal.yml"):
    case("correlation", base, f"unchanged {base}", lambda d: None, official="accept", ours="accept")
case("correlation", C, "falsepositives a string", _set(["falsepositives"], "Unlikely"), official="accept", ours="accept")
case("correlation", C, "name, tags, level, status, generate", lambda d: d.update(
    {"name": "many_failed", "tags": ["attack.t1110"], "level": "high", "status": "test", "generate": True}),
     official="accept", ours="accept")
case("correlation", C, "range condition gt+lte", _set(["correlation", "condition"], {"gt": 100, "lte": 200}), official="accept", ours="accept")
case("correlation", CV, "field as a list", _set(["correlation", "condition", "field"], ["User", "Host"]), official="accept", ours="accept")
case("correlation", CV, "float threshold (value_avg)", lambda d: d["correlation"].update(
    {"type": "value_avg", "condition": {"field": "BytesOut", "gt": 500.5}}), official="accept", ours="accept")
case("correlation", CT, "aliases (spec example)", _set(["correlation", "aliases"], {
    "internal_ip": {"internal_error": "destination.ip", "new_network_connection": "source.ip"},
    "remote_ip": {"internal_error": "source.ip", "new_network_connection": "destination.ip"}}), official="accept", ours="accept")
case("correlation", CT, "temporal with condition", _set(["correlation", "condition"], {"gte": 2}), official="accept", ours="accept")
case("correlation", C, "timespan 90m", _set(["correlation", "timespan"], "90m"), official="accept", ours="accept")

# --- filter rule: negative, both reject
case("filter", F, "missing filter", _del(["filter"]))
case("filter", F, "missing logsource", _del(["logsource"]))
case("filter", F, "missing title", _del(["title"]))
case("filter", F, "title 300 chars", _set(["title"], "x" * 300))
case("filter", F, "missing filter.rules", _del(["filter", "rules"]))
case("filter", F, "missing filter.selection", _del(["filter", "selection"]))
case("filter", F, "missing filter.condition", _del(["filter", "condition"]))
case("filter", F, "rules empty list", _set(["filter", "rules"], []))
case("filter", F, "rules a string", _set(["filter", "rules"], "6f3e2987-db24-4c78-a860-b4f4095a7095"))
case("filter", F, "rules duplicated", _set(["filter", "rules"], ["a", "a"]))
case("filter", F, "selection a string", _set(["filter", "selection"], "foo"))
case("filter", F, "selection null", _set(["filter", "selection"], None))
case("filter", F, "condition integer", _set(["filter", "condition"], 1))
case("filter", F, "id not a uuid", _set(["id"], "nope"))
case("filter", F, "date with slashes", _set(["date"], "2025/01/02"))
case("filter", F, "description too long", _set(["description"], "d" * 70000))
case("filter", F, "logsource a list", _set(["logsource"], ["windows"]))
# --- filter rule: ours stricter, supported by the specification
case("filter", F, "logsource empty", _set(["logsource"], {}), official="accept",
     why="spec: logsource as in the rules specification (category/product/service)")
case("filter", F, "selection empty map", _set(["filter", "selection"], {}), official="accept",
     why="spec: the selection follows the detection syntax; an empty search identifier has no meaning")
case("filter", F, "extra search identifier a string", _set(["filter", "filter_x"], "foo"), official="accept",
     why="spec: the filter follows the detection section's syntax, where search identifiers are lists or maps")
case("filter", F, "field value list containing null", _set(["filter", "selection"], {"User": ["adm_", None]}), official="accept",
     why="spec 'Special Field Values': null cannot be part of a list of field values")
# --- filter rule: positive
for base in ("filter/filter_1.yml", "filter/filter_ecs.yml"):
    case("filter", base, f"unchanged {base}", lambda d: None, official="accept", ours="accept")
case("filter", F, "selection a list of maps", _set(["filter", "selection"], [{"User|startswith": "adm_"}, {"User": "root"}]), official="accept", ours="accept")
case("filter", F, "second search identifier", lambda d: d["filter"].update({"filter_b": {"Image": "x"}, "condition": "selection and not filter_b"}), official="accept", ours="accept")
case("filter", F, "condition as a list", _set(["filter", "condition"], ["selection"]), official="reject", ours="accept",
     why="spec (filters): the condition follows the rules specification, where 'the condition can be a list'")


def run_mutations(shared: Path, ours, official) -> tuple[int, list[str], list[str]]:
    examples = shared / "spec" / "tests" / "schema"
    failures, disagreements = [], []
    n = 0
    for kind, base, name, mut, exp_off, exp_ours, why in CASES:
        n += 1
        doc = load_docs(examples / base)[0]
        doc = copy.deepcopy(doc)
        if isinstance(mut, tuple) and mut[0] == "root":
            doc = copy.deepcopy(mut[1])
        else:
            mut(doc)
        our_errs = errors_of(ours[kind], doc)
        off_errs = errors_of(official[kind], doc)
        got_ours = "reject" if our_errs else "accept"
        got_off = "reject" if off_errs else "accept"
        tag = f"[{kind}] {name} ({base})"
        first = fmt_error(our_errs[0]) if our_errs else "-"
        line = f"{tag}: official={got_off} ours={got_ours}; ours: {first}"
        if got_ours != exp_ours or got_off != exp_off:
            failures.append(f"UNEXPECTED {line} (expected official={exp_off} ours={exp_ours})")
        elif got_ours != got_off:
            disagreements.append(f"{tag}: official={got_off} ours={got_ours} -- {why}")
        if got_ours == exp_ours and got_off == exp_off and got_ours != got_off and not why:
            failures.append(f"MISSING REASON {tag}")
    return n, failures, disagreements


# --------------------------------------------------------------------------- (c) deprecated/unsupported
def run_informational(shared: Path, ours, official):
    root = shared / "corpus" / "sigmahq"
    rows = []
    total = Counter()
    for folder in ("deprecated", "unsupported"):
        for path in sorted((root / folder).rglob("*.yml")):
            try:
                docs = load_docs(path)
            except yaml.YAMLError as exc:
                rows.append(f"YAML ERROR {path.relative_to(root)}: {exc}")
                continue
            for idx, doc in enumerate(docs):
                if doc is None:
                    continue
                kind = kind_of(doc)
                ours_e = errors_of(ours[kind], doc)
                off_e = errors_of(official[kind], doc)
                total[(folder, "docs")] += 1
                total[(folder, "ours rejects")] += bool(ours_e)
                total[(folder, "official rejects")] += bool(off_e)
                ours_keys = {("/".join(map(str, e.absolute_path)), e.validator) for e in ours_e}
                off_paths = {"/".join(map(str, e.absolute_path)) for e in off_e}
                ours_paths = {p for p, _ in ours_keys}
                if bool(ours_e) != bool(off_e) or ours_paths != off_paths:
                    total[(folder, "differ")] += 1
                    rows.append(
                        f"{path.relative_to(root)}#{idx} ({kind}): official={'reject' if off_e else 'accept'} "
                        f"ours={'reject' if ours_e else 'accept'}; only-ours={sorted(ours_paths - off_paths)} "
                        f"only-official={sorted(off_paths - ours_paths)}"
                    )
    return total, rows


# --------------------------------------------------------------------------- main
def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared folder (default: ../shared)")
    ap.add_argument("--verbose", action="store_true", help="also print the official schema's errors in (a)")
    args = ap.parse_args()
    shared = args.shared.resolve()

    ours = make_validators(OURS)
    official = make_validators({k: shared / "spec" / "json-schema" / v for k, v in OFFICIAL_NAMES.items()})

    print("== 0. schema sanity")
    problems = sanity_checks()
    for p in problems:
        print("PROBLEM", p)
    print(f"sanity problems: {len(problems)}")

    print("\n== (a) corpus rules* folders and specification examples, validated with our schemas")
    files = corpus_files(shared) + example_files(shared)
    counts, our_err, off_err = run_positive(files, ours, official, shared, args.verbose)
    groups = sorted({g for g, _ in counts})
    n_docs = sum(counts.values())
    for g in groups:
        docs = {k: v for (gg, k), v in counts.items() if gg == g}
        e_ours = sum(v for (gg, _), v in our_err.items() if gg == g)
        e_off = sum(v for (gg, _), v in off_err.items() if gg == g)
        print(f"  {g:<48} documents {sum(docs.values()):>5} {dict(sorted(docs.items()))}  errors: ours {e_ours}, official {e_off}")
    print(f"files: {len(files)}, documents: {n_docs}, our errors: {sum(our_err.values())}, "
          f"official errors: {sum(off_err.values())}")

    print("\n== (b) mutations (expected verdicts of the official schema and ours)")
    n, failures, disagreements = run_mutations(shared, ours, official)
    for f in failures:
        print(f)
    print(f"cases: {n}, unexpected: {len(failures)}, deliberate disagreements: {len(disagreements)}")
    print("deliberate disagreements (ours vs official, with the specification's support):")
    for d in disagreements:
        print("  -", d)

    print("\n== (c) informational: deprecated/ and unsupported/ documents where ours and official differ")
    total, rows = run_informational(shared, ours, official)
    for r in rows:
        print("  ", r)
    for folder in ("deprecated", "unsupported"):
        print(f"  {folder}: documents {total[(folder, 'docs')]}, official rejects {total[(folder, 'official rejects')]}, "
              f"ours rejects {total[(folder, 'ours rejects')]}, differing {total[(folder, 'differ')]}")

    yaml_errors = sum(v for (g, _), v in counts.items() if g == "yaml-error")
    ok = not problems and not our_err and not failures and not yaml_errors
    print("\nRESULT:", "OK" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
