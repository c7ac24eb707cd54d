"""Photos go to a temporary folder in these tests."""


from tests.field.conftest import fast_password_hashing, field_scenario, photo_dir  # noqa: F401
