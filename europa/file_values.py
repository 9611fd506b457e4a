"""Values read out of a parsed competition file, each checked as it is read: what is wrong
is kept as a Problem with its line, what it is about and what to write instead, and reading
goes on, so that an editor learns every problem at once."""
import datetime
import json
import re
import zoneinfo
from dataclasses import dataclass

from django.core.exceptions import ValidationError

# What a value looks like, for "write … instead".
EXAMPLES = {
    "name": '"Fenerbahçe"', "season": '"2023/24"', "slug": '"europa-league-2023-24"',
    "country": '"TUR"', "short_name": '"Fener"', "code": '"QF1"', "home": '"Fenerbahçe"',
    "away": '"Fenerbahçe"', "home_from": '"QF1"', "away_from": '"QF2"', "venue": '"Dublin"',
    "notes": '"…"', "time_zone": '"Europe/Paris"', "legs": "2", "number": "1",
    "dates": '["2024-04-11", "2024-04-18"]', "date": '"2024-04-11"', "kickoff": '"20:45"',
    "status": '"finished"', "extra_time": "true", "away_goals_rule": "false",
    "home_goals": "2", "away_goals": "1", "home_penalties": "4", "away_penalties": "3",
    "names": '{ it = "Quarti di finale", de = "Viertelfinale" }',
}


@dataclass(frozen=True)
class Problem:
    line: int | None
    about: str  # 'team "PAOK", country "GR"', 'tie "SF1" leg 2'…
    message: str

    def __str__(self):
        place = ", ".join(part for part in (self.line and f"line {self.line}", self.about) if part)
        return f"{place}: {self.message}" if place else self.message


def shown(value):
    """A value as a file writes it: "GR", 5, true."""
    return json.dumps(value, ensure_ascii=False, default=str)


class ValueReader:
    """Reads values with a problem noted for each one that is wrong; `lines` places them."""

    def __init__(self, lines):
        self.lines, self.problems = lines, []

    def problem(self, path, about, message):
        self.problems.append(Problem(self.lines.of(path), about, message))

    # --- Values ------------------------------------------------------------------------

    def table(self, value, path, about, keys):
        if not isinstance(value, dict):
            self.problem(path, about, f"write it as a table of keys ({', '.join(keys)}).")
            return {}
        for key in value:
            if key not in keys:
                self.problem(path + (key,), about, f"{key} is no key of this table; it has {', '.join(keys)}.")
        return value

    def tables(self, entry, key, path, about):
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            header = ".".join(part for part in path + (key,) if isinstance(part, str))
            self.problem(path + (key,), about, f"{key} is a list of [[{header}]] tables.")
            return []
        return value

    def value(self, entry, key, path, about, kind, default=None, required=False):
        """entry[key] if it is of `kind` (str, int, bool…), `default` when it is not given."""
        if key not in entry:
            if required:
                self.problem(path, about, f"{key} is missing: write e.g. {key} = {EXAMPLES[key]}.")
            return default
        value = entry[key]
        if type(value) is not kind or (kind is str and required and not value.strip()):
            self.problem(path + (key,), f"{about}, {key} {shown(value)}",
                         f"write e.g. {key} = {EXAMPLES[key]}.")
            return default
        return value

    def date(self, value, path, about):
        # A date as TOML's own (2024-04-11) or, like the draw, as a string.
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        try:
            return datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            self.problem(path, f"{about} {shown(value)}", "is not a date like 2024-04-11.")
            return None

    def kickoff(self, entry, path, about):
        value = entry.get("kickoff")
        if value is None or isinstance(value, datetime.time):
            return value
        if isinstance(value, str) and re.fullmatch(r"\d\d:\d\d", value):
            try:
                return datetime.time.fromisoformat(value)
            except ValueError:
                pass
        self.problem(path + ("kickoff",), f"{about}, kickoff {shown(value)}", "is not a time like 20:45.")
        return None

    def zone(self, entry, path, about):
        name = self.value(entry, "time_zone", path, about, str)
        if name is None:
            return None
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            self.problem(path + ("time_zone",), f"{about}, time_zone {shown(name)}",
                         "is no time zone; write one such as Europe/Paris or Europe/London.")
            return None

    def validate(self, instance, given, path, about, exclude=(), clean=True):
        """The model's own field checks (and clean()), worded for the key in the file."""
        try:
            instance.clean_fields(exclude=exclude)
            if clean:
                instance.clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                where = f"{about}, {name} {shown(given[name])}" if name in given else about
                self.problem(path + (name,), where, " ".join(messages))
