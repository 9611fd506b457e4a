"""Sign-in protection with django-axes: which address a sign-in comes from (believing
X-Forwarded-For only from our own proxies) and the page a locked-out editor reads."""
import ipaddress
import math

from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils import timezone


def client_ip(request):
    """The address axes counts a sign-in against (AXES_CLIENT_IP_CALLABLE)."""
    return forwarded_client(
        request.META.get("REMOTE_ADDR") or None,
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        settings.TRUSTED_PROXIES,
    )


def forwarded_client(remote_addr, forwarded_for, trusted_proxies):
    """REMOTE_ADDR, unless it is one of our proxies: then the right-most X-Forwarded-For
    entry that is not one of our proxies either. Each proxy appends the address it was
    called from, so that entry is the client as our first proxy saw it; whatever stands
    left of it was written by the client and proves nothing."""
    if remote_addr not in trusted_proxies:
        return remote_addr
    for hop in reversed(forwarded_for.split(",")):
        hop = hop.strip()
        if hop in trusted_proxies:
            continue
        # Our proxy writes an address; anything else means the header is not what we think
        # (and axes stores the address in an IP field, which PostgreSQL checks).
        return hop if is_ip_address(hop) else remote_addr
    return remote_addr


def is_ip_address(text):
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def locked_out(request, original_response=None, credentials=None):
    """The answer to a sign-in that axes holds back (AXES_LOCKOUT_CALLABLE): 429, and when
    to try again. Every try during the lock-out starts the wait again, so say that too."""
    cool_off = get_cool_off(request)
    attempted = getattr(request, "axes_attempt_time", None) or timezone.now()
    context = {
        **admin.site.each_context(request),
        "title": "Too many failed sign-ins",
        "failure_limit": get_failure_limit(request, credentials),
        "wait_minutes": math.ceil(cool_off.total_seconds() / 60),
        "retry_at": attempted + cool_off,
    }
    response = render(request, "europa/locked_out.html", context, status=429)
    response["Retry-After"] = str(math.ceil(cool_off.total_seconds()))
    return response
