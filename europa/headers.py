"""The Permissions-Policy header, which Django has no setting for (the rest of the
security headers come from SecurityMiddleware and django-csp)."""
from django.conf import settings


def permissions_policy(get_response):
    def middleware(request):
        response = get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware
