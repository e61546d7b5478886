"""Suite-wide settings: reproducible hypothesis runs, and a guard that no test leaves the
library's thread count changed for the next one."""

import pytest
from hypothesis import settings

import nnext

# Derandomized examples: a failure reproduces on every run and on every machine.
settings.register_profile("nnext", derandomize=True, database=None, deadline=None)
# "ci" (the default): hypothesis's 100 examples per property; `--hypothesis-profile=long` runs
# thousands per property, with fresh random examples on every run.
settings.register_profile("ci", settings.get_profile("nnext"), max_examples=100)
settings.register_profile(
    "long", settings.get_profile("nnext"), max_examples=5000, derandomize=False
)
settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _thread_count_is_restored():
    threads = nnext.get_num_threads()
    yield
    assert nnext.get_num_threads() == threads, "the test changed the thread count"
