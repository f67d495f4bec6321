"""Every event kind, status and classification has a word in every language."""

from __future__ import annotations

import pytest

from loancalc.locale import LANGUAGES, translation
from loancalc.reports.words import classification_word, event_word, status_word
from loancalc.servicing.delinquency import Classification
from loancalc.servicing.events import EventKind
from loancalc.servicing.status import InstallmentStatus


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_event_kind_has_a_word(lang: str) -> None:
    _ = translation(lang).gettext
    words = [event_word(_, kind) for kind in EventKind]
    assert all(words)
    if lang == "zh":  # translated, not the English message id
        assert all(not word.isascii() for word in words)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_status_and_class_has_a_word(lang: str) -> None:
    _ = translation(lang).gettext
    assert all(status_word(_, status) for status in InstallmentStatus)
    assert all(classification_word(_, c) for c in Classification)
