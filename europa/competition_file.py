"""Competitions as data files (TOML): the draw ships this way, a new competition is added
the same way, and a whole competition, results included, is written out (dump) and read
back (load) as its backup. Loading creates what is missing and never overwrites what is
there, so running it twice changes nothing and an editor's results are never reset.

A file is checked whole first (competition_check.py): every problem is reported at once,
and nothing is stored unless there is none. Results in a file are then stored through
results.save_tie(), like an editor's, round by round, so each winner has moved on before
the tie it plays next gets its own results."""
import tomllib
from collections import Counter
from dataclasses import dataclass, field

import tomli_w
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from europa import results
from europa.bracket import Bracket
from europa.competition_check import DEFAULT_LEGS, DEFAULT_TIME_ZONE, check
from europa.file_values import Problem, ValueReader, shown
from europa.models import LEG_FIELDS, Competition, Leg, Round, Team, Tie
from europa.slugs import slug_from_name
from europa.toml_lines import Lines

# Written first, so that whoever opens an exported file knows what it is for.
HEADER = "# A competition for Europa. Load with: python manage.py load_competition FILE\n"
# A 128-team cup with every result is some tens of kilobytes.
MAX_FILE_BYTES = 2 * 1024 * 1024


class CompetitionFileError(Exception):
    """The file cannot be loaded; each problem says where and what to write instead."""

    def __init__(self, name, problems):
        self.name, self.problems = name, list(problems)
        super().__init__("\n".join(
            f"{name}, {problem}" if problem.line or problem.about else f"{name}: {problem}"
            for problem in self.problems
        ))


@dataclass
class Source:
    """A competition file as read: its name for messages, what TOML makes of it, and
    where each table and key is written."""
    name: str
    data: dict
    lines: Lines = field(default_factory=Lines)


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    unchanged: int = 0
    results: list[str] = field(default_factory=list)  # ties whose legs came from the file
    kept: list[str] = field(default_factory=list)  # ties already there, legs not as in the file
    home_page: str = ""  # what / shows now, when the load changed it

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
        if self.home_page:
            said.append(self.home_page)
        return " ".join(said)


def read(path):
    try:
        with open(path, "rb") as file:
            return parse(file.read(), str(path))
    except OSError as error:
        raise CompetitionFileError(path, [Problem(None, "", str(error))]) from error


def parse(content, name):
    """The file from its bytes (an upload, or a file read from disk), as a Source."""
    def refused(message):
        return CompetitionFileError(name, [Problem(None, "", message)])

    if len(content) > MAX_FILE_BYTES:
        raise refused("larger than a competition file can be.")
    try:
        text = content.decode("utf-8")
        return Source(name, tomllib.loads(text), Lines(text))
    except UnicodeDecodeError as error:
        raise refused("not a text file in UTF-8.") from error
    except tomllib.TOMLDecodeError as error:
        raise refused(f"{error}.") from error


def _as_source(source):
    # Data parsed elsewhere has no text, so its problems have no lines.
    return Source("the file", source) if isinstance(source, dict) else source


def check_source(source):
    """The checked plan of `source` (a Source, or data already parsed); CompetitionFileError
    with every problem if any."""
    source = _as_source(source)
    plan, problems = check(source.data, source.lines)
    if problems:
        raise CompetitionFileError(source.name, problems)
    return plan


def load(source):
    """Create the competition described by `source`; return a LoadReport.
    All or nothing: a CompetitionFileError leaves the database as it was."""
    source = _as_source(source)
    plan = check_source(source)
    report = LoadReport()
    shown_before = Competition.objects.current(settings.EUROPA_CURRENT_COMPETITION)
    with transaction.atomic():
        _Loader(source, plan, report).load()
    shown_after = Competition.objects.current(settings.EUROPA_CURRENT_COMPETITION)
    if shown_before is not None and shown_after != shown_before:
        # The home page follows the competition played latest unless the setting names one:
        # a new season taking over is often wanted, but never silently.
        report.home_page = (
            f"The home page (/) now shows {shown_after}, whose last leg is the latest, "
            f"instead of {shown_before}: to keep {shown_before} there, set "
            f"EUROPA_CURRENT_COMPETITION={shown_before.slug}."
        )
    return report


class _Loader(ValueReader):
    """Stores a checked plan. What only the database can tell (a slug another team has, a
    result next to one stored…) is noted like a file's problem, and each stage is refused
    whole when it has any, so the transaction around it stores nothing."""

    def __init__(self, source, plan, report):
        super().__init__(source.lines)
        self.source, self.plan, self.report = source, plan, report

    def refuse_if_any(self):
        if self.problems:
            raise CompetitionFileError(self.source.name, self.problems)

    def get_or_create(self, model, path, about, lookup, defaults, save=None):
        obj = model.objects.filter(**lookup).first()
        if obj is not None:
            self.report.unchanged += 1
            return obj, False
        obj = model(**lookup, **defaults)
        try:
            obj.full_clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                value = getattr(obj, name, None) if name in {**lookup, **defaults} else None
                where = f"{about}, {name} {shown(value)}" if value is not None else about
                self.problem(path + (name,), where, " ".join(messages))
            return None, False
        (save or model.save)(obj)
        self.report.created.append((model._meta.verbose_name, about))
        return obj, True

    def load(self):
        plan = self.plan
        competition, _ = self.get_or_create(
            Competition, ("competition",), "[competition]", {"slug": plan.competition["slug"]},
            {key: value for key, value in plan.competition.items() if key != "slug"},
        )
        self.refuse_if_any()
        teams = {}
        for index, values in enumerate(plan.teams):
            # A team is known by its name: another competition may have brought it already.
            teams[values["name"]], _ = self.get_or_create(
                Team, ("teams", index), f"team {shown(values['name'])}", {"name": values["name"]},
                {key: value for key, value in values.items() if key != "name"},
            )
        self.refuse_if_any()
        ties, drawn = {}, []
        for order, (r, entry) in enumerate(enumerate(plan.rounds), start=1):
            round, _ = self.get_or_create(
                Round, ("rounds", r), f"round {shown(entry.code)}",
                {"competition": competition, "code": entry.code},
                {"name": entry.name, "names": entry.names, "order": order, "legs": entry.legs,
                 "first_leg_date": (entry.dates or [None])[0],
                 "second_leg_date": entry.dates[1] if len(entry.dates) > 1 else None},
            )
            for t, tie_entry in enumerate(entry.ties):
                sides = tie_entry.sides
                tie, created = self.get_or_create(
                    Tie, ("rounds", r, "ties", t), f"tie {shown(tie_entry.code)}",
                    {"round": round, "code": tie_entry.code},
                    {
                        "position": tie_entry.position,
                        "home": teams.get(sides["home"]), "away": teams.get(sides["away"]),
                        "home_from": ties.get(sides["home_from"]), "away_from": ties.get(sides["away_from"]),
                        "venue": tie_entry.venue, "notes": tie_entry.notes,
                    },
                    save=results.create_tie,
                )
                if tie is None:
                    continue
                if created:
                    self.report.created += [("leg", f"{tie.code} leg {n}") for n in range(1, round.legs + 1)]
                ties[tie.code] = tie
                drawn.append((tie, created, tie_entry, ("rounds", r, "ties", t)))
        self.refuse_if_any()
        # Every tie is there now, so each result can carry its winner on.
        for tie, created, tie_entry, path in drawn:
            self.enter_legs(tie, created, tie_entry, path)
        self.refuse_if_any()

    def enter_legs(self, tie, created, entry, path):
        """Store the legs the file gives for a tie this load created, through the one
        workflow for results; for a tie already there, keep what is stored and say so."""
        tie = Tie.objects.select_related("round__competition", "home", "away").get(pk=tie.pk)
        stored = {leg.number: leg for leg in tie.legs.all()}
        given = [
            Leg(tie=tie, number=number, pk=getattr(stored.get(number), "pk", None), **values)
            for number, values in enumerate(entry.legs, start=1)
        ]
        changed = [leg for leg in given if _state(leg) != _state(stored.get(leg.number))]
        if not changed:
            return
        if not created:
            self.report.kept.append(tie.code)
            return
        try:
            results.save_tie(tie, changed, revision=tie.revision)
        except results.Refused as error:
            self.problem(path, f"tie {shown(tie.code)}", str(error))
            return
        self.report.results.append(tie.code)


def _state(leg):
    return leg and [getattr(leg, name) for name in LEG_FIELDS]


# --- Writing a competition out ------------------------------------------------------------

def dump(competition):
    """The competition as a file in the draw's layout, results included; the same
    competition always gives the same text, byte for byte. A key is written only where it
    differs from the format's default (a short name that is the name, a slug made from it,
    two legs…), as an editor would write the file."""
    bracket = Bracket(competition)
    chunks = [HEADER, _table("[competition]", _without_defaults({
        "name": competition.name,
        "season": competition.season,
        "slug": competition.slug,
        "away_goals_rule": competition.away_goals_rule,
        "time_zone": competition.time_zone,
    }, {"away_goals_rule": False, "time_zone": DEFAULT_TIME_ZONE}))]
    for team in bracket.teams():
        chunks.append(_table("[[teams]]", _without_defaults(
            {"name": team.name, "short_name": team.short_name, "country": team.country, "slug": team.slug},
            {"short_name": team.name, "slug": slug_from_name(team.name)},
        )))
    for round in bracket.rounds:
        # The dates are ISO dates, which need no escaping; on one line, as in the draw.
        dates = ", ".join(f'"{day.isoformat()}"' for day in round.dates if day is not None)
        chunks.append(
            _table("[[rounds]]", _without_defaults(
                {"code": round.code, "name": round.name, "legs": round.legs}, {"legs": DEFAULT_LEGS}
            ))
            + f"dates = [{dates}]\n"
            + _names(round.names)
        )
        for tie in round.ties.all():
            chunks.append(_table("[[rounds.ties]]", _tie_entry(tie), indent="  "))
            for leg in tie.ordered_legs:
                entry = _leg_entry(leg, round)
                if entry:
                    chunks.append(_table("[[rounds.ties.legs]]", entry, indent="    "))
    return "\n".join(chunks)


def _names(names):
    """`names = { it = "Quarti di finale", … }` on one line, as the draw writes it; tomli_w
    would make a [names] table, which cannot follow the round's own headers."""
    if not names:
        return ""
    # In the order of settings.LANGUAGES: PostgreSQL's jsonb keeps no order of its own.
    order = [code for code, _name in settings.LANGUAGES]
    ordered = sorted(names.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order))
    # tomli_w escapes each name: "x = \"…\"" less its "x = ".
    written = ", ".join(f"{language} = {tomli_w.dumps({'x': name})[4:].strip()}" for language, name in ordered)
    return f"names = {{ {written} }}\n"


def _without_defaults(entry, defaults):
    return {key: value for key, value in entry.items() if key not in defaults or value != defaults[key]}


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
    for key in LEG_FIELDS:
        value = getattr(leg, key)
        if value != getattr(drawn, key):
            entry[key] = value.strftime("%H:%M") if key == "kickoff" else value
    if "date" in entry:
        entry["date"] = leg.date.isoformat()
    return {"number": leg.number, **entry} if entry else {}
