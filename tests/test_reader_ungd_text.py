"""The UN General Debate reader: one speech per file, its speaker from the corpus's table."""

from datetime import date
from pathlib import Path

import pytest

from indexer.dates import iso_partial
from indexer.model import Block, SourceDocument
from indexer.readers import ungd_text
from indexer.readers.base import SourceMeta
from indexer.sources import NotATranscript, source_meta
from indexer.speakers import default_registry
from indexer.transcript import shape
from tests.golden_io import FIXTURE_CORPORA, as_json, assert_matches_golden, shape_file

UNGD = FIXTURE_CORPORA / "ungd"

SPEAKER_TABLE = """\
Year,Session,ISO Code,Country,Name of Person Speaking,Post,
2020,75,DNK,Denmark,Mette Frederiksen,Prime Minister,
1960,15,DNK,Denmark ,Mr. KRAG,,
1960,15,DNK,Denmark,H.M. King FREDERIK IX ,,
1982,37,FRA,France,MAUROY ,Prime Minister,
1985,40,FRA ,French Republic,Mr. Dumas,,
2005,60,PRK,People's Republic of Korea,,,
"""


def read_speech(text: str, name: str, folder: Path) -> SourceDocument:
    """`text` read as the file `name`, beside a small speaker table of our own."""
    table = folder / "speakers.csv"
    table.write_text(SPEAKER_TABLE, encoding="utf-8")
    meta = SourceMeta(
        publisher="United Nations General Assembly",
        options={"speakers": "speakers.csv", "country_names": {"YMD": "Democratic Yemen"}},
        path=folder / name,
    )
    [document] = ungd_text.read(text, f"ungd/TXT/Session/{name}", meta)
    return document


def paragraphs(text: str) -> list[str]:
    return ungd_text.speech_paragraphs(text)[0]


# --- detection ---------------------------------------------------------------------------------


def test_sniff_accepts_only_the_corpus_file_names_with_matching_session_and_year():
    text = "It is my profound honor to address the United Nations General Assembly.\n"
    assert ungd_text.sniff("/c/ungd/TXT/Session 75 - 2020/USA_75_2020.txt", text)
    assert ungd_text.sniff("EU_79_2024.txt", text)
    assert not ungd_text.sniff("USA_75_2021.txt", text)  # session 75 was held in 2020
    assert not ungd_text.sniff("notes.txt", text)
    assert not ungd_text.sniff("USA_75_2020.txt", "12345\n")


# --- who spoke, and when -----------------------------------------------------------------------


def test_speaker_post_and_country_come_from_the_speaker_table(tmp_path):
    speech = read_speech("We need more multilateralism.\n", "DNK_75_2020.txt", tmp_path)
    assert speech.speaker == "Mette Frederiksen"
    assert speech.title == (
        "Denmark: statement by Mette Frederiksen, Prime Minister, at the 75th session of the"
        " UN General Assembly general debate, 2020"
    )
    assert (speech.kind, speech.language) == ("speech", "en")
    assert speech.publisher == "United Nations General Assembly"
    assert speech.blocks == (Block("Mette Frederiksen", "We need more multilateralism."),)


def test_codes_with_stray_spaces_still_join_and_the_first_of_two_rows_wins(tmp_path):
    assert read_speech("Text.\n", "FRA_40_1985.txt", tmp_path).speaker == "Dumas"
    assert read_speech("Text.\n", "DNK_15_1960.txt", tmp_path).speaker == "Krag"


def test_a_speech_the_table_does_not_name_is_given_to_the_delegation(tmp_path):
    unnamed = read_speech("Text.\n", "PRK_60_2005.txt", tmp_path)
    assert unnamed.speaker == "Delegation of People's Republic of Korea"
    assert unnamed.title.startswith("People's Republic of Korea: statement by its delegation at")
    # No row for the session: the country's name from the nearest session that has one.
    assert read_speech("Text.\n", "FRA_38_1983.txt", tmp_path).speaker == "Delegation of France"
    # No row at all: the profile's name for the code, else the code itself.
    assert (
        read_speech("T.\n", "YMD_37_1982.txt", tmp_path).speaker == "Delegation of Democratic Yemen"
    )
    assert read_speech("Text.\n", "ZZZ_37_1982.txt", tmp_path).speaker == "Delegation of ZZZ"


@pytest.mark.parametrize(
    ("written", "clean"),
    [
        ("H.E. Mr. KARJALAINEN", "Karjalainen"),
        ("Mr. Nikita S. KHRUSHCHEV", "Nikita S. Khrushchev"),
        ("PeReZ-LLORCA ", "Perez-Llorca"),
        ("H.M. King FREDERIK IX ", "King Frederik IX"),
        ("His Holiness Pope Francis", "Pope Francis"),
        ("Dr. Lotay Tshering, MBBS, MD", "Lotay Tshering"),
        ("Sheikh Ahmad Nawaf Al-Ahmad\nAl-Sabah", "Sheikh Ahmad Nawaf Al-Ahmad Al-Sabah"),
        ("XI JINPING", "Xi Jinping"),
        ("Hon Sui Sen", "Hon Sui Sen"),
        ("da Luz", "da Luz"),
    ],
)
def test_names_lose_honorifics_and_capitals(written, clean):
    assert ungd_text.clean_name(written) == clean


def test_date_is_the_meeting_day_in_a_page_header_else_the_year_alone(tmp_path):
    with_header = (
        "However, it\n15-29425 31/34\n\f\nA/70/PV.15 28/09/2015\nalso poses a challenge.\n"
    )
    dated = read_speech(with_header, "DNK_70_2015.txt", tmp_path)
    assert (dated.date, dated.date_precision) == (date(2015, 9, 28), "day")
    # No day in the file, its name or the speaker table: the year, and no invented day.
    undated = read_speech("Text.\n", "DNK_75_2020.txt", tmp_path)
    assert (iso_partial(undated.date, undated.date_precision), undated.date_precision) == (
        "2020",
        "year",
    )


# --- paragraphs --------------------------------------------------------------------------------

HARD_WRAPPED = """\
Mr. President, I should like to say first how
pleased France is to see you personally presiding over the
work of the General Assembly. Beyond your personal
merits, which I acknowledge with pleasure, your election
underscores the important contribution to the activities of
the Organization of Portugal, a member of the European
Union with which France feels particularly close.
The United Nations is 50 years old. As the Heads of
State and Government of the European Union solemnly
emphasized in Cannes last June, the collective work since
the Second World War has been considerable.
But the successes of the Organization do not belong
solely to history. This year has shown the vitality of the
United Nations. It is therefore
12


imposing upon itself a ban on the manufacture of such
weapons.
"""


def test_hard_wrapped_lines_become_paragraphs_ended_by_a_short_line():
    assert paragraphs(HARD_WRAPPED) == [
        "Mr. President, I should like to say first how pleased France is to see you personally"
        " presiding over the work of the General Assembly. Beyond your personal merits, which I"
        " acknowledge with pleasure, your election underscores the important contribution to the"
        " activities of the Organization of Portugal, a member of the European Union with which"
        " France feels particularly close.",
        "The United Nations is 50 years old. As the Heads of State and Government of the European"
        " Union solemnly emphasized in Cannes last June, the collective work since the Second"
        " World War has been considerable.",
        "But the successes of the Organization do not belong solely to history. This year has"
        " shown the vitality of the United Nations. It is therefore imposing upon itself a ban"
        " on the manufacture of such weapons.",
    ]


def test_an_indented_line_starts_a_paragraph_where_the_file_indents_them():
    text = (
        "I \ncome to this rostrum on behalf of France to express my \n"
        "sincere and fervent faith in the United Nations. \n"
        " I look out upon the Assembly. I know many of \n"
        "those present here today. For 25 years now I have \n"
        "been going up and down the corridors. \n"
        " I would like to speak to the Assembly candidly. \n"
        "I am going to talk about men and women, suffering \n"
        "and hope. \n"
        " Of course, all of us would have an infinite \n"
        "number of reasons. \n"
    )
    assert paragraphs(text) == [
        "I come to this rostrum on behalf of France to express my sincere and fervent faith in the"
        " United Nations.",
        "I look out upon the Assembly. I know many of those present here today. For 25 years now I"
        " have been going up and down the corridors.",
        "I would like to speak to the Assembly candidly. I am going to talk about men and women,"
        " suffering and hope.",
        "Of course, all of us would have an infinite number of reasons.",
    ]


def test_record_paragraph_numbers_start_paragraphs_and_are_dropped():
    one_per_line = "The world is witnessing a conflict.\n17.\tThe United Nations was set up.\n"
    assert paragraphs(one_per_line) == [
        "The world is witnessing a conflict.",
        "The United Nations was set up.",
    ]
    wrapped = (
        "Permit me, Sir, on behalf of the French \ndelegation to congratulate you. \n"
        "80.\tI should also like to pay a tribute to \nthe Secretary-General. \n"
        "104.. It is indeed regrettable.\n"
    )
    assert paragraphs(wrapped) == [
        "Permit me, Sir, on behalf of the French delegation to congratulate you.",
        "I should also like to pay a tribute to the Secretary-General.",
        "It is indeed regrettable.",
    ]


def test_the_records_next_number_starts_a_paragraph_even_after_a_lost_full_stop():
    text = (
        "213.\tOne symptom of this crisis is the\ndebt of future oil income\n214.\tThe non-oil.\n"
    )
    assert paragraphs(text) == [
        "One symptom of this crisis is the debt of future oil income",
        "The non-oil.",
    ]


def test_a_number_inside_a_sentence_is_kept():
    assert paragraphs("The Charter was signed in\n1945. The world has changed.\n") == [
        "The Charter was signed in 1945. The world has changed."
    ]


def test_a_page_break_inside_a_sentence_does_not_break_the_paragraph():
    text = (
        "The set of threats challenges societies throughout the world. However, it\n"
        "15-29425 31/34\n\f\nA/70/PV.15 28/09/2015\n"
        "also poses a serious challenge to the United Nations.\n"
        "The Organization has tried its best.\n"
    )
    assert paragraphs(text) == [
        "The set of threats challenges societies throughout the world. However, it also poses a"
        " serious challenge to the United Nations.",
        "The Organization has tried its best.",
    ]


def test_words_broken_at_a_line_end_keep_their_hyphen_unless_written_whole_elsewhere():
    text = (
        "We thank the Secretary-\nGeneral and the inter-\nnational community, and all\n"
        "international partners for self-\ndetermination.\n"
    )
    assert paragraphs(text) == [
        "We thank the Secretary-General and the international community, and all international"
        " partners for self-determination."
    ]


def test_hyphens_glued_to_a_space_are_mended_but_suspended_ones_kept():
    text = "A well- defined task for small- and medium-sized States.\n"
    assert paragraphs(text) == ["A well-defined task for small- and medium-sized States."]


def test_not_signs_of_the_1982_records_mend_broken_words():
    assert paragraphs("The delega¬tion of the 1981¬1982 session.\n") == [
        "The delegation of the 1981-1982 session."
    ]


def test_markdown_is_reduced_to_its_text():
    text = (
        "**Mr President,**  \n**Excellencies,**\n\n"
        "### 2. Gratitude to the International Community\n\n"
        "I express my *deepest* thanks.\n\n---\n\n"
        "- **Restoring territorial integrity**, and\n- Enhanced troop capacities.\n"
    )
    assert paragraphs(text) == [
        "Mr President, Excellencies,",
        "Gratitude to the International Community",
        "I express my deepest thanks.",
        "Restoring territorial integrity, and",
        "Enhanced troop capacities.",
    ]


def test_a_salutation_opens_the_paragraph_after_it():
    text = "Mr. President,\nWe are ready to lead.\nExcellencies\nThank you.\n"
    assert paragraphs(text) == [
        "Mr. President, We are ready to lead.",
        "Excellencies Thank you.",
    ]


def test_an_overlong_run_of_text_is_cut_at_sentence_ends():
    sentence = "The Assembly heard Mr. Kittani of Iraq on the question of peace again. "
    [run] = paragraphs(sentence * 60)
    pieces = ungd_text.split_overlong(run)
    assert len(pieces) > 1
    assert " ".join(pieces) == run
    assert all(piece.endswith("again.") for piece in pieces)
    assert all(len(piece) < ungd_text._OVERLONG for piece in pieces)


# --- labels ------------------------------------------------------------------------------------


def test_a_heading_with_a_colon_is_not_taken_for_a_speaker(tmp_path):
    text = "Climate Change: we must act now.\nMr President: the time is short.\n"
    _, passages = shape(read_speech(text, "DNK_75_2020.txt", tmp_path), default_registry())
    assert {p.speaker for p in passages} == {"Mette Frederiksen"}
    assert passages[0].text == "Climate Change: we must act now."


def test_the_records_own_labels_give_other_speakers_their_turns(tmp_path):
    text = (
        "France will keep its word.\n"
        "195.\tThe PRESIDENT (interpretation from French): The representative of Spain has asked"
        " to exercise his right of reply.\n"
        "196.\tMr. MORAN (Spain) (interpretation from Spanish): In reference to the remarks made.\n"
        "We reject them.\n"
        "197.\tMr. MAUROY (France): I shall be brief.\n"
    )
    speech = read_speech(text, "FRA_37_1982.txt", tmp_path)
    assert [block.label for block in speech.blocks] == [
        "Mauroy",
        "President of the General Assembly",
        "Moran (Spain)",
        "Moran (Spain)",
        "Mauroy",
    ]
    assert speech.blocks[1].text.startswith("The representative of Spain")


def test_a_known_person_addressed_inside_a_sentence_is_not_a_speaker():
    source = SourceDocument(
        title="Statement",
        date=None,
        source="x",
        blocks=(Block("Nikos Christodoulides", "I say then to Mr. Lavrov: let us work together."),),
    )
    _, passages = shape(source, default_registry())
    assert [p.speaker for p in passages] == ["Nikos Christodoulides"]


# --- real files, pinned ------------------------------------------------------------------------

GOLDEN = {
    "sgp_1982_wrapped_numbered.json": "Session 37 - 1982/SGP_37_1982.txt",
    "hti_1955_numbered_per_line.json": "Session 10 - 1955/HTI_10_1955.txt",
    "est_1995_wrapped_page_numbers.json": "Session 50 - 1995/EST_50_1995.txt",
    "dnk_2020_per_line.json": "Session 75 - 2020/DNK_75_2020.txt",
}


@pytest.mark.parametrize(("golden", "relative"), sorted(GOLDEN.items()))
def test_real_speech_matches_golden_file(golden, relative):
    shaped = shape_file(UNGD / "TXT" / relative, UNGD, ungd_text)
    assert_matches_golden(as_json(shaped), f"ungd_text/{golden}")


def test_the_source_profile_points_at_the_speaker_table_and_skips_it():
    speech = UNGD / "TXT" / "Session 75 - 2020" / "USA_75_2020.txt"
    meta = source_meta(speech, UNGD)
    assert isinstance(meta, SourceMeta)
    assert meta.sidecar("speakers") == (UNGD / "Speakers_by_session.csv").resolve()
    with pytest.raises(NotATranscript, match="speaker table, read with the speeches"):
        source_meta(UNGD / "Speakers_by_session.csv", UNGD)
    [(document, passages)] = shape_file(speech, UNGD, ungd_text)
    assert document.speakers == ("Donald Trump",)
    assert passages[0].text.startswith("It is my profound honor")


def test_business_after_a_speech_is_given_to_its_speakers():
    relative = "Session 30 - 1975/HND_30_1975.txt"
    [(document, passages)] = shape_file(UNGD / "TXT" / relative, UNGD, ungd_text)
    # The table's "Mr. GALVEZ" of 1975 is its "Palma Galvez" of 1976-78: the one Galvez of
    # Honduras near that session, named in full.
    assert document.speakers[0] == "Palma Galvez"
    assert [p.speaker for p in passages[-4:]] == [
        "President of the General Assembly",
        "Rosales",
        "Rosales",
        "Rosales",
    ]
