"""One package per language: its NLP models and the data its rules read (``ru``, ``en``)."""
