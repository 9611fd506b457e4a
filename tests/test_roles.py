"""Editors and administrators: what an editor's account can do in the real admin, and
`manage.py create_editor`, which makes one."""
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from europa.accounts import create_editor
from europa.models import Competition, Leg, Team, Tie
from tests.test_admin import change_url, finished, tie_form


@pytest.fixture
def editor(db):
    user, _ = create_editor("sam")
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_the_editors_group_enters_results_and_sees_the_rest(editor):
    # Exactly this, and nothing else: no deleting, no accounts.
    assert editor.get_all_permissions() == {
        "europa.add_tie", "europa.change_tie", "europa.view_tie",
        "europa.add_leg", "europa.change_leg", "europa.view_leg",
        "europa.view_competition", "europa.view_round", "europa.view_team",
        "europa.view_historicaltie", "europa.view_historicalleg",
    }


def test_editor_enters_a_result_on_the_tie_page(editor_client, draw):
    qf2 = Tie.objects.get(code="QF2")
    assert editor_client.get(change_url(qf2)).status_code == 200
    response = editor_client.post(change_url(qf2), tie_form(qf2, leg1=finished(0, 3), leg2=finished(0, 1)))
    assert response.status_code == 302
    assert Leg.objects.get(tie=qf2, number=2).away_goals == 1
    assert Tie.objects.get(code="SF1").away.name == "Atalanta"


@pytest.mark.parametrize("url", ["/admin/europa/tie/", "/admin/europa/leg/"])
def test_editor_opens_the_lists_of_ties_and_legs(editor_client, draw, url):
    assert editor_client.get(url).status_code == 200


def test_editor_sees_teams_and_competitions_but_cannot_change_or_delete_them(editor_client, draw):
    team = Team.objects.get(name="Liverpool")
    competition = Competition.objects.get()
    rounds = list(competition.rounds.values())
    for url in (f"/admin/europa/team/{team.pk}/change/", f"/admin/europa/competition/{competition.pk}/change/"):
        page = editor_client.get(url)
        html = page.content.decode()
        assert page.status_code == 200 and 'name="_save"' not in html and "/delete/" not in html
        assert editor_client.post(url, {"name": "Renamed"}).status_code == 403
        assert editor_client.post(url.replace("/change/", "/delete/"), {"post": "yes"}).status_code == 403
    # The rounds show on the competition's page, read only.
    assert "Quarter-finals" in html and 'name="rounds-0-name"' not in html
    assert Team.objects.get(pk=team.pk).name == "Liverpool"
    assert list(competition.rounds.values()) == rounds


@pytest.mark.parametrize("url", ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"])
def test_editor_cannot_manage_accounts(editor_client, url):
    assert editor_client.get(url).status_code == 403


def sign_in(client, username, password):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def test_create_editor_prints_a_password_that_signs_in(client, db):
    out = StringIO()
    call_command("create_editor", "alex", stdout=out)
    password = out.getvalue().split("Password: ")[1].split()[0]
    user = get_user_model().objects.get(username="alex")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.all()) == [Group.objects.get(name="Editors")]
    assert len(password) >= 20 and not user.password.endswith(password)
    response = sign_in(client, "alex", password)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_create_editor_refuses_a_name_that_exists(db):
    call_command("create_editor", "alex", stdout=StringIO())
    before = get_user_model().objects.get(username="alex").password
    with pytest.raises(CommandError, match="An account named 'alex' exists already; nothing changed"):
        call_command("create_editor", "alex", stdout=StringIO())
    assert get_user_model().objects.get(username="alex").password == before


def test_create_editor_refuses_a_name_nobody_could_type(db):
    with pytest.raises(CommandError, match="cannot be a user name"):
        call_command("create_editor", "alex smith", stdout=StringIO())
    assert not get_user_model().objects.exists()
