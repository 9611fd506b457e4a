"""A team's slug from its name, as the admin and competition files both make it: accents
and the letters of Europe's alphabets written in plain ASCII, so that a shared link
(?team=fenerbahce) can be typed on any keyboard. Pure: no Django models."""
from django.utils.text import slugify

# Letters that Unicode does not split into a plain letter and an accent (NFKD), so that
# slugify() would drop them: "København" would become "kbenhavn". The same spellings as
# Django's admin (URLify's downcode) gives them.
PLAIN_LETTERS = str.maketrans({
    "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "ẞ": "SS",
    "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ł": "l", "Ł": "L",
    "ı": "i", "ħ": "h", "Ħ": "H",
    # Two words, not one: “Bodø/Glimt” is bodo-glimt.
    "/": " ",
})


def slug_from_name(name):
    """“Viktoria Plzeň” → viktoria-plzen, “Beşiktaş” → besiktas, “København” → kobenhavn;
    "team" for a name with no letter that has a plain spelling."""
    return slugify(name.translate(PLAIN_LETTERS)) or "team"
