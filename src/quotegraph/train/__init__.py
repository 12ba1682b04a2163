"""Training code for what quotegraph learns from data: kept in the repo so anyone can rebuild it."""
