"""Competitions as data files (TOML): the draw ships this way, a new competition is added
the same way, and a whole competition, results included, is written out (dump) and read
back (load) as its backup. Loading creates what is missing and never overwrites what is
there, so running it twice changes nothing and an editor's results are never reset.

Results in a file are stored through results.save_tie(), like an editor's, round by round,
so each winner has moved on before the tie it plays next gets its own results."""
import datetime
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field

import tomli_w
from django.core.exceptions import ValidationError
from django.db import transaction

from europa import results, rules
from europa.bracket import Bracket
from europa.models import LEG_FIELDS, MAX_GOALS, Competition, Leg, Round, Team, Tie

# What a [[rounds.ties.legs]] table may say, in the order it is written. A leg is written
# only where it differs from a leg just drawn, and then only the keys that differ.
LEG_KEYS = [
    "number", "date", "kickoff", "venue", "status", "home_goals", "away_goals", "extra_time",
    "home_penalties", "away_penalties",
]
GOALS = ["home_goals", "away_goals", "home_penalties", "away_penalties"]
# Written first, so that whoever opens an exported file knows what it is for.
HEADER = "# A competition for Europa. Load with: python manage.py load_competition FILE\n"
# A 128-team cup with every result is some tens of kilobytes.
MAX_FILE_BYTES = 2 * 1024 * 1024


class CompetitionFileError(Exception):
    """The file cannot be loaded; the message says where and why."""


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    unchanged: int = 0
    results: list[str] = field(default_factory=list)  # ties whose legs came from the file
    kept: list[str] = field(default_factory=list)  # ties already there, legs not as in the file

    def __str__(self):
        if not self.created:
            said = [f"Nothing to do: all {self.unchanged} records are already there."]
        else:
            counts = Counter(kind for kind, _ in self.created)
            made = ", ".join(f"{n} {kind}{'s' if n > 1 else ''}" for kind, n in counts.items())
            said = [f"Created {made}; {self.unchanged} already there."]
        if self.results:
            said.append(f"Results entered for {', '.join(self.results)}.")
        if self.kept:
            said.append(
                f"Kept as stored, not as in the file: the legs of {', '.join(self.kept)}."
            )
        return " ".join(said)


def read(path):
    try:
        with open(path, "rb") as file:
            return parse(file.read(), path)
    except OSError as error:
        raise CompetitionFileError(f"{path}: {error}") from error


def parse(content, name):
    """The parsed file from its bytes (an upload, or a file read from disk)."""
    if len(content) > MAX_FILE_BYTES:
        raise CompetitionFileError(f"{name}: larger than a competition file can be.")
    try:
        return tomllib.loads(content.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise CompetitionFileError(f"{name}: not a text file in UTF-8.") from error
    except tomllib.TOMLDecodeError as error:
        raise CompetitionFileError(f"{name}: {error}") from error


def load(data):
    """Create the competition described by `data` (a parsed file); return a LoadReport.
    All or nothing: a CompetitionFileError leaves the database as it was."""
    report = LoadReport()
    try:
        with transaction.atomic():
            _load(data, report)
    except KeyError as error:
        raise CompetitionFileError(f"Missing entry {error} in the file.") from error
    except ValidationError as error:
        raise CompetitionFileError("; ".join(error.messages)) from error
    except (TypeError, AttributeError) as error:
        # A value of another kind than the layout expects (a list for a team's name…):
        # an uploaded file gets a message, not a server error.
        raise CompetitionFileError(f"The file is not laid out as a competition file: {error}.") from error
    return report


def _tables(value, what):
    """`value` as a list of tables, or a message saying what was expected."""
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise CompetitionFileError(f"{what} must be a list of [[{what}]] tables.")
    return value


def _get_or_create(model, report, label, lookup, defaults, save=None):
    obj = model.objects.filter(**lookup).first()
    if obj is not None:
        report.unchanged += 1
        return obj, False
    obj = model(**lookup, **defaults)
    try:
        obj.full_clean()
    except ValidationError as error:
        raise ValidationError(f"{label}: {'; '.join(error.messages)}") from error
    (save or model.save)(obj)
    report.created.append((model._meta.verbose_name, label))
    return obj, True


def _load(data, report):
    info = data["competition"]
    competition, _ = _get_or_create(
        Competition, report, f"{info['name']} {info['season']}", {"slug": info["slug"]},
        {
            "name": info["name"],
            "season": info["season"],
            "away_goals_rule": info.get("away_goals_rule", False),
            "time_zone": info.get("time_zone", "Europe/Paris"),
        },
    )
    teams = {}
    for entry in _tables(data.get("teams", []), "teams"):
        if entry["name"] in teams:
            raise CompetitionFileError(f"Team {entry['name']!r} is in [[teams]] twice.")
        teams[entry["name"]], _ = _get_or_create(
            Team, report, entry["name"], {"name": entry["name"]},
            {"short_name": entry["short_name"], "country": entry["country"], "slug": entry["slug"]},
        )

    def team(name):
        if name is None:
            return None
        if name not in teams:
            raise CompetitionFileError(f"Team {name!r} is not in the file's [[teams]].")
        return teams[name]

    ties, drawn, round_codes = {}, [], set()
    for order, entry in enumerate(_tables(data["rounds"], "rounds"), start=1):
        code = entry["code"]
        if code in round_codes:
            raise CompetitionFileError(f"Round {code} is in [[rounds]] twice.")
        round_codes.add(code)
        tie_entries = _tables(entry.get("ties", []), "rounds.ties")
        if not isinstance(entry["dates"], list):
            raise CompetitionFileError(f"Round {code}: dates is a list, e.g. [\"2024-04-11\"].")
        dates = [_date(day, f"Round {code}: date") for day in entry["dates"]]
        # A round set up ahead may wait for its dates; a tie's legs are played on them.
        if len(dates) != entry["legs"] and (tie_entries or len(dates) > entry["legs"]):
            raise CompetitionFileError(f"Round {code} has {entry['legs']} legs but {len(dates)} dates.")
        round, _ = _get_or_create(
            Round, report, code, {"competition": competition, "code": code},
            {
                "name": entry["name"], "order": order, "legs": entry["legs"],
                "first_leg_date": dates[0] if dates else None,
                "second_leg_date": dates[1] if len(dates) > 1 else None,
            },
        )
        for position, tie_entry in enumerate(tie_entries, start=1):
            tie_code = tie_entry["code"]
            if tie_code in ties:
                raise CompetitionFileError(f"Tie {tie_code} is in the file twice.")
            # Tie.clean() checks the bracket's shape: one place for each winner, fed by
            # the round just before.
            for key in ("home_from", "away_from"):
                if key in tie_entry and tie_entry[key] not in ties:
                    raise CompetitionFileError(f"{tie_code}: {key} {tie_entry[key]!r} is not an earlier tie.")
            tie, created = _get_or_create(
                Tie, report, tie_code, {"round": round, "code": tie_code},
                {
                    "position": position,
                    "home": team(tie_entry.get("home")),
                    "away": team(tie_entry.get("away")),
                    "home_from": ties.get(tie_entry.get("home_from")),
                    "away_from": ties.get(tie_entry.get("away_from")),
                    "venue": tie_entry.get("venue", ""),
                    "notes": tie_entry.get("notes", ""),
                },
                save=results.create_tie,
            )
            if created:
                report.created += [("leg", f"{tie_code} leg {n}") for n in range(1, round.legs + 1)]
            ties[tie_code] = tie
            drawn.append((tie, created, tie_entry))
    # Every tie is there now, so each result can carry its winner on.
    for tie, created, tie_entry in drawn:
        _enter_legs(tie, created, tie_entry, report)


def _enter_legs(tie, created, entry, report):
    """Store the legs the file gives for a tie this load created, through the one
    workflow for results; for a tie already there, keep what is stored and say so."""
    tie = Tie.objects.select_related("round__competition", "home", "away").get(pk=tie.pk)
    stored = {leg.number: leg for leg in tie.legs.all()}
    given = _legs_as_in_file(tie, entry, stored)
    if not created:
        if any(_state(leg) != _state(stored.get(leg.number)) for leg in given.values()):
            report.kept.append(tie.code)
        return
    changed = [leg for leg in given.values() if _state(leg) != _state(stored[leg.number])]
    if not changed:
        return
    played = any(leg.status != rules.LegStatus.SCHEDULED for leg in changed)
    for side in (rules.Side.HOME, rules.Side.AWAY):
        if played and tie.team(side) is None:
            raise CompetitionFileError(
                f"{tie.code} has a result in the file, but one side is still "
                f"“{tie.side_label(side)}”: the tie before it has no winner in the file."
            )
    try:
        results.save_tie(tie, changed, revision=tie.revision)
    except results.Refused as error:
        raise CompetitionFileError(f"{tie.code}: {error}") from error
    report.results.append(tie.code)


def _state(leg):
    return leg and [getattr(leg, name) for name in LEG_FIELDS]


def _legs_as_in_file(tie, entry, stored):
    """Each leg of `tie` as the file has it: as drawn, with what its legs tables change."""
    round, legs, seen = tie.round, {}, set()
    for number, day in enumerate(round.dates, start=1):
        legs[number] = Leg(tie=tie, number=number, date=day, pk=getattr(stored.get(number), "pk", None))
    for values in _tables(entry.get("legs", []), "rounds.ties.legs"):
        number = values.get("number")
        if type(number) is not int or number not in legs:
            raise CompetitionFileError(
                f"{tie.code}: there is no leg {number!r} in {round.name}, played over "
                f"{'one match' if round.legs == 1 else 'two legs'}."
            )
        if number in seen:
            raise CompetitionFileError(f"{tie.code}: leg {number} is in the file twice.")
        seen.add(number)
        _set_leg(legs[number], values, f"{tie.code} leg {number}")
    return legs


def _set_leg(leg, values, where):
    unknown = sorted(set(values) - set(LEG_KEYS))
    if unknown:
        raise CompetitionFileError(f"{where}: unknown key {unknown[0]!r}; a leg has {', '.join(LEG_KEYS)}.")
    if "date" in values:
        leg.date = _date(values["date"], f"{where}: date")
    if "kickoff" in values:
        leg.kickoff = _kickoff(values["kickoff"], where)
    if "venue" in values:
        leg.venue = values["venue"]
    if "status" in values:
        if values["status"] not in list(rules.LegStatus):
            raise CompetitionFileError(
                f"{where}: status {values['status']!r} is not scheduled, live or finished."
            )
        leg.status = values["status"]
    for key in GOALS:
        if key in values:
            goals = values[key]
            if type(goals) is not int or not 0 <= goals <= MAX_GOALS:
                raise CompetitionFileError(
                    f"{where}: {key} is {goals!r}; goals and penalties are 0 to {MAX_GOALS}."
                )
            setattr(leg, key, goals)
    if "extra_time" in values:
        if type(values["extra_time"]) is not bool:
            raise CompetitionFileError(f"{where}: extra_time is true or false.")
        leg.extra_time = values["extra_time"]
    try:
        leg.clean_fields(exclude=["tie"])
    except ValidationError as error:
        raise CompetitionFileError(f"{where}: {'; '.join(error.messages)}") from error


def _date(value, where):
    # A file may write a date as TOML's own (2024-04-11) or, like the draw, as a string.
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise CompetitionFileError(f"{where} {value!r} is not a date like 2024-04-11.") from None


def _kickoff(value, where):
    if isinstance(value, datetime.time):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d\d:\d\d", value):
        try:
            return datetime.time.fromisoformat(value)
        except ValueError:
            pass
    raise CompetitionFileError(f"{where}: kickoff {value!r} is not a time like 20:45.")


# --- Writing a competition out ------------------------------------------------------------

def dump(competition):
    """The competition as a file in the draw's layout, results included; the same
    competition always gives the same text, byte for byte."""
    bracket = Bracket(competition)
    chunks = [HEADER, _table("[competition]", {
        "name": competition.name,
        "season": competition.season,
        "slug": competition.slug,
        "away_goals_rule": competition.away_goals_rule,
        "time_zone": competition.time_zone,
    })]
    for team in bracket.teams():
        chunks.append(_table("[[teams]]", {
            "name": team.name, "short_name": team.short_name, "country": team.country,
            "slug": team.slug,
        }))
    for round in bracket.rounds:
        # The dates are ISO dates, which need no escaping; on one line, as in the draw.
        dates = ", ".join(f'"{day.isoformat()}"' for day in round.dates if day is not None)
        chunks.append(
            _table("[[rounds]]", {"code": round.code, "name": round.name, "legs": round.legs})
            + f"dates = [{dates}]\n"
        )
        for tie in round.ties.all():
            chunks.append(_table("[[rounds.ties]]", _tie_entry(tie), indent="  "))
            for leg in tie.ordered_legs:
                entry = _leg_entry(leg, round)
                if entry:
                    chunks.append(_table("[[rounds.ties.legs]]", entry, indent="    "))
    return "\n".join(chunks)


def _table(header, entries, indent=""):
    # tomli_w writes and escapes the values; the headers are ours, so that the layout is
    # the draw's ([[teams]] tables rather than one inline array).
    lines = [header, *tomli_w.dumps(entries).splitlines()]
    return "".join(f"{indent}{line}\n" for line in lines)


def _tie_entry(tie):
    entry = {"code": tie.code}
    for side in ("home", "away"):
        feeder = getattr(tie, f"{side}_from")
        if feeder is not None:
            entry[f"{side}_from"] = feeder.code
        elif getattr(tie, side) is not None:
            entry[side] = getattr(tie, side).name
    if tie.venue:
        entry["venue"] = tie.venue
    if tie.notes:
        entry["notes"] = tie.notes
    return entry


def _leg_entry(leg, round):
    """What differs from the leg as drawn; {} when nothing does."""
    drawn = Leg(number=leg.number, date=round.dates[leg.number - 1])
    entry = {}
    for key in LEG_KEYS[1:]:
        value = getattr(leg, key)
        if value != getattr(drawn, key):
            entry[key] = value.strftime("%H:%M") if key == "kickoff" else value
    if "date" in entry:
        entry["date"] = leg.date.isoformat()
    return {"number": leg.number, **entry} if entry else {}
