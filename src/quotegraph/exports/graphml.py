"""GraphML: the speaker → target network. Nodes are identities; a directed edge runs from a
speaker to every other identity a quote of theirs is about (its targets), weighted by the number
of quotes and carrying how many of them speak of the target positively, negatively or neutrally,
and their mean score. Written as a stream with the standard library."""
from __future__ import annotations

import pathlib
import re
import sqlite3
from xml.sax.saxutils import escape, quoteattr

from . import replacing

NODE_KEYS = [("name", "string"), ("type", "string"), ("n_quotes", "int"), ("n_articles", "int"),
             ("n_mentions", "int")]
EDGE_KEYS = [("weight", "int"), ("n_positive", "int"), ("n_negative", "int"), ("n_neutral", "int"),
             ("mean_score", "double")]

_NODES_SQL = "SELECT id, name, type, n_quotes, n_articles, n_mentions FROM identities ORDER BY id"
# one row per quote and target identity: the quote's target with the most mentions of that identity
# (two entities of one article may be one identity); tone and score are NULL for format v1 records
_EDGES_SQL = """
    WITH pairs AS (
        SELECT s.identity_id AS source, t.identity_id AS target, qe.tone, qe.score,
               row_number() OVER (PARTITION BY q.id, t.identity_id
                                  ORDER BY qe.n DESC, length(qe.local_id), qe.local_id) AS rank
        FROM quotes q
        JOIN entities s ON s.article_id = q.article_id AND s.local_id = q.speaker_local
        JOIN quote_entities qe ON qe.quote_id = q.id
        JOIN entities t ON t.article_id = qe.article_id AND t.local_id = qe.local_id
        WHERE s.identity_id IS NOT NULL AND t.identity_id IS NOT NULL AND t.identity_id != s.identity_id)
    SELECT source, target, count(*), sum(tone IS 'positive'), sum(tone IS 'negative'), sum(tone IS 'neutral'),
           round(avg(score), 3)
    FROM pairs WHERE rank = 1
    GROUP BY source, target
    ORDER BY source, target"""

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
            for source, target, *values in conn.execute(_EDGES_SQL):
                edges += 1
                data = "".join(f'<data key="{k}">{v}</data>' for (k, _), v in zip(EDGE_KEYS, values) if v is not None)
                f.write(f'    <edge id="e{edges}" source="{source}" target="{target}">{data}</edge>\n')
            f.write("  </graph>\n</graphml>\n")
    return {"nodes": nodes, "edges": edges}
