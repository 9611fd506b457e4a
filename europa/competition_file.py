"""Competitions as data files (TOML): the draw ships this way, and a new competition is
added the same way. Loading creates what is missing and never overwrites what is there,
so running it twice changes nothing and an editor's results are never reset."""
import datetime
import tomllib
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from europa.models import Competition, Leg, Round, Team, Tie


class CompetitionFileError(Exception):
    """The file cannot be loaded; the message says where and why."""


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    unchanged: int = 0

    def __str__(self):
        if not self.created:
            return f"Nothing to do: all {self.unchanged} records are already there."
        counts = Counter(kind for kind, _ in self.created)
        made = ", ".join(f"{n} {kind}{'s' if n > 1 else ''}" for kind, n in counts.items())
        return f"Created {made}; {self.unchanged} already there."


def read(path):
    try:
        with open(path, "rb") as file:
            return tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CompetitionFileError(f"{path}: {error}") from error


def load(data):
    """Create the competition described by `data` (a parsed file); return a LoadReport."""
    report = LoadReport()
    try:
        with transaction.atomic():
            _load(data, report)
    except KeyError as error:
        raise CompetitionFileError(f"Missing entry {error} in the file.") from error
    except ValidationError as error:
        raise CompetitionFileError("; ".join(error.messages)) from error
    return report


def _get_or_create(model, report, label, lookup, defaults):
    obj = model.objects.filter(**lookup).first()
    if obj is not None:
        report.unchanged += 1
        return obj
    obj = model(**lookup, **defaults)
    try:
        obj.full_clean()
    except ValidationError as error:
        raise ValidationError(f"{label}: {'; '.join(error.messages)}") from error
    obj.save()
    report.created.append((model._meta.verbose_name, label))
    return obj


def _load(data, report):
    info = data["competition"]
    competition = _get_or_create(
        Competition, report, info["name"] + " " + info["season"], {"slug": info["slug"]},
        {
            "name": info["name"],
            "season": info["season"],
            "away_goals_rule": info.get("away_goals_rule", False),
            "time_zone": info.get("time_zone", "Europe/Paris"),
        },
    )
    teams = {}
    for entry in data.get("teams", []):
        teams[entry["name"]] = _get_or_create(
            Team, report, entry["name"], {"name": entry["name"]},
            {"short_name": entry["short_name"], "country": entry["country"], "slug": entry["slug"]},
        )

    def team(name):
        if name is None:
            return None
        if name not in teams:
            raise CompetitionFileError(f"Team {name!r} is not in the file's [[teams]].")
        return teams[name]

    ties = {}
    for order, entry in enumerate(data["rounds"], start=1):
        dates = [datetime.date.fromisoformat(str(day)) for day in entry["dates"]]
        if len(dates) != entry["legs"]:
            raise CompetitionFileError(f"Round {entry['code']} has {entry['legs']} legs but {len(dates)} dates.")
        round = _get_or_create(
            Round, report, entry["code"], {"competition": competition, "code": entry["code"]},
            {
                "name": entry["name"], "order": order, "legs": entry["legs"],
                "first_leg_date": dates[0], "second_leg_date": dates[1] if len(dates) > 1 else None,
            },
        )
        for position, tie_entry in enumerate(entry["ties"], start=1):
            code = tie_entry["code"]
            for key in ("home_from", "away_from"):
                if key in tie_entry and tie_entry[key] not in ties:
                    raise CompetitionFileError(f"{code}: {key} {tie_entry[key]!r} is not an earlier tie.")
            tie = _get_or_create(
                Tie, report, code, {"round": round, "code": code},
                {
                    "position": position,
                    "home": team(tie_entry.get("home")),
                    "away": team(tie_entry.get("away")),
                    "home_from": ties.get(tie_entry.get("home_from")),
                    "away_from": ties.get(tie_entry.get("away_from")),
                    "venue": tie_entry.get("venue", ""),
                    "notes": tie_entry.get("notes", ""),
                },
            )
            ties[code] = tie
            for number, day in enumerate(dates, start=1):
                _get_or_create(
                    Leg, report, f"{code} leg {number}", {"tie": tie, "number": number},
                    {"date": day},
                )
