from tests.search.conftest import _demo_for_the_module, demo  # noqa: F401 - the demo content
