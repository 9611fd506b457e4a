"""Every page, the admin's included, keeps to the Content-Security-Policy in a real browser:
no inline script or style, no eval, nothing refused. A refusal shows in the browser as a
`securitypolicyviolation` event and a console error; the test collects both."""
import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import expect

from europa.models import Competition, Tie

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-editor-password-for-tests"
BRACKET = "/competitions/europa-league-2023-24/"

# Runs in every document before its own scripts: keeps what the browser refused.
LISTEN = """
window.__refused = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__refused.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " " + event.sample);
});
"""


@pytest.fixture
def watched(open_page):
    """A desktop page whose CSP refusals, from events and from the console, are collected."""
    page = open_page()
    page.add_init_script(LISTEN)
    console = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)

    def refusals():
        seen = page.evaluate("window.__refused || []")
        return seen + [text for text in console if "Content Security Policy" in text]

    page.refusals = refusals
    page.forget = console.clear
    return page


def visit(page, url):
    """Open `url` and return what the browser refused on it once its scripts have run."""
    page.forget()
    response = page.goto(url)  # waits for the load event: the scripts ran on DOMContentLoaded
    page.wait_for_timeout(100)
    assert response.status < 500, f"{url}: {response.status}"
    assert "content-security-policy" in response.headers, url
    return page.refusals()


def admin_pages(live_server):
    """Each registered model's list, add form, one object's change, history and delete
    pages (a GET of the delete page only asks for confirmation), and our own admin pages."""
    urls = [reverse("admin:index"), reverse("admin:password_change"),
            reverse("admin:europa_competition_import")]
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        urls.append(reverse("admin:%s_%s_changelist" % info))
        if model_admin.has_add_permission(_Superuser()):
            urls.append(reverse("admin:%s_%s_add" % info))
        first = model.objects.order_by("pk").first()
        if first is not None:
            for page in ("change", "history", "delete"):
                urls.append(reverse(f"admin:%s_%s_{page}" % info, args=[first.pk]))
    return [live_server.url + url for url in urls]


class _Superuser:
    """Enough of a request for has_add_permission: a superuser may add what can be added."""

    class user:
        is_active = is_staff = is_superuser = True

        @staticmethod
        def has_perm(perm, obj=None):
            return True


def test_public_pages_keep_to_the_policy(watched, live_server, draw, play):
    play("QF2", 1, 0, 3)
    play("QF1", 1, 1, 0, status="live")
    tie = Tie.objects.get(code="QF2")
    for url in ["/", "/competitions/", BRACKET, BRACKET + "?team=liverpool", tie.get_absolute_url(),
                "/competitions/nope/", BRACKET + "ties/XX9/",
                BRACKET + "embed/?theme=dark&round=SF&team=liverpool&compact=1",
                tie.get_absolute_url() + "embed/?theme=light&compact=1"]:
        assert visit(watched, live_server.url + url) == [], url


def test_live_redraw_keeps_to_the_policy_and_polls_only_while_seen(watched, live_server, draw, play):
    """The poll's trigger has no filter (htmx would eval it): the page's own script holds
    polls back while the page is hidden and asks at once when it is seen again."""
    assert visit(watched, live_server.url + BRACKET) == []
    requests = []
    watched.on("request", lambda request: requests.append(request.url) if "?v=" in request.url else None)
    play("QF2", 1, 0, 3)

    watched.evaluate("Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true})")
    watched.evaluate("htmx.trigger('#bracket', 'seen')")
    watched.wait_for_timeout(500)
    assert requests == [], "a hidden page asked for news"

    watched.evaluate("""Object.defineProperty(document, 'visibilityState', {value: 'visible', configurable: true});
                        document.dispatchEvent(new Event('visibilitychange'))""")
    expect(watched.locator("#tie-QF2 .side__goals").first).to_contain_text("0")
    expect(watched.locator("#tie-QF2 .goal").nth(2)).to_have_text("3")
    assert len(requests) == 1
    assert watched.refusals() == []


def test_admin_pages_keep_to_the_policy(watched, live_server, draw, play, settings):
    # Debug is off under tests, so cookies would be secure-only and never sent over http.
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    play("QF2", 1, 0, 3)  # a tie with history to show
    assert visit(watched, live_server.url + reverse("admin:login")) == []
    User.objects.create_superuser("chief", "chief@example.org", PASSWORD)
    watched.get_by_label("Username").fill("chief")
    watched.get_by_label("Password").fill(PASSWORD)
    watched.get_by_role("button", name="Log in").click()
    expect(watched.get_by_role("heading", level=1)).to_be_visible()

    refused = {}
    for url in admin_pages(live_server):
        found = visit(watched, url)
        if found:
            refused[url] = found
    # The autocomplete widget builds its dropdown in the browser: open one.
    tie = Tie.objects.get(code="QF2")
    visit(watched, live_server.url + reverse("admin:europa_tie_change", args=[tie.pk]))
    watched.locator(".select2-selection").first.click()
    expect(watched.locator(".select2-results__option").first).to_be_visible()
    if watched.refusals():
        refused["autocomplete"] = watched.refusals()
    assert refused == {}
    assert Competition.objects.count() == 1  # the delete pages only asked
