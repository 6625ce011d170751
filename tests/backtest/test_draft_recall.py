"""The draft (`make draft`) against the hand-entered data: on every source the built regions cite with a raw file of
its own, recall, quote, indicator and precision (reportbuild.tools.draft_measure says how each is counted), over all
sources together. A source's draft never learns from that source's own rows. The per-source table (README's) is
printed; no test names a region or a source, so a region an analyst adds is measured without editing a test."""

import pytest

from helpers.base.paths import data_dir
from reportbuild.tools import draft_measure
from reportbuild.tools.draft import measure

GOALS = {"recall": 0.90, "quote": 0.90, "indicator": 0.70, "precision": 0.80}


@pytest.fixture(scope="module")
def results():
    return [measure(s) for s in draft_measure.measured_sources(data_dir())]


def per_source(results) -> str:
    """The per-source table the README quotes (one line a source, then all)."""
    lines = [f"{r['source_id']}: " + ", ".join(f"{m} {r[m]:.0%}" for m in draft_measure.MEASURES) for r in results]
    return "\n".join(lines)


def test_every_cited_source_is_measured(results):
    assert len(results) >= 2
    assert all(r["totals"]["recall"] > 0 for r in results)
    print(per_source(results))


@pytest.mark.parametrize("goal", sorted(GOALS))
def test_goals_over_all_sources(results, goal):
    total = draft_measure.overall(results)
    assert total[goal] >= GOALS[goal], (
        f"{goal}: {total[goal]:.0%} < {GOALS[goal]:.0%} ({total['counts']})\n{per_source(results)}"
    )
