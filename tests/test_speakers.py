from pathlib import Path

import pytest

from indexer.speakers import SpeakerRegistry, default_registry


@pytest.mark.parametrize(
    "label",
    [
        "Lavrov",
        "S. Lavrov",
        "Foreign Minister Sergey Lavrov",
        "Sergey Lavrov",
        "Sergei Lavrov",
        "LAVROV",
        "Lavrov's",
        "С.Лавров",
        "Сергей Лавров",
        "Sergey Lavrov (retranslated)",
    ],
)
def test_every_way_of_naming_lavrov_gives_one_canonical_name(label):
    assert default_registry().canonical(label) == "Sergey Lavrov"


def test_white_house_labels_resolve():
    registry = default_registry()
    assert registry.canonical("MS. PSAKI") == "Jen Psaki"
    assert registry.canonical("MR. KIRBY") == "John Kirby"
    assert registry.canonical("MS. JEAN-PIERRE") == "Karine Jean-Pierre"


def test_a_different_first_name_is_a_different_person():
    assert default_registry().lookup("Hunter Biden") is None
    assert default_registry().canonical("Hunter Biden") == "Hunter Biden"


def test_a_typo_in_a_title_word_still_finds_the_person():
    assert [s.name for s in default_registry().mentioned_in("Presiden Putin's address")] == [
        "Vladimir Putin"
    ]


def test_a_family_name_shared_by_two_people_is_not_guessed():
    registry = default_registry()
    assert registry.lookup("Wang") is None
    assert registry.canonical("Spokesperson Wang Wenbin") == "Wang Wenbin"


def test_names_nobody_knows_are_kept_as_written():
    assert default_registry().canonical("Fyodor Lukyanov:") == "Fyodor Lukyanov"


def test_users_extend_the_registry_with_a_file_of_their_own(tmp_path: Path):
    extra = tmp_path / "mine.toml"
    extra.write_text('[[speaker]]\nname = "Fyodor Lukyanov"\naliases = ["Фёдор Лукьянов"]\n')
    registry = SpeakerRegistry.from_files(Path("indexer/data/speakers.toml"), extra)
    assert registry.canonical("F. Lukyanov") == "Fyodor Lukyanov"
    assert registry.canonical("Lavrov") == "Sergey Lavrov"


def test_russian_names_are_found_in_any_case():
    registry = default_registry()
    assert [s.name for s in registry.mentioned_in("Интервью Сергея Лаврова агентству ТАСС")] == [
        "Sergey Lavrov",
        "TASS",
    ]
    assert registry.canonical("Марией Захаровой") == "Maria Zakharova"
    assert registry.canonical("В.Путину") == "Vladimir Putin"


def test_a_family_name_before_another_given_name_is_someone_else():
    registry = SpeakerRegistry.from_files(Path("indexer/data/speakers.toml"))
    assert registry.mentioned_in("Remarks on Wang Gang's visit") == []
    assert registry.canonical("Wang Yi") == "Wang Yi"


def test_records_of_one_name_in_two_files_are_merged(tmp_path: Path):
    extra = tmp_path / "more.toml"
    extra.write_text('[[speaker]]\nname = "TASS"\naliases = ["TASS News Agency"]\n')
    registry = SpeakerRegistry.from_files(Path("indexer/data/speakers.toml"), extra)
    assert registry.canonical("TASS News Agency") == registry.canonical("ИТАР-ТАСС") == "TASS"
    assert registry.lookup("TASS").kind == "outlet"
