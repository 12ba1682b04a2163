"""Pipeline stages, in order: segment → mentions → names → roles → dates (→ quotes, next)."""
