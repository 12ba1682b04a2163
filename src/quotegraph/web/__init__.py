"""The read-only HTTP API and web UI over a corpus store (``quotegraph serve``)."""
