"""Every string is translatable and translated: Thai is the source, the English catalogue is complete."""

import gettext
import re
from pathlib import Path

import polib
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
THAI = re.compile(r"[\u0E00-\u0E7F]")
# What a template may say in Thai outside a translation tag: the brand mark, and the name of the Thai
# language on the switch (it is written in Thai in every language, as language switches are).
ALLOWED_LITERALS = ("นร", "ภาษาไทย", "๑๒๓")
TRANSLATED = re.compile(
    r"{%\s*translate\s+(['\"]).*?\1.*?%}"
    r"|{%\s*blocktranslate\b.*?%}.*?{%\s*endblocktranslate\s*%}"
    r"|_\((['\"]).*?\2\)"
    r"|{#.*?#}",
    re.S,
)


def test_english_catalogue_is_complete():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    untranslated = [e.msgid for e in po if not e.translated()]
    assert untranslated == []
    assert po.fuzzy_entries() == []


def test_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    with (CATALOGUE / "django.mo").open("rb") as handle:
        mo = gettext.GNUTranslations(handle)
    stale = [e.msgid for e in po if not e.msgid_plural and e.msgstr and mo.gettext(e.msgid) != e.msgstr]
    assert stale == [], "run `make messages` to compile the catalogue"


def test_templates_have_no_untranslated_thai():
    """Pages are written in Thai inside translation tags. PDF templates are the exception: they
    reproduce the government's Thai forms whatever the interface language."""
    offenders = {}
    for path in sorted(Path(settings.BASE_DIR).glob("**/templates/**/*.html")):
        parts = set(path.parts)
        if ".venv" in parts or "pdf" in parts or "_pdf" in path.stem or path.stem.endswith("pdf"):
            continue
        if path.name == "500.html":  # bilingual on purpose: it renders without the app
            continue
        text = TRANSLATED.sub("", path.read_text(encoding="utf-8"))
        for literal in ALLOWED_LITERALS:
            text = text.replace(literal, "")
        lines = [line.strip() for line in text.splitlines() if THAI.search(line)]
        if lines:
            offenders[str(path.relative_to(settings.BASE_DIR))] = lines[:3]
    assert offenders == {}
