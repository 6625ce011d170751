"""The draft (`make draft`) against the hand-entered data: on every source the built regions cite with a raw file of
its own, recall, quote, indicator and precision (reportbuild.tools.draft_measure says how each is counted). A
source's draft never learns from that source's own rows."""

import pytest

from helpers.base.paths import data_dir
from reportbuild.tools import draft_measure
from reportbuild.tools.draft import measure

GOALS = {"recall": 0.90, "quote": 0.90, "indicator": 0.70, "precision": 0.80}
# Per source, the goals a source meets today; a source below a goal is named in the report, not fitted.
SHORT_OF = {("mca_2022_09_08", "indicator")}


@pytest.fixture(scope="module")
def results():
    return [measure(s) for s in draft_measure.measured_sources(data_dir())]


def test_every_cited_source_is_measured(results):
    assert len(results) >= 2
    assert all(r["totals"]["recall"] > 0 for r in results)


@pytest.mark.parametrize("goal", sorted(GOALS))
def test_goals_over_all_sources(results, goal):
    total = draft_measure.overall(results)
    assert total[goal] >= GOALS[goal], f"{goal}: {total[goal]:.0%} < {GOALS[goal]:.0%} ({total['counts']})"


@pytest.mark.parametrize("goal", sorted(GOALS))
def test_goals_per_source(results, goal):
    below = {r["source_id"]: f"{r[goal]:.0%}" for r in results if r[goal] < GOALS[goal]}
    unexpected = {s: v for s, v in below.items() if (s, goal) not in SHORT_OF}
    assert not unexpected, f"{goal} below {GOALS[goal]:.0%}: {unexpected}"
