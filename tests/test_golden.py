"""The example state builds to exactly the reviewed golden output."""

from __future__ import annotations

import golden


def test_example_site_matches_golden_output() -> None:
    diffs = golden.differences(golden.build_snapshot(), golden.expected_snapshot())
    shown = "".join(diffs)[:20000]
    assert not diffs, f"{len(diffs)} file(s) differ; if intended, run `make golden` and review the diff:\n{shown}"
