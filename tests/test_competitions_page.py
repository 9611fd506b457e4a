"""The list of competitions, and which one the home page shows."""
import logging

import pytest

from europa import competition_file

LIST = "/competitions/"


def cup(slug, season, day, name="Cup"):
    """A one-match competition, its final on `day` between two teams of its own."""
    teams = [{"name": f"{slug} {side}", "short_name": side, "country": "ESP", "slug": f"{slug}-{side}"}
             for side in ("home", "away")]
    competition_file.load({
        "competition": {"name": name, "season": season, "slug": slug},
        "teams": teams,
        "rounds": [{"code": "F", "name": "Final", "legs": 1, "dates": [day],
                    "ties": [{"code": "CF", "home": teams[0]["name"], "away": teams[1]["name"]}]}],
    })


def card(html, title):
    start = html.index(f">{title}</a>")
    return html[start:html.index("</li>", start)]


def test_the_list_links_each_competition_with_its_stage_and_champion(client, play):
    cup("cup-2022-23", "2022/23", "2023-06-01")
    html = client.get(LIST).content.decode()
    assert 'href="/competitions/europa-league-2023-24/">UEFA Europa League 2023/24</a>' in html
    assert 'href="/competitions/cup-2022-23/">Cup 2022/23</a>' in html
    assert "<dt>Stage reached</dt><dd>Not started</dd>" in card(html, "UEFA Europa League 2023/24")
    assert "Champions" not in html

    for code in ("QF2", "QF4"):
        play(code, 1, 0, 3)
        play(code, 2, 0, 1)
    play("SF1", 1, 0, 0, status="live")
    html = client.get(LIST).content.decode()
    assert "<dt>Stage reached</dt><dd>Semi-finals</dd>" in card(html, "UEFA Europa League 2023/24")
    assert "<dt>Stage reached</dt><dd>Not started</dd>" in card(html, "Cup 2022/23")

    play("CF", 1, 1, 0)  # the cup's final
    html = client.get(LIST).content.decode()
    assert "<dt>Champions</dt><dd>cup-2022-23 home</dd>" in card(html, "Cup 2022/23")
    assert "<dt>Stage reached</dt><dd>Final</dd>" in card(html, "Cup 2022/23")


def test_the_list_says_when_there_is_none(client, db):
    assert "No competitions yet." in client.get(LIST).content.decode()


def test_the_list_takes_the_same_queries_for_one_competition_or_three(client, play, django_assert_num_queries):
    play("QF1", 1, 1, 0)
    with django_assert_num_queries(4):  # competitions, rounds, ties with teams, legs
        assert client.get(LIST).status_code == 200
    cup("cup-2022-23", "2022/23", "2023-06-01")
    cup("cup-2024-25", "2024/25", "2025-06-01")
    with django_assert_num_queries(4):
        html = client.get(LIST).content.decode()
    assert html.count('class="competition"') == 3


def test_the_bracket_links_to_the_list(client, draw):
    assert f'<a href="{LIST}">All competitions</a>' in client.get("/").content.decode()


def test_home_shows_the_competition_with_the_latest_leg(client, draw):
    # Same season, loaded first, but its final is played after the Europa League's.
    cup("cup-2023-24", "2023/24", "2024-06-01")
    assert "<h1>Cup</h1>" in client.get("/").content.decode()
    # A season set up ahead, with no ties yet, does not take the front page.
    competition_file.load({"competition": {"name": "Next", "season": "2024/25", "slug": "next"},
                           "rounds": [{"code": "F", "name": "Final", "legs": 1, "dates": []}]})
    assert "<h1>Cup</h1>" in client.get("/").content.decode()


@pytest.fixture
def two_competitions(draw):
    cup("cup-2023-24", "2023/24", "2024-06-01")


def test_the_setting_chooses_the_home_page_competition(client, two_competitions, settings):
    settings.EUROPA_CURRENT_COMPETITION = "europa-league-2023-24"
    assert "<h1>UEFA Europa League</h1>" in client.get("/").content.decode()


def test_an_unknown_competition_in_the_setting_falls_back_and_says_so(client, two_competitions, settings, caplog):
    settings.EUROPA_CURRENT_COMPETITION = "europa-league-2032-33"
    with caplog.at_level(logging.WARNING, logger="europa.views"):
        response = client.get("/")
    assert response.status_code == 200
    assert "<h1>Cup</h1>" in response.content.decode()
    assert "EUROPA_CURRENT_COMPETITION='europa-league-2032-33' is no competition; showing Cup 2023/24." in caplog.text
