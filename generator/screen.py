"""The candidate screen: which countries a partnership may be advised to add, and why the others may not.

Pure functions over the dataset's tables. A country is ranked as a candidate only if it is not a country of concern,
not under a comprehensive US sanctions or embargo programme in force, and scores at least MIN_CANDIDATE_SCORE on
the EIU Democracy Index. A territory is screened on its sovereign state's score and sanctions (it is governed under
that state's constitution), and is never offered to a partnership its sovereign is in. A partnership defined by a
rule (the Democracies) is offered only countries that meet that rule.
"""

import pandas as pd

from .countries import country_name
from .schema import MIN_CANDIDATE_SCORE

# Why a country is not ranked, in the order the screen tests them (the first that applies is given).
CONCERN, SANCTIONS, GOVERNANCE, NO_SCORE = "country_of_concern", "sanctions", "governance", "no_score"
TERRITORY, FAILS_RULE = "territory_of_member", "fails_partnership_rule"
EXCLUSIONS = (CONCERN, SANCTIONS, GOVERNANCE, NO_SCORE, TERRITORY, FAILS_RULE)


def reason_in_words(exclusion, reason, rule_threshold=None):
    """The screen's reason with any EIU score left out, for a page that prints the score itself as a sourced
    figure (or prints none): 'an EIU Democracy Index score below 4 (authoritarian regime)'."""
    if exclusion == GOVERNANCE:
        return f"an EIU Democracy Index score below {MIN_CANDIDATE_SCORE:g} (authoritarian regime)"
    if exclusion == FAILS_RULE:
        return f"fails the partnership's own rule, an EIU Democracy Index score above {rule_threshold:g}"
    return reason


def latest_scores(democracy_index):
    """country → its EIU Democracy Index score in the index's latest year."""
    latest = democracy_index[democracy_index["year"] == democracy_index["year"].max()]
    return latest.set_index("country_iso3")["democracy_score"]


def screen(codes, countries_of_concern, sanctions, democracy_index, territories):
    """One row per country code: its sovereign (itself unless a territory), the EIU score the screen reads, and
    the first partnership-independent reason it is not ranked (`exclusion`, empty if it passes) in words.

    Score: 0–10 (EIU, latest year); a territory takes its sovereign's score and sanctions.
    """
    sovereign = territories.set_index("territory_iso3")["sovereign_iso3"]
    concern = countries_of_concern.set_index("country_iso3")["designation"]
    in_force = sanctions[sanctions["status"] == "in_force"].set_index("country_iso3")["legal_source"]
    scores = latest_scores(democracy_index)
    year = int(democracy_index["year"].max()) if len(democracy_index) else None
    rows = []
    for code in codes:
        state = sovereign.get(code, code)
        score = scores.get(state, float("nan"))
        exclusion, reason = "", ""
        if code in concern.index or state in concern.index:
            exclusion, reason = CONCERN, f"country of concern ({concern.get(code, concern.get(state))})"
        elif state in in_force.index:
            exclusion, reason = SANCTIONS, f"under comprehensive US sanctions ({in_force[state]})"
        elif score != score:
            exclusion, reason = NO_SCORE, "no EIU Democracy Index score, so the governance screen cannot be applied"
        elif score < MIN_CANDIDATE_SCORE:
            exclusion, reason = GOVERNANCE, (f"EIU Democracy Index {score:.2f} in {year}, below "
                                             f"{MIN_CANDIDATE_SCORE:g} (authoritarian regime)")
        rows.append({"country_iso3": code, "sovereign_iso3": state if state != code else "",
                     "democracy_score": score, "exclusion": exclusion, "excluded_reason": reason})
    return pd.DataFrame(rows, columns=["country_iso3", "sovereign_iso3", "democracy_score", "exclusion",
                                       "excluded_reason"])


def partnership_exclusion(screened, members, rule_threshold=None):
    """(exclusion, reason) per row of `screened` for one partnership: the screen's own reason, else a territory
    whose sovereign is a member, else (for a rule-based partnership, EIU score above `rule_threshold`) a score
    that fails the rule. Members themselves are not screened."""
    exclusion, reason = [], []
    # Row by row: a country page screens one country against each partnership, where a frame's masks and
    # assignments would cost a hundred times the test itself.
    for own, why, sovereign, score in zip(screened["exclusion"], screened["excluded_reason"],
                                          screened["sovereign_iso3"], screened["democracy_score"]):
        if own == "" and sovereign in members:
            own, why = TERRITORY, (f"territory of {country_name(sovereign)}, a member: never offered to its "
                                   "sovereign's partnerships")
        elif own == "" and rule_threshold is not None and not score > rule_threshold:
            own, why = FAILS_RULE, f"fails the partnership's own rule: EIU score {score:.2f}, not above {rule_threshold:g}"
        exclusion.append(own)
        reason.append(why)
    return (pd.Series(exclusion, index=screened.index, dtype=screened["exclusion"].dtype),
            pd.Series(reason, index=screened.index, dtype=screened["excluded_reason"].dtype))
