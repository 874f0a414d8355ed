"""Search keys: case- and form-insensitive substring search in Kazakh, Russian and Latin."""

from __future__ import annotations

import pytest

from domain.text import search_key


@pytest.mark.parametrize(
    ("upper", "lower"),
    [
        pytest.param("ҚАМҚОР", "қамқор", id="kazakh"),
        pytest.param("ӘҒҚҢӨҰҮҺІ", "әғқңөұүһі", id="kazakh-specific-letters"),
        pytest.param("МИЛОСЕРДИЕ", "милосердие", id="russian"),
        pytest.param("HOPE", "hope", id="latin"),
        pytest.param("STRASSE", "straße", id="latin-sharp-s"),
    ],
)
def test_search_key_folds_case(upper: str, lower: str) -> None:
    assert search_key(upper) == search_key(lower)
    assert search_key(upper) == search_key(upper.lower())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Ё", "е", id="capital-yo"),
        pytest.param("ёлка", "елка", id="small-yo"),
        pytest.param("Е\u0308ЛКА", "елка", id="decomposed-yo"),
        pytest.param("и\u0306", "й", id="decomposed-short-i"),
        pytest.param("ＡＢＣ", "abc", id="fullwidth-latin"),
        pytest.param("ﬁ", "fi", id="ligature"),
    ],
)
def test_search_key_normalizes_forms_nfkc_and_folds_yo_to_ye(text: str, expected: str) -> None:
    assert search_key(text) == expected


def test_search_key_collapses_and_trims_whitespace() -> None:
    assert search_key("  Мейірім \t\n  үйі\u00a0 ") == "мейірім үйі"


def test_a_query_for_a_word_of_either_text_is_found() -> None:
    key = search_key("«Мейірім» ЖШС", "ТОО «Мейірім»")
    assert "мейірім" in key
    assert search_key("«МЕЙІРІМ»") in key
    assert search_key("ЖШС") in key
    assert search_key("тоо") in key


def test_no_query_spans_the_end_of_one_text_and_the_start_of_the_next() -> None:
    first, second = "Мейірім", "Қамқор"
    key = search_key(first, second)
    assert search_key(first) in key
    assert search_key(second) in key
    spanning = [
        query
        for i in range(len(first))
        for j in range(1, len(second) + 1)
        for query in (first[i:] + " " + second[:j], first[i:] + second[:j])
        if search_key(query) in key
        and search_key(query) not in search_key(first)
        and search_key(query) not in search_key(second)
    ]
    assert spanning == []


def test_the_legal_forms_of_a_bilingual_name_do_not_run_together() -> None:
    key = search_key("«Мейірім» ЖШС", "ТОО «Мейірім»")
    assert search_key("ЖШС ТОО") not in key
    assert search_key("жшстоо") not in key


def test_missing_and_empty_texts_are_skipped() -> None:
    assert search_key() == ""
    assert search_key(None) == ""
    assert search_key(None, "", None) == ""
    assert search_key("Мейірім", None, "", "Қамқор") == search_key("Мейірім", "Қамқор")
    assert search_key(None, "Мейірім") == "мейірім"


def test_a_whitespace_only_text_is_skipped_like_an_empty_one() -> None:
    assert search_key("  ", "b") == "b"
