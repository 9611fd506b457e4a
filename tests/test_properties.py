"""Property tests: whatever an editor or a tampered request sends to the admin's forms (the
tie's change form, the match-night screen and its actions), the answer is never a 5xx and
no row breaks a rule. Examples are bounded so the suite stays fast
(hypothesis shrinks any failure to the smallest POST that shows it)."""
from contextlib import contextmanager

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from europa import rules
from europa.models import MAX_GOALS, MAX_TIES_IN_A_ROUND, SCORE_FIELDS, Leg, Tie
from tests.test_admin import change_url, tie_form
from tests.test_match_night import act, edit, leg, page_form, row, save, url

EXAMPLES = settings(
    max_examples=50, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What a field may receive: mostly what a browser sends, some of what a script might.
goals = st.one_of(
    st.integers(min_value=0, max_value=3).map(str),
    st.integers(min_value=97, max_value=101).map(str),
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


@contextmanager
def each_example_from_the_draw():
    """Start every example from the draw as loaded, whatever the one before stored."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def assert_every_row_keeps_the_rules():
    for tie in Tie.objects.select_related("round__competition").prefetch_related("legs"):
        assert 1 <= tie.position <= MAX_TIES_IN_A_ROUND
        legs = [leg.as_score() for leg in tie.ordered_legs]
        assert rules.problems(legs, tie.round.legs, tie.round.competition.away_goals_rule) == [], tie
    for stored in Leg.objects.all():
        for value in (stored.home_goals, stored.away_goals, stored.home_penalties, stored.away_penalties):
            assert value is None or 0 <= value <= MAX_GOALS


@pytest.mark.parametrize("code", ["QF2", "QF4"])
@EXAMPLES
@given(first=leg_fields, second=st.one_of(st.just({}), st.just({}), leg_fields), tie_values=tie_fields)
def test_the_tie_change_form_never_fails_and_never_stores_a_broken_row(
    admin_client, draw, code, first, second, tie_values,
):
    with each_example_from_the_draw():
        tie = Tie.objects.get(code=code)
        data = tie_form(tie, leg1=first, leg2=second)
        data.update(tie_values)
        data = {key: value for key, value in data.items() if value is not None}
        response = admin_client.post(change_url(tie), data)
        assert response.status_code < 500
        assert_every_row_keeps_the_rules()


@EXAMPLES
@given(
    rows=st.lists(st.tuples(st.sampled_from(["QF2-1", "QF2-2", "QF4-2", "F-1"]), leg_fields), min_size=1, max_size=3),
    action=st.sampled_from([None, "kick_off", "full_time", "kick_off", "delete_selected", "bogus"]),
    revision=st.sampled_from([None, "x", "", "-1", "99999"]),
)
def test_the_match_night_screen_never_fails_and_never_stores_a_broken_row(admin_client, draw, rows, action, revision):
    """The page's own form, changed row by row as an editor (or a script) might, then saved
    or sent with an action over the rows it changed."""
    with each_example_from_the_draw():
        data = page_form(admin_client, url(day="all"))
        touched = []
        for which, values in rows:
            code, number = which.split("-")
            of_leg = leg(code, int(number))
            edit(data, of_leg, **{key: value for key, value in values.items() if key in SCORE_FIELDS})
            if revision is not None:
                data[f"{row(data, of_leg)}-held_revision"] = revision
            touched.append(of_leg)
        if action is None:
            response = save(admin_client, data, url(day="all"))
        else:
            response = act(admin_client, data, action, *touched, address=url(day="all"))
        assert response.status_code < 500
        assert_every_row_keeps_the_rules()
