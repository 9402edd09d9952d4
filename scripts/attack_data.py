#!/usr/bin/env python3
"""Generate sigscope's embedded ATT&CK facts table (src/attack/enterprise-attack-v19.tsv).

Usage:
    python3 scripts/attack_data.py [--attack-dir ../shared/attack] [--out src/attack/enterprise-attack-v19.tsv]
    python3 scripts/attack_data.py --check      # exit 1 when the committed table is out of date

Inputs (see ../shared/attack/README.md):
  * enterprise-attack-19-techniques.json: the 15 tactics and 697 active techniques of ATT&CK
    Enterprise v19 (names, tactics, urls).
  * enterprise-attack-18.1.json: MITRE's STIX 2.1 bundle of v18.1, for what the v19 table lacks:
    the tactic order of the matrix, platforms, revoked/deprecated techniques with their
    `revoked-by` replacements, groups, software, campaigns and the techniques they use.

Output: one fact per line, tab-separated, sorted, deterministic (Python 3.11 standard library
only). Lines starting with `#` are comments. Record kinds:

    version   <attack version>
    title     <collection title>
    tactic    <TA id> <shortname> <name>                      (matrix order)
    alias     <old tactic shortname> <v19 shortnames, comma-separated> <reason>
    technique <T id> <name> <tactics> <platforms> <status> <replacement|-> <reason|-> <former|-> <summary|->
    group|software|campaign <id> <name> <status> <replacement|-> <technique ids>

`status` is `active`, `revoked` or `deprecated`. `summary` is the first sentence of v18.1's
description (citations and links removed), for a v19 id that v18.1 lacks that of the retired
technique it replaces under the same name, else `-`. `former` lists the tactics v18.1 gave an active
technique that v19 no longer does. Lists are comma-separated, `-` when empty. URLs
are not stored: they follow from the ids (https://attack.mitre.org/techniques/T1059/001, ...).

Retired techniques map forward: along MITRE's `revoked-by` chain where there is one; a technique
that v18.1 still lists but v19 no longer does maps to the v19 technique with the same name, or
else to the successor in CURATED (each with its reason), or is deprecated without replacement.
Technique ids in the `uses` lists of groups, software and campaigns are mapped forward the same
way, so every list speaks v19.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ATTACK_DIR = ROOT.parent / "shared" / "attack"
DEFAULT_OUT = ROOT / "src" / "attack" / "enterprise-attack-v19.tsv"

V19_TABLE = "enterprise-attack-19-techniques.json"
STIX_BUNDLE = "enterprise-attack-18.1.json"
VERSION = "19"

# v19 renamed TA0005 "Defense Evasion" to "Stealth" and split "Defense Impairment" (TA0112) off
# it. The v19 table has no matrix order; we take v18.1's and put the new tactic after Stealth.
RENAMED_TACTICS = {"defense-evasion": "stealth"}
NEW_TACTICS_AFTER = {"defense-impairment": "stealth"}
TACTIC_ALIASES = {
    "defense-evasion": (
        ["stealth", "defense-impairment"],
        "v19 renamed Defense Evasion (TA0005) to Stealth and split Defense Impairment (TA0112) off it",
    ),
}

# Techniques v18.1 lists as active that v19 retired, whose v19 successor has a different name.
# Each entry says why. Same-name successors (T1562.001 -> T1685 "Disable or Modify Tools") are
# found automatically and need no entry here.
CURATED = {
    "T1562.002": ("T1685.001", "successor Disable or Modify Windows Event Log (renamed)"),
    "T1562.003": ("T1690", "successor Prevent Command History Logging (renamed)"),
    "T1562.006": ("T1685", "closest successor Disable or Modify Tools; SigmaHQ tags its ETW-tampering rules T1685"),
    "T1562.007": ("T1686.001", "successor Cloud Firewall under Disable or Modify System Firewall (renamed)"),
    "T1562.008": ("T1685.002", "successor Disable or Modify Cloud Log (renamed)"),
    "T1562.011": ("T1685.003", "closest successor Modify or Spoof Tool UI"),
    "T1562.012": ("T1685.004", "successor Disable or Modify Linux Audit System Log (renamed)"),
    "T1562.013": ("T1686.002", "successor Network Device Firewall under Disable or Modify System Firewall (renamed)"),
}
# Retired in v19 without a single successor: the v19 tactic its entry is filed under, and why.
NO_SUCCESSOR = {
    "T1562": ("defense-impairment", "retired in v19; Impair Defenses became the Defense Impairment tactic (T1685-T1690)"),
}

ENTITY_KINDS = {"intrusion-set": "group", "malware": "software", "tool": "software", "campaign": "campaign"}


def mitre_id(obj: dict) -> str | None:
    for ref in obj.get("external_references") or []:
        if ref.get("source_name") == "mitre-attack" and ref.get("external_id"):
            return ref["external_id"]
    return None


def clean(text: str) -> str:
    if any(c in text for c in "\t\n\r"):
        raise SystemExit(f"unexpected tab or newline in {text!r}")
    return text


def summary(description: str | None) -> str:
    """The first sentence of an ATT&CK description, without citations, links or HTML."""
    t = re.sub(r"\(Citation:[^)]*\)", "", description or "")
    t = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", t)
    t = re.sub(r"<[^>]+>", "", t)
    t = " ".join(t.split())
    end = re.search(r"(?<!e\.g)(?<!i\.e)(?<!etc)(?<!\b[A-Z])\.(?=\s+[A-Z(\"]|$)", t)
    first = t[: end.end()] if end else t
    if len(first) > 300:
        first = first[:299].rsplit(" ", 1)[0] + "\u2026"
    return first or "-"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def generate(attack_dir: Path) -> str:
    v19 = json.loads((attack_dir / V19_TABLE).read_text(encoding="utf-8"))
    bundle = json.loads((attack_dir / STIX_BUNDLE).read_text(encoding="utf-8"))
    objects = bundle["objects"]
    by_ref = {o["id"]: o for o in objects}

    # --- tactics, in matrix order -------------------------------------------------------------
    v19_tactics = v19["tactics"]
    matrices = [o for o in objects if o["type"] == "x-mitre-matrix" and mitre_id(o) == "enterprise-attack"]
    if len(matrices) != 1:
        raise SystemExit("expected exactly one enterprise-attack matrix in the STIX bundle")
    order: list[str] = []
    for ref in matrices[0]["tactic_refs"]:
        short = by_ref[ref]["x_mitre_shortname"]
        short = RENAMED_TACTICS.get(short, short)
        order.append(short)
        for new, after in NEW_TACTICS_AFTER.items():
            if after == short:
                order.append(new)
    if sorted(order) != sorted(v19_tactics):
        raise SystemExit(f"tactic order {order} does not cover the v19 tactics {sorted(v19_tactics)}")
    rank = {s: i for i, s in enumerate(order)}

    # --- v18.1 techniques and relationships ---------------------------------------------------
    stix_tech: dict[str, dict] = {}
    for o in objects:
        if o["type"] == "attack-pattern" and (tid := mitre_id(o)):
            prev = stix_tech.get(tid)
            if prev is None or (prev.get("revoked") and not o.get("revoked")):
                stix_tech[tid] = o
    revoked_by: dict[str, str] = {}
    for o in objects:
        if o["type"] == "relationship" and o.get("relationship_type") == "revoked-by":
            src, dst = by_ref.get(o["source_ref"]), by_ref.get(o["target_ref"])
            if src and dst and mitre_id(src) and mitre_id(dst):
                revoked_by[mitre_id(src)] = mitre_id(dst)

    active19 = v19["techniques"]
    by_name19 = {}
    for tid, t in active19.items():
        by_name19.setdefault(t["name"].casefold(), tid)

    def active18(tid: str) -> bool:
        o = stix_tech.get(tid)
        return bool(o) and not o.get("revoked") and not o.get("x_mitre_deprecated")

    # Retired in v19 (listed active by v18.1, absent from v19): successor and reason.
    def v19_successor(tid: str) -> tuple[str | None, str]:
        name = stix_tech[tid]["name"]
        same = by_name19.get(name.casefold())
        if same:
            return same, f"retired in v19; {same} has the same name"
        if tid in CURATED:
            succ, why = CURATED[tid]
            if succ not in active19:
                raise SystemExit(f"curated successor {succ} of {tid} is not an active v19 technique")
            return succ, f"retired in v19; {why}"
        if tid in NO_SUCCESSOR:
            return None, NO_SUCCESSOR[tid][1]
        raise SystemExit(f"{tid} ({name}) was retired in v19 and has no successor: add it to CURATED or NO_SUCCESSOR")

    def forward(tid: str) -> tuple[str, str | None, str]:
        """Status, replacement and reason of a technique id that is not active in v19."""
        hops: list[str] = []
        cur = tid
        while True:
            if cur in active19:
                return "revoked", cur, "revoked by " + " -> ".join(hops[1:] + [cur])
            o = stix_tech.get(cur)
            if o is None:
                raise SystemExit(f"{cur} is neither in v19 nor in the v18.1 bundle")
            if o.get("revoked"):
                nxt = revoked_by.get(cur)
                if nxt is None or nxt in hops:
                    return "revoked", None, "revoked without replacement"
                hops.append(cur)
                cur = nxt
                continue
            if o.get("x_mitre_deprecated"):
                if hops:
                    return "revoked", None, f"revoked by {cur}, which is deprecated"
                return "deprecated", None, "deprecated by MITRE (no replacement)"
            # Active in v18.1, retired by v19.
            succ, why = v19_successor(cur)
            if hops:
                why = f"revoked by {' -> '.join(hops[1:] + [cur])}, then {why}"
            return ("revoked" if succ else "deprecated"), succ, why

    # Techniques v19 added without a v18.1 object inherit the platforms of the ids mapped to them.
    platforms: dict[str, list[str]] = {}
    for tid, o in stix_tech.items():
        platforms[tid] = list(o.get("x_mitre_platforms") or [])

    tech_lines: dict[str, list[str]] = {}
    retired: dict[str, tuple[str, str | None, str]] = {}
    for tid in stix_tech:
        if tid not in active19:
            retired[tid] = forward(tid)
    inherited: dict[str, set[str]] = {}
    for tid, (_, repl, _) in retired.items():
        if repl and repl not in stix_tech and active18(tid):
            inherited.setdefault(repl, set()).update(platforms.get(tid, []))

    def sort_tactics(shorts: list[str]) -> list[str]:
        return sorted(dict.fromkeys(shorts), key=lambda s: rank[s])

    for tid, t in active19.items():
        tactics = sort_tactics(t["tactics"])
        for s in tactics:
            if s not in rank:
                raise SystemExit(f"{tid} has unknown tactic {s}")
        if tid in stix_tech and active18(tid):
            plats = platforms[tid]
        else:
            plats = sorted(inherited.get(tid, set()))
        # Tactics v18.1 gave the technique that v19 no longer does (T1574 lost persistence and
        # privilege-escalation): rules tagged before v19 may still carry them.
        former = []
        if tid in stix_tech and active18(tid):
            for p in stix_tech[tid].get("kill_chain_phases") or []:
                s = p.get("phase_name")
                if p.get("kill_chain_name") != "mitre-attack" or s is None:
                    continue
                if s in TACTIC_ALIASES:
                    if any(c in tactics for c in TACTIC_ALIASES[s][0]):
                        continue
                    s = TACTIC_ALIASES[s][0][0]
                if s not in tactics:
                    former.append(s)
        tech_lines[tid] = [
            "technique", tid, clean(t["name"]), ",".join(tactics) or "-", ",".join(plats) or "-", "active", "-", "-",
            ",".join(sort_tactics(former)) or "-",
            summary(stix_tech[tid].get("description")) if tid in stix_tech and active18(tid)
            else next(
                (summary(stix_tech[old].get("description")) for old, (_, r, _) in sorted(retired.items())
                 if r == tid and clean(stix_tech[old]["name"]) == clean(t["name"])),
                "-",
            ),
        ]
    for tid, (status, repl, why) in retired.items():
        o = stix_tech[tid]
        succ_tactics = set(active19[repl]["tactics"]) if repl else set()
        tactics = []
        for p in o.get("kill_chain_phases") or []:
            if p.get("kill_chain_name") != "mitre-attack":
                continue
            s = p["phase_name"]
            if s in TACTIC_ALIASES:
                cands = TACTIC_ALIASES[s][0]
                if tid in NO_SUCCESSOR:
                    succ_tactics = {NO_SUCCESSOR[tid][0]}
                s = next((c for c in cands if c in succ_tactics), cands[0])
            tactics.append(s)
        tech_lines[tid] = [
            "technique", tid, clean(o["name"]), ",".join(sort_tactics(tactics)) or "-",
            ",".join(platforms.get(tid, [])) or "-", status, repl or "-", clean(why), "-",
            summary(o.get("description")),
        ]
    # Every parent of a sub-technique is listed.
    for tid in tech_lines:
        if "." in tid and tid.split(".")[0] not in tech_lines:
            raise SystemExit(f"{tid} has no parent technique")

    def map_technique(tid: str) -> str:
        if tid in active19:
            return tid
        _, repl, _ = retired[tid]
        return repl or tid

    # --- groups, software, campaigns ----------------------------------------------------------
    entities: dict[str, dict] = {}
    for o in objects:
        kind = ENTITY_KINDS.get(o["type"])
        eid = mitre_id(o) if kind else None
        if not eid:
            continue
        prev = entities.get(eid)
        if prev is not None and not (prev["obj"].get("revoked") and not o.get("revoked")):
            continue
        entities[eid] = {"kind": kind, "obj": o, "uses": set()}
    ref_to_entity = {e["obj"]["id"]: eid for eid, e in entities.items()}
    for o in objects:
        if o["type"] != "relationship" or o.get("relationship_type") != "uses":
            continue
        if o.get("revoked") or o.get("x_mitre_deprecated"):
            continue
        eid = ref_to_entity.get(o["source_ref"])
        dst = by_ref.get(o["target_ref"])
        if eid is None or dst is None or dst["type"] != "attack-pattern":
            continue
        tid = mitre_id(dst)
        if tid:
            entities[eid]["uses"].add(map_technique(tid))

    def entity_status(eid: str) -> tuple[str, str]:
        o = entities[eid]["obj"]
        if o.get("revoked"):
            cur, seen = eid, {eid}
            while cur in revoked_by and revoked_by[cur] not in seen:
                cur = revoked_by[cur]
                seen.add(cur)
            ok = cur != eid and cur in entities and not entities[cur]["obj"].get("revoked")
            return "revoked", cur if ok else "-"
        if o.get("x_mitre_deprecated"):
            return "deprecated", "-"
        return "active", "-"

    # --- output -------------------------------------------------------------------------------
    v19_path, stix_path = attack_dir / V19_TABLE, attack_dir / STIX_BUNDLE
    out = [
        "# ATT&CK Enterprise facts for sigscope. Generated by scripts/attack_data.py; do not edit.",
        f"# {V19_TABLE} sha256 {sha256(v19_path)}",
        f"# {STIX_BUNDLE} sha256 {sha256(stix_path)}",
        "# MITRE ATT&CK(R) is a registered trademark of The MITRE Corporation; the data is used under",
        "# https://attack.mitre.org/resources/legal-and-branding/terms-of-use/",
        "# Record kinds and columns: see the docstring of scripts/attack_data.py.",
        f"version\t{VERSION}",
        f"title\t{clean(v19['version'])}",
    ]
    for s in order:
        t = v19_tactics[s]
        out.append("\t".join(["tactic", t["id"], s, clean(t["name"])]))
    for old, (new, why) in sorted(TACTIC_ALIASES.items()):
        out.append("\t".join(["alias", old, ",".join(new), why]))
    for tid in sorted(tech_lines):
        out.append("\t".join(tech_lines[tid]))
    kind_rank = {"group": 0, "software": 1, "campaign": 2}
    for eid in sorted(entities, key=lambda e: (kind_rank[entities[e]["kind"]], e)):
        e = entities[eid]
        status, repl = entity_status(eid)
        uses = ",".join(sorted(e["uses"])) or "-"
        out.append("\t".join([e["kind"], eid, clean(e["obj"]["name"]), status, repl, uses]))
    return "\n".join(out) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--attack-dir", type=Path, default=DEFAULT_ATTACK_DIR)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true", help="fail when --out differs from a fresh run")
    args = ap.parse_args()
    text = generate(args.attack_dir)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date; run scripts/attack_data.py", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(text)} bytes, {text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
