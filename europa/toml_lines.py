"""Where a value stands in a TOML file, by line. tomllib gives values without places, so
an error could name a team but not say where it is written. The file's table headers
([competition], [[teams]], [[rounds.ties]]…) are counted in order, as TOML reads them,
and each key is found on its line within its table. Pure: no Django."""
import re

HEADER = re.compile(r"\s*(\[\[?)\s*([\w-]+(?:\s*\.\s*[\w-]+)*)\s*\]\]?\s*(#.*)?$")
KEY = re.compile(r"\s*([\w-]+)\s*=")


class Lines:
    """Line numbers of a file's tables and keys, by their path in the parsed data:
    ("teams", 3) is the fourth [[teams]] table, ("teams", 3, "country") its country."""

    def __init__(self, text=""):
        self.found = {}
        latest = {}  # an array of tables' path -> the path of its latest table
        table = ()
        in_string = False
        for number, line in enumerate(text.splitlines(), start=1):
            # A notes = """…""" text may hold a line that looks like a header.
            quotes = line.count('"""') + line.count("'''")
            if in_string:
                in_string = not quotes % 2
                continue
            in_string = bool(quotes % 2)  # the key that opens it is still found below
            header = HEADER.match(line)
            if header:
                names = [name.strip() for name in header[2].split(".")]
                parent = ()
                for name in names[:-1]:
                    parent = latest.get(parent + (name,), parent + (name,))
                table = parent + (names[-1],)
                if header[1] == "[[":
                    array = table
                    table = array + (latest[array][-1] + 1 if array in latest else 0,)
                    latest[array] = table
                self.found.setdefault(table, number)
            elif key := KEY.match(line):
                self.found.setdefault(table + (key[1],), number)

    def of(self, path):
        """The line of `path`, or of the nearest table around it; None if none is found."""
        path = tuple(path)
        while path:
            if path in self.found:
                return self.found[path]
            path = path[:-1]
        return None
