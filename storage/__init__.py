"""Persistence: tables, the engine, repository functions, migrations and data generators."""
