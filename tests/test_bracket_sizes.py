"""The bracket of any size, from a two-team final to a 64-team cup, as the server draws it:
the halves of the draw, short names for tight cards, the same few queries, a light page.
How it looks at each width is tested in the browser: e2e/test_bracket_sizes.py."""
import gzip
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from europa import live
from europa.bracket import Bracket, sides
from europa.models import Tie
from europa.rules import Side
from tools.sample_cups import SIZES, cup


def codes(pairs):
    return [[tie.code for tie in pair.ties] for pair in pairs]


@pytest.mark.parametrize("teams", SIZES)
def test_a_cup_has_the_rounds_and_ties_of_its_size(sample_cup, teams):
    bracket = Bracket(sample_cup(teams))
    assert [len(round.ties.all()) for round in bracket.rounds] == [teams // 2 ** n for n in range(1, teams.bit_length())]
    assert len(cup(teams)["teams"]) == teams


def test_the_halves_of_a_16_team_draw_meet_only_in_the_final(sample_cup):
    bracket = Bracket(sample_cup(16))
    assert bracket.halves
    r16, qf, sf, final = bracket.rounds
    assert [codes(half) for half in r16.halves] == [
        [["R16-1", "R16-2"], ["R16-3", "R16-4"]], [["R16-5", "R16-6"], ["R16-7", "R16-8"]],
    ]
    assert [codes(half) for half in qf.halves] == [[["QF1", "QF2"]], [["QF3", "QF4"]]]
    # The pair that feeds the final is cut in two, one semi-final in each half.
    assert [codes(half) for half in sf.halves] == [[["SF1"]], [["SF2"]]]
    assert all(pair.split and pair.next_tie.code == "F" for half in sf.halves for pair in half)
    assert [codes(half) for half in final.halves] == [[["F"]]]


def test_the_2023_24_draw_has_halves_in_the_order_it_was_drawn(draw):
    """SF1 is the winner of QF4 against the winner of QF2: QF4 is drawn first."""
    qf, sf, final = Bracket(draw).rounds
    assert [codes(half) for half in qf.halves] == [[["QF4", "QF2"]], [["QF1", "QF3"]]]
    assert [codes(half) for half in sf.halves] == [[["SF1"]], [["SF2"]]]


@pytest.mark.parametrize("teams", [2])
def test_one_round_has_no_halves(sample_cup, teams):
    bracket = Bracket(sample_cup(teams))
    assert not bracket.halves
    assert [codes(half) for half in bracket.rounds[0].halves] == [[["F"]]]


def test_a_draw_whose_ties_do_not_all_lead_to_the_final_is_drawn_in_one_half(sample_cup):
    """A tie that feeds nothing (an editor's work in progress) leaves no halves to face."""
    competition = sample_cup(8)
    Tie.objects.filter(round__competition=competition, code="SF2").update(home_from=None, away_from=None)
    bracket = Bracket(competition)
    assert not bracket.halves
    assert all(len(round.halves) == 1 for round in bracket.rounds)


def test_a_side_has_a_short_label_for_tight_cards(sample_cup):
    bracket = Bracket(sample_cup(16))
    first, later = bracket.tie("R16-1"), bracket.tie("QF1")
    assert first.side_label(Side.HOME, short=True) == "PSG"
    assert later.side_label(Side.HOME) == "Paris Saint-Germain or Borussia Dortmund"
    assert later.side_label(Side.HOME, short=True) == "PSG or Dortmund"
    # Two short names wrap between the teams, not inside one.
    assert bracket.tie("QF2").side_label(Side.HOME, short=True, unbroken=True) == "Atalanta or Union\N{NO-BREAK SPACE}SG"
    assert [row.label for row in sides(bracket.tie("QF2"))] == [
        "Atalanta\N{NO-BREAK SPACE}Bergamasca\N{NO-BREAK SPACE}Calcio or Royale\N{NO-BREAK SPACE}Union"
        "\N{NO-BREAK SPACE}Saint-Gilloise",
        "Brighton\N{NO-BREAK SPACE}&\N{NO-BREAK SPACE}Hove\N{NO-BREAK SPACE}Albion or Olympique"
        "\N{NO-BREAK SPACE}Lyonnais",
    ]


def test_the_page_gives_the_short_name_to_draw_and_the_full_name_to_read(client, sample_cup):
    sample_cup(16)
    html = client.get("/competitions/sample-cup-16/").content.decode()
    side = re.search(r'<a class="side__name"[^>]*>.*?</a>', html, re.S)[0]
    assert 'title="Paris Saint-Germain"' in side
    assert '<span class="side__full">Paris Saint-Germain</span>' in side
    assert '<span class="side__short" data-short="PSG" aria-hidden="true"></span>' in side
    # A name that is its own short name is written once.
    assert 'title="Real Madrid">Real Madrid</a>' in html and 'data-short="Real Madrid"' not in html


@pytest.mark.parametrize("teams", SIZES)
def test_the_page_says_how_many_rounds_and_whether_it_has_halves(client, sample_cup, teams):
    sample_cup(teams)
    html = client.get(f"/competitions/sample-cup-{teams}/").content.decode()
    region = re.search(r'<div id="bracket" class="live-region"[^>]*>', html)[0]
    assert f'data-rounds="{teams.bit_length() - 1}"' in region
    assert ("data-halves" in region) == (teams > 2)


@pytest.mark.parametrize("teams", SIZES)
def test_every_size_is_read_in_the_same_queries(client, draw, sample_cup, teams):
    sample_cup(teams)
    counts = []
    for slug in ("europa-league-2023-24", f"sample-cup-{teams}"):
        live.version(slug)
        with CaptureQueriesContext(connection) as cold:
            assert client.get(f"/competitions/{slug}/").status_code == 200
        counts.append(len(cold))
    assert counts[0] == counts[1], counts


def test_the_64_team_first_view_is_under_60_kb_compressed(client, sample_cup):
    """gzip, as the larger of the two (whitenoise keeps static files compressed both ways)."""
    sample_cup(64)
    page = client.get("/competitions/sample-cup-64/", headers={"Accept-Encoding": "gzip"})
    html = gzip.decompress(page.content).decode()
    assets = re.findall(r'<(?:script|link rel="stylesheet")[^>]* (?:src|href)="/static/([^"]+)"', html)
    sizes = [len(page.content)] + [len(gzip.compress(Path(finders.find(asset)).read_bytes(), 9)) for asset in assets]
    assert len(assets) == 3 and sum(sizes) <= 60 * 1024, dict(zip(["page", *assets], sizes, strict=True))
