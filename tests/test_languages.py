"""Russian text is stemmed as Russian and searchable in Cyrillic, beside English."""

from indexer.build import build_index
from search.engines.whoosh.analysis import text_analyzer
from search.engines.whoosh.searcher import IndexHandle, search
from search.engines.whoosh.writer import WhooshTarget
from tests.conftest import write_corpus

RUSSIAN = """Интервью Сергея Лаврова агентству ТАСС, 5 мая 2021 года

Вопрос: Продолжатся ли переговоры с Вашингтоном?

С.Лавров : Переговоры продолжатся, если партнёры готовы к диалогу.
"""


def test_cyrillic_words_are_stemmed_as_russian_and_latin_as_english():
    words = [t.text for t in text_analyzer()("Переговоры переговорах negotiations")]
    assert words[0] == words[1] == "переговор"
    assert words[2] == "negoti"


def test_russian_page_is_searchable_in_cyrillic(tmp_path):
    corpus = write_corpus(tmp_path / "c", {"ru.txt": RUSSIAN, "source.toml": 'language = "ru"\n'})
    build_index([corpus], WhooshTarget(tmp_path / "index"), log=lambda line: None)
    handle = IndexHandle(tmp_path / "index")
    [hit] = search(handle, "переговорах").hits
    assert hit.language == "ru" and hit.speaker == "Sergey Lavrov"
    assert hit.question == "Продолжатся ли переговоры с Вашингтоном?"
    assert hit.asker == "TASS"
    assert "<mark" in hit.highlight
    assert search(handle, "партнеры").total == 1  # ё and е are one letter to a searcher
