"""The search tests use the demo content fixture of tests/conftest.py."""
