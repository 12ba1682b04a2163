"""A readable summary of a record (entities, roles, dates, quotes) for people at a terminal
(``analyze --summary``, ``make demo``)."""
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
            names = [m for m in e["mentions"] if m["kind"] == "name"]
            roles = {r.lower() for r in e["roles"]}
            forms = sorted({m["text"] for m in e["mentions"]
                            if m["text"] != e["name"] and m["text"].lower() not in roles})
            line = f"  {e['name']}  ×{len(names)}"
            if e["roles"]:
                line += "  — " + "; ".join(e["roles"])
            if forms:
                line += f"  (as: {', '.join(forms[:6])}{', …' if len(forms) > 6 else ''})"
            lines.append(line)
    if record["dates"]:
        lines.append("Dates:")
        lines.extend(f"  {d['text']!r} → {d['value']}" for d in record["dates"])
    if record.get("quotes"):
        lines.append("Quotes:")
        lines.extend(quote_line(record["quotes"], i) for i in range(len(record["quotes"])))
    return "\n".join(lines)


def quote_line(quotes: list[dict], i: int, width: int = 90) -> str:
    q = quotes[i]
    depth, parent = 0, q["parent"]
    while parent is not None and depth < 10:
        depth, parent = depth + 1, quotes[parent]["parent"]
    sp = q["speaker"]
    who = sp["name"] or "?"
    mention = sp["mention"]["text"] if sp.get("mention") else None
    how = ", ".join(x for x in (q["cue"]["text"] if q["cue"] else None,
                                f"«{mention}»" if mention and mention != who else None) if x)
    text = " ".join(q["text"].split())
    text = text if len(text) <= width else text[:width - 1] + "…"
    return f"{'  ' * (depth + 1)}[{i}] {who}" + (f" ({how})" if how else "") + f" {q['kind']}: «{text}»"
