"""English as Britain writes dates and times (11/04/2024, 21:00), which is how the site
wrote them before it spoke other languages: English is "en", not "en-gb", so that
/en/… and ?lang=en mean English, and its formats come from here."""
from django.conf.locale.en_GB.formats import *  # noqa: F403
