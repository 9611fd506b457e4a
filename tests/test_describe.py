"""The tie in words for fans, and the editors' problems, in each of the site's languages
(europa.describe): one table of ways a tie can be decided or stand, each row with what every
language's fans read."""

import datetime

import pytest
from django.conf import settings
from django.utils import translation

from europa import describe
from europa.rules import LegScore, Problem, Score, Side, Wrong, decide, problems
from tests.test_rules import ET, finished, live, scheduled, shoot_out
from tests.test_translations import compiled_catalogues  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("compiled_catalogues")

LANGUAGES = [code for code, _ in settings.LANGUAGES]
NB = "\u00a0"  # French sets a no-break space before a colon


def words(en, it, de, fr, pt, es):
    return {"en": en, "it": it, "de": de, "fr": fr, "pt": pt, "es": es}


# legs, legs_in_tie, away_goals_rule, home name, away name, what each language's fans read.
# Scores as each language's press writes them: 4–2 (English), 4:2 (German), 4-2 (the others).
DESCRIBED = [
    pytest.param([scheduled(1)], 2, False, "Liverpool", "Sparta", words("", "", "", "", "", ""),
                 id="not started"),
    pytest.param([finished(1, 2, 1), finished(2, 1, 2)], 2, False, "Liverpool", "Sparta", words(
        "Liverpool win 4–2 on aggregate",
        "Liverpool vince 4-2 nel doppio confronto",
        "Liverpool gewinnt insgesamt 4:2",
        "Liverpool s'impose 4-2 sur l'ensemble des deux matchs",
        "Liverpool vence por 4-2 no conjunto das duas mãos",
        "Liverpool gana 4-2 en el global",
    ), id="won on aggregate"),
    pytest.param([finished(1, 0, 0), finished(2, 3, 0)], 2, False, "Liverpool", "Sparta", words(
        "Sparta win 3–0 on aggregate",
        "Sparta vince 3-0 nel doppio confronto",
        "Sparta gewinnt insgesamt 3:0",
        "Sparta s'impose 3-0 sur l'ensemble des deux matchs",
        "Sparta vence por 3-0 no conjunto das duas mãos",
        "Sparta gana 3-0 en el global",
    ), id="away side wins: its score first"),
    pytest.param([finished(1, 1, 1), finished(2, 2, 3, **ET)], 2, False, "Liverpool", "Sparta", words(
        "Liverpool win 4–3 on aggregate after extra time",
        "Liverpool vince 4-3 nel doppio confronto dopo i tempi supplementari",
        "Liverpool gewinnt insgesamt 4:3 nach Verlängerung",
        "Liverpool s'impose 4-3 sur l'ensemble des deux matchs après prolongation",
        "Liverpool vence por 4-3 no conjunto das duas mãos após prolongamento",
        "Liverpool gana 4-3 en el global tras la prórroga",
    ), id="won in extra time"),
    pytest.param([finished(1, 1, 1), finished(2, 1, 1, **shoot_out(4, 2))], 2, False,
                 "Villarreal", "Marseille", words(
        "Marseille win 4–2 on penalties after 2–2 on aggregate",
        "Marseille vince 4-2 dopo i calci di rigore (2-2 nel doppio confronto)",
        "Marseille gewinnt 4:2 nach Elfmeterschießen (insgesamt 2:2)",
        "Marseille s'impose 4-2 aux tirs au but (2-2 sur l'ensemble des deux matchs)",
        "Marseille vence 4-2 nos penáltis (2-2 no conjunto das duas mãos)",
        "Marseille gana 4-2 en la tanda de penaltis (2-2 en el global)",
    ), id="won on penalties"),
    pytest.param([finished(1, 2, 2), finished(2, 1, 1)], 2, True, "Brighton", "Roma", words(
        "Roma win on away goals after 3–3 on aggregate",
        "Roma passa per la regola dei gol in trasferta (3-3 nel doppio confronto)",
        "Roma gewinnt dank der Auswärtstorregel (insgesamt 3:3)",
        "Roma se qualifie grâce à la règle des buts à l'extérieur (3-3 sur l'ensemble des deux matchs)",
        "Roma apura-se pela regra dos golos fora (3-3 no conjunto das duas mãos)",
        "Roma pasa por la regla del gol de visitante (3-3 en el global)",
    ), id="won on away goals"),
    pytest.param([finished(1, 0, 3)], 1, False, "Leverkusen", "Atalanta", words(
        "Atalanta win 3–0",
        "Atalanta vince 3-0",
        "Atalanta gewinnt 3:0",
        "Atalanta s'impose 3-0",
        "Atalanta vence por 3-0",
        "Atalanta gana por 3-0",
    ), id="final won"),
    pytest.param([finished(1, 2, 1, **ET)], 1, False, "Atalanta", "Leverkusen", words(
        "Atalanta win 2–1 after extra time",
        "Atalanta vince 2-1 dopo i tempi supplementari",
        "Atalanta gewinnt 2:1 nach Verlängerung",
        "Atalanta s'impose 2-1 après prolongation",
        "Atalanta vence por 2-1 após prolongamento",
        "Atalanta gana por 2-1 tras la prórroga",
    ), id="final won in extra time"),
    pytest.param([finished(1, 1, 1, **shoot_out(5, 4))], 1, False, "Leverkusen", "Atalanta", words(
        "Leverkusen win 5–4 on penalties after a 1–1 draw",
        "Leverkusen vince 5-4 dopo i calci di rigore (1-1 dopo i tempi supplementari)",
        "Leverkusen gewinnt 5:4 nach Elfmeterschießen (1:1 nach Verlängerung)",
        "Leverkusen s'impose 5-4 aux tirs au but (1-1 après prolongation)",
        "Leverkusen vence 5-4 nos penáltis (1-1 após prolongamento)",
        "Leverkusen gana 5-4 en la tanda de penaltis (1-1 tras la prórroga)",
    ), id="final won on penalties"),
    pytest.param([live(1, 0, 1)], 2, False, "Slavia", "AC Milan", words(
        "AC Milan lead 1–0 in the first leg",
        "AC Milan avanti 1-0 nella gara d'andata",
        "AC Milan führt 1:0 im Hinspiel",
        "AC Milan mène 1-0 au match aller",
        "AC Milan está a vencer por 1-0 na primeira mão",
        "AC Milan gana 1-0 en la ida",
    ), id="first leg live"),
    pytest.param([live(1, 0, 0)], 2, False, "Slavia", "AC Milan", words(
        "Level at 0–0 in the first leg",
        "Parità 0-0 nella gara d'andata",
        "Gleichstand 0:0 im Hinspiel",
        "Égalité 0-0 au match aller",
        "Empate a 0-0 na primeira mão",
        "Empate a 0-0 en la ida",
    ), id="first leg live: level"),
    pytest.param([live(1, 1, 1)], 2, True, "Slavia", "AC Milan", words(
        "Level at 1–1 in the first leg, AC Milan ahead on away goals",
        "Parità 1-1 nella gara d'andata, AC Milan avanti per i gol in trasferta",
        "Gleichstand 1:1 im Hinspiel, AC Milan dank der Auswärtstore vorn",
        "Égalité 1-1 au match aller, AC Milan devant grâce aux buts à l'extérieur",
        "Empate a 1-1 na primeira mão, AC Milan em vantagem pelos golos fora",
        "Empate a 1-1 en la ida, AC Milan por delante por los goles de visitante",
    ), id="first leg live: level, away goals rule"),
    pytest.param([finished(1, 1, 2)], 2, False, "Slavia", "AC Milan", words(
        "AC Milan lead 2–1 after the first leg",
        "AC Milan avanti 2-1 dopo l'andata",
        "AC Milan führt 2:1 nach dem Hinspiel",
        "AC Milan mène 2-1 après le match aller",
        "AC Milan em vantagem por 2-1 após a primeira mão",
        "AC Milan se lleva la ida por 2-1",
    ), id="after the first leg: a lead"),
    pytest.param([finished(1, 1, 1)], 2, False, "Slavia", "AC Milan", words(
        "Level at 1–1 after the first leg",
        "Parità 1-1 dopo l'andata",
        "Gleichstand 1:1 nach dem Hinspiel",
        "Égalité 1-1 après le match aller",
        "Empate a 1-1 após a primeira mão",
        "Empate a 1-1 tras la ida",
    ), id="after the first leg: level"),
    pytest.param([finished(1, 1, 1)], 2, True, "Slavia", "AC Milan", words(
        "Level at 1–1 after the first leg, AC Milan ahead on away goals",
        "Parità 1-1 dopo l'andata, AC Milan avanti per i gol in trasferta",
        "Gleichstand 1:1 nach dem Hinspiel, AC Milan dank der Auswärtstore vorn",
        "Égalité 1-1 après le match aller, AC Milan devant grâce aux buts à l'extérieur",
        "Empate a 1-1 após a primeira mão, AC Milan em vantagem pelos golos fora",
        "Empate a 1-1 tras la ida, AC Milan por delante por los goles de visitante",
    ), id="after the first leg: level, away goals rule"),
    pytest.param([finished(1, 2, 1), live(2, 1, 1)], 2, False, "Liverpool", "Atalanta", words(
        "Liverpool going through as it stands (3–2 on aggregate)",
        "Al momento passa Liverpool (3-2 nel doppio confronto)",
        "Liverpool wäre Stand jetzt weiter (insgesamt 3:2)",
        "Liverpool passe pour l'instant (3-2 sur l'ensemble des deux matchs)",
        "Neste momento, Liverpool segue em frente (3-2 no conjunto das duas mãos)",
        "Ahora mismo pasa Liverpool (3-2 en el global)",
    ), id="second leg live: a lead"),
    pytest.param([finished(1, 2, 1), live(2, 1, 0)], 2, False, "Liverpool", "Atalanta", words(
        "Level at 2–2 on aggregate: extra time would follow",
        "Parità 2-2 nel doppio confronto: si andrebbe ai tempi supplementari",
        "Gleichstand insgesamt 2:2, es ginge in die Verlängerung",
        f"Égalité 2-2 sur l'ensemble des deux matchs{NB}: il y aurait prolongation",
        "Empate a 2-2 no conjunto das duas mãos: haveria prolongamento",
        "Empate a 2-2 en el global: habría prórroga",
    ), id="second leg live: level"),
    pytest.param([finished(1, 2, 1), live(2, 1, 0, **ET)], 2, False, "Liverpool", "Atalanta", words(
        "Level at 2–2 on aggregate: penalties would follow",
        "Parità 2-2 nel doppio confronto: si andrebbe ai calci di rigore",
        "Gleichstand insgesamt 2:2, es ginge ins Elfmeterschießen",
        f"Égalité 2-2 sur l'ensemble des deux matchs{NB}: il y aurait des tirs au but",
        "Empate a 2-2 no conjunto das duas mãos: haveria penáltis",
        "Empate a 2-2 en el global: habría tanda de penaltis",
    ), id="extra time live: level"),
    pytest.param([finished(1, 2, 1), live(2, 1, 0, **shoot_out(3, 2))], 2, False,
                 "Liverpool", "Atalanta", words(
        "Atalanta going through as it stands (3–2 on penalties after 2–2 on aggregate)",
        "Al momento passa Atalanta (3-2 ai calci di rigore, 2-2 nel doppio confronto)",
        "Atalanta wäre Stand jetzt weiter (3:2 im Elfmeterschießen, insgesamt 2:2)",
        "Atalanta passe pour l'instant (3-2 aux tirs au but, 2-2 sur l'ensemble des deux matchs)",
        "Neste momento, Atalanta segue em frente (3-2 nos penáltis, 2-2 no conjunto das duas mãos)",
        "Ahora mismo pasa Atalanta (3-2 en la tanda de penaltis, 2-2 en el global)",
    ), id="shoot-out live: a lead"),
    pytest.param([finished(1, 2, 1), live(2, 1, 0, **shoot_out(3, 3))], 2, False,
                 "Liverpool", "Atalanta", words(
        "Level at 2–2 on aggregate, 3–3 in the shoot-out",
        "Parità 2-2 nel doppio confronto, 3-3 ai calci di rigore",
        "Gleichstand insgesamt 2:2, im Elfmeterschießen 3:3",
        "Égalité 2-2 sur l'ensemble des deux matchs, 3-3 aux tirs au but",
        "Empate a 2-2 no conjunto das duas mãos, 3-3 nos penáltis",
        "Empate a 2-2 en el global, 3-3 en la tanda de penaltis",
    ), id="shoot-out live: level"),
    pytest.param([finished(1, 2, 1), live(2, 1, 0)], 2, True, "Liverpool", "Atalanta", words(
        "Atalanta going through on away goals as it stands (2–2 on aggregate)",
        "Al momento passa Atalanta per i gol in trasferta (2-2 nel doppio confronto)",
        "Atalanta wäre Stand jetzt dank der Auswärtstore weiter (insgesamt 2:2)",
        "Atalanta passe pour l'instant grâce aux buts à l'extérieur (2-2 sur l'ensemble des deux matchs)",
        "Neste momento, Atalanta segue em frente pelos golos fora (2-2 no conjunto das duas mãos)",
        "Ahora mismo pasa Atalanta por los goles de visitante (2-2 en el global)",
    ), id="second leg live: ahead on away goals"),
    pytest.param([live(1, 1, 1)], 1, False, "Atalanta", "Leverkusen", words(
        "Level at 1–1: extra time would follow",
        "Parità 1-1: si andrebbe ai tempi supplementari",
        "Gleichstand 1:1, es ginge in die Verlängerung",
        f"Égalité 1-1{NB}: il y aurait prolongation",
        "Empate a 1-1: haveria prolongamento",
        "Empate a 1-1: habría prórroga",
    ), id="final live: level"),
    pytest.param([live(1, 1, 1, **ET)], 1, False, "Atalanta", "Leverkusen", words(
        "Level at 1–1: penalties would follow",
        "Parità 1-1: si andrebbe ai calci di rigore",
        "Gleichstand 1:1, es ginge ins Elfmeterschießen",
        f"Égalité 1-1{NB}: il y aurait des tirs au but",
        "Empate a 1-1: haveria penáltis",
        "Empate a 1-1: habría tanda de penaltis",
    ), id="final live: level in extra time"),
    pytest.param([live(1, 1, 1, **shoot_out(2, 4))], 1, False, "Atalanta", "Leverkusen", words(
        "Leverkusen going through as it stands (4–2 on penalties after a 1–1 draw)",
        "Al momento passa Leverkusen (4-2 ai calci di rigore, 1-1 dopo i tempi supplementari)",
        "Leverkusen wäre Stand jetzt weiter (4:2 im Elfmeterschießen, 1:1 nach Verlängerung)",
        "Leverkusen passe pour l'instant (4-2 aux tirs au but, 1-1 après prolongation)",
        "Neste momento, Leverkusen segue em frente (4-2 nos penáltis, 1-1 após prolongamento)",
        "Ahora mismo pasa Leverkusen (4-2 en la tanda de penaltis, 1-1 tras la prórroga)",
    ), id="final shoot-out live: a lead"),
    pytest.param([live(1, 1, 1, **shoot_out(3, 3))], 1, False, "Atalanta", "Leverkusen", words(
        "Level at 1–1, 3–3 in the shoot-out",
        "Parità 1-1, 3-3 ai calci di rigore",
        "Gleichstand 1:1, im Elfmeterschießen 3:3",
        "Égalité 1-1, 3-3 aux tirs au but",
        "Empate a 1-1, 3-3 nos penáltis",
        "Empate a 1-1, 3-3 en la tanda de penaltis",
    ), id="final shoot-out live: level"),
    pytest.param([live(1, 2, 1)], 1, False, "Atalanta", "Leverkusen", words(
        "Atalanta going through as it stands (2–1)",
        "Al momento passa Atalanta (2-1)",
        "Atalanta wäre Stand jetzt weiter (2:1)",
        "Atalanta passe pour l'instant (2-1)",
        "Neste momento, Atalanta segue em frente (2-1)",
        "Ahora mismo pasa Atalanta (2-1)",
    ), id="final live: a lead"),
    pytest.param([finished(1, 1, 1), finished(2, 0, 0)], 2, False, "Liverpool", "Atalanta", words(
        "Awaiting the result",
        "In attesa del risultato",
        "Ergebnis steht noch aus",
        "En attente du résultat",
        "A aguardar o resultado",
        "A la espera del resultado",
    ), id="finished but not decided"),
    pytest.param([finished(1, 1, 1)], 1, False, "Atalanta", "Leverkusen", words(
        "Awaiting the result",
        "In attesa del risultato",
        "Ergebnis steht noch aus",
        "En attente du résultat",
        "A aguardar o resultado",
        "A la espera del resultado",
    ), id="final finished but not decided"),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("legs, legs_in_tie, rule, home_name, away_name, expected", DESCRIBED)
def test_tie_in_words(language, legs, legs_in_tie, rule, home_name, away_name, expected):
    outcome = decide(legs, legs_in_tie, away_goals_rule=rule)
    with translation.override(language):
        assert describe.tie(outcome, home_name, away_name, legs_in_tie) == expected[language]


def test_every_language_of_the_site_is_in_the_table():
    assert all(set(case.values[-1]) == set(LANGUAGES) for case in DESCRIBED)


# (legs, legs_in_tie, away_goals_rule) with one problem, and what each language's editors read.
PROBLEMS = [
    pytest.param([finished(1, 1, 1), finished(2, 1, 1, **shoot_out(3, 3))], 2, False, words(
        "A shoot-out cannot end level (3–3): it goes on until one side wins.",
        "I calci di rigore non possono finire in parità (3-3): si continua finché una squadra vince.",
        "Ein Elfmeterschießen kann nicht unentschieden enden (3:3): es geht weiter, bis eine Seite "
        "gewinnt.",
        f"Une séance de tirs au but ne peut pas finir à égalité (3-3){NB}: elle continue jusqu'à ce "
        "qu'une équipe gagne.",
        "O desempate por penáltis não pode acabar empatado (3-3): continua até uma equipa ganhar.",
        "La tanda de penaltis no puede acabar en empate (3-3): sigue hasta que gane un equipo.",
    ), id="level shoot-out"),
    pytest.param([scheduled(1, date=datetime.date(2024, 3, 13)),
                  scheduled(2, date=datetime.date(2024, 3, 6))], 2, False, words(
        "The second leg is dated 6 March 2024, before the first leg (13 March 2024).",
        "Il ritorno è datato 6 marzo 2024, prima dell'andata (13 marzo 2024).",
        "Das Rückspiel ist auf den 6. März 2024 datiert, vor dem Hinspiel (13. März 2024).",
        "Le match retour est daté du 6 mars 2024, avant le match aller (13 mars 2024).",
        "A segunda mão está marcada para 6 de março de 2024, antes da primeira (13 de março de 2024).",
        "La vuelta tiene fecha del 6 de marzo de 2024, antes de la ida (13 de marzo de 2024).",
    ), id="second leg dated before the first"),
    pytest.param([finished(1, 2, 1), finished(2, 1, 0)], 2, False, words(
        "The tie is level at 2–2 after 90 minutes, so extra time follows: tick extra time and "
        "include its goals.",
        "La sfida è in parità (2-2) dopo 90 minuti, quindi si va ai supplementari: spunta i "
        "supplementari e includi i loro gol.",
        "Das Duell steht nach 90 Minuten 2:2, also folgt die Verlängerung: kreuzen Sie Verlängerung "
        "an und zählen Sie ihre Tore mit.",
        f"La confrontation est à égalité, 2-2, après 90 minutes, donc il y a prolongation{NB}: "
        "cochez prolongation et comptez ses buts.",
        "A eliminatória está empatada a 2-2 após 90 minutos, por isso segue-se o prolongamento: "
        "assinale-o e inclua os seus golos.",
        "La eliminatoria está empatada a 2-2 tras 90 minutos, así que hay prórroga: márquela e "
        "incluya sus goles.",
    ), id="level after 90 minutes"),
    pytest.param([finished(1, 1, 0), scheduled(2), scheduled(3)], 2, False, words(
        "A two-legged tie has legs 1 and 2; there is no leg 3.",
        "Una sfida di andata e ritorno ha le partite 1 e 2; non esiste la partita 3.",
        "Ein Duell mit Hin- und Rückspiel hat die Spiele 1 und 2; ein Spiel 3 gibt es nicht.",
        f"Une confrontation aller-retour a les matchs 1 et 2{NB}; il n'y a pas de match 3.",
        "Uma eliminatória a duas mãos tem os jogos 1 e 2; não existe o jogo 3.",
        "Una eliminatoria a doble partido tiene los partidos 1 y 2; no existe el partido 3.",
    ), id="no such leg"),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("legs, legs_in_tie, rule, expected", PROBLEMS)
def test_problem_in_words(language, legs, legs_in_tie, rule, expected):
    (found,) = problems(legs, legs_in_tie, away_goals_rule=rule)
    with translation.override(language):
        assert describe.problem(found) == expected[language]


# A value of each kind a Problem carries, to word every kind of problem with.
EXAMPLE_VALUES = {
    "number": 3, "legs": 3, "status": "postponed", "penalties": Score(3, 3),
    "aggregate": Score(2, 1), "away_goals": Score(2, 1),
    "first_date": datetime.date(2024, 3, 13), "second_date": datetime.date(2024, 3, 6),
}


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
@pytest.mark.parametrize("wrong", list(Wrong))
def test_every_problem_is_worded_in_every_language(language, wrong):
    found = Problem(1, None, wrong, EXAMPLE_VALUES)
    english = describe.problem(found)
    with translation.override(language):
        worded = describe.problem(found)
    assert worded and worded != english
    assert "%(" not in worded


@pytest.mark.parametrize("language, expected", [
    ("en", "4–2"), ("it", "4-2"), ("de", "4:2"), ("fr", "4-2"), ("pt", "4-2"), ("es", "4-2"),
])
def test_score_as_the_local_press_writes_it(language, expected):
    with translation.override(language):
        assert describe.score(Score(2, 4), first=Side.AWAY) == expected


@pytest.mark.parametrize("language, plain, with_weekday", [
    ("en", "11 April 2024", "Thursday 11 April 2024"),
    ("it", "11 aprile 2024", "giovedì 11 aprile 2024"),
    ("de", "11. April 2024", "Donnerstag, 11. April 2024"),
    ("fr", "11 avril 2024", "jeudi 11 avril 2024"),
    ("pt", "11 de abril de 2024", "quinta-feira, 11 de abril de 2024"),
    ("es", "11 de abril de 2024", "jueves, 11 de abril de 2024"),
])
def test_a_date_as_each_language_writes_it_in_a_sentence(language, plain, with_weekday):
    quarter_final = datetime.date(2024, 4, 11)
    with translation.override(language):
        assert describe.day(quarter_final) == plain
        assert describe.day(quarter_final, weekday=True) == with_weekday


def test_an_unknown_status_is_shown_as_entered():
    (found,) = problems([finished(1, 1, 0), LegScore(2, "postponed")], 2)
    assert describe.problem(found) == "A leg is scheduled, live or finished, not 'postponed'."
