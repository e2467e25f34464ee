"""The reader's view: one scenario, one year and one partnership drive every chart, table and sentence.

One type and one default for every page model, chart, template sentence and build.js (build.json carries
the default). Scenarios come from the demand data in the order they first appear, so the IEA's next
dataset may name others.
"""

from dataclasses import dataclass

from .schema import MILESTONE_YEARS, SCENARIOS


@dataclass(frozen=True)
class View:
    scenario: str
    year: int

    @property
    def key(self):
        """How a view is named in views files: 'NZE|2030'."""
        return f"{self.scenario}|{self.year}"

    @property
    def label(self):
        """How a view reads on a page: 'NZE 2030'."""
        return f"{self.scenario} {self.year}"


DEFAULT = View("NZE", 2030)  # the 1.5 °C pathway at the first milestone: the question the study asked
# The views supply without a supplier is computed for (supply_without.csv): the 1.5 °C pathway and stated policies,
# at the first two milestones. Every scenario × year pair, the default view first.
POLICY_VIEWS = tuple(View(s, y) for s in ("NZE", "STEPS") for y in (2030, 2035))


def scenarios(demand, required=()):
    """The scenarios the demand table names (and any `required` ones, which it must have): the IEA's usual
    order (least to most ambitious) for those it has named so far, then any new one in alphabetical order."""
    known = {s: i for i, s in enumerate(SCENARIOS)}
    return sorted(set(demand["scenario"]) | set(required), key=lambda s: (known.get(s, len(known)), s))


def all_views(scenario_list, years=MILESTONE_YEARS):
    return [View(s, y) for s in scenario_list for y in years]
