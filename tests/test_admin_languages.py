"""The editors' tool in the editor's language: the errors the rules raise, the labels and
the messages of a save read in Italian and German (and the other site languages), with
English unchanged. The language is the editor's browser's (Accept-Language), as the
LanguageMiddleware reads it."""
import pytest
from django.utils import translation

from europa.models import Competition, Tie
from tests.test_admin import change_url, errors_of, finished, tie_form
from tests.test_translations import compiled_catalogues  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("compiled_catalogues")


def speaking(language):
    return {"Accept-Language": language}


@pytest.fixture
def qf2(draw):
    return Tie.objects.get(code="QF2")


# A second leg level on aggregate after 90 minutes, saved without extra time.
LEVEL_AFTER_90 = {
    "en": "The tie is level at 2–2 after 90 minutes, so extra time follows: tick extra time "
          "and include its goals.",
    "it": "La sfida è in parità (2-2) dopo 90 minuti, quindi si va ai supplementari: spunta i "
          "supplementari e includi i loro gol.",
    "de": "Das Duell steht nach 90 Minuten 2:2, also folgt die Verlängerung: kreuzen Sie "
          "Verlängerung an und zählen Sie ihre Tore mit.",
    "fr": "La confrontation est à égalité, 2-2, après 90 minutes, donc il y a prolongation\u00a0: "
          "cochez prolongation et comptez ses buts.",
    "pt": "A eliminatória está empatada a 2-2 após 90 minutos, por isso segue-se o prolongamento: "
          "assinale-o e inclua os seus golos.",
    "es": "La eliminatoria está empatada a 2-2 tras 90 minutos, así que hay prórroga: márquela "
          "e incluya sus goles.",
}


@pytest.mark.parametrize("language, expected", LEVEL_AFTER_90.items())
def test_an_editor_reads_the_rules_error_in_their_language(admin_client, qf2, language, expected):
    data = tie_form(qf2, leg1=finished(2, 1), leg2=finished(1, 0))
    response = admin_client.post(change_url(qf2), data, headers=speaking(language))
    assert response.status_code == 200
    assert expected in errors_of(response)


# What the tie's change page labels a leg's goals with, and the result column's heading.
LABELS = {
    "en": ("Liverpool (home)", "Atalanta: penalties", "Decided by", "Not played yet", "Teams", "Home from"),
    "it": ("Liverpool (casa)", "Atalanta: rigori", "Decisa da", "Non ancora giocata", "Squadre", "Casa da"),
    "de": ("Liverpool (Heim)", "Atalanta: Elfmeter", "Entschieden durch", "Noch nicht gespielt",
           "Mannschaften", "Heim aus"),
}


@pytest.mark.parametrize("language, expected", LABELS.items())
def test_the_tie_page_labels_in_the_editors_language(admin_client, qf2, language, expected):
    page = admin_client.get(change_url(qf2), headers=speaking(language)).content.decode()
    for words in expected:
        assert words in page


@pytest.mark.parametrize("language, ties, rounds", [
    ("en", "Ties", "Rounds"), ("it", "Sfide", "Turni"), ("de", "Duelle", "Runden"),
])
def test_the_admin_names_our_models_in_the_editors_language(admin_client, draw, language, ties, rounds):
    index = admin_client.get("/admin/", headers=speaking(language)).content.decode()
    competition = admin_client.get(
        f"/admin/europa/competition/{Competition.objects.get().pk}/change/", headers=speaking(language)).content.decode()
    assert f">{ties}</a>" in index
    assert rounds in competition


@pytest.mark.parametrize("language, expected", [
    ("en", "Goals and penalties cannot be negative."),
    ("it", "Gol e rigori non possono essere negativi."),
    ("de", "Tore und Elfmeter können nicht negativ sein."),
])
def test_a_fields_own_check_speaks_the_editors_language(admin_client, qf2, language, expected):
    data = tie_form(qf2, leg1=finished(-1, 0))
    response = admin_client.post(change_url(qf2), data, headers=speaking(language))
    with translation.override(language):
        # Django keeps a field's message lazy until the page shows it.
        assert expected in [str(message) for message in errors_of(response)]
