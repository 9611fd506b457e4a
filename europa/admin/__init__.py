"""The editors' tool, one module per part: competitions and teams, ties with their legs and
history, and the match-night screen."""
from europa.admin import competitions, match_night, ties  # noqa: F401  (they register)
