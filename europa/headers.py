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

    @wraps(view)
    def framed(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404 as missing:
            # Inside the frame: the site that pasted a wrong address sees what is wrong,
            # not a frame the browser refused.
            response = page_not_found(request, missing)
        response._csp_replace = {"frame-ancestors": settings.EMBED_FRAME_ANCESTORS}
        response.xframe_options_exempt = True
        return response

    return framed


def readable_anywhere(view):
    """Public data that another site's script may read (CORS): no cookie is sent or needed."""

    @wraps(view)
    def shared(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return shared
