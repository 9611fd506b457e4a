"""A competition file checked before anything is stored: every problem at once, each with
its line, the team, round, tie or leg it is about, and what to write instead. When there is
none, the competition as plain values for competition_file.load(). Reads and writes no
database, so manage.py check_competition runs it on its own.

The rules of football (a result that cannot be, penalties when not level…) come from
rules.problems(), and a field's limits from the model's own validation: this module only
adds what a file can get wrong that a form cannot (its layout, the draw, dates in order)."""
import datetime
import zoneinfo
from dataclasses import dataclass, field

from europa import describe, rules
from europa.file_values import EXAMPLES, ValueReader, shown
from europa.models import LEG_FIELDS, SCORE_FIELDS, Competition, Leg, Round, Team, Tie

COMPETITION_KEYS = ["name", "season", "slug", "away_goals_rule", "time_zone"]
TEAM_KEYS = ["name", "country", "short_name", "slug"]
ROUND_KEYS = ["code", "name", "names", "legs", "dates", "ties"]
# A tie's dates, kickoff and time_zone are its legs', unless a leg says otherwise.
TIE_KEYS = [
    "code", "home", "away", "home_from", "away_from", "dates", "kickoff", "time_zone", "venue",
    "notes", "legs",
]
LEG_KEYS = ["number", "date", "kickoff", "time_zone", "venue", *SCORE_FIELDS]
DEFAULT_LEGS = 2
DEFAULT_TIME_ZONE = "Europe/Paris"


@dataclass
class TieEntry:
    code: str
    position: int
    sides: dict  # home, away, home_from, away_from: a team's name, a tie's code or None
    venue: str
    notes: str
    legs: list  # each leg's LEG_FIELDS as the file has them, leg 1 first


@dataclass
class RoundEntry:
    code: str
    name: str
    legs: int
    dates: list
    ties: list = field(default_factory=list)
    names: dict = field(default_factory=dict)  # the name in the site's other languages


@dataclass
class Plan:
    """The competition as the file describes it, checked."""
    competition: dict
    teams: list  # Team field values
    rounds: list  # RoundEntry


def check(data, lines):
    """(Plan or None, [Problem]): the plan only when there is no problem."""
    checker = _Checker(lines)
    plan = checker.file(data)
    problems = sorted(checker.problems, key=lambda problem: problem.line or 0)
    return (None if problems else plan), problems


class _Checker(ValueReader):
    # --- The file ------------------------------------------------------------------------

    def file(self, data):
        self.table(data, (), "the file", ["competition", "teams", "rounds"])
        competition = self.competition(data.get("competition"))
        teams = self.teams(data)
        rounds = self.rounds(data, {team["name"] for team in teams}, competition)
        return Plan(competition, teams, rounds)

    def competition(self, entry):
        path, about = ("competition",), "[competition]"
        if entry is None:
            self.problem((), "the file", "it has no [competition] table: write its name, season and slug.")
            return {}
        entry = self.table(entry, path, about, COMPETITION_KEYS)
        values = {
            "name": self.value(entry, "name", path, about, str, required=True),
            "season": self.value(entry, "season", path, about, str, required=True),
            "slug": self.value(entry, "slug", path, about, str, required=True),
            "away_goals_rule": self.value(entry, "away_goals_rule", path, about, bool, False),
            "time_zone": self.value(entry, "time_zone", path, about, str, DEFAULT_TIME_ZONE),
        }
        if None not in values.values():
            self.validate(Competition(**values), entry, path, about, exclude=["version"])
        return values

    def teams(self, data):
        teams, seen = [], set()
        for index, entry in enumerate(self.tables(data, "teams", (), "the file")):
            path = ("teams", index)
            name = entry.get("name")
            about = f"team {shown(name)}" if isinstance(name, str) else f"team {index + 1} in [[teams]]"
            self.table(entry, path, about, TEAM_KEYS)
            values = {
                "name": self.value(entry, "name", path, about, str, required=True),
                "country": self.value(entry, "country", path, about, str, required=True),
                "short_name": self.value(entry, "short_name", path, about, str, ""),
                "slug": self.value(entry, "slug", path, about, str, ""),
            }
            if None in values.values():
                continue
            if name in seen:
                self.problem(path + ("name",), about, "is in [[teams]] twice; keep one.")
                continue
            seen.add(name)
            self.validate(Team(**values), entry, path, about)
            teams.append(values)
        return teams

    def rounds(self, data, team_names, competition):
        entries = self.tables(data, "rounds", (), "the file")
        self.team_names, self.time_zone = team_names, self.competition_zone(competition)
        self.away_goals_rule = competition.get("away_goals_rule") or False
        # Where each tie is, to tell a tie from a later round (or a cycle) from a typo.
        self.round_of = {}
        for r, entry in enumerate(entries):
            for tie in entry.get("ties", []) if isinstance(entry.get("ties"), list) else []:
                if isinstance(tie, dict) and isinstance(tie.get("code"), str):
                    self.round_of.setdefault(tie["code"], r)
        # Across rounds: whom each tie's winner plays, who won, and when each tie ends.
        self.fed, self.winners, self.last_dates = {}, {}, {}
        rounds, codes, tie_codes = [], set(), set()
        for r, entry in enumerate(entries):
            path = ("rounds", r)
            code = entry.get("code")
            about = f"round {shown(code)}" if isinstance(code, str) else f"round {r + 1} in [[rounds]]"
            self.table(entry, path, about, ROUND_KEYS)
            round = RoundEntry(
                code=self.value(entry, "code", path, about, str, required=True),
                name=self.value(entry, "name", path, about, str, required=True),
                legs=self.value(entry, "legs", path, about, int, DEFAULT_LEGS),
                dates=self.round_dates(entry, path, about),
                names=self.value(entry, "names", path, about, dict, {}),
            )
            if round.code in codes:
                self.problem(path + ("code",), about, "is in [[rounds]] twice; give each round its own code.")
            codes.add(round.code)
            ties = self.tables(entry, "ties", path, about)
            if None in (round.code, round.name, round.legs, round.dates):
                rounds.append(round)
                continue
            if len(round.dates) > round.legs or (ties and len(round.dates) != round.legs):
                self.problem(path + ("dates",), f"{about}, dates {shown(round.dates)}", (
                    f"a round of {round.legs} leg{'s' if round.legs > 1 else ''} has "
                    f"{round.legs} date{'s' if round.legs > 1 else ''}, e.g. dates = {EXAMPLES['dates']}"
                    + (" (legs = 1 for a one-match round)." if round.legs > 1 else "."))
                )
                round.dates = []
            self.validate(Round(code=round.code, name=round.name, names=round.names, legs=round.legs,
                                first_leg_date=(round.dates or [None])[0],
                                second_leg_date=round.dates[1] if len(round.dates) > 1 else None),
                          entry, path, about, exclude=["competition", "order"])
            earlier = rounds[-1] if rounds else None
            if earlier and earlier.dates and round.dates and round.dates[0] <= earlier.dates[-1]:
                self.problem(path + ("dates",), f"{about}, dates {shown(round.dates)}",
                             f"{round.name} starts on {round.dates[0]}, not after {earlier.name} "
                             f"ends ({earlier.dates[-1]}): rounds are played in order.")
            in_round = {}
            for t, tie_entry in enumerate(ties):
                problems_before = len(self.problems)
                tie = self.tie(tie_entry, (*path, "ties", t), round, t + 1, earlier, r)
                if tie is None:
                    continue
                if tie.code in tie_codes:
                    self.problem((*path, "ties", t, "code"), f"tie {shown(tie.code)}",
                                 "is in the file twice; give each tie its own code.")
                    continue
                tie_codes.add(tie.code)
                self.draw(tie, (*path, "ties", t), in_round)
                self.results(tie, round, (*path, "ties", t), tie_entry, problems_before)
                self.last_dates[tie.code] = max((leg["date"] for leg in tie.legs if leg["date"]), default=None)
                round.ties.append(tie)
            rounds.append(round)
        return rounds

    def competition_zone(self, competition):
        try:
            return zoneinfo.ZoneInfo(competition.get("time_zone") or DEFAULT_TIME_ZONE)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return None

    def round_dates(self, entry, path, about):
        value = entry.get("dates", [])
        if not isinstance(value, list):
            self.problem(path + ("dates",), f"{about}, dates {shown(value)}",
                         f"write a list, e.g. dates = {EXAMPLES['dates']}.")
            return None
        dates = [self.date(day, path + ("dates",), f"{about}, date") for day in value]
        return None if None in dates else dates

    # --- A tie ---------------------------------------------------------------------------

    def tie(self, entry, path, round, position, earlier, r):
        code = entry.get("code")
        about = f"tie {shown(code)}" if isinstance(code, str) else f"tie {position} of {round.name}"
        self.table(entry, path, about, TIE_KEYS)
        code = self.value(entry, "code", path, about, str, required=True)
        sides = {}
        for side in ("home", "away"):
            team = self.value(entry, side, path, about, str)
            feeder = self.value(entry, f"{side}_from", path, about, str)
            if team is not None and feeder is not None:
                self.problem(path + (side,), about, f"write {side} or {side}_from, not both.")
            if team is not None and team not in self.team_names:
                self.problem(path + (side,), f"{about}, {side} {shown(team)}",
                             "is not in the file's [[teams]]: add it there (name and country), "
                             "or write the name as [[teams]] does.")
                team = None
            if feeder is not None and not self.feeder_is_before(feeder, path + (f"{side}_from",),
                                                                  about, side, round, earlier, r):
                feeder = None
            sides[side], sides[f"{side}_from"] = team, feeder
        venue = self.value(entry, "venue", path, about, str, "")
        notes = self.value(entry, "notes", path, about, str, "")
        if code is None or venue is None or notes is None:
            return None
        # Tie.clean() asks the database about the draw; the file's draw is checked in draw().
        self.validate(Tie(code=code, position=position, venue=venue, notes=notes), entry, path, about,
                      exclude=["round", "home", "away", "home_from", "away_from"], clean=False)
        return TieEntry(code, position, sides, venue, notes, self.legs(entry, path, about, round))

    def feeder_is_before(self, feeder, path, about, side, round, earlier, r):
        where = f"{about}, {side}_from {shown(feeder)}"
        if earlier is None:
            self.problem(path, where, f"{round.name} is the first round: write {side} with a team's name.")
        elif feeder not in self.round_of:
            self.problem(path, where, f"there is no tie {feeder} in the file; write a tie of {earlier.name}.")
        elif self.round_of[feeder] != r - 1:
            # Only the round just before can feed a tie, so no winner goes round in a circle.
            self.problem(path, where, f"{feeder} is not in {earlier.name}, the round just before: "
                         "a tie's sides come from there.")
        else:
            return True
        return False

    def legs(self, entry, path, about, round):
        """Each leg's LEG_FIELDS: the round's dates, then the tie's own, then its legs tables'."""
        dates = self.round_dates(entry, path, about) if "dates" in entry else round.dates
        if dates is not None and len(dates) != round.legs:
            self.problem(path + ("dates",), f"{about}, dates {shown(dates)}",
                         f"{round.name} has {round.legs} leg{'s' if round.legs > 1 else ''}: "
                         f"write {round.legs} date{'s' if round.legs > 1 else ''}.")
            dates = None
        dates = dates or [None] * round.legs
        kickoff, zone = self.kickoff(entry, path, about), self.zone(entry, path, about)
        legs = [
            {"date": day, "kickoff": kickoff, "venue": "", "status": rules.LegStatus.SCHEDULED,
             "home_goals": None, "away_goals": None, "extra_time": False,
             "home_penalties": None, "away_penalties": None, "zone": zone}
            for day in dates
        ]
        seen = set()
        for k, values in enumerate(self.tables(entry, "legs", path, about)):
            leg_path = (*path, "legs", k)
            number = values.get("number")
            leg_about = f"{about} leg {shown(number)}"
            self.table(values, leg_path, leg_about, LEG_KEYS)
            if type(number) is not int or not 1 <= number <= round.legs:
                self.problem(leg_path + ("number",), leg_about, (
                    f"{round.name} is played over "
                    f"{'one match: write number = 1' if round.legs == 1 else 'two legs: write number = 1 or 2'}."
                ))
                continue
            if number in seen:
                self.problem(leg_path, leg_about, "is in the file twice; write each leg once.")
                continue
            seen.add(number)
            self.leg(legs[number - 1], values, leg_path, leg_about)
        for number, leg in enumerate(legs, start=1):
            zone = leg.pop("zone")
            if zone is not None and leg["kickoff"] is not None and leg["date"] is not None and self.time_zone:
                # Stored in the competition's zone, in which pages write every kick-off.
                moment = datetime.datetime.combine(leg["date"], leg["kickoff"], tzinfo=zone)
                moment = moment.astimezone(self.time_zone)
                leg["date"], leg["kickoff"] = moment.date(), moment.time()
            if number > 1 and leg["date"] and legs[0]["date"] and leg["date"] <= legs[0]["date"]:
                self.problem(path, f"{about} leg {number}",
                             f"is on {leg['date']}, not after leg 1 ({legs[0]['date']}).")
        return legs

    def leg(self, leg, values, path, about):
        if "date" in values:
            leg["date"] = self.date(values["date"], path + ("date",), f"{about}, date")
        if "kickoff" in values:
            leg["kickoff"] = self.kickoff(values, path, about)
        if "time_zone" in values:
            leg["zone"] = self.zone(values, path, about)
        for key in ("venue", "status"):
            leg[key] = self.value(values, key, path, about, str, leg[key])
        for key in ("home_goals", "away_goals", "home_penalties", "away_penalties"):
            leg[key] = self.value(values, key, path, about, int, leg[key])
        leg["extra_time"] = self.value(values, "extra_time", path, about, bool, leg["extra_time"])
        if leg["status"] not in list(rules.LegStatus):
            self.problem(path + ("status",), f"{about}, status {shown(leg['status'])}",
                         'write "scheduled", "live" or "finished".')
            leg["status"] = rules.LegStatus.SCHEDULED
        fields = {name: leg[name] for name in LEG_FIELDS}
        self.validate(Leg(**fields), values, path, about, exclude=["tie", "date"])

    # --- The draw and the results ----------------------------------------------------------

    def draw(self, tie, path, in_round):
        for side in ("home", "away"):
            team, feeder = tie.sides[side], tie.sides[f"{side}_from"]
            if team is not None:
                if team in in_round:
                    self.problem(path + (side,), f"tie {shown(tie.code)}, {side} {shown(team)}",
                                 f"{team} already plays {in_round[team]} in this round.")
                in_round[team] = tie.code
            if feeder is not None:
                if feeder in self.fed:
                    self.problem(path + (f"{side}_from",), f"tie {shown(tie.code)}, {side}_from {shown(feeder)}",
                                 f"{feeder}'s winner already goes to {self.fed[feeder]}; a winner goes to one place.")
                    continue
                self.fed[feeder] = tie.code
                first, ends = tie.legs[0]["date"], self.last_dates.get(feeder)
                if first and ends and first <= ends:
                    self.problem(path, f"tie {shown(tie.code)} leg 1", f"is on {first}, not after {feeder} ends ({ends}).")

    def results(self, tie, round, path, entry, problems_before):
        if len(self.problems) > problems_before:
            return  # a leg's value is wrong already: the rules would only say it again
        scores = [
            rules.LegScore(number=number, date=leg["date"], **{key: leg[key] for key in SCORE_FIELDS})
            for number, leg in enumerate(tie.legs, start=1)
        ]
        about = f"tie {shown(tie.code)}"
        where = {values.get("number"): k for k, values in enumerate(entry.get("legs", []))}
        found = rules.problems(scores, round.legs, self.away_goals_rule)
        for problem in found:
            leg_path = (*path, "legs", where[problem.leg], problem.field) if problem.leg in where else path
            self.problem(leg_path, f"{about} leg {problem.leg}" if problem.leg else about,
                         describe.problem(problem))
        teams = {side: tie.sides[side] or self.winners.get(tie.sides[f"{side}_from"]) for side in ("home", "away")}
        played = any(score.status != rules.LegStatus.SCHEDULED for score in scores)
        for side, team in teams.items():
            feeder = tie.sides[f"{side}_from"]
            if played and team is None and not found:
                self.problem(path, about, (
                    f"it has a result, but its {side} side is still "
                    + (f"the winner of {feeder}, which has no winner in the file." if feeder
                       else f"to be decided: write {side} with a team's name.")
                ))
        if not found:
            outcome = rules.decide(scores, round.legs, self.away_goals_rule)
            self.winners[tie.code] = teams.get(outcome.winner) if outcome.winner else None
