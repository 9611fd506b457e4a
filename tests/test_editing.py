"""Two editors on one tie: a save based on a stale copy is refused whole, says what the other
editor saved, and leaves the page ready to redo the change on top; two saves sent at the
same moment cannot both win. Through the real admin change form, on either database."""
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from europa import results
from europa.models import Leg, Tie
from tests.test_admin import change_url, finished, tie_form


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def leg_values(tie):
    return list(Leg.objects.filter(tie=tie).order_by("number").values())


@pytest.fixture
def qf3(draw):
    return Tie.objects.get(code="QF3")


def test_a_stale_save_is_refused_whole_and_says_what_the_other_editor_saved(client, qf3):
    """The issue's case: A finishes QF3 and writes a note; B then saves the copy read
    before, with only leg 1 live. Nothing of B's save may undo A's result."""
    anna = get_user_model().objects.create_superuser("anna", password="pw-anna-1")
    ben = get_user_model().objects.create_superuser("ben", password="pw-ben-1")
    stale_copy = tie_form(qf3, leg1={"status": "live", "home_goals": 0, "away_goals": 0})

    client.force_login(anna)
    done = tie_form(qf3, leg1=finished(2, 0), leg2=finished(1, 1))
    done["notes"] = "Leverkusen unbeaten all season."
    assert "Bayer Leverkusen go through to SF2." in messages_of(client.post(change_url(qf3), done, follow=True))
    saved = leg_values(qf3)
    assert Tie.objects.get(code="SF2").away.name == "Bayer Leverkusen"

    client.force_login(ben)
    response = client.post(change_url(qf3), stale_copy, follow=True)

    assert response.status_code == 200
    [message] = messages_of(response)
    assert message.startswith("QF3 was saved by someone else while you had it open: anna at ")
    assert "leg 1: scheduled → finished 2–0" in message
    assert "leg 2: scheduled → finished 1–1" in message
    assert "editors' notes changed" in message
    assert "Nothing of your save was stored (your form had leg 1: live 0–0; leg 2: scheduled)" in message
    # Nothing of B's save: not the legs, not the tie's notes, not the next tie.
    assert leg_values(qf3) == saved
    assert Tie.objects.get(pk=qf3.pk).notes == "Leverkusen unbeaten all season."
    assert Tie.objects.get(code="SF2").away.name == "Bayer Leverkusen"
    # The page B is back on shows what is stored, at the new revision: B can redo on top.
    html = response.content.decode()
    assert 'name="legs-1-status"' in html and "Leverkusen unbeaten all season." in html
    current = Tie.objects.get(pk=qf3.pk)
    assert f'name="held_revision" value="{current.revision}"' in html
    redo = tie_form(current, leg2=finished(3, 0))  # West Ham 3–0 at home: 3–2 on aggregate
    redo["notes"] = current.notes
    response = client.post(change_url(qf3), redo, follow=True)
    assert "West Ham United go through to SF2." in messages_of(response)


def test_a_save_that_moved_a_winner_on_makes_the_next_ties_open_copy_stale(admin_client, play):
    sf2 = Tie.objects.get(code="SF2")
    stale_copy = tie_form(sf2)
    stale_copy["venue"] = "Somewhere"
    play("QF1", 1, 1, 0)
    play("QF1", 2, 0, 0)
    response = admin_client.post(change_url(sf2), stale_copy, follow=True)
    assert "SF2 was saved by someone else" in messages_of(response)[0]
    assert Tie.objects.get(pk=sf2.pk).venue == ""


def test_a_refused_correction_stores_nothing_of_the_tie_either(admin_client, play):
    """A rule refusal is whole too: the tie's own fields are not saved without its legs."""
    for code in ("QF1", "QF3"):
        play(code, 1, 1, 0)
        play(code, 2, 0, 0)
    play("SF2", 1, 2, 2)
    qf1 = Tie.objects.get(code="QF1")
    data = tie_form(qf1, leg2=finished(3, 0))
    data["notes"] = "changed"
    admin_client.post(change_url(qf1), data)
    assert Tie.objects.get(pk=qf1.pk).notes == qf1.notes


def test_a_tampered_revision_is_a_form_error_not_a_500(admin_client, qf3):
    data = tie_form(qf3, leg1=finished(1, 0))
    data["held_revision"] = "abc"
    response = admin_client.post(change_url(qf3), data)
    assert response.status_code == 200
    assert Leg.objects.get(tie=qf3, number=1).status == "scheduled"


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_exactly_one_wins(draw):
    """Two editors press Save on the same copy of QF3 at once, from two threads with
    connections of their own: one is stored, the other refused, never a mix."""
    qf3 = Tie.objects.get(code="QF3")
    editors = [get_user_model().objects.create_superuser(name, password="pw") for name in ("anna", "ben")]
    forms = {
        "anna": tie_form(qf3, leg1=finished(2, 0)),
        "ben": tie_form(qf3, leg1=finished(0, 3)),
    }
    start = threading.Barrier(2)
    answers = {}

    def save(editor):
        try:
            browser = Client()
            browser.force_login(editor)
            start.wait(timeout=10)
            response = browser.post(change_url(qf3), forms[editor.username], follow=True)
            # Not response.context: the test client gathers it from a signal that every
            # thread's rendering sends.
            answers[editor.username] = response.content.decode()
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(editor,)) for editor in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    refused = [name for name, page in answers.items() if "QF3 was saved by someone else" in page]
    assert len(answers) == 2 and len(refused) == 1
    [winner] = set(answers) - set(refused)
    leg = Leg.objects.get(tie=qf3, number=1)
    assert (leg.home_goals, leg.away_goals) == {"anna": (2, 0), "ben": (0, 3)}[winner]
    assert Tie.objects.get(pk=qf3.pk).revision == qf3.revision + 1


def test_save_tie_refuses_a_stale_revision_and_stores_nothing(qf3):
    leg = qf3.legs.get(number=1)
    held = qf3.revision
    leg.status, leg.home_goals, leg.away_goals = "finished", 1, 0
    results.save_tie(Tie.objects.get(pk=qf3.pk), [leg], revision=held)
    leg.home_goals = 5
    with pytest.raises(results.StaleEdit):
        results.save_tie(Tie.objects.get(pk=qf3.pk), [leg], revision=held)
    assert Leg.objects.get(pk=leg.pk).home_goals == 1
