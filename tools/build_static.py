"""Writes the two generated static files, so that a first view needs only four requests
(the page, europa.css, htmx, and one script of ours) and no inline <style> or <script>,
which the Content-Security-Policy forbids:

- the end of static/css/europa.css, after ROADS_MARKER: the rules that light up one team's
  road through every round, and keep a round's tab chosen without script. They are
  numbered (data-road is a team's number in the draw; rounds by position) because a static
  stylesheet cannot know the teams' names. Enough for the largest bracket the models allow.
- static/js/europa.bundle.js: the pinned idiomorph extension (static/vendor, `make vendor`)
  followed by our own static/js/europa.js.

    python tools/build_static.py        (`make static`; tests/test_security_headers.py
                                         fails while either file is out of date)
"""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "static"
CSS = STATIC / "css/europa.css"
ROADS_MARKER = "/* ---- Written by tools/build_static.py from here on: edit that, not this. ---- */\n"
BUNDLE = STATIC / "js/europa.bundle.js"
BUNDLED = [STATIC / "vendor/idiomorph-ext-0.8.0.min.js", STATIC / "js/europa.js"]


def roads():
    from europa.models import MAX_TIES_IN_A_ROUND

    teams = 2 * MAX_TIES_IN_A_ROUND
    rounds = teams.bit_length() - 1  # the rounds halve the teams down to the final
    road = ",\n".join(
        f'.bracket:has([data-road="{n}"]:is(:hover, :focus-within)) [data-road="{n}"]'
        for n in range(1, teams + 1)
    )
    tab = ",\n".join(
        f".live-region:has(.round:nth-child({n}):target) .round-tabs:not(:has([aria-current])) a:nth-child({n})"
        for n in range(1, rounds + 1)
    )
    return (
        ROADS_MARKER
        + "\n/* A team's road lights up while a fan points at, taps or tabs to any of its rows. */\n"
        + f"{road} {{ background: var(--path-bg); box-shadow: inset 3px 0 0 var(--accent); }}\n"
        + "\n/* Without script, the tab of the round a fan jumped to still looks chosen. */\n"
        + f"{tab} {{ color: var(--text); background: var(--surface); box-shadow: inset 0 -3px 0 var(--accent); }}\n"
    )


def stylesheet():
    """europa.css as it should be: its hand-written part, then the generated rules."""
    written = CSS.read_text().split(ROADS_MARKER)[0]
    return written + roads()


def bundle():
    return "\n".join(
        f"/* {path.relative_to(STATIC)} */\n{path.read_text().strip()}\n" for path in BUNDLED
    )


if __name__ == "__main__":
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "europa.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    django.setup()
    CSS.write_text(stylesheet())
    BUNDLE.write_text(bundle())
