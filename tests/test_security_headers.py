"""The security headers on every response, and pages that need nothing inline: the
Content-Security-Policy forbids inline script, inline style and eval (the browser test
tests/e2e/test_security_policy.py loads every page under it)."""
import re

import pytest

from tools import build_static

BRACKET = "/competitions/europa-league-2023-24/"


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


@pytest.mark.parametrize("url", ["/", BRACKET, BRACKET + "ties/QF1/", BRACKET + "bracket.json",
                                 "/competitions/nope/", "/admin/login/"])
def test_every_response_carries_the_policy_and_headers(client, draw, url):
    response = client.get(url)
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", ["/", BRACKET + "?team=liverpool", BRACKET + "ties/QF1/", "/competitions/"])
def test_public_pages_have_no_inline_script_or_style(client, draw, play, url):
    play("QF1", 1, 1, 0, status="live")
    html = client.get(url).content.decode()
    assert re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", html) == []
    # In real tags: the Embed disclosure shows a snippet with a style attribute as text.
    assert "<style" not in html and not re.search(r"<[^>]*\sstyle=", html)
    assert not re.search(r"<[^>]*\son[a-z]+=", html), "an inline event handler"
    assert "hx-on" not in html and "[document." not in html, "script that htmx would eval"


def test_a_team_keeps_its_road_number_in_every_round(client, play):
    for leg in (1, 2):
        play("QF2", leg, *((0, 3) if leg == 1 else (0, 1)))  # Atalanta through on aggregate
    html = client.get(BRACKET).content.decode()
    roads = re.findall(r'data-team="atalanta" data-road="(\d+)"', html)
    assert len(roads) == 2 and len(set(roads)) == 1
    numbers = set(re.findall(r'data-road="(\d+)"', html))
    assert numbers == {str(n) for n in range(1, 9)}


def test_the_generated_static_files_are_up_to_date():
    """Run `python tools/build_static.py` after changing static/js/europa.js, the vendored
    idiomorph or the largest bracket the models allow."""
    assert build_static.CSS.read_text() == build_static.stylesheet()
    assert build_static.BUNDLE.read_text() == build_static.bundle()
