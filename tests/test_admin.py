"""The editors' tool, through the real admin: entering results, errors an editor reads,
and the winner carried into the next tie."""
import pytest

from europa.models import Competition, Leg, Team, Tie


def change_url(tie):
    return f"/admin/europa/tie/{tie.pk}/change/"


def tie_form(tie, **legs):
    """The POST the tie's change page sends, with leg fields overridden:
    tie_form(tie, leg2={"status": "finished", "home_goals": 1, …})."""
    data = {
        "round": tie.round_id, "code": tie.code, "position": tie.position,
        "home_from": tie.home_from_id or "", "away_from": tie.away_from_id or "",
        "venue": tie.venue, "notes": tie.notes, "held_revision": tie.revision,
        "legs-TOTAL_FORMS": tie.legs.count(), "legs-INITIAL_FORMS": tie.legs.count(),
        "legs-MIN_NUM_FORMS": 0, "legs-MAX_NUM_FORMS": 1000,
    }
    if not tie.home_from_id:
        data["home"] = tie.home_id or ""
    if not tie.away_from_id:
        data["away"] = tie.away_id or ""
    for index, leg in enumerate(tie.legs.order_by("number")):
        fields = {
            "id": leg.pk, "tie": tie.pk, "number": leg.number, "date": leg.date.isoformat(),
            "kickoff": "", "venue": leg.venue, "status": leg.status,
            "home_goals": "" if leg.home_goals is None else leg.home_goals,
            "away_goals": "" if leg.away_goals is None else leg.away_goals,
            "home_penalties": "", "away_penalties": "",
        }
        if leg.extra_time:
            fields["extra_time"] = "on"
        fields.update(legs.get(f"leg{leg.number}", {}))
        data.update({f"legs-{index}-{key}": value for key, value in fields.items()})
    return data


def finished(home, away, **extra):
    return {"status": "finished", "home_goals": home, "away_goals": away, **extra}


def errors_of(response):
    """Every error message the admin shows on the page."""
    messages = list(response.context["errors"]) if response.context.get("errors") else []
    for formset in response.context["inline_admin_formsets"]:
        messages += list(formset.formset.non_form_errors())
        for form in formset.formset.forms:
            messages += [m for field_errors in form.errors.values() for m in field_errors]
    return messages


@pytest.fixture
def qf2(draw):
    return Tie.objects.get(code="QF2")


def test_editor_enters_results_and_the_winner_moves_on(admin_client, qf2):
    response = admin_client.post(
        change_url(qf2), tie_form(qf2, leg1=finished(0, 3), leg2=finished(0, 1)), follow=True,
    )
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert "Atalanta go through to SF1." in messages
    assert Tie.objects.get(code="SF1").away.name == "Atalanta"
    assert Leg.objects.get(tie=qf2, number=2).away_goals == 1


def test_change_page_shows_the_result_read_only(admin_client, play):
    play("QF2", 1, 0, 3)
    play("QF2", 2, 0, 1)
    html = admin_client.get(change_url(Tie.objects.get(code="QF2"))).content.decode()
    assert "Liverpool 1–3 Atalanta" in html
    assert "Atalanta win 3–1 on aggregate" in html
    assert 'name="winner"' not in html and 'name="aggregate"' not in html


@pytest.mark.parametrize("legs, message", [
    ({"leg1": finished(-1, 0)}, "cannot be negative"),
    ({"leg1": {"status": "finished"}}, "finished leg needs a score"),
    ({"leg1": finished(1, 0, extra_time="on")}, "extra time"),
    ({"leg1": finished(1, 0), "leg2": finished(2, 0, extra_time="on", home_penalties=4, away_penalties=3)},
     "level after extra time"),
    ({"leg1": finished(1, 0), "leg2": finished(1, 0, home_penalties=4, away_penalties=3)},
     "Penalties are taken only after extra time"),
    ({"leg2": finished(1, 0)}, "second leg finished before the first"),
    ({"leg1": finished(1, 0), "leg2": finished(1, 0)}, "extra time"),
    ({"leg1": finished(1, 0), "leg2": finished(1, 0, extra_time="on")}, "penalt"),
    ({"leg2": {"date": "2024-04-01"}}, "before the first"),
])
def test_bad_results_get_a_clear_error_and_change_nothing(admin_client, qf2, legs, message):
    before = list(Leg.objects.filter(tie=qf2).values())
    response = admin_client.post(change_url(qf2), tie_form(qf2, **legs))
    assert response.status_code == 200  # the form again, not a redirect
    assert any(message.lower() in str(error).lower() for error in errors_of(response)), errors_of(response)
    assert list(Leg.objects.filter(tie=qf2).values()) == before
    assert Tie.objects.get(code="SF1").away is None


def test_correction_is_refused_with_the_tie_to_clear_first(admin_client, play):
    for code in ("QF1", "QF3"):
        play(code, 1, 1, 0)
        play(code, 2, 0, 0)
    play("SF2", 1, 2, 2)
    qf1 = Tie.objects.get(code="QF1")
    response = admin_client.post(change_url(qf1), tie_form(qf1, leg2=finished(3, 0)))
    assert "SF2 already has a result with AC Milan in it. Clear SF2's legs first, then correct QF1." in errors_of(response)
    assert Leg.objects.get(tie=qf1, number=2).home_goals == 0


def test_correction_before_the_next_tie_is_played_moves_the_winner(admin_client, play):
    play("QF1", 1, 1, 0)
    play("QF1", 2, 0, 0)
    qf1 = Tie.objects.get(code="QF1")
    response = admin_client.post(change_url(qf1), tie_form(qf1, leg2=finished(3, 0)), follow=True)
    assert "Roma go through to SF2." in [str(m) for m in response.context["messages"]]
    assert Tie.objects.get(code="SF2").home.name == "Roma"


def test_editor_clears_a_played_tie_in_one_save(admin_client, play):
    play("QF2", 1, 0, 3)
    play("QF2", 2, 0, 1)
    qf2 = Tie.objects.get(code="QF2")
    cleared = {"status": "scheduled", "home_goals": "", "away_goals": ""}
    response = admin_client.post(change_url(qf2), tie_form(qf2, leg1=cleared, leg2=cleared), follow=True)
    assert "QF2 is undecided again: SF1 waits for its winner." in [str(m) for m in response.context["messages"]]
    assert set(Leg.objects.filter(tie=qf2).values_list("status", flat=True)) == {"scheduled"}
    assert Tie.objects.get(code="SF1").away is None


def test_team_on_both_sides_is_refused(admin_client, qf2):
    data = tie_form(qf2)
    data["away"] = qf2.home_id
    response = admin_client.post(change_url(qf2), data)
    assert "A team cannot play itself" in response.content.decode()
    assert Tie.objects.get(pk=qf2.pk).away.name == "Atalanta"


def test_sides_fed_by_earlier_ties_are_read_only(admin_client, draw):
    html = admin_client.get(change_url(Tie.objects.get(code="SF1"))).content.decode()
    assert 'name="home"' not in html and 'name="away"' not in html
    html = admin_client.get(change_url(Tie.objects.get(code="QF1"))).content.decode()
    assert 'name="home"' in html


@pytest.mark.parametrize("url", [
    "/admin/", "/admin/europa/tie/", "/admin/europa/team/", "/admin/europa/competition/",
    "/admin/europa/tie/add/", "/admin/europa/team/?q=liver",
])
def test_admin_pages_open(admin_client, draw, url):
    response = admin_client.get(url)
    assert response.status_code == 200


def test_team_search_finds_by_short_name(admin_client, draw):
    response = admin_client.get("/admin/europa/team/?q=West+Ham")
    assert list(response.context["cl"].result_list) == [Team.objects.get(name="West Ham United")]


def test_competition_with_its_rounds(admin_client, draw):
    competition = Competition.objects.get()
    html = admin_client.get(f"/admin/europa/competition/{competition.pk}/change/").content.decode()
    assert "Quarter-finals" in html and "Semi-finals" in html and "Final" in html


def test_new_team_with_a_bad_country_code(admin_client, db):
    response = admin_client.post("/admin/europa/team/add/", {
        "name": "Sparta Prague", "short_name": "Sparta", "country": "cz", "slug": "sparta-prague",
    })
    assert "Use UEFA&#x27;s three capital letters" in response.content.decode()
    assert not Team.objects.exists()


def test_anonymous_visitors_cannot_edit(client, qf2):
    response = client.post(change_url(qf2), tie_form(qf2, leg1=finished(0, 3)))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert Leg.objects.get(tie=qf2, number=1).status == "scheduled"


def test_every_tie_links_to_its_public_page(admin_client, draw):
    html = admin_client.get("/admin/europa/tie/").content.decode()
    assert html.count(">View on site</a>") == 7
    assert '<a href="/competitions/europa-league-2023-24/ties/QF4/">View on site</a>' in html
    qf4 = Tie.objects.get(code="QF4")
    assert 'href="/admin/r/' in admin_client.get(change_url(qf4)).content.decode()


def test_a_tie_cannot_be_played_before_its_teams_are_known(admin_client, play):
    play("QF2", 1, 0, 3)
    play("QF2", 2, 0, 1)   # Atalanta into SF1; QF4 not played yet
    sf1 = Tie.objects.get(code="SF1")
    response = admin_client.post(change_url(sf1), tie_form(sf1, leg1=finished(1, 0)))
    assert "SF1 cannot be played before both its teams are known: enter QF4's result first." in errors_of(response)
    assert Leg.objects.get(tie=sf1, number=1).status == "scheduled"
