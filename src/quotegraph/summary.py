"""A readable summary of a record, for people at a terminal (``analyze --summary``, ``make demo``)."""
from __future__ import annotations

TYPE_NAMES = {"PER": "People", "ORG": "Organisations", "LOC": "Places"}


def summarize(record: dict) -> str:
    lines = [f"== {record['id']}" + (f"  ({record['date']})" if record.get("date") else "")]
    if record.get("title"):
        lines.append(f"   {record['title']}")
    for type_, label in TYPE_NAMES.items():
        ents = [e for e in record["entities"] if e["type"] == type_]
        if not ents:
            continue
        lines.append(f"{label}:")
        for e in sorted(ents, key=lambda e: -len(e["mentions"])):
            forms = sorted({m["text"] for m in e["mentions"] if m["text"] != e["name"]})
            line = f"  {e['name']}  ×{len(e['mentions'])}"
            if e["roles"]:
                line += "  — " + "; ".join(e["roles"])
            if forms:
                line += f"  (as: {', '.join(forms[:6])}{', …' if len(forms) > 6 else ''})"
            lines.append(line)
    if record["dates"]:
        lines.append("Dates:")
        lines.extend(f"  {d['text']!r} → {d['value']}" for d in record["dates"])
    if record.get("quotes"):
        lines.append(f"Quotes: {len(record['quotes'])}")
    return "\n".join(lines)
