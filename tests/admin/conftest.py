from tests.cases.review.conftest import people  # noqa: F401  (the review roles)
