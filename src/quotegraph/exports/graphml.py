"""GraphML: the speaker → target network. Nodes are identities; a directed edge runs from a
speaker to every other identity mentioned inside that speaker's quotes, weighted by the number
of quotes. Written as a stream with the standard library."""
from __future__ import annotations

import pathlib
import re
import sqlite3
from xml.sax.saxutils import escape, quoteattr

from . import replacing

NODE_KEYS = [("name", "string"), ("type", "string"), ("n_quotes", "int"), ("n_articles", "int"),
             ("n_mentions", "int")]
EDGE_KEYS = [("weight", "int")]

_NODES_SQL = "SELECT id, name, type, n_quotes, n_articles, n_mentions FROM identities ORDER BY id"
_EDGES_SQL = """
    SELECT s.identity_id, t.identity_id, count(DISTINCT q.id)
    FROM quotes q
    JOIN entities s ON s.article_id = q.article_id AND s.local_id = q.speaker_local
    JOIN quote_entities qe ON qe.quote_id = q.id
    JOIN entities t ON t.article_id = qe.article_id AND t.local_id = qe.local_id
    WHERE s.identity_id IS NOT NULL AND t.identity_id IS NOT NULL AND t.identity_id != s.identity_id
    GROUP BY s.identity_id, t.identity_id
    ORDER BY s.identity_id, t.identity_id"""

# characters XML 1.0 cannot carry, even escaped
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: object) -> str:
    return escape(_NOT_XML.sub("\ufffd", str(value)))


def write_graphml(conn: sqlite3.Connection, out: pathlib.Path) -> dict[str, int]:
    nodes = edges = 0
    with replacing(out) as part:
        with open(part, "w", encoding="utf-8", newline="\n") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
                    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
                    ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
                    ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
            for where, keys in (("node", NODE_KEYS), ("edge", EDGE_KEYS)):
                for name, type_ in keys:
                    f.write(f'  <key id={quoteattr(name)} for="{where}" attr.name={quoteattr(name)}'
                            f' attr.type="{type_}"/>\n')
            f.write('  <graph id="quotegraph" edgedefault="directed">\n')
            for iid, *values in conn.execute(_NODES_SQL):
                data = "".join(f'<data key="{k}">{xml_text(v)}</data>'
                               for (k, _), v in zip(NODE_KEYS, values) if v is not None)
                f.write(f'    <node id="{iid}">{data}</node>\n')
                nodes += 1
            for source, target, weight in conn.execute(_EDGES_SQL):
                edges += 1
                f.write(f'    <edge id="e{edges}" source="{source}" target="{target}">'
                        f'<data key="weight">{weight}</data></edge>\n')
            f.write("  </graph>\n</graphml>\n")
    return {"nodes": nodes, "edges": edges}
