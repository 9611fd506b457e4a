"""The words of the fans' pages in each language: the bracket, a tie page, the competitions
page and the error pages read in Italian at /it/…, German at /de/… and French, Portuguese or
Spanish by ?lang=, with dates and abbreviations as each country's press writes them, round
names from the competition file, team names as it writes them, and no English left over."""
import datetime
import re

import pytest
from django.template import loader
from django.urls import reverse
from django.utils import translation

from europa.models import Leg
from tests.test_history import qf1_corrected  # noqa: F401  (a fixture)
from tests.test_signin import editor, fail_until_locked_out, sign_in  # noqa: F401

BRACKET = "/competitions/europa-league-2023-24/"
TIE = BRACKET + "ties/QF1/"


def text(response):
    """What a reader sees: the page without its tags, scripts and runs of spaces."""
    html = response.content.decode()
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    html = re.sub(r"</?(strong|time|a|span|code)\b[^>]*>", "", html)  # inline: no space
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def card(html, code):
    start = html.index(f'id="tie-{code}"')
    return html[start:html.index("</article>", start)]


# English that must not be left in a translated bracket or tie page.
ENGLISH = ["Winners meet in", "Not played yet", "Add to calendar", "First leg", "Second leg",
           "Knockout stage", "All competitions", "Skip to content", "knockout brackets",
           "Quarter-finals", "Semi-finals", "Embed this", "Both legs", "In the draw",
           "Back to the bracket", "kick-off time", " at home", "Winner of", " v ", "Next:",
           "Thursday", "Copy"]


@pytest.mark.parametrize(("address", "language", "phrases"), [
    ("/it" + BRACKET, "it", [
        "Prossimo appuntamento: Quarti di finale, gare d'andata, giovedì 11 aprile 2024",
        "Fase a eliminazione diretta", "Aggiungi al calendario", "Tutte le competizioni",
        "Semifinali", "Le vincenti si affrontano in SF1", "Non ancora giocata.",
        "Benfica o Marseille", "Vincente SF1", "11 apr · 18 apr", "Incorpora questo tabellone",
    ]),
    ("/de" + BRACKET, "de", [
        "Als Nächstes: Viertelfinale, Hinspiele, Donnerstag, 11. April 2024",
        "K.-o.-Runde", "Zum Kalender hinzufügen", "Alle Wettbewerbe", "Halbfinale",
        "Die Sieger treffen in SF1 aufeinander", "Noch nicht gespielt.", "Benfica oder Marseille",
        "Sieger SF1", "11. Apr. · 18. Apr.", "Diesen Turnierbaum einbetten",
    ]),
    (BRACKET + "?lang=fr", "fr", [
        "Prochain rendez-vous\u00a0: Quarts de finale, matchs aller, jeudi 11 avril 2024",
        "Les vainqueurs se retrouvent en SF1", "Pas encore jouée.", "11 avr. · 18 avr.",
    ]),
    (BRACKET + "?lang=pt", "pt", [
        "A seguir: Quartos de final, jogos da primeira mão, quinta-feira, 11 de abril de 2024",
        "Os vencedores defrontam-se em SF1", "Meias-finais", "11 abr. · 18 abr.",
    ]),
    (BRACKET + "?lang=es", "es", [
        "Próxima cita: Cuartos de final, partidos de ida, jueves, 11 de abril de 2024",
        "Los ganadores se cruzan en SF1", "Aún sin disputar.", "11 abr · 18 abr",
    ]),
])
def test_the_bracket_reads_in_each_language(client, draw, address, language, phrases):
    response = client.get(address)
    page = text(response)
    assert f'<html lang="{language}"' in response.content.decode()
    for phrase in phrases:
        assert phrase in page
    # ("April" is German too.)
    for english in [*ENGLISH, " or ", *(["April"] if language != "de" else [])]:
        assert english not in page, english
    # Team names as the competition file writes them, in every language.
    assert "Bayer Leverkusen" in page and "West Ham United" in page


def test_a_decided_tie_card_abbreviates_as_each_press_does(client, play):
    play("QF4", 1, 2, 1)                       # Benfica 2–1 Marseille
    play("QF4", 2, 1, 0, extra_time=True, home_penalties=4, away_penalties=2)
    expected = {
        "it": ["tot. 2-2", "d.t.s.", "(2-4 d.c.r.)", "Marseille vince 4-2 dopo i calci di rigore"],
        "de": ["Gesamt 2:2", "n.V.", "(2:4 i.E.)", "nach Elfmeterschießen"],
        "fr": ["cumul 2-2", "a.p.", "(2-4 t.a.b.)", "aux tirs au but"],
        "pt": ["agr. 2-2", "a.p.", "(2-4 g.p.)", "nos penáltis"],
        "es": ["global 2-2", "pró.", "(2-4 pen.)", "en la tanda de penaltis"],
    }
    for language, phrases in expected.items():
        html = client.get(f"/{language}{BRACKET}").content.decode()
        tie = card(html, "QF4")
        for phrase in phrases:
            assert phrase in tie, (language, phrase)
        assert "agg." not in tie and "a.e.t." not in tie and " p)" not in tie
        # What a screen reader reads: each leg named in the page's language.
        assert "after extra time" not in tie and "Second leg" not in tie


def test_a_live_leg_is_said_live_in_the_page_language(client, play):
    play("QF2", 1, 1, 1, status="live")
    html = client.get("/it" + BRACKET).content.decode()
    assert "Andata, in corso: Liverpool 1, Atalanta 1." in card(html, "QF2")
    assert ", live:" not in html


@pytest.mark.parametrize(("language", "phrases"), [
    ("it", ["Quarti di finale · QF1", "AC Milan – Roma", "Andata e ritorno", "Andata", "Ritorno",
            "giovedì 11 aprile 2024", "giovedì 18 aprile 2024", "AC Milan in casa",
            "Risultato complessivo: AC Milan 2-0 Roma", "Nel tabellone", "La vincente gioca in",
            "AC Milan o Roma – Bayer Leverkusen o West Ham United", "Torna al tabellone",
            "orario del calcio d'inizio da confermare", "AC Milan avanti 2-0 dopo l'andata"]),
    ("de", ["Viertelfinale · QF1", "Hin- und Rückspiel", "Hinspiel", "Rückspiel",
            "Donnerstag, 11. April 2024", "bei AC Milan", "AC Milan 2:0 Roma",
            "Gesamtergebnis: AC Milan 2:0 Roma", "Im Turnierbaum", "Der Sieger spielt in",
            "Zurück zum Turnierbaum", "Anstoßzeit noch offen"]),
])
def test_a_tie_page_reads_in_each_language(client, play, language, phrases):
    play("QF1", 1, 2, 0)
    response = client.get(f"/{language}{TIE}")
    page = text(response)
    for phrase in phrases:
        assert phrase in page, phrase
    # (The editors' notes are the competition file's own words, in English.)
    for english in ENGLISH:
        assert english not in page, english


def test_a_kick_off_time_is_on_the_24_hour_clock_with_the_local_date(client, draw):
    Leg.objects.filter(tie__code="QF3", number=1).update(kickoff=datetime.time(21, 0))
    page = text(client.get("/it" + BRACKET + "ties/QF3/"))
    assert "giovedì 11 aprile 2024, 21:00" in page
    assert "Bayer Leverkusen – West Ham United" in page


def test_the_copy_buttons_words_are_in_the_page_language_for_the_script(client, draw):
    html = client.get("/de" + BRACKET).content.decode()
    assert 'data-copied="Kopiert"' in html and 'data-selected="Markiert: jetzt kopieren"' in html
    assert ">Kopieren</button>" in html


def test_the_competitions_page_names_the_stage_in_the_page_language(client, play):
    play("QF1", 1, 2, 0)
    italian = text(client.get("/it/competitions/"))
    assert "Fase raggiunta Quarti di finale" in italian and "Competizioni" in italian
    german = text(client.get("/de/competitions/"))
    assert "Erreichte Runde Viertelfinale" in german and "Wettbewerbe" in german
    assert "Stage reached" not in italian + german


@pytest.mark.parametrize(("language", "heading", "words"), [
    ("it", "Questa pagina non esiste", "pagina delle competizioni"),
    ("de", "Diese Seite gibt es nicht", "Seite der Wettbewerbe"),
    ("fr", "Cette page n'existe pas", "la page des compétitions"),
])
def test_the_404_page_reads_in_the_asked_language(client, draw, language, heading, words):
    response = client.get(f"/{language}/competitions/no-such-cup/")
    page = text(response)
    assert response.status_code == 404
    assert heading in page and words in page
    assert "There is no such page" not in page
    # Its links lead to pages in the same language.
    assert f'href="/{language}/competitions/"' in response.content.decode()


def test_the_500_page_reads_in_the_active_language_without_a_context():
    with translation.override("de"):
        html = loader.get_template("500.html").render()
    assert '<html lang="de">' in html
    assert "Bei uns ist etwas schiefgegangen" in html and "Something went wrong" not in html


def test_the_english_pages_keep_their_words(client, play):
    play("QF1", 1, 2, 0)
    bracket = text(client.get(BRACKET))
    assert "Next: Quarter-finals, first legs, Thursday 11 April 2024" in bracket
    assert "Winners meet in SF2" in bracket and "AC Milan or Roma" in bracket
    tie = text(client.get(TIE))
    assert "Thursday 11 April 2024" in tie and "Aggregate: AC Milan 2–0 Roma" in tie


def test_the_admin_front_page_offers_match_night_in_the_editors_language(admin_client):
    response = admin_client.get(reverse("admin:index"), headers={"Accept-Language": "it"})
    assert "Serata di partite" in response.content.decode()
    assert "Live legs and today's" not in response.content.decode()


def test_a_corrected_score_is_dated_in_the_page_language(client, admin_client, qf1_corrected):  # noqa: F811
    """The tie page's corrections, and the admin history of the tie, in Italian."""
    page = text(client.get("/it" + TIE))
    assert "Andata: risultato corretto" in page and "Score corrected" not in page
    history = admin_client.get(f"/admin/europa/tie/{qf1_corrected.pk}/history/",
                               headers={"Accept-Language": "it"}).content.decode()
    assert "Ogni salvataggio di QF1 e delle sue partite" in history
    assert "Every save of" not in history


def test_the_lock_out_page_speaks_the_editors_language(client, settings, editor):  # noqa: F811
    fail_until_locked_out(client, settings, headers={"Accept-Language": "de"})
    page = sign_in(client, "right-password", headers={"Accept-Language": "de"}).content.decode()
    assert f"Das Passwort war {settings.AXES_FAILURE_LIMIT} Mal hintereinander falsch" in page
    assert "Versuche es in" in page and "Try again" not in page
