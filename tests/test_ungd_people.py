"""Who each row of the UN speaker table is (indexer.readers.ungd_people)."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from indexer.model import Block, SourceDocument
from indexer.readers import ungd_text
from indexer.readers.base import SourceMeta
from indexer.readers.ungd_people import Row, people, tokens, without_titles
from indexer.speakers import default_registry
from indexer.transcript import shape
from tests.golden_io import FIXTURE_CORPORA

UNGD = FIXTURE_CORPORA / "ungd"


def rows(*entries: tuple[str, int, str, str]) -> list[Row]:
    return [Row(iso, session, name, country) for iso, session, name, country in entries]


def test_one_surname_in_several_countries_is_one_record_per_country():
    named = people(
        rows(
            ("CUB", 15, "Castro", "Cuba"),
            ("CUB", 34, "Castro", "Cuba"),
            ("PHL", 40, "Castro", "Philippines"),
            ("SLV", 5, "Castro", "El Salvador"),
        )
    )
    assert named[("CUB", 15)] == named[("CUB", 34)] == "Castro (Cuba)"
    assert named[("PHL", 40)] == "Castro (Philippines)"
    assert named[("SLV", 5)] == "Castro (El Salvador)"


def test_a_surname_nobody_else_bears_stays_as_written():
    named = people(rows(("RUS", 20, "Gromyko", "USSR"), ("RUS", 30, "Gromyko", "USSR")))
    assert named[("RUS", 20)] == named[("RUS", 30)] == "Gromyko"


def test_one_surname_decades_apart_in_one_country_is_two_records_with_their_years():
    named = people(
        rows(
            ("PAK", 10, "Ali", "Pakistan"),
            ("PAK", 26, "Mahmud Ali", "Pakistan"),
            ("PAK", 49, "Ali", "Pakistan"),
            ("PAK", 50, "Ali", "Pakistan"),
        )
    )
    assert named[("PAK", 10)] == "Ali (Pakistan, 1955)"
    assert named[("PAK", 49)] == named[("PAK", 50)] == "Ali (Pakistan, 1994–1995)"
    assert named[("PAK", 26)] == "Mahmud Ali"


def test_a_surname_is_the_one_full_name_of_its_country_near_it():
    named = people(
        rows(
            ("MUS", 37, "Jugnauth", "Mauritius"),
            ("MUS", 40, "Jugnauth", "Mauritius"),
            ("MUS", 43, "Anerood Jugnauth", "Mauritius"),
            ("MUS", 72, "Pravind Kumar Jugnauth", "Mauritius"),
        )
    )
    assert named[("MUS", 37)] == named[("MUS", 40)] == "Anerood Jugnauth"
    assert named[("MUS", 72)] == "Pravind Kumar Jugnauth"


def test_a_surname_between_two_full_names_of_it_stays_a_surname():
    named = people(
        rows(
            ("KWT", 33, "Sabah Al-Ahmad Al-Jaber Al-Sabah", "Kuwait"),
            ("KWT", 37, "Al-Sabah", "Kuwait"),
            ("KWT", 38, "Sheikh Al-Sabah", "Kuwait"),
            ("KWT", 43, "Sheikh Jaber Al-Ahmad Al-Sabah", "Kuwait"),
        )
    )
    # Two Al-Sabahs speak near 1982: no first name is guessed; the title is no part of it.
    assert named[("KWT", 37)] == named[("KWT", 38)] == "Al-Sabah (Kuwait)"
    assert named[("KWT", 43)] == "Jaber Al-Ahmad Al-Sabah"


def test_a_surname_that_comes_back_after_years_of_others_is_not_the_later_full_name():
    others = [("DJI", s, f"Other{s} Person", "Djibouti") for s in range(47, 56)]
    named = people(
        rows(
            ("DJI", 45, "Farah", "Djibouti"),
            ("DJI", 46, "Farah", "Djibouti"),
            *others,
            ("DJI", 56, "Ali Abdi Farah", "Djibouti"),
        )
    )
    assert named[("DJI", 46)] == "Farah (Djibouti)"


def test_titles_split_off_and_spellings_of_one_person_meet():
    named = people(
        rows(
            ("KHM", 30, "Prince Norodom Sihanouk", "Cambodia"),
            ("KHM", 40, "Samdech Norodom Sihanouk", "Cambodia"),
            ("JAM", 47, "Percival J. Patterson", "Jamaica"),
            ("JAM", 52, "Percival James Patterson", "Jamaica"),
            ("VEN", 35, "Zumbrano Velasco", "Venezuela"),
            ("VEN", 36, "Zambrano Velasco", "Venezuela"),
            ("VEN", 37, "Zambrano Velasco", "Venezuela"),
            ("MCO", 70, "Albert II", "Monaco"),
            ("MCO", 75, "Prince Albert II of Monaco", "Monaco"),
        )
    )
    assert named[("KHM", 30)] == named[("KHM", 40)] == "Norodom Sihanouk"
    assert named[("JAM", 47)] == named[("JAM", 52)]
    assert named[("VEN", 35)] == "Zambrano Velasco"
    assert named[("MCO", 75)] == "Albert II"


def test_an_ocr_digit_is_repaired_only_to_a_word_of_the_same_countrys_rows():
    named = people(
        rows(
            ("MOZ", 30, "Ch1Ssano", "Mozambique"),
            ("MOZ", 35, "Chissano", "Mozambique"),
            ("BEL", 41, "Tindeman5", "Belgium"),
        )
    )
    assert named[("MOZ", 30)] == named[("MOZ", 35)] == "Chissano"
    assert named[("BEL", 41)] == "Tindeman5"  # no "Tindemans" in Belgium's rows to repair to


def test_father_and_son_and_two_namesakes_of_one_dynasty_stay_apart():
    between = [("USA", s, "Bill Clinton", "United States") for s in range(48, 56)]
    named = people(
        rows(
            ("USA", 45, "George Bush", "United States"),
            ("USA", 46, "George Bush", "United States"),
            *between,
            ("USA", 56, "George W. Bush", "United States"),
            ("USA", 57, "George W. Bush", "United States"),
            ("QAT", 65, "Sheikh Hamad bin Khalifa Al-Thani", "Qatar"),
            ("QAT", 66, "Hamad Al-Thani", "Qatar"),
            ("QAT", 70, "Sheikh Tamim bin Hamad Al-Thani", "Qatar"),
        )
    )
    assert named[("USA", 45)] == "George Bush"
    assert named[("USA", 56)] == "George W. Bush"
    assert named[("QAT", 65)] != named[("QAT", 70)]


def test_a_transliteration_hyphens_and_spaces_make_no_second_person_even_years_apart():
    between = [("KAZ", s, f"Other{s} Minister", "Kazakhstan") for s in range(62, 74)]
    named = people(
        rows(
            ("KAZ", 50, "Tokaev", "Kazakhstan"),
            ("KAZ", 51, "Kassymjomart Tokaev", "Kazakhstan"),
            ("KAZ", 54, "Kassymzhomart K. Tokaev", "Kazakhstan"),
            ("KAZ", 61, "Kassymzhomart Tokaev", "Kazakhstan"),
            *between,
            ("KAZ", 74, "Kassym-Jomart Tokayev", "Kazakhstan"),
            ("KAZ", 76, "Kassym Jomart Tokayev", "Kazakhstan"),
            ("KAZ", 77, "Kassym-Jomart Tokayev", "Kazakhstan"),
        )
    )
    assert len({named[("KAZ", s)] for s in (50, 51, 54, 61, 74, 76, 77)}) == 1
    assert named[("KAZ", 74)] == "Kassym-Jomart Tokayev"


def test_given_name_and_surname_in_either_order_and_a_patronymic_are_one_person():
    named = people(
        rows(
            ("MNG", 73, "Khurelsukh Ukhnaa", "Mongolia"),
            ("MNG", 76, "Ukhnaagiin Khürelsükh", "Mongolia"),
            ("MNG", 77, "Ukhnaa Khurelsukh", "Mongolia"),
            ("MNG", 78, "Khurelsukh Ukhnaa", "Mongolia"),
            ("PRK", 74, "Kim Song", "DPRK"),
            ("PRK", 75, "Song Kim", "DPRK"),
            ("PRK", 48, "Song Won Ho", "DPRK"),
        )
    )
    assert {named[("MNG", s)] for s in (73, 76, 77, 78)} == {"Khurelsukh Ukhnaa"}
    assert named[("PRK", 74)] == named[("PRK", 75)]
    assert named[("PRK", 48)] == "Song Won Ho"


def test_a_word_written_once_is_mended_to_the_name_its_country_writes_around_it():
    named = people(
        rows(
            ("PNG", 75, "James Marape", "Papua New Guinea"),
            ("PNG", 76, "James Marape", "Papua New Guinea"),
            ("PNG", 77, "Janies Marape", "Papua New Guinea"),
            ("AGO", 75, "João Manuel Gonçalves Lourenço", "Angola"),
            ("AGO", 76, "João Lourenço", "Angola"),
            ("AGO", 78, "Joao Manuel Goncalves Lourerico", "Angola"),
            ("AGO", 79, "João Manuel Gonçalves Lourenço", "Angola"),
            # Two presidents a letter or two apart: the first letters differ, so no slip.
            ("MDV", 63, "Mohamed Nasheed", "Maldives"),
            ("MDV", 67, "Mohamed Waheed", "Maldives"),
            ("MDV", 68, "Mohamed Waheed", "Maldives"),
            # A surname alone among rows of the name a letter longer, before and after it.
            ("ALB", 21, "Nase", "Albania"),
            ("ALB", 24, "Budo", "Albania"),
            ("ALB", 25, "Nas", "Albania"),
            ("ALB", 26, "Nase", "Albania"),
            # ... but not a surname two letters from another's that only follows it.
            ("DNK", 6, "Kraft", "Denmark"),
            ("DNK", 7, "Krag", "Denmark"),
            ("DNK", 8, "Krag", "Denmark"),
        )
    )
    assert named[("PNG", 77)] == named[("PNG", 75)] == "James Marape"
    assert {named[("AGO", s)] for s in (75, 76, 78, 79)} == {"João Manuel Gonçalves Lourenço"}
    assert named[("MDV", 63)] == "Mohamed Nasheed"
    assert named[("ALB", 25)] == named[("ALB", 21)]
    assert named[("DNK", 6)] == "Kraft"


def test_a_glued_article_and_a_transliterations_vowels_join_the_one_person_near():
    named = people(
        rows(
            ("ARE", 36, "Alnuaimi", "United Arab Emirates"),
            ("ARE", 37, "Al-Nuaimi", "United Arab Emirates"),
            ("ARE", 39, "Al-Nuami", "United Arab Emirates"),
            ("ARE", 41, "Abdullah", "United Arab Emirates"),
            ("ARE", 42, "Al-Nuaimi", "United Arab Emirates"),
            ("ARE", 49, "Al-Noaimi", "United Arab Emirates"),
            ("ARE", 51, "Rashid Abdullah Al-Noaimi", "United Arab Emirates"),
            # A man's and a woman's form of one family name are two people.
            ("BGR", 15, "Zhivkov", "Bulgaria"),
            ("BGR", 16, "Lyudmila Zhivkova", "Bulgaria"),
            # Two surnames a vowel apart, written alone, are two people (Pinay, Pineau).
            ("FRA", 10, "Pinay", "France"),
            ("FRA", 11, "Pineau", "France"),
        )
    )
    same = {named[("ARE", s)] for s in (36, 37, 39, 42, 49, 51)}
    assert same == {"Rashid Abdullah Al-Noaimi"}
    assert named[("ARE", 41)] != "Rashid Abdullah Al-Noaimi"  # no first name is guessed
    assert named[("BGR", 15)] != named[("BGR", 16)]
    assert named[("FRA", 10)] != named[("FRA", 11)]


def test_a_head_of_state_is_the_same_across_the_ministers_rows_between():
    ministers = [("RWA", s, "Ngarukiyintwali", "Rwanda", "") for s in range(36, 45)]
    table = [
        Row("RWA", 35, "Habyarirnana", "Rwanda", "President"),
        *(Row(*m) for m in ministers),
        Row("RWA", 45, "Juvenal Habyarimana", "Rwanda", "President"),
        # Without the post, a surname that stops for years is not the later full name.
        Row("DJI", 45, "Farah", "Djibouti"),
        *(Row("DJI", s, f"Other{s} Person", "Djibouti") for s in range(46, 55)),
        Row("DJI", 55, "Ali Abdi Farah", "Djibouti"),
    ]
    named = people(table)
    assert named[("RWA", 35)] == named[("RWA", 45)] == "Juvenal Habyarimana"
    assert named[("DJI", 45)] == "Farah (Djibouti)"


def test_title_words_and_tokens():
    assert without_titles("Lietenant-General Salou Djibo") == "Salou Djibo"
    assert without_titles("General Michel Aoun") == "Michel Aoun"
    assert without_titles("King") == "King"  # the Barbadian surname
    assert tokens("Sheikh Al-Sabah") == ("sabah",)
    assert tokens("Mir. Gromyko") == ("gromyko",)


# Names as the table writes them: surnames, full names, titles, OCR slips, junk.
_NAME = st.one_of(
    st.sampled_from(
        ["Castro", "Fidel Castro", "Sheikh Al-Sabah", "Ch1Ssano", "King", "Mr.", "Al", "", "  "]
    ),
    st.text(alphabet=st.characters(codec="utf-8", categories=["L", "Nd", "Zs", "Pd", "Po"])),
)
_ROW = st.tuples(st.sampled_from(["CUB", "PHL", "KWT"]), st.integers(1, 79), _NAME)


@settings(max_examples=200, deadline=None)
@given(st.lists(_ROW, max_size=25, unique_by=lambda r: (r[0], r[1])))
# An OCR slip whose digit repair gives only a particle ("A0" as the "Al" of Al-Sabah).
@example([("CUB", 1, "A0"), ("CUB", 2, "Sheikh Al-Sabah")])
# A letter between two rows of a name is not mended into the article ("A" into "Al").
@example([("KWT", 1, "Sheikh Al-Sabah"), ("KWT", 2, "A"), ("KWT", 3, "Sheikh Al-Sabah")])
def test_no_row_is_lost_and_no_first_name_is_invented(entries):
    table = [Row(iso, session, name, iso.title()) for iso, session, name in entries]
    named = people(table)
    for row in table:
        if not tokens(row.name):
            continue  # nothing that names a person: the reader keeps the table's own words
        shown = named[(row.iso, row.session)]
        assert shown.strip()
        # Every word shown comes from that country's rows or is its name: no invented name.
        words = {w for r in table if r.iso == row.iso for w in _letters(f"{r.name} {r.country}")}
        assert _letters(shown) <= words, shown


def _letters(text: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]+", text.casefold()))


# --- through the reader and the shaper ----------------------------------------------------------


def _table(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "Speakers_by_session.csv"
    header = "Year,Session,ISO Code,Country,Name of Person Speaking,Post,"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def _speech(tmp_path: Path, name: str, table: Path) -> SourceDocument:
    meta = SourceMeta(
        publisher="United Nations General Assembly",
        options={"speakers": table.name},
        path=tmp_path / name,
    )
    [doc] = ungd_text.read("We speak for peace.\n", f"ungd/TXT/Session/{name}", meta)
    return doc


def test_the_gdrs_fischer_is_not_the_kremlins_heinz_fischer(tmp_path):
    table = _table(
        tmp_path,
        [
            "1975,30,DDR,German Democratic Republic,Mr. FISCHER,,",
            "2013,68,AUT,Austria,Heinz Fischer,President,",
        ],
    )
    speech = _speech(tmp_path, "DDR_30_1975.txt", table)
    document, passages = shape(speech, default_registry())
    assert document.speakers == ("Fischer (German Democratic Republic)",)
    assert {p.speaker for p in passages} == {"Fischer (German Democratic Republic)"}
    # The qualifier names no page: the document's id is the surname's, as before.
    assert document.id.startswith("1975-fischer-")


def test_a_surname_from_elsewhere_resolves_within_its_publisher_only():
    # Heinz Fischer is known on the Kremlin's pages; a UN page naming "Fischer" is not his.
    speech = SourceDocument(
        title="Statement",
        date=None,
        source="x.txt",
        blocks=(Block(None, "We speak for peace."),),
        publisher="United Nations General Assembly",
        speaker="Fischer",
    )
    document, _ = shape(speech, default_registry())
    assert document.speakers == ("Fischer",)


def test_a_full_name_the_registry_knows_is_its_person(tmp_path):
    table = _table(tmp_path, ["2022,77,USA,United States of America,Joseph R. Biden,President,"])
    document, _ = shape(_speech(tmp_path, "USA_77_2022.txt", table), default_registry())
    assert document.speakers == ("Joe Biden",)


def test_the_fixture_table_settles_every_speech():
    table = ungd_text.speaker_table(UNGD / "Speakers_by_session.csv")
    assert table.people[("HND", 30)] == "Palma Galvez"
