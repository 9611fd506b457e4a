"""A tie's history in the admin: who changed what and when, old → new, and putting a wrong
change back through the same checks as any save."""
import pytest
from django.contrib.auth.models import Permission

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


def test_a_refused_put_back_stores_nothing_so_an_open_page_still_saves(admin_client, qf1_corrected):
    """Nothing of a refused put-back is kept, not even the tie's revision: otherwise an
    editor with the tie's page open would be told someone else had saved it."""
    first = [change for change in history.tie_changes(qf1_corrected) if change.leg_number][-1]
    admin_client.post(
        f"{history_url(qf1_corrected)}leg/{first.record.history_id}/revert/",
        {"held_revision": qf1_corrected.revision},
    )
    assert Tie.objects.get(pk=qf1_corrected.pk).revision == qf1_corrected.revision
    response = admin_client.post(change_url(qf1_corrected), tie_form(qf1_corrected, leg2=finished(3, 0)))
    assert response.status_code == 302
    assert Leg.objects.get(tie=qf1_corrected, number=2).home_goals == 3


@pytest.mark.parametrize("source, history_id, revision", [
    ("leg", 999999, "0"), ("tie", 1, "x"), ("leg", 1, ""), ("leg", 1, "²"), ("leg", 1, "9" * 30),
    pytest.param("leg", 1, "9" * 5000, id="more digits than int() reads"),
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


def revert_url(tie, change, source="leg"):
    return f"{history_url(tie)}{source}/{change.record.history_id}/revert/"


def test_history_needs_the_right_to_see_the_tie_and_putting_back_the_right_to_change_it(
    client, qf1_corrected, django_user_model,
):
    first = [change for change in history.tie_changes(qf1_corrected) if change.leg_number][-1]
    before = list(Leg.objects.values())
    staff = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get(history_url(qf1_corrected)).status_code == 403
    assert client.post(revert_url(qf1_corrected, first), {"held_revision": qf1_corrected.revision}).status_code == 403
    # Seeing ties is enough to read their history, not to put anything back.
    staff.user_permissions.add(Permission.objects.get(codename="view_tie"))
    client.force_login(django_user_model.objects.get(pk=staff.pk))
    page = client.get(history_url(qf1_corrected))
    assert page.status_code == 200 and "leg 1: finished 1–0 → finished 1–1" in page.content.decode()
    assert "Put back</button>" not in page.content.decode()
    assert client.post(revert_url(qf1_corrected, first), {"held_revision": qf1_corrected.revision}).status_code == 403
    assert list(Leg.objects.values()) == before


def test_an_unknown_tie_or_kind_of_change_is_404_not_a_500(admin_client, qf1_corrected):
    first = [change for change in history.tie_changes(qf1_corrected) if change.leg_number][-1]
    held = {"held_revision": qf1_corrected.revision}
    before = list(Leg.objects.values())
    missing = Tie(pk=Tie.objects.order_by("-pk").first().pk + 1)
    assert admin_client.get(history_url(missing)).status_code == 404
    assert admin_client.post(revert_url(missing, first), held).status_code == 404
    assert admin_client.post(revert_url(qf1_corrected, first, source="round"), held).status_code == 404
    assert admin_client.get("/admin/europa/tie/abc/history/").status_code == 404
    assert admin_client.get("/admin/europa/tie/abc/change/").status_code == 302  # Django's "no such tie"
    # Putting back changes data: never from a link followed or a page prefetched.
    assert admin_client.get(revert_url(qf1_corrected, first)).status_code == 405
    assert list(Leg.objects.values()) == before


@pytest.mark.parametrize("revision", ["", "abc", "²", "-1", "9" * 30])
def test_putting_back_a_real_change_without_a_revision_asks_to_reload(admin_client, qf1_corrected, revision):
    first = [change for change in history.tie_changes(qf1_corrected) if change.leg_number][-1]
    before = list(Leg.objects.values())
    response = admin_client.post(revert_url(qf1_corrected, first), {"held_revision": revision}, follow=True)
    assert messages_of(response)[-1] == "Reload the history and try again."
    assert list(Leg.objects.values()) == before


def test_a_tie_change_is_recorded_with_old_and_new_values(admin_client, draw):
    qf2 = Tie.objects.get(code="QF2")
    data = tie_form(qf2)
    data["venue"] = "Anfield"
    admin_client.post(change_url(qf2), data)
    latest, drawn = history.tie_changes(qf2)
    assert latest.what == ["venue: — → Anfield"] and latest.who == "admin"
    assert drawn.what == ["tie created"] and drawn.who == "a file or script"
