"""Export and import from the admin: the download an editor gets, and the upload page that
loads a file or says what is wrong with it and changes nothing."""
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from europa import competition_file
from europa.models import Competition, Leg, Tie
from tests.conftest import DRAW
from tests.test_competition_files import enter_season, wipe

CHANGELIST = "admin:europa_competition_changelist"
IMPORT = "admin:europa_competition_import"


@pytest.fixture
def season(draw):
    enter_season()
    return draw


def upload(client, content, name="europa-league-2023-24.toml", **kwargs):
    return client.post(reverse(IMPORT), {"file": SimpleUploadedFile(name, content)}, **kwargs)


def test_the_change_page_offers_the_competition_as_a_file(admin_client, season):
    page = admin_client.get(reverse("admin:europa_competition_change", args=[season.pk])).content.decode()
    export_url = reverse("admin:europa_competition_export", args=[season.pk])
    assert f'href="{export_url}" download>Export</a>' in page
    response = admin_client.get(export_url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="europa-league-2023-24.toml"'
    assert response["Content-Type"] == "application/toml; charset=utf-8"
    assert response.content.decode() == competition_file.dump(season)


def test_the_export_action_downloads_one_selected_competition(admin_client, season):
    response = admin_client.post(reverse(CHANGELIST), {
        "action": "export_file", "_selected_action": [season.pk],
    })
    assert response["Content-Disposition"] == 'attachment; filename="europa-league-2023-24.toml"'
    assert response.content.decode() == competition_file.dump(season)


def test_the_export_action_asks_for_one_competition_at_a_time(admin_client, season):
    other = Competition.objects.create(name="Cup", season="2024/25", slug="cup-2024-25")
    response = admin_client.post(reverse(CHANGELIST), {
        "action": "export_file", "_selected_action": [season.pk, other.pk],
    }, follow=True)
    assert "Pick one competition to export: one file each." in [str(m) for m in response.context["messages"]]
    assert "Content-Disposition" not in response


def test_an_export_uploaded_into_an_empty_site_restores_the_season(admin_client, season):
    exported = admin_client.get(reverse("admin:europa_competition_export", args=[season.pk])).content
    wipe()
    assert f'href="{reverse(IMPORT)}"' in admin_client.get(reverse(CHANGELIST)).content.decode()
    assert admin_client.get(reverse(IMPORT)).status_code == 200
    response = upload(admin_client, exported, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "europa-league-2023-24.toml: Created 1 competition, 8 teams, 3 rounds, 7 ties, 13 legs; "
        "0 already there. Results entered for QF1, QF2, QF3, QF4, SF1, SF2, F."
    ]
    restored = Competition.objects.get()
    assert competition_file.dump(restored).encode() == exported
    assert Tie.objects.get(code="F").winner.name == "Atalanta"


def test_a_bad_upload_shows_why_and_loads_nothing(admin_client, db):
    # The draw, with a leg for the final (its last tie) in a state that does not exist.
    content = DRAW.read_bytes() + b'\n    [[rounds.ties.legs]]\n    number = 1\n    status = "done"\n'
    response = upload(admin_client, content)
    assert response.status_code == 200
    assert ("Nothing was loaded. europa-league-2023-24.toml, line 108, tie &quot;F&quot; leg 1, "
            "status &quot;done&quot;: write &quot;scheduled&quot;, &quot;live&quot; or &quot;finished&quot;.") in (
        response.content.decode()
    )
    assert not Competition.objects.exists() and not Leg.objects.exists()
    response = upload(admin_client, b"[competition\n", name="broken.toml")
    assert "Nothing was loaded. broken.toml: " in response.content.decode()


@pytest.fixture
def viewer(client, django_user_model):
    """A staff member who may look at competitions, not add them."""
    user = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_competition"))
    client.force_login(user)
    return client


def test_only_who_may_add_a_competition_can_import_one(viewer, draw):
    assert f'href="{reverse(IMPORT)}"' not in viewer.get(reverse(CHANGELIST)).content.decode()
    assert viewer.get(reverse(IMPORT)).status_code == 403
    assert upload(viewer, b"").status_code == 403
    # Looking at a competition is enough to take a copy of it.
    export = viewer.get(reverse("admin:europa_competition_export", args=[draw.pk]))
    assert export.status_code == 200


def test_exporting_needs_a_competition_and_the_right_to_see_it(admin_client, client, draw, django_user_model):
    assert admin_client.get(reverse("admin:europa_competition_export", args=[draw.pk + 1])).status_code == 404
    client.force_login(django_user_model.objects.create_user("staff", password="x", is_staff=True))
    assert client.get(reverse("admin:europa_competition_export", args=[draw.pk])).status_code == 403
