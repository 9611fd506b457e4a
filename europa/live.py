"""How an open page keeps up with the scores for almost nothing.

Each competition has a version number in the database that goes up, in the same
transaction, with every change to its rounds, ties, legs or teams. An open page polls with
the version it holds (`?v=17`); when nothing changed the answer is an empty 204, read from
the cache without touching the database or rendering anything.

The cache is only trusted when every server process shares it (Redis, memcached, …). With
a per-process cache (local memory) a process cannot see another's bump, so the version is
read from the database: one small query, still no rendering. When the cache is down, the
version comes from the database too (europa.caching).
"""
import datetime
import time

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from europa import caching, rules
from europa.inputs import whole_number
from europa.models import Competition, Leg, Round, Team, Tie

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
# A cached version is only trusted for so long: should a bump's cache write be lost (the
# cache was down when the save committed) or two land out of order, a page can be wrong for
# at most this long. Refilling it costs one small query per competition.
CACHED_FOR = 30


# No competition has a longer slug, and a longer one would be no cache key at all.
SLUG_LENGTH = Competition._meta.get_field("slug").max_length


def version_key(slug):
    return f"europa:version:{slug}"


def cache_is_shared():
    return settings.CACHES["default"]["BACKEND"] not in PER_PROCESS_CACHES


def version(slug):
    """The competition's current version, or None if there is no such competition."""
    if len(slug) > SLUG_LENGTH:
        return None
    if cache_is_shared():
        cached = caching.get(version_key(slug))
        if cached is not None:
            return cached
    current = Competition.objects.filter(slug=slug).values_list("version", flat=True).first()
    if current is not None and cache_is_shared():
        # add, not set: a bump that committed meanwhile has written a newer version.
        caching.add(version_key(slug), current, CACHED_FOR)
    return current


# The shared cache's versions as this process read them lately: {slug: (when, version)}.
_seen = {}


def recent_version(slug):
    """The version a shared cache holds, as this process read it at most
    EUROPA_VERSION_MEMO_SECONDS ago (None when the cache has none): on a big night each
    process asks the cache a few times a second, not once per poll. A save made through
    this process is seen at once; one made through another, that much later."""
    now = time.monotonic()
    seen = _seen.get(slug)
    if seen is not None and now - seen[0] < settings.EUROPA_VERSION_MEMO_SECONDS:
        return seen[1]
    current = caching.get(version_key(slug))
    if current is not None:
        if len(_seen) > 1000:  # slugs are few; anything else is someone probing
            _seen.clear()
        _seen[slug] = (now, current)
    return current


def forget_recent():
    """Read every version afresh (for tests, whose versions start again each time)."""
    _seen.clear()


def unchanged(slug, held):
    """True when a page holding version `held` (the ?v= it polled with) is up to date."""
    number = whole_number(held)
    return number is not None and version(slug) == number


def bump(competition_ids):
    """Move the competitions' versions on, now, in the caller's transaction; tell the
    cache once that transaction commits."""
    competitions = Competition.objects.filter(pk__in=set(competition_ids))
    competitions.update(version=F("version") + 1)
    written = dict(competitions.values_list("slug", "version"))

    def publish():
        # The save has committed whatever the cache says: a cache that is down must not
        # turn it into an error page (caching.put never raises).
        for slug, number in written.items():
            caching.put(version_key(slug), number, CACHED_FOR)
            _seen.pop(slug, None)

    transaction.on_commit(publish)


def competitions_of(instance):
    """Ids of the competitions a changed object belongs to."""
    if isinstance(instance, Competition):
        return [instance.pk]
    if isinstance(instance, Round):
        return [instance.competition_id]
    if isinstance(instance, Tie):
        return list(Round.objects.filter(pk=instance.round_id).values_list("competition_id", flat=True))
    if isinstance(instance, Leg):
        return list(Tie.objects.filter(pk=instance.tie_id).values_list("round__competition_id", flat=True))
    if isinstance(instance, Team):
        return list(
            Tie.objects.filter(Q(home=instance) | Q(away=instance))
            .values_list("round__competition_id", flat=True).distinct()
        )
    return []


@receiver(post_save, sender=Round)
@receiver(post_save, sender=Tie)
@receiver(post_save, sender=Leg)
@receiver(post_save, sender=Team)
@receiver(post_delete, sender=Round)
@receiver(post_delete, sender=Tie)
@receiver(post_delete, sender=Leg)
@receiver(post_delete, sender=Team)
def _part_changed(sender, instance, **kwargs):
    bump(competitions_of(instance))


@receiver(post_save, sender=Competition)
@receiver(post_delete, sender=Competition)
def _competition_changed(sender, instance, created=False, **kwargs):
    # A new competition starts at version 0: nobody holds an older one.
    if not created:
        bump([instance.pk])


def poll_trigger(rounds, now=None):
    """When an open page asks for news (htmx's hx-trigger): at its interval, and at once on
    "seen", which static/js/europa.js sends when the page is seen again; that script also
    holds the polls back while the page is hidden. No trigger filter: htmx would compile
    it with Function(), which the Content-Security-Policy forbids."""
    return f"every {poll_seconds(rounds, now)}s, seen"


def poll_seconds(rounds, now=None):
    """Ask often while a leg is live or kicks off within the hour; rarely otherwise."""
    now = now or timezone.now()
    soon = now + datetime.timedelta(hours=1)
    for round in rounds:
        for tie in round.ties.all():
            for leg in tie.ordered_legs:
                if leg.status == rules.LegStatus.LIVE:
                    return settings.EUROPA_LIVE_POLL_SECONDS
                kickoff = leg.kickoff_at
                if leg.status == rules.LegStatus.SCHEDULED and kickoff and now <= kickoff <= soon:
                    return settings.EUROPA_LIVE_POLL_SECONDS
    return settings.EUROPA_POLL_SECONDS
