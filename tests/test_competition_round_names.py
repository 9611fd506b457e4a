"""Round names from the competition data, in each of the site's languages: the file's
`names = { it = "Quarti di finale", … }`, checked as it is read, stored on Round.names and
shown by Round.local_name in the active language, the English name where one is missing."""
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from europa import competition_file, fixtures
from europa.models import Round, Tie
from tests.conftest import DRAW
from tests.test_competition_files import round_of
from tests.test_translations import compiled_catalogues  # noqa: F401 (a fixture)


@pytest.mark.parametrize("language, quarter_finals, semi_finals, final", [
    ("en", "Quarter-finals", "Semi-finals", "Final"),
    ("it", "Quarti di finale", "Semifinali", "Finale"),
    ("de", "Viertelfinale", "Halbfinale", "Finale"),
    ("fr", "Quarts de finale", "Demi-finales", "Finale"),
    ("pt", "Quartos de final", "Meias-finais", "Final"),
    ("es", "Cuartos de final", "Semifinales", "Final"),
])
def test_the_shipped_draw_names_its_rounds_in_every_language(draw, language, quarter_finals,
                                                            semi_finals, final):
    rounds = Round.objects.order_by("order")
    with translation.override(language):
        assert [r.local_name for r in rounds] == [quarter_finals, semi_finals, final]
    assert [r.name for r in rounds] == ["Quarter-finals", "Semi-finals", "Final"]


@pytest.mark.parametrize("language, expected", [
    ("it", "Finale"),  # given
    ("fr", "Final"),  # not given: the name
    ("pt-br", "Final"),  # a regional variant reads its language's name, here none
    ("de-at", "Endspiel"),
])
def test_a_missing_name_falls_back_to_the_rounds_own(language, expected):
    final = Round(name="Final", names={"it": "Finale", "de": "Endspiel"})
    with translation.override(language):
        assert final.local_name == expected


@pytest.mark.usefixtures("compiled_catalogues")
def test_the_calendar_titles_its_events_with_the_local_round_name(draw):
    qf1 = Tie.objects.select_related("round__competition", "home", "away").get(code="QF1")
    leg = qf1.legs.get(number=1)
    with translation.override("it"):
        assert fixtures.leg_summary(qf1, leg) == "AC Milan-Roma · Quarti di finale, andata"
    with translation.override("de"):
        assert fixtures.leg_summary(qf1, leg) == "AC Milan – Roma · Viertelfinale, Hinspiel"
    assert fixtures.leg_summary(qf1, leg) == "AC Milan v Roma · Quarter-finals, first leg"


@pytest.mark.parametrize("names, message", [
    ("Quarti di finale",
     'line 51, round "QF", names "Quarti di finale": write e.g. names = '
     '{ it = "Quarti di finale", de = "Viertelfinale" }.'),
    ({"xx": "Quarti"},
     'line 51, round "QF", names {"xx": "Quarti"}: xx is not one of the site\'s other languages: '
     "it, de, fr, pt, es."),
    ({"en": "Quarters"},
     'round "QF", names {"en": "Quarters"}: en is not one of the site\'s other languages'),
    ({"it": ""}, 'round "QF", names {"it": ""}: The it name is text of 1 to 50 letters.'),
    ({"de": "V" * 51}, "The de name is text of 1 to 50 letters."),
    ({"de": 8}, 'round "QF", names {"de": 8}: The de name is text of 1 to 50 letters.'),
])
def test_a_wrong_names_table_is_refused_with_what_to_write(db, names, message):
    source = competition_file.read(DRAW)
    round_of("QF")(source.data).update(names=names)
    with pytest.raises(competition_file.CompetitionFileError) as refused:
        competition_file.load(source)
    assert message in str(refused.value)
    assert not Round.objects.exists()


def test_the_admin_refuses_names_in_no_language_of_the_site():
    final = Round(code="F", name="Final", order=1, legs=1, names={"nl": "Finale"})
    with pytest.raises(ValidationError) as refused:
        final.clean_fields(exclude=["competition"])
    assert refused.value.message_dict == {
        "names": ["nl is not one of the site's other languages: it, de, fr, pt, es."]
    }


def test_names_come_back_from_an_export(draw):
    exported = competition_file.dump(Round.objects.get(code="QF").competition)
    assert ('names = { it = "Quarti di finale", de = "Viertelfinale", fr = "Quarts de finale", '
            'pt = "Quartos de final", es = "Cuartos de final" }\n') in exported
