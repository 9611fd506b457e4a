"""The bracket as the pages lay it out: placed by the draw, and what fans look for first."""
import datetime

from europa.bracket import Bracket, KeyDate
from europa.models import Competition


def test_each_tie_sits_beside_the_ties_that_feed_it(draw):
    bracket = Bracket(draw)
    assert [[t.code for t in r.bracket_ties] for r in bracket.rounds] == [
        ["QF4", "QF2", "QF1", "QF3"], ["SF1", "SF2"], ["F"],
    ]
    quarter_finals = bracket.rounds[0]
    assert [([t.code for t in p.ties], p.next_tie.code) for p in quarter_finals.pairs] == [
        (["QF4", "QF2"], "SF1"), (["QF1", "QF3"], "SF2"),
    ]
    assert [(p.next_tie, len(p.ties)) for p in bracket.rounds[2].pairs] == [(None, 1)]


def test_feeders_and_next_ties(draw):
    bracket = Bracket(draw)
    assert [t.code for t in bracket.feeders(bracket.tie("SF1"))] == ["QF4", "QF2"]
    assert [t.code for t in bracket.next_ties(bracket.tie("QF3"))] == ["SF2"]
    assert bracket.next_ties(bracket.tie("F")) == []


def test_next_key_date_moves_on_as_legs_are_played(play):
    assert Bracket(_competition()).next_key_date() == KeyDate(
        "Quarter-finals, first legs", datetime.date(2024, 4, 11))
    for code in ("QF1", "QF2", "QF3", "QF4"):
        play(code, 1, 1, 0)
    assert Bracket(_competition()).next_key_date() == KeyDate(
        "Quarter-finals, second legs", datetime.date(2024, 4, 18))


def test_live_ties_and_the_champion(play):
    play("QF1", 1, 0, 0, status="live")
    bracket = Bracket(_competition())
    assert [t.code for t in bracket.live_ties()] == ["QF1"]
    assert bracket.champion() is None and not bracket.all_decided()


def test_teams_in_draw_order(draw):
    assert [t.name for t in Bracket(draw).teams()][:3] == ["AC Milan", "Roma", "Liverpool"]
    assert Bracket(draw).team("west-ham-united").name == "West Ham United"
    assert Bracket(draw).team("real-madrid") is None


def test_the_bracket_is_read_in_three_queries(draw, django_assert_num_queries):
    with django_assert_num_queries(3):  # rounds, ties with teams and feeders, legs
        bracket = Bracket(draw)
        bracket.next_key_date(), bracket.champion(), bracket.all_decided(), bracket.teams()


def _competition():
    return Competition.objects.get()
