"""Property tests: whatever an editor or a tampered request sends to the admin's forms, the
answer is never a 5xx and no row breaks a rule. Examples are bounded so the suite stays fast
(hypothesis shrinks any failure to the smallest POST that shows it)."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from europa import rules
from europa.models import MAX_GOALS, MAX_TIES_IN_A_ROUND, Leg, Tie
from tests.test_admin import change_url, tie_form

EXAMPLES = settings(
    max_examples=50, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What a field may receive: mostly what a browser sends, some of what a script might.
goals = st.one_of(
    st.integers(min_value=0, max_value=3).map(str),
    st.integers(min_value=97, max_value=101).map(str),
    st.integers(min_value=-3, max_value=2**40).map(str),
    st.sampled_from(["", " 1", "1.5", "abc", "٣", "1e3", "0x10", "-0", "NaN"]),
)
status = st.sampled_from(["live", "finished", "scheduled", "", "bogus", "LIVE"])
ticked = st.sampled_from([None, "on", "", "false"])
day = st.one_of(st.dates().map(str), st.sampled_from(["", "2024-02-30", "yesterday", "2024-04-18"]))
leg_fields = st.fixed_dictionaries({"status": status, "home_goals": goals, "away_goals": goals}, optional={
    "extra_time": ticked, "home_penalties": goals, "away_penalties": goals, "date": day,
    "kickoff": st.sampled_from(["", "21:00", "24:00", "9pm"]),
})
tie_fields = st.fixed_dictionaries({}, optional={
    "position": st.one_of(st.integers(-1, 100).map(str), st.just("x")),
    "home": st.sampled_from(["", "1", "abc", "99999"]),
    "held_revision": st.sampled_from(["", "-1", "x", "99999"]),
    "notes": st.text(max_size=40),
})


def assert_every_row_keeps_the_rules():
    for tie in Tie.objects.select_related("round__competition").prefetch_related("legs"):
        assert 1 <= tie.position <= MAX_TIES_IN_A_ROUND
        legs = [leg.as_score() for leg in tie.ordered_legs]
        assert rules.problems(legs, tie.round.legs, tie.round.competition.away_goals_rule) == [], tie
    for leg in Leg.objects.all():
        for value in (leg.home_goals, leg.away_goals, leg.home_penalties, leg.away_penalties):
            assert value is None or 0 <= value <= MAX_GOALS


@pytest.mark.parametrize("code", ["QF2", "F"])
@EXAMPLES
@given(first=leg_fields, second=st.one_of(st.just({}), leg_fields), tie_values=tie_fields)
def test_the_tie_change_form_never_fails_and_never_stores_a_broken_row(
    admin_client, draw, code, first, second, tie_values,
):
    tie = Tie.objects.get(code=code)
    data = tie_form(tie, leg1=first, leg2=second)
    data.update(tie_values)
    data = {key: value for key, value in data.items() if value is not None}
    response = admin_client.post(change_url(tie), data)
    assert response.status_code < 500
    assert_every_row_keeps_the_rules()
