"""The tie change page against what a tampered or careless POST sends, and what it costs:
a form error or a 400 and nothing stored, never a 500; a fixed number of queries."""
import pytest

from europa.models import Leg, Tie
from tests.test_admin import change_url, errors_of, finished, tie_form


@pytest.fixture
def qf2(draw):
    return Tie.objects.get(code="QF2")


TAMPERED = [
    pytest.param({"home": "abc"}, id="team not a number"),
    pytest.param({"home": "99999"}, id="no such team"),
    pytest.param({"home_from": "abc"}, id="source not a number"),
    pytest.param({"round": "abc"}, id="round not a number"),
    pytest.param({"position": "70000"}, id="place out of range"),
    pytest.param({"position": "0"}, id="place zero"),
    pytest.param({"held_revision": "-1"}, id="negative revision"),
    pytest.param(finished(2**40, 0), id="goals 2**40"),
    pytest.param(finished(999, 0), id="999 goals"),
    pytest.param(finished(100, 0), id="100 goals"),
    pytest.param({"status": "bogus"}, id="no such status"),
    pytest.param({"id": "abc"}, id="leg id not a number"),
    pytest.param({"date": "2024-13-45"}, id="no such date"),
    pytest.param({"kickoff": "25:99"}, id="no such time"),
    pytest.param({"legs-TOTAL_FORMS": "5"}, id="more legs than the tie has"),
    pytest.param({"legs-TOTAL_FORMS": "abc"}, id="broken management form"),
]


@pytest.mark.parametrize("tampered", TAMPERED)
def test_tampered_values_get_a_form_error_and_store_nothing(admin_client, qf2, tampered):
    before = (list(Leg.objects.values()), list(Tie.objects.values()))
    data = tie_form(qf2)
    for key, value in tampered.items():
        data[key if key.startswith(("legs-", "home", "away", "round", "position", "held")) else f"legs-0-{key}"] = value
    response = admin_client.post(change_url(qf2), data)
    assert response.status_code in (200, 400)
    assert (list(Leg.objects.values()), list(Tie.objects.values())) == before


def test_another_ties_leg_in_the_form_is_refused(admin_client, qf2):
    other = Leg.objects.get(tie__code="QF1", number=1)
    data = tie_form(qf2, leg1={"id": other.pk, **finished(3, 0)})
    response = admin_client.post(change_url(qf2), data)
    assert "These are not this tie's legs: reload the page and enter the scores again." in errors_of(response)
    assert Leg.objects.get(pk=other.pk).status == "scheduled"


def test_goals_are_zero_to_ninety_nine_in_the_editors_words(admin_client, qf2):
    response = admin_client.post(change_url(qf2), tie_form(qf2, leg1=finished(100, 0)))
    assert "Goals and penalties are at most 99." in errors_of(response)
    response = admin_client.post(change_url(qf2), tie_form(qf2, leg1=finished(99, 0)), follow=True)
    assert Leg.objects.get(tie=qf2, number=1).home_goals == 99


def test_each_leg_says_whose_goals_each_field_holds(admin_client, qf2):
    html = admin_client.get(change_url(qf2)).content.decode()
    first, second = html.split('id="legs-1"')
    assert "Liverpool (home)" in first and "Atalanta (away)" in first
    assert "Atalanta (home)" in second and "Liverpool (away)" in second


@pytest.mark.parametrize("code", ["QF2", "SF1", "F"])
def test_the_change_page_takes_as_many_queries_for_64_teams_as_for_8(
    admin_client, draw, cup_of_64, code, django_assert_max_num_queries,
):
    """Sessions, user, tie, legs ×2, content type, rounds, the teams or sources shown."""
    tie = Tie.objects.get(code=code, round__competition=draw)
    with django_assert_max_num_queries(9):
        assert admin_client.get(change_url(tie)).status_code == 200
    big = Tie.objects.filter(round__competition=cup_of_64, code__startswith=code[:2]).last()
    with django_assert_max_num_queries(9):
        assert admin_client.get(change_url(big)).status_code == 200
