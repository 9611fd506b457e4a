"""Any club's name: written as the club writes it and shown so everywhere, with a slug made
from it by one rule (for the admin and competition files alike), unique, and never changed
once made, because ?team= links are shared."""
import json

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from europa import competition_file
from europa.models import Team
from europa.slugs import slug_from_name
from tests.conftest import DRAW
from tests.test_competition_format import readme_example


@pytest.mark.parametrize("name, slug", [
    ("Fenerbahçe", "fenerbahce"),
    ("Viktoria Plzeň", "viktoria-plzen"),
    ("Atlético Madrid", "atletico-madrid"),
    ("Beşiktaş", "besiktas"),
    ("Malmö", "malmo"),
    ("İstanbul Başakşehir", "istanbul-basaksehir"),
    # Letters Unicode does not split into a letter and an accent.
    ("København", "kobenhavn"),
    ("Brøndby", "brondby"),
    ("Ærø", "aero"),
    ("Großaspach", "grossaspach"),
    ("Łódź", "lodz"),
    ("Đakovo", "dakovo"),
    ("Bodø/Glimt", "bodo-glimt"),
    ("St. Patrick's Athletic", "st-patricks-athletic"),
    ("東京", "team"),
])
def test_a_slug_is_the_name_in_plain_letters(name, slug):
    assert slug_from_name(name) == slug


def test_a_team_needs_only_a_name_and_a_country(db):
    team = Team.objects.create(name="Fenerbahçe", country="TUR")
    assert (team.short_name, team.slug) == ("Fenerbahçe", "fenerbahce")


def test_a_slug_taken_gets_a_number(db):
    made = [Team.objects.create(name=name, country="TUR").slug for name in ("Fenerbahçe", "Fenerbahce", "FENERBAHÇE")]
    assert made == ["fenerbahce", "fenerbahce-2", "fenerbahce-3"]


def test_a_slug_never_changes_once_made(db):
    team = Team.objects.create(name="Malmo", country="SWE")
    team.name = "Malmö"
    team.save()
    assert Team.objects.get(pk=team.pk).slug == "malmo"
    # The database refuses a change from any writer, not only the admin.
    with pytest.raises(IntegrityError, match="team_slug_never_changes"), transaction.atomic():
        Team.objects.filter(pk=team.pk).update(slug="malmo-ff")
    assert Team.objects.get(pk=team.pk).slug == "malmo"


@pytest.mark.parametrize("field", ["short_name", "slug"])
def test_the_database_keeps_a_short_name_and_a_slug(db, field):
    team = Team.objects.create(name="Roma", country="ITA")
    with pytest.raises(IntegrityError), transaction.atomic():
        Team.objects.filter(pk=team.pk).update(**{field: ""})


def test_an_editor_adds_a_team_with_a_name_and_a_country(admin_client):
    page = admin_client.get(reverse("admin:europa_team_add")).content.decode()
    # The admin's JavaScript would spell the slug its own way: Team.save() makes it instead.
    assert 'data-prepopulated-fields="[]"' in page
    response = admin_client.post(reverse("admin:europa_team_add"), {
        "name": "Viktoria Plzeň", "short_name": "", "country": "CZE", "slug": "",
    })
    assert response.status_code == 302
    assert Team.objects.filter(name="Viktoria Plzeň", short_name="Viktoria Plzeň", slug="viktoria-plzen").exists()


def test_an_editor_sees_a_made_slug_but_cannot_change_it(admin_client, db):
    team = Team.objects.create(name="Beşiktaş", country="TUR")
    url = reverse("admin:europa_team_change", args=[team.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="slug"' not in page and "besiktas" in page
    response = admin_client.post(url, {"name": "Beşiktaş JK", "short_name": "Beşiktaş", "country": "TUR",
                                       "slug": "bjk"})
    assert response.status_code == 302
    assert Team.objects.get(pk=team.pk).slug == "besiktas"


def test_a_long_name_needs_a_short_one(admin_client):
    response = admin_client.post(reverse("admin:europa_team_add"), {
        "name": "Borussia Verein für Leibesübungen 1900 Mönchengladbach", "country": "GER",
        "short_name": "", "slug": "",
    })
    assert "The name is longer than 30 letters" in response.content.decode()
    assert not Team.objects.exists()


def test_a_file_keeps_the_slug_of_a_team_already_there(db):
    Team.objects.create(name="Roma", country="ITA", slug="as-roma")
    competition_file.load(competition_file.read(DRAW))
    assert Team.objects.get(name="Roma").slug == "as-roma"
    assert Team.objects.get(name="AC Milan").slug == "ac-milan"


NAMES = ["Viktoria Plzeň", "Plzeň", "Fenerbahçe", "Malmö", "Beşiktaş"]


@pytest.fixture
def example(db):
    competition_file.load(competition_file.parse(readme_example(), "example.toml"))
    return "/competitions/example-cup-2030-31/"


def test_names_are_shown_as_written_on_the_pages(client, example):
    html = client.get(example).content.decode() + client.get(example + "ties/SF1/").content.decode()
    for name in NAMES:
        assert name in html
    assert "?team=viktoria-plzen" in html


def test_names_are_written_as_written_in_the_json_and_the_calendar(client, example):
    data = json.dumps(client.get(example + "bracket.json").json(), ensure_ascii=False)
    calendar = client.get(example + "fixtures.ics").content.decode().replace("\r\n ", "")
    for name in ["Viktoria Plzeň", "Fenerbahçe", "Malmö", "Beşiktaş"]:
        assert name in data and name in calendar


def test_names_are_shown_as_written_in_the_admin(admin_client, example):
    html = admin_client.get(reverse("admin:europa_team_changelist")).content.decode()
    for name in NAMES:
        assert name in html


def test_a_long_name_gives_a_slug_that_fits_with_its_number(db):
    # 80 letters, the most a name has: its slug is cut to leave room for "-2", at a word's end.
    first, second = (Team.objects.create(name="A" * 75 + end, short_name="A", country="POL")
                     for end in (" Łódź", " Lodz"))
    assert (first.slug, second.slug) == ("a" * 75, "a" * 75 + "-2")
