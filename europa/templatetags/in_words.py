"""Dates and scores in the page's language, for templates: `{{ leg.date|day:"weekday" }}`
(“giovedì 11 aprile 2024”), `{{ leg.date|short_day }}` (“11 apr”, “11. Apr.”) and
`{{ aggregate|score }}` (“3–1”, “3:1”), worded by europa/describe.py's rules for each language.

Django's date filter names months and weekdays in the active language too, but capitalises
them in Italian and Portuguese and has no abbreviation that each press writes."""
import datetime

from django import template
from django.utils import timezone
from django.utils.translation import pgettext, pgettext_lazy

from europa import describe, rules

register = template.Library()


@register.filter
def day(date, weekday=""):
    """A date as a sentence writes it, with its weekday if asked: `|day:"weekday"`."""
    if not isinstance(date, datetime.date):
        return ""
    if isinstance(date, datetime.datetime) and timezone.is_aware(date):
        date = timezone.localtime(date)
    return describe.day(date, weekday=weekday == "weekday")


# Translators: a month's abbreviation in a short date ("11 Apr"), as your sports press
# writes it in fixtures lists: "apr" (it), "Apr." (de), "avr." (fr), "abr." (pt, es).
MONTHS = {
    1: pgettext_lazy("abbreviated month", "Jan"),
    2: pgettext_lazy("abbreviated month", "Feb"),
    3: pgettext_lazy("abbreviated month", "Mar"),
    4: pgettext_lazy("abbreviated month", "Apr"),
    5: pgettext_lazy("abbreviated month", "May"),
    6: pgettext_lazy("abbreviated month", "Jun"),
    7: pgettext_lazy("abbreviated month", "Jul"),
    8: pgettext_lazy("abbreviated month", "Aug"),
    9: pgettext_lazy("abbreviated month", "Sep"),
    10: pgettext_lazy("abbreviated month", "Oct"),
    11: pgettext_lazy("abbreviated month", "Nov"),
    12: pgettext_lazy("abbreviated month", "Dec"),
}


@register.filter
def short_day(date):
    """A date where space is tight, without its year: “11 Apr”, “11. Apr.”."""
    if not isinstance(date, datetime.date):
        return ""
    if isinstance(date, datetime.datetime) and timezone.is_aware(date):
        date = timezone.localtime(date)
    # Translators: a short date, "11 Apr"; German writes "11. Apr.".
    return pgettext("short date", "%(day)d %(month)s") % {"day": date.day, "month": MONTHS[date.month]}


@register.filter
def score(home, away=None):
    """`{{ aggregate|score }}` for a rules.Score, or `{{ leg.home_goals|score:leg.away_goals }}`."""
    if isinstance(home, rules.Score):
        return describe.score(home)
    if home is None or away is None:
        return ""
    return describe.score(rules.Score(home, away))
