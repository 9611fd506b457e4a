"""Headers that Django has no setting for: the Permissions-Policy on every response, and
per view, framing for the embed pages and CORS for the data other sites read (the rest of
the security headers come from SecurityMiddleware and django-csp)."""
from functools import wraps

from django.conf import settings
from django.http import Http404
from django.views.defaults import page_not_found


def permissions_policy(get_response):
    def middleware(request):
        response = get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware


def embeddable(view):
    """Let the sites in EUROPA_EMBED_ORIGINS frame the view's pages, through the
    Content-Security-Policy's frame-ancestors. X-Frame-Options cannot name several sites
    (and browsers that know frame-ancestors ignore it), so these pages go without it."""

    def framed(response):
        response._csp_replace = {"frame-ancestors": settings.EMBED_FRAME_ANCESTORS}
        response.xframe_options_exempt = True
        return response

    def answer(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404 as missing:
            # Inside the frame: the site that pasted a wrong address sees what is wrong,
            # not a frame the browser refused.
            return page_not_found(request, missing)

    return _on_every_answer(view, answer, framed)


def readable_anywhere(view):
    """Public data that another site's script may read (CORS): no cookie is sent or needed."""

    def shared(response):
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return _on_every_answer(view, view, shared)


def _on_every_answer(view, answer, change):
    """`view` with `change(response)` made to each of its answers, those it gives early from
    the cache (pages.kept's `early`, which KeptPagesMiddleware calls) included."""

    @wraps(view)
    def changed(request, *args, **kwargs):
        return change(answer(request, *args, **kwargs))

    early = getattr(view, "early", None)
    if early is not None:
        def changed_early(request, *args, **kwargs):
            response = early(request, *args, **kwargs)
            return None if response is None else change(response)

        changed.early = changed_early
    return changed
