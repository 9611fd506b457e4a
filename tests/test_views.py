"""Fans' pages and bracket.json: what they show, the live fragment, and their query counts."""
import datetime

import pytest
from django.urls import reverse

from europa import live
from europa.models import Leg, Round, Team, Tie

BRACKET = "/competitions/europa-league-2023-24/"


def test_home_shows_the_current_competitions_bracket(client, draw):
    response = client.get("/")
    assert response.status_code == 200
    assert b"UEFA Europa League" in response.content
    assert b'id="tie-QF1"' in response.content


def test_home_without_any_competition_says_how_to_load_one(client, db):
    response = client.get("/")
    assert response.status_code == 404
    assert b"load_competition" in response.content


def test_bracket_shows_the_draw(client, draw):
    html = client.get(BRACKET).content.decode()
    for name in ["AC Milan", "Roma", "Liverpool", "Atalanta", "Bayer Leverkusen",
                 "West Ham United", "Benfica", "Marseille"]:
        assert name in html
    for code in ["ITA", "ENG", "GER", "POR", "FRA"]:
        assert f'<span class="side__country">{code}</span>' in html
    assert "Benfica or Marseille" in html and "Liverpool or Atalanta" in html
    final = html[html.index('id="tie-F"'):]
    assert '<time datetime="2024-05-22">22 May</time> · Dublin' in final
    # QF4 and QF2 are drawn beside SF1: they come first in the quarter-final column.
    assert html.index('id="tie-QF4"') < html.index('id="tie-QF2"') < html.index('id="tie-QF1"')


def test_bracket_shows_scores_aggregate_extra_time_and_penalties(client, play):
    play("QF4", 1, 2, 1)                       # Benfica 2–1 Marseille
    play("QF4", 2, 1, 0, extra_time=True, home_penalties=4, away_penalties=2)
    html = client.get(BRACKET).content.decode()
    card = html[html.index('id="tie-QF4"'):html.index('id="tie-QF2"')]
    assert "agg. 2–2" in card and "a.e.t." in card and "(2–4 p)" in card
    assert 'side side--won"' not in card.split("Marseille")[0]  # Benfica is not the winner
    assert "Marseille win 4–2 on penalties after 2–2 on aggregate" in card
    sf1 = html[html.index('id="tie-SF1"'):html.index('id="tie-SF2"')]
    assert "Marseille" in sf1 and "Benfica or Marseille" not in sf1


def test_htmx_poll_gets_only_the_bracket_fragment(client, draw):
    response = client.get(BRACKET, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="bracket"')
    assert "<html" not in html and "<h1>" not in html
    # Accept-Language too: an address without a language prefix speaks the reader's.
    assert response["Vary"] == "HX-Request, Accept-Encoding, Accept-Language"


def test_bracket_polls_often_while_a_leg_is_live(client, play, settings):
    settings.EUROPA_POLL_SECONDS, settings.EUROPA_LIVE_POLL_SECONDS = 60, 5
    assert 'hx-trigger="every 60s, seen"' in client.get(BRACKET).content.decode()
    play("QF1", 1, 0, 0, status="live")
    html = client.get(BRACKET).content.decode()
    assert 'hx-trigger="every 5s, seen"' in html
    assert '<span class="badge badge--live">Live</span>' in html


def test_unknown_competition_and_tie_are_404(client, draw):
    assert client.get("/competitions/nope/").status_code == 404
    assert client.get("/competitions/nope/bracket.json").status_code == 404
    assert client.get(BRACKET + "ties/QF9/").status_code == 404


def test_tie_page_shows_both_legs_notes_and_where_the_winner_goes(client, play):
    play("QF2", 1, 0, 3)
    play("QF2", 2, 0, 1)
    html = client.get(BRACKET + "ties/QF2/").content.decode()
    assert "Atalanta win 3–1 on aggregate" in html
    assert "Thursday 11 April 2024" in html and "Thursday 18 April 2024" in html
    assert "Liverpool winning 5-0 away in Bergamo" in html
    assert 'href="/competitions/europa-league-2023-24/ties/SF1/"' in html


def test_final_tie_page_links_back_to_both_semi_finals(client, draw):
    html = client.get(BRACKET + "ties/F/").content.decode()
    assert "Dublin" in html and "Wednesday 22 May 2024" in html
    assert 'ties/SF1/"' in html and 'ties/SF2/"' in html
    assert html.index('ties/SF1/"') < html.index('ties/SF2/"')


def test_tie_page_fragment_for_htmx(client, draw):
    response = client.get(BRACKET + "ties/QF1/", headers={"HX-Request": "true"})
    assert response.content.decode().lstrip().startswith('<div id="tie"')


def test_bracket_json_shape(client, play):
    play("QF2", 1, 0, 3)
    play("QF2", 2, 0, 1)
    data = client.get(BRACKET + "bracket.json").json()
    assert data["competition"] == {
        "name": "UEFA Europa League", "season": "2023/24", "slug": "europa-league-2023-24",
    }
    assert [(r["code"], r["name"], r["legs"]) for r in data["rounds"]] == [
        ("QF", "Quarter-finals", 2), ("SF", "Semi-finals", 2), ("F", "Final", 1),
    ]
    qf2 = data["rounds"][0]["ties"][1]
    assert set(qf2) == {"code", "home", "away", "home_from", "away_from", "legs",
                        "aggregate", "winner", "decided_by", "status"}
    atalanta = {"name": "Atalanta", "short_name": "Atalanta", "country": "ITA"}
    assert qf2["aggregate"] == {"home": 1, "away": 3}
    assert qf2["winner"] == atalanta
    assert (qf2["decided_by"], qf2["status"]) == ("aggregate", "decided")
    second = qf2["legs"][1]
    assert set(second) == {"number", "date", "kickoff", "venue", "home", "away", "home_goals",
                           "away_goals", "extra_time", "home_penalties", "away_penalties", "status"}
    assert (second["home"], second["date"], second["kickoff"]) == (atalanta, "2024-04-18", None)
    sf1 = data["rounds"][1]["ties"][0]
    assert (sf1["home"], sf1["away"], sf1["home_from"], sf1["away_from"]) == (None, atalanta, "QF4", "QF2")
    assert (sf1["aggregate"], sf1["winner"], sf1["decided_by"], sf1["status"]) == (None, None, None, "scheduled")
    final = data["rounds"][2]["ties"][0]
    assert final["legs"][0]["venue"] == "Dublin"


def add_round_of_16(competition):
    """Eight more ties (and sixteen legs), to show the page's queries do not grow with them."""
    round = Round.objects.create(competition=competition, name="Round of 16", code="R16", order=0, legs=2)
    for n in range(1, 9):
        home = Team.objects.create(name=f"Home {n}", short_name=f"H{n}", country="ESP", slug=f"home-{n}")
        away = Team.objects.create(name=f"Away {n}", short_name=f"A{n}", country="NED", slug=f"away-{n}")
        tie = Tie.objects.create(round=round, code=f"R{n}", position=n, home=home, away=away)
        for number in (1, 2):
            Leg.objects.create(tie=tie, number=number, date=datetime.date(2024, 3, 7 + 7 * number))


# A first render: the competition, its rounds, ties with teams, legs; the home page first
# finds which competition is current. Before it, the competition's version (pages.kept):
# from the database with a per-process cache, from the shared cache once a save published it.
@pytest.mark.parametrize("path, queries", [
    (BRACKET, 4), (BRACKET + "bracket.json", 4), ("/", 5),
    (BRACKET + "ties/SF1/", 5),  # and the legs' history, for the corrections
])
def test_page_queries_do_not_grow_with_the_number_of_ties(
    client, play, path, queries, django_assert_num_queries, django_capture_on_commit_callbacks
):
    version_query = 0 if live.cache_is_shared() else 1
    play("QF1", 1, 1, 0)
    with django_assert_num_queries(queries + version_query) as before:
        client.get(path)
    with django_capture_on_commit_callbacks(execute=True):
        add_round_of_16(Tie.objects.first().round.competition)
    with django_assert_num_queries(len(before.captured_queries)):
        assert client.get(path).status_code == 200


def test_pages_only_answer_get(client, draw):
    assert client.post(BRACKET).status_code == 405
    assert reverse("bracket", args=["x"]) == "/competitions/x/"


@pytest.mark.parametrize("path", [
    "/", "/competitions/", BRACKET, BRACKET + "ties/QF1/", BRACKET + "bracket.json", BRACKET + "fixtures.ics",
])
def test_head_is_answered_wherever_get_is(client, draw, path):
    """Uptime monitors and link checkers ask with HEAD."""
    get, head = client.get(path), client.head(path)
    assert head.status_code == get.status_code == 200
    assert head["Content-Type"] == get["Content-Type"]


def test_a_played_leg_never_waits_for_its_kick_off_time(client, play):
    play("QF2", 1, 0, 3)
    html = client.get(BRACKET + "ties/QF2/").content.decode()
    first, second = html.split("Second leg", 1)
    assert "to be confirmed" not in first.split("First leg", 1)[1]
    assert "kick-off time to be confirmed" in second


def test_tie_page_lists_corrections_made_after_a_leg_was_finished(client, play):
    play("QF1", 1, 0, 0, status="live")
    play("QF1", 1, 1, 0, status="live")     # goals while live are not corrections
    play("QF1", 1, 1, 0)                    # full time
    assert "Corrections" not in client.get(BRACKET + "ties/QF1/").content.decode()
    play("QF1", 1, 1, 1)                    # the equaliser was given after all
    html = client.get(BRACKET + "ties/QF1/").content.decode()
    assert "<h2 id=\"corrections-title\">Corrections</h2>" in html
    assert "First leg: score corrected" in html and ": 1–0 → 1–1</li>" in html


@pytest.mark.parametrize("path", [
    "/competitions/nope/", "/competitions/nope/bracket.json", BRACKET + "ties/QF9/", "/nothing-here/",
    BRACKET + "ties/%C2%B2/",
])
def test_an_unknown_address_gets_the_sites_own_404(client, draw, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "There is no such page" in html and 'href="/competitions/"' in html
    assert "css/europa.css" in html  # styled as the rest of the site
