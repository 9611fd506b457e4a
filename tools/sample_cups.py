"""Knockout cups of 2 to 64 teams, as competition-file data, to see and test the bracket at
every size: `competition_file.load(cup(16))`.

The clubs are real and many of their names long ("Borussia Mönchengladbach", "Sporting
Clube de Portugal"), because long names are what a bracket must cope with. The draw is
made up; every round is two-legged but the one-match final, as in UEFA's cups.
"""
import datetime

CLUBS = [
    ("Paris Saint-Germain", "PSG", "FRA"), ("Borussia Dortmund", "Dortmund", "GER"),
    ("Borussia Mönchengladbach", "Gladbach", "GER"), ("Sporting Clube de Portugal", "Sporting", "POR"),
    ("Atalanta Bergamasca Calcio", "Atalanta", "ITA"), ("Royale Union Saint-Gilloise", "Union SG", "BEL"),
    ("Brighton & Hove Albion", "Brighton", "ENG"), ("Olympique Lyonnais", "Lyon", "FRA"),
    ("Internazionale Milano", "Inter", "ITA"), ("Bayer 04 Leverkusen", "Leverkusen", "GER"),
    ("Atlético de Madrid", "Atlético", "ESP"), ("Sport Lisboa e Benfica", "Benfica", "POR"),
    ("Manchester City", "Man City", "ENG"), ("Real Madrid", "Real Madrid", "ESP"),
    ("Bayern München", "Bayern", "GER"), ("Olympique de Marseille", "Marseille", "FRA"),
    ("FC Barcelona", "Barcelona", "ESP"), ("AC Milan", "Milan", "ITA"),
    ("Liverpool", "Liverpool", "ENG"), ("Arsenal", "Arsenal", "ENG"),
    ("Juventus", "Juventus", "ITA"), ("FC Porto", "Porto", "POR"),
    ("Tottenham Hotspur", "Tottenham", "ENG"), ("Eintracht Frankfurt", "Frankfurt", "GER"),
    ("Real Betis Balompié", "Betis", "ESP"), ("Feyenoord Rotterdam", "Feyenoord", "NED"),
    ("PSV Eindhoven", "PSV", "NED"), ("AFC Ajax", "Ajax", "NED"),
    ("Manchester United", "Man United", "ENG"), ("West Ham United", "West Ham", "ENG"),
    ("SSC Napoli", "Napoli", "ITA"), ("AS Roma", "Roma", "ITA"),
    ("Villarreal CF", "Villarreal", "ESP"), ("Real Sociedad", "Real Sociedad", "ESP"),
    ("Galatasaray", "Galatasaray", "TUR"), ("Fenerbahçe", "Fenerbahçe", "TUR"),
    ("Club Brugge", "Club Brugge", "BEL"), ("RSC Anderlecht", "Anderlecht", "BEL"),
    ("RB Leipzig", "Leipzig", "GER"), ("VfB Stuttgart", "Stuttgart", "GER"),
    ("SS Lazio", "Lazio", "ITA"), ("ACF Fiorentina", "Fiorentina", "ITA"),
    ("Sevilla FC", "Sevilla", "ESP"), ("Athletic Club", "Athletic", "ESP"),
    ("Celtic", "Celtic", "SCO"), ("Rangers", "Rangers", "SCO"),
    ("Red Bull Salzburg", "Salzburg", "AUT"), ("Sturm Graz", "Sturm", "AUT"),
    ("Dinamo Zagreb", "Dinamo", "CRO"), ("Crvena zvezda", "Crvena zvezda", "SRB"),
    ("Slavia Praha", "Slavia", "CZE"), ("Viktoria Plzeň", "Plzeň", "CZE"),
    ("Ferencváros", "Ferencváros", "HUN"), ("Olympiacos", "Olympiacos", "GRE"),
    ("PAOK Thessaloniki", "PAOK", "GRE"), ("Shakhtar Donetsk", "Shakhtar", "UKR"),
    ("FC København", "København", "DEN"), ("Malmö FF", "Malmö", "SWE"),
    ("Beşiktaş", "Beşiktaş", "TUR"), ("AZ Alkmaar", "AZ", "NED"),
    ("BSC Young Boys", "Young Boys", "SUI"), ("Molde FK", "Molde", "NOR"),
    ("Sparta Praha", "Sparta", "CZE"), ("Olympique Gymnaste Club Nice", "Nice", "FRA"),
]
SIZES = (2, 4, 8, 16, 32, 64)
# Round code and name by the number of teams it starts with, and the name in the site's
# other languages (German's are long words: the tabs must cope).
ROUNDS = {64: ("R64", "Round of 64"), 32: ("R32", "Round of 32"), 16: ("R16", "Round of 16"),
          8: ("QF", "Quarter-finals"), 4: ("SF", "Semi-finals"), 2: ("F", "Final")}
NAMES = {
    64: {"it": "Trentaduesimi di finale", "de": "Zweiunddreißigstelfinale", "fr": "Trente-deuxièmes de finale",
         "pt": "32 avos de final", "es": "Treintaidosavos de final"},
    32: {"it": "Sedicesimi di finale", "de": "Sechzehntelfinale", "fr": "Seizièmes de finale",
         "pt": "16 avos de final", "es": "Dieciseisavos de final"},
    16: {"it": "Ottavi di finale", "de": "Achtelfinale", "fr": "Huitièmes de finale",
         "pt": "Oitavos de final", "es": "Octavos de final"},
    8: {"it": "Quarti di finale", "de": "Viertelfinale", "fr": "Quarts de finale",
        "pt": "Quartos de final", "es": "Cuartos de final"},
    4: {"it": "Semifinali", "de": "Halbfinale", "fr": "Demi-finales", "pt": "Meias-finais", "es": "Semifinales"},
    2: {"it": "Finale", "de": "Finale", "fr": "Finale", "pt": "Final", "es": "Final"},
}
FIRST_LEG = datetime.date(2031, 2, 13)


def slug(teams):
    return f"sample-cup-{teams}"


def cup(teams):
    """Competition-file data for a cup of `teams` (2, 4, … 64): each tie of a round fed by
    two neighbouring ties of the round before, as UEFA's brackets are."""
    if teams not in SIZES:
        raise ValueError(f"a sample cup has {', '.join(map(str, SIZES))} teams, not {teams}")
    clubs = CLUBS[:teams]
    rounds, earlier, left, week = [], [], teams, 0
    while left >= 2:
        code, name = ROUNDS[left]
        final = left == 2
        first = FIRST_LEG + datetime.timedelta(weeks=week)
        dates = [first.isoformat()] if final else [first.isoformat(), (first + datetime.timedelta(weeks=1)).isoformat()]
        codes = [code] if final else [f"{code}{n}" if code in ("QF", "SF") else f"{code}-{n}" for n in range(1, left // 2 + 1)]
        if earlier:
            ties = [{"code": tie, "home_from": earlier[2 * n], "away_from": earlier[2 * n + 1]} for n, tie in enumerate(codes)]
        else:
            ties = [{"code": tie, "home": clubs[2 * n][0], "away": clubs[2 * n + 1][0]} for n, tie in enumerate(codes)]
        rounds.append({"code": code, "name": name, "names": NAMES[left], "dates": dates, "ties": ties}
                      | ({"legs": 1} if final else {}))
        earlier, left, week = codes, left // 2, week + 3
    return {
        "competition": {"name": f"Sample Cup of {teams}", "season": "2030/31", "slug": slug(teams)},
        "teams": [{"name": name, "short_name": short, "country": country} for name, short, country in clubs],
        "rounds": rounds,
    }
