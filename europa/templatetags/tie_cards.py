"""What a tie's card shows, for the bracket template: `{% for row in tie|sides:bracket %}`."""
from django import template

from europa import bracket

register = template.Library()


@register.filter
def sides(tie, shown=None):
    return bracket.sides(tie, shown.roads if shown else None)
