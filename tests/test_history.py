"""A tie's history in the admin: who changed what and when, old → new, and putting a wrong
change back through the same checks as any save."""
import pytest

from europa import history
from europa.models import Leg, Tie
from tests.test_admin import change_url, finished, tie_form


def history_url(tie):
    return f"/admin/europa/tie/{tie.pk}/history/"


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def qf1_corrected(admin_client, draw):
    """QF1 entered through the admin: 1–0 after the first leg, then wrongly corrected to 1–1,
    and the second leg won 2–0 by Roma: Roma through to SF2 on the wrong score."""
    qf1 = Tie.objects.get(code="QF1")
    admin_client.post(change_url(qf1), tie_form(qf1, leg1=finished(1, 0)))
    qf1 = Tie.objects.get(pk=qf1.pk)
    admin_client.post(change_url(qf1), tie_form(qf1, leg1=finished(1, 1)))
    qf1 = Tie.objects.get(pk=qf1.pk)
    admin_client.post(change_url(qf1), tie_form(qf1, leg2=finished(2, 0)))
    assert Tie.objects.get(code="SF2").home.name == "Roma"
    return Tie.objects.get(pk=qf1.pk)


def test_history_shows_who_changed_what_old_and_new(admin_client, qf1_corrected):
    html = admin_client.get(history_url(qf1_corrected)).content.decode()
    assert "History of QF1" in html
    rows = html.split("<tbody>")[1].split("</tr>")
    assert "leg 2: scheduled → finished 2–0" in rows[0] and "<td>admin</td>" in rows[0]
    assert "leg 1: finished 1–0 → finished 1–1" in rows[1]
    assert "leg 1: scheduled → finished 1–0" in rows[2]
    assert html.count("Put back</button>") == 3
    # In the competition's zone (Paris), as the editors and the tie page read times.
    assert " CET</time>" in html or " CEST</time>" in html


def test_a_wrong_correction_is_put_back_and_the_winner_moves_with_it(admin_client, qf1_corrected):
    wrong = next(c for c in history.tie_changes(qf1_corrected) if "1–0 → finished 1–1" in c.what[0])
    response = admin_client.post(
        f"{history_url(qf1_corrected)}leg/{wrong.record.history_id}/revert/",
        {"held_revision": qf1_corrected.revision}, follow=True,
    )
    said = messages_of(response)
    assert "Put back: leg 1: finished 1–0 → finished 1–1." in said
    assert "AC Milan go through to SF2." not in said  # 1–0, 0–2: still Roma, 2–1
    leg = Leg.objects.get(tie=qf1_corrected, number=1)
    assert (leg.home_goals, leg.away_goals) == (1, 0)
    # The revert is itself in the history, as a new change.
    assert "leg 1: finished 1–1 → finished 1–0" in history.tie_changes(qf1_corrected)[0].what


def test_putting_back_is_refused_on_a_stale_page(admin_client, qf1_corrected):
    first = [change for change in history.tie_changes(qf1_corrected) if change.leg_number][-1]
    response = admin_client.post(
        f"{history_url(qf1_corrected)}leg/{first.record.history_id}/revert/",
        {"held_revision": qf1_corrected.revision - 1}, follow=True,
    )
    assert any("QF1 was saved by someone else" in said for said in messages_of(response))
    assert Leg.objects.get(tie=qf1_corrected, number=1).status == "finished"


def test_putting_back_what_the_rules_forbid_is_refused_with_their_words(admin_client, qf1_corrected):
    """Reopening leg 1 while leg 2 is finished would leave a second leg played before the first."""
    first = [change for change in history.tie_changes(qf1_corrected) if change.leg_number][-1]
    response = admin_client.post(
        f"{history_url(qf1_corrected)}leg/{first.record.history_id}/revert/",
        {"held_revision": qf1_corrected.revision}, follow=True,
    )
    assert any("A second leg finished before the first" in said for said in messages_of(response))
    assert Leg.objects.get(tie=qf1_corrected, number=1).status == "finished"


@pytest.mark.parametrize("source, history_id, revision", [
    ("leg", 999999, "0"), ("tie", 1, "x"), ("leg", 1, ""), ("leg", 1, "²"), ("leg", 1, "9" * 30),
])
def test_tampered_reverts_get_a_message_and_change_nothing(admin_client, qf1_corrected, source, history_id, revision):
    before = list(Leg.objects.values())
    response = admin_client.post(
        f"{history_url(qf1_corrected)}{source}/{history_id}/revert/", {"held_revision": revision}, follow=True,
    )
    assert response.status_code == 200 and messages_of(response)
    assert list(Leg.objects.values()) == before


def test_history_and_revert_need_the_admin(client, qf1_corrected):
    assert client.get(history_url(qf1_corrected)).status_code == 302
    assert client.post(f"{history_url(qf1_corrected)}leg/1/revert/").status_code == 302
    assert client.get(f"{history_url(qf1_corrected)}leg/1/revert/").status_code in (302, 405)


def test_a_tie_change_is_recorded_with_old_and_new_values(admin_client, draw):
    qf2 = Tie.objects.get(code="QF2")
    data = tie_form(qf2)
    data["venue"] = "Anfield"
    admin_client.post(change_url(qf2), data)
    latest, drawn = history.tie_changes(qf2)
    assert latest.what == ["venue: — → Anfield"] and latest.who == "admin"
    assert drawn.what == ["tie created"] and drawn.who == "a file or script"
