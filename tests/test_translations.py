"""The catalogues in locale/: every string marked for translation has an entry in them, and
every entry is translated (not empty, not fuzzy), so that no fan or editor meets English in
the middle of their own language.

Django 5.2's makemessages has no --check (ticket #31048), so the first test runs it over a
copy of the project and compares which messages it finds with those in the catalogues."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED = [code for code, _ in settings.LANGUAGES if code != "en"]
# What makemessages reads: our code and templates, not the virtualenv or npm's packages.
SOURCES = ["europa", "templates", "manage.py"]
IGNORED = ["--ignore=.venv", "--ignore=node_modules", "--ignore=tests"]

# The catalogues are files: no database or cache changes what these find.
pytestmark = pytest.mark.once


@pytest.fixture(scope="session")
def compiled_catalogues():
    """The .mo files, compiled from the .po files where missing or older (`make test` does
    it too), and Django's translations read afresh from them."""
    stale = [
        po for po in LOCALE.glob("*/LC_MESSAGES/django.po")
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if stale:
        call_command("compilemessages", locale=[po.parents[1].name for po in stale], verbosity=0,
                     ignore_patterns=[".venv", "node_modules"])
        # Changing LOCALE_PATHS (even to itself) empties Django's cache of catalogues.
        with override_settings(LOCALE_PATHS=list(settings.LOCALE_PATHS)):
            pass


def entries(po_text):
    """{(context, msgid): ([msgstr…], fuzzy)} of a .po file's live entries (header left out)."""
    found = {}
    for lines in _split(po_text):
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields, current = {}, None
        for line in lines:
            if line.startswith("#"):
                continue
            keyword = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) ", line)
            if keyword:
                current = keyword.group(1)
                line = line[keyword.end():]
            fields[current] = fields.get(current, "") + _unquote(line)
        if fields.get("msgid"):
            strings = [value for key, value in fields.items() if key.startswith("msgstr")]
            found[(fields.get("msgctxt"), fields["msgid"])] = (strings, fuzzy)
    return found


def _split(po_text):
    # An entry ends where the next one's comments or msgctxt/msgid begin: makemessages can
    # leave no blank line between the header and the first entry.
    entry, in_msgstr = [], False
    for line in po_text.splitlines():
        if line.startswith("#~"):
            continue  # obsolete
        if in_msgstr and (not line.strip() or line.startswith(("#", "msgctxt", "msgid "))):
            yield entry
            entry, in_msgstr = [], False
        if line.strip():
            entry.append(line)
        in_msgstr = in_msgstr or line.startswith("msgstr")
    if entry:
        yield entry


ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(line):
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(0)), line.strip()[1:-1])


def test_every_marked_string_has_an_entry_in_the_catalogues(tmp_path):
    """What makemessages would write, from a copy of the code: no message new, none gone."""
    for name in SOURCES:
        source = Path(settings.BASE_DIR) / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    shutil.copytree(LOCALE, tmp_path / "locale", ignore=shutil.ignore_patterns("*.mo"))
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--all", "--no-obsolete", *IGNORED],
        cwd=tmp_path, check=True, capture_output=True,
    )
    for language in TRANSLATED:
        relative = Path(language, "LC_MESSAGES", "django.po")
        ours = set(entries((LOCALE / relative).read_text(encoding="utf-8")))
        made = set(entries((tmp_path / "locale" / relative).read_text(encoding="utf-8")))
        assert made - ours == set(), f"new strings: run makemessages and translate ({language})"
        assert ours - made == set(), f"strings no longer in the code: run makemessages ({language})"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_entry_is_translated(language):
    found = entries((LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8"))
    assert found, f"no catalogue for {language}"
    untranslated = [msgid for msgid, (strings, _) in found.items() if not all(strings)]
    fuzzy = [msgid for msgid, (_, is_fuzzy) in found.items() if is_fuzzy]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_catalogue_compiles_with_its_placeholders_kept(language, tmp_path):
    """msgfmt --check refuses a translation whose %(name)s placeholders differ from the
    English, which would otherwise fail only when a fan's page is rendered."""
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(po)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
