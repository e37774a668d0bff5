"""The Markdown reader: YAML front matter, Markdown made plain, transcript labels and furniture.

Golden files pin three White House transcripts of different shapes, each read against its
source by eye: a press briefing by Jen Psaki, a gaggle by President Biden and John Kirby, and a
background press call by senior administration officials.
"""

from datetime import date

import pytest

from indexer.model import Block
from indexer.readers import markdown
from indexer.readers.base import SourceMeta
from indexer.sources import source_meta
from indexer.speakers import default_registry
from indexer.transcript import shape
from tests.golden_io import FIXTURE_CORPORA, as_json, assert_matches_golden, shape_file

WHITE_HOUSE = FIXTURE_CORPORA / "whitehouse"
BRIEFINGS = WHITE_HOUSE / "press-briefings"
PSAKI_BRIEFING = (
    BRIEFINGS
    / "2021-01"
    / ("2021-01-20-press-briefing-by-press-secretary-jen-psaki-january-20-2021.md")
)
BIDEN_KIRBY_GAGGLE = (
    BRIEFINGS
    / "2023-10"
    / (
        "2023-10-18-press-gaggle-by-president-biden-and-nsc-coordinator-for-strategic-"
        "communications-john-kirby-ramstein-air-base-germany.md"
    )
)
BACKGROUND_CALL = (
    BRIEFINGS
    / "2021-06"
    / (
        "2021-06-10-background-press-call-by-senior-administration-officials-on-the-presidents-"
        "historic-covid-19-vaccine-announcement.md"
    )
)

PRESIDENCY = {
    "label": "THE PRESIDENT",
    "holder": "Joe Biden",
    "from": date(2021, 1, 20),
    "until": date(2025, 1, 20),
}


def read_one(text: str, meta: SourceMeta | None = None):
    [document] = markdown.read(text, "test/briefing.md", meta or SourceMeta())
    return document


def blocks_of(body: str, meta: SourceMeta | None = None) -> list[Block]:
    return list(read_one("---\ntitle: T\n---\n" + body, meta).blocks)


WHITE_HOUSE_META = SourceMeta(publisher="The White House")


def shaped(body: str, meta: SourceMeta | None = None):
    """A briefing body shaped as a White House page, whose officials a surname names."""
    document = read_one("---\ntitle: Press Briefing\n---\n" + body, meta or WHITE_HOUSE_META)
    return shape(document, default_registry())


# --- the three golden files ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "golden"),
    [
        (PSAKI_BRIEFING, "markdown/psaki-briefing-2021-01-20.json"),
        (BIDEN_KIRBY_GAGGLE, "markdown/biden-kirby-gaggle-2023-10-18.json"),
        (BACKGROUND_CALL, "markdown/background-call-2021-06-10.json"),
    ],
)
def test_white_house_transcript_matches_golden_file(path, golden):
    assert_matches_golden(as_json(shape_file(path, WHITE_HOUSE, markdown)), golden)


def test_briefing_is_the_press_secretary_answering_reporters():
    [(document, passages)] = shape_file(PSAKI_BRIEFING, WHITE_HOUSE, markdown)
    assert document.title == "Press Briefing by Press Secretary Jen Psaki, January 20, 2021"
    assert document.date == date(2021, 1, 20)
    assert document.kind == "briefing"
    assert document.url.startswith("https://bidenwhitehouse.archives.gov/briefing-room/")
    assert document.speakers == ("Jen Psaki",)
    assert passages[0].kind == "paragraph"
    assert passages[0].text.startswith("Good evening, everyone.")
    assert passages[-1].text == "Thank you, everyone. Let’s do this again tomorrow."
    words = " ".join(p.text + (p.question or "") for p in passages)
    for furniture in ("Brady Press Briefing Room", "7:06 P.M.", "7:37 P.M.", "###", "MS. PSAKI"):
        assert furniture not in words


def test_the_president_label_is_the_president_of_the_day():
    [(document, passages)] = shape_file(BIDEN_KIRBY_GAGGLE, WHITE_HOUSE, markdown)
    assert document.speakers[:2] == ("Joe Biden", "John Kirby")
    assert "THE PRESIDENT" not in {p.speaker for p in passages}


def test_the_president_label_shows_the_office_beside_its_holder():
    [(_, passages)] = shape_file(BIDEN_KIRBY_GAGGLE, WHITE_HOUSE, markdown)
    president = {p.role for p in passages if p.speaker == "Joe Biden"}
    assert president == {"President of the United States"}


def test_white_house_profile_gives_the_publisher_whose_offices_labels_name():
    # "THE PRESIDENT" is settled by the offices registry (indexer/data/offices.toml) for any
    # White House page, not by a term written into the profile.
    meta = source_meta(PSAKI_BRIEFING, WHITE_HOUSE)
    assert meta.publisher == "The White House"
    assert "offices" not in meta.options


# --- front matter -------------------------------------------------------------------------


def test_double_quoted_title_has_its_yaml_escapes_and_folded_lines_resolved():
    document = read_one(
        '---\ntitle: "Press Gaggle by President\\_Biden and NSC Coordinator\\\n'
        '  \\ John Kirby on the President\\u2019\\\n  s Trip to\\_Germany"\n---\nText.\n'
    )
    assert document.title == (
        "Press Gaggle by President Biden and NSC Coordinator John Kirby"
        " on the President’s Trip to Germany"
    )


def test_single_quoted_and_plain_values_fold_their_lines():
    document = read_one("---\ntitle: It''s Folded\n  Over Lines\ndate: '2022-05-02'\n---\nHi.\n")
    assert document.title == "It''s Folded Over Lines"  # plain: quotes are literal
    assert document.date == date(2022, 5, 2)
    document = read_one("---\ntitle: 'It''s\n  quoted'\n---\nHi.\n")
    assert document.title == "It's quoted"


def test_address_comes_from_url_or_source_url():
    assert read_one("---\nsource_url: https://a.example/x\n---\nHi.\n").url == "https://a.example/x"
    assert read_one("---\nurl: https://b.example/\n---\nHi.\n").url == "https://b.example/"
    meta = SourceMeta(url="https://profile.example/")
    assert read_one("---\ntitle: T\n---\nHi.\n", meta).url == "https://profile.example/"


def test_front_matter_states_speaker_kind_and_language_when_it_has_them():
    document = read_one(
        "---\ntitle: Talk\nspeaker: Jen Psaki\nkind: speech\nlang: ru\ntags:\n  - a\n  - b\n---\n"
        "Hi.\n"
    )
    assert (document.speaker, document.kind, document.language) == ("Jen Psaki", "speech", "ru")


def test_first_heading_names_a_document_whose_front_matter_does_not():
    document = read_one("---\ndate: 2024-01-02\n---\n# Remarks on *Trade*\n\nText.\n")
    assert document.title == "Remarks on Trade"
    assert document.blocks == (Block(None, "Text."),)


def test_sniff_takes_markdown_with_front_matter_from_any_source():
    assert markdown.sniff("notes/talk.md", "---\ntitle: A talk\n---\n\nSome words.\n")
    assert markdown.sniff("notes/talk.txt", "\ufeff---\r\nlayout: post\r\n---\r\nWords.\r\n")
    assert not markdown.sniff("a.md", "Just text.\n\n---\n\nMore text.\n")
    assert not markdown.sniff("a.md", "---\ntitle: never closed\n\nWords.\n")
    assert not markdown.sniff("stream.yaml", "---\na: 1\n---\nb: 2\n")


# --- Markdown made plain ------------------------------------------------------------------


def test_inline_markup_is_reduced_to_its_text():
    text = "A *very* **bold** _claim_ with [a link](https://x.example/(y)) and `code_x`."
    assert markdown.plain_inline(text) == "A very bold claim with a link and code_x."
    assert markdown.plain_inline(r"Escapes: \[sic\], 5 \* 3, snake\_case, \#1") == (
        "Escapes: [sic], 5 * 3, snake_case, #1"
    )
    assert markdown.plain_inline("visit <https://a.example/b_c_d.pdf> &amp; more") == (
        "visit https://a.example/b_c_d.pdf & more"
    )
    assert markdown.plain_inline("*Via Teleconference*** **") == "Via Teleconference"


def test_struck_words_give_way_to_the_bracketed_correction():
    assert markdown.plain_inline(r"Former President <s>Biden</s> \[Obama\] said") == (
        "Former President [Obama] said"
    )
    assert markdown.plain_inline("a ~~typo~~ fix") == "a fix"


def test_hard_wrapped_lines_join_into_one_paragraph():
    assert blocks_of("One line\nwrapped at\nseventy columns.\n\nNext.\n") == [
        Block(None, "One line wrapped at seventy columns."),
        Block(None, "Next."),
    ]


def test_hard_break_ends_a_paragraph_only_where_a_sentence_or_a_turn_ends():
    body = (
        "MS. PSAKI:  First sentence.  \nSecond paragraph of the\nanswer.\n\n"
        "Q    A question broken  \nin mid-sentence —  \nMS. PSAKI:  Interrupting.\n"
    )
    assert blocks_of(body) == [
        Block("MS. PSAKI", "First sentence."),
        Block(None, "Second paragraph of the answer."),
        Block("Q", "A question broken in mid-sentence —"),
        Block("MS. PSAKI", "Interrupting."),
    ]


def test_list_items_and_block_quotes_become_paragraphs():
    body = "-   “Resilience,” which\n    continues\n-   Workforce\n\n> Quoted words\n> go on.\n"
    assert blocks_of(body) == [
        Block(None, "“Resilience,” which continues"),
        Block(None, "Workforce"),
        Block(None, "Quoted words go on."),
    ]


# --- labels -------------------------------------------------------------------------------


def test_turn_labels_are_emitted_as_block_labels():
    body = (
        "MS. PSAKI:\u00a0 Hi.\n\n"
        "Q\u00a0\u00a0\u00a0 Thanks, Jen.\n\n"
        "Q:  A colon question.\n\n"
        "Q– and a dash.\n\n"
        "*Q\u00a0\u00a0\u00a0 Can you hear me?*\n\n"
        "\u00a0\u00a0SENIOR ADMINISTRATION OFFICIAL:  Indented.\n\n"
        "MS.  JEAN-PIERRE:  Two spaces inside.\n\n"
        "**Jen Psaki:** Bold, colon inside.\n\n"
        "**Jen Psaki**: Bold, colon outside.\n"
    )
    assert blocks_of(body) == [
        Block("MS. PSAKI", "Hi."),
        Block("Q", "Thanks, Jen."),
        Block("Q", "A colon question."),
        Block("Q", "– and a dash."),
        Block("Q", "Can you hear me?"),
        Block("SENIOR ADMINISTRATION OFFICIAL", "Indented."),
        Block("MS. JEAN-PIERRE", "Two spaces inside."),
        Block("Jen Psaki", "Bold, colon inside."),
        Block("Jen Psaki", "Bold, colon outside."),
    ]


def test_text_that_only_looks_like_a_label_stays_text():
    body = "Q&A follows.\n\nThe upshot: it works.\n\n**A bold sentence.**\n\nEND, 1:45 p.m.\n"
    assert [b.label for b in blocks_of(body)] == [None, None, None, None]


def test_wide_spaced_label_starts_a_turn_even_without_a_blank_line():
    assert blocks_of("Some tax credit.\u00a0\nQ    Can we expect more?\n") == [
        Block(None, "Some tax credit."),
        Block("Q", "Can we expect more?"),
    ]


def test_label_alone_on_its_line_names_the_next_paragraph():
    assert blocks_of("**Jen Psaki:**\n\nThe answer.\n") == [Block("Jen Psaki", "The answer.")]


def test_the_president_label_resolves_by_the_office_holders_in_the_profile():
    meta = SourceMeta(options={"offices": [PRESIDENCY]})
    during = "---\ntitle: Gaggle\ndate: '2023-10-18'\n---\nTHE PRESIDENT:  Hey, guys.\n"
    assert read_one(during, meta).blocks == (Block("Joe Biden", "Hey, guys."),)
    after = during.replace("2023-10-18", "2025-02-01")
    assert read_one(after, meta).blocks == (Block("THE PRESIDENT", "Hey, guys."),)


# --- what a transcript records besides speech ---------------------------------------------


def test_dateline_and_start_time_open_the_transcript_and_name_the_place():
    body = (
        " \nAboard Air Force One En Route Washington, D.C.\n\n(June 14, 2021)\n\n"
        "2:43 P.M. EDT  \n   \nMS. PSAKI:  Hi, everyone.\n"
    )
    document = read_one("---\ntitle: Gaggle\n---\n" + body)
    assert document.place == "Aboard Air Force One En Route Washington, D.C."
    assert document.blocks == (Block("MS. PSAKI", "Hi, everyone."),)


def test_dateline_without_start_time_is_dropped_before_the_first_label():
    document = read_one("---\ntitle: Call\n---\nVia Teleconference\n\nMODERATOR:  Hello.\n")
    assert document.place == "Via Teleconference"
    assert document.blocks == (Block("MODERATOR", "Hello."),)


def test_prose_before_any_label_is_kept():
    assert blocks_of("Around the world today, climate matters.\n\nMore.\n") == [
        Block(None, "Around the world today, climate matters."),
        Block(None, "More."),
    ]


def test_stage_directions_alone_are_dropped_and_inside_speech_kept():
    body = (
        "MS. PSAKI:  A joke.  (Laughter.)\n\n(Cross-talk.)\n\n(Laughter.) (Applause.)\n\nQ    Ha.\n"
    )
    assert blocks_of(body) == [Block("MS. PSAKI", "A joke. (Laughter.)"), Block("Q", "Ha.")]


def test_end_time_and_the_notes_after_it_are_dropped():
    body = (
        "12:10 P.M. BST\n\nMODERATOR:  Thanks.\n\nEND                 12:32 P.M. BST\n\n"
        "To view the slides, visit <https://x.example/slides.pdf>\n\n\\###\n"
    )
    assert blocks_of(body) == [Block("MODERATOR", "Thanks.")]


def test_time_line_in_mid_call_is_dropped_and_the_turns_after_it_kept():
    body = (
        "MODERATOR:  Great.\n\n12:54 P.M. BST\n\nQ    One more?\n\nOFFICIAL:  Sure.\n\n1:00 P.M.\n"
    )
    assert blocks_of(body) == [
        Block("MODERATOR", "Great."),
        Block("Q", "One more?"),
        Block("OFFICIAL", "Sure."),
    ]


# --- shaped: pairing and speakers ---------------------------------------------------------


def test_each_question_pairs_with_its_own_answer():
    _, passages = shaped("Q    First?\n\nMS. PSAKI:  One.\n\nQ    Second?\n\nMR. KIRBY:  Two.\n")
    assert [(p.kind, p.speaker, p.question, p.text) for p in passages] == [
        ("answer", "Jen Psaki", "First?", "One."),
        ("answer", "John Kirby", "Second?", "Two."),
    ]


def test_reporters_asking_in_a_row_share_the_answer_that_follows():
    _, passages = shaped(
        "Q    But — but —\n\nQ    Mr. Singh, I keep asking —\n\nMR. SINGH:  Yes.\n"
    )
    [answer] = passages
    assert answer.question == "But — but —\n\nMr. Singh, I keep asking —"
    assert (answer.speaker, answer.text) == ("Daleep Singh", "Yes.")


def test_opening_statement_becomes_paragraphs_of_its_speaker():
    _, passages = shaped(
        "MR. SULLIVAN:  Good afternoon.\n\nA second point.\n\n"
        "Q    Why?\n\nMR. SULLIVAN:  Because.\n"
    )
    assert [(p.kind, p.speaker) for p in passages] == [
        ("paragraph", "Jake Sullivan"),
        ("paragraph", "Jake Sullivan"),
        ("answer", "Jake Sullivan"),
    ]


def test_question_addressed_to_a_doctor_stays_a_question():
    _, passages = shaped(
        "Q    And this might be for you, Dr. Fauci: Are we seeing breakthrough cases?\n\n"
        "DR. FAUCI:  Yes.\n"
    )
    assert [(p.kind, p.speaker) for p in passages] == [("answer", "Anthony Fauci")]


# --- waiting on shared modules (see the report) -------------------------------------------


def test_role_word_administrator_precedes_a_known_surname():
    assert default_registry().canonical("ACTING ADMINISTRATOR SLAVITT") == "Andy Slavitt"


def test_press_call_is_a_briefing():
    [(document, _)] = shape_file(BACKGROUND_CALL, WHITE_HOUSE, markdown)
    assert document.kind == "briefing"
