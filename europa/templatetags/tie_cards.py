"""What a tie's card shows, for the bracket template: `{% for row in tie|sides %}`."""
from django import template

from europa import bracket

register = template.Library()


@register.filter
def sides(tie):
    return bracket.sides(tie)
