"""A new competition set up in the admin alone: the competition and its rounds with their
dates, teams, then ties with where each side comes from; the admin refuses a draw that is
not a bracket, and the bracket page shows what was set up."""
import pytest
from django.core.exceptions import ValidationError

from europa.models import Competition, Leg, Round, Team, Tie


def add_competition(client):
    response = client.post("/admin/europa/competition/add/", {
        "name": "Conference League", "season": "2030/31", "slug": "conference-2030-31",
        "time_zone": "Europe/Paris",
        "rounds-TOTAL_FORMS": 2, "rounds-INITIAL_FORMS": 0, "rounds-MIN_NUM_FORMS": 0,
        "rounds-MAX_NUM_FORMS": 1000,
        "rounds-0-order": 1, "rounds-0-code": "SF", "rounds-0-name": "Semi-finals", "rounds-0-legs": 2,
        "rounds-0-first_leg_date": "2031-05-01", "rounds-0-second_leg_date": "2031-05-08",
        "rounds-1-order": 2, "rounds-1-code": "F", "rounds-1-name": "Final", "rounds-1-legs": 1,
        "rounds-1-first_leg_date": "2031-05-28", "rounds-1-second_leg_date": "",
    })
    assert response.status_code == 302, response.content.decode()
    return Competition.objects.get(slug="conference-2030-31")


def add_tie(client, round, code, position, **sides):
    data = {"round": round.pk, "code": code, "position": position, "held_revision": 0,
            "venue": "", "notes": "", "home": "", "away": "", "home_from": "", "away_from": ""}
    data.update({side: value.pk for side, value in sides.items()})
    return client.post("/admin/europa/tie/add/", data)


@pytest.fixture
def teams(db):
    return [
        Team.objects.create(name=name, short_name=name, country=country, slug=name.lower())
        for name, country in [("Fiorentina", "ITA"), ("Brugge", "BEL"), ("Olympiacos", "GRE"), ("Aston Villa", "ENG")]
    ]


def test_an_editor_sets_up_a_competition_and_its_ties_get_their_legs(admin_client, teams, client):
    competition = add_competition(admin_client)
    semis, final = competition.rounds.order_by("order")
    assert add_tie(admin_client, semis, "SF1", 1, home=teams[0], away=teams[1]).status_code == 302
    assert add_tie(admin_client, semis, "SF2", 2, home=teams[2], away=teams[3]).status_code == 302
    sf1, sf2 = Tie.objects.filter(round=semis).order_by("position")
    assert add_tie(admin_client, final, "F", 1, home_from=sf1, away_from=sf2).status_code == 302

    assert [(leg.number, str(leg.date)) for leg in Leg.objects.filter(tie=sf1).order_by("number")] == [
        (1, "2031-05-01"), (2, "2031-05-08"),
    ]
    assert [str(leg.date) for leg in Leg.objects.filter(tie__code="F", tie__round=final)] == ["2031-05-28"]
    html = client.get(competition.get_absolute_url()).content.decode()
    assert "Fiorentina" in html and "Fiorentina or Brugge" in html


@pytest.fixture
def set_up(admin_client, teams):
    competition = add_competition(admin_client)
    semis, final = competition.rounds.order_by("order")
    add_tie(admin_client, semis, "SF1", 1, home=teams[0], away=teams[1])
    add_tie(admin_client, semis, "SF2", 2, home=teams[2], away=teams[3])
    return competition


def test_a_tie_added_before_its_rounds_dates_says_to_enter_them(admin_client, set_up):
    extra = Round.objects.create(competition=set_up, code="PO", name="Play-off", order=3, legs=1)
    response = add_tie(admin_client, extra, "PO1", 1)
    assert "Enter the dates of Play-off first" in response.content.decode()
    assert not Tie.objects.filter(code="PO1").exists()


@pytest.mark.parametrize("sources, message", [
    (("SF1", "SF1"), "Both sides cannot come from the same tie."),
    (("SF1", None), None),
])
def test_a_tie_fed_twice_by_one_tie_is_refused(admin_client, set_up, sources, message):
    final = set_up.rounds.get(code="F")
    ties = {tie.code: tie for tie in Tie.objects.filter(round__competition=set_up)}
    sides = {side: ties[code] for side, code in zip(("home_from", "away_from"), sources, strict=True) if code}
    response = add_tie(admin_client, final, "F", 1, **sides)
    if message:
        assert message in response.content.decode()
        assert not Tie.objects.filter(round=final).exists()
    else:
        assert response.status_code == 302


def test_a_winner_goes_to_one_place_only(admin_client, set_up):
    final = set_up.rounds.get(code="F")
    sf1 = Tie.objects.get(round__competition=set_up, code="SF1")
    add_tie(admin_client, final, "F", 1, home_from=sf1)
    response = add_tie(admin_client, final, "F2", 2, away_from=sf1)
    assert "SF1&#x27;s winner already goes to F." in response.content.decode()
    assert not Tie.objects.filter(code="F2").exists()


def test_a_tie_is_fed_only_by_the_round_just_before(admin_client, set_up):
    extra = Round.objects.create(competition=set_up, code="X", name="Extra", order=3, legs=1,
                                 first_leg_date="2031-06-01")
    sf1 = Tie.objects.get(round__competition=set_up, code="SF1")
    response = add_tie(admin_client, extra, "X1", 1, home_from=sf1)
    assert "Pick a tie from the round just before this one." in response.content.decode()
    # Nor from a later round, or the same one: no tie can feed itself round the bracket.
    semis = set_up.rounds.get(code="SF")
    response = add_tie(admin_client, semis, "SF3", 3, home_from=sf1)
    assert "Pick a tie from the round just before this one." in response.content.decode()


def test_a_tie_from_another_competition_is_refused(admin_client, set_up, draw):
    final = set_up.rounds.get(code="F")
    response = add_tie(admin_client, final, "F", 1, home_from=Tie.objects.get(code="QF1"))
    assert "Pick a tie from the same competition." in response.content.decode()


def test_a_one_match_round_has_no_second_date(admin_client, set_up):
    final = set_up.rounds.get(code="F")
    final.second_leg_date = "2031-06-04"
    with pytest.raises(ValidationError, match="A one-match round has no second legs."):
        final.full_clean()


@pytest.mark.parametrize("zone", ["Europe/Atlantis", "../etc/passwd", "UTC/"])
def test_a_time_zone_that_is_none_is_refused_in_the_editors_words(admin_client, set_up, zone):
    # Every page and kick-off time of the competition is written in its zone: a name no zone
    # has would take them all down.
    url = f"/admin/europa/competition/{set_up.pk}/change/"
    data = {
        "name": set_up.name, "season": set_up.season, "slug": set_up.slug, "time_zone": zone,
        "rounds-TOTAL_FORMS": 0, "rounds-INITIAL_FORMS": 0, "rounds-MIN_NUM_FORMS": 0, "rounds-MAX_NUM_FORMS": 1000,
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Use a zone name such as Europe/Paris." in response.context["adminform"].form.errors["time_zone"]
    assert Competition.objects.get(pk=set_up.pk).time_zone == "Europe/Paris"


def test_a_tie_code_is_used_once_in_a_competition(admin_client, set_up):
    # The database only keeps codes apart within a round; a tie's address (/ties/SF1/) and
    # the competition's file name ties by code across rounds.
    final = set_up.rounds.get(code="F")
    response = add_tie(admin_client, final, "SF1", 1)
    assert "The competition already has a tie SF1." in response.context["adminform"].form.errors["code"]
    assert not Tie.objects.filter(round=final).exists()
