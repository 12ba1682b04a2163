"""Small trained models shipped in the package, and their evaluators."""
