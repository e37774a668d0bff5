"""One identity per person: label shapes, offices by date, transliterated merges, scoped
resolution and readable names (indexer.names, indexer.offices, indexer.translit,
indexer.identity)."""

import itertools
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.identity import DocumentNames, Who
from indexer.model import Block, SourceDocument
from indexer.names import (
    clean_label,
    edit_distance,
    exchange_role,
    initials_and_surname,
    readable,
    split_post,
)
from indexer.offices import default_offices
from indexer.speakers import Scope, default_registry
from indexer.transcript import shape
from indexer.translit import latin_spellings, spelling_key

KREMLIN = "President of Russia"
WHITE_HOUSE = "The White House"
US_PRESIDENT = "President of the United States"
PRESS_SECRETARY = "White House Press Secretary"
CMFA = "Ministry of Foreign Affairs of the People's Republic of China"


def names(text: str = "", day: date | None = date(2023, 10, 18), publisher: str | None = None):
    return DocumentNames(default_registry(), text, day, publisher)


# --- labels that name a part of the exchange, not a person ---------------------------------


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("Remark", "Remark from the audience"),
        ("Реплика", "Remark from the audience"),
        ("Reply", "Reply from the audience"),
        ("Response from the hall", "Reply from the audience"),
        ("OPERATOR", "Operator"),
        ("Call centre operator", "Operator"),
        ("Presenter", "Presenter"),
        ("MODERATOR", "Moderator"),
        ("Moerator", "Moderator"),
        ("Вопрос", "Question"),
        ("SENIOR ADMINISTRATION OFFICIAL", "Senior administration official (name withheld)"),
        (
            "SENIOR ADMINISTRATION OFFICIAL TWO",
            "Senior administration official two (name withheld)",
        ),
        ("FBI OFFICIAL", "FBI official (name withheld)"),
        ("Senior Administration Offial", None),
        ("Sergey Lavrov", None),
        ("MS. PSAKI", None),
    ],
)
def test_exchange_roles(label, role):
    assert exchange_role(label) == role


@pytest.mark.parametrize(
    "label", ["Remark", "Реплика", "OPERATOR", "SENIOR ADMINISTRATION OFFICIAL"]
)
def test_a_role_label_keeps_the_speaker_unknown(label):
    who = names(publisher=WHITE_HOUSE).resolve(label)
    assert who.name == "" and who.role


# --- posts glued to names -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "post", "name"),
    [
        ("President of Egypt Mohammed Morsi", "President of Egypt", "Mohammed Morsi"),
        (
            "Director of the State Hermitage Mikhail Piotrovsky",
            "Director of the State Hermitage",
            "Mikhail Piotrovsky",
        ),
        ("Emir of Qatar Tamim bin Hamad Al Thani", "Emir of Qatar", "Tamim bin Hamad Al Thani"),
        ("Colonel General Sergei Surovikin", "Colonel General", "Sergei Surovikin"),
        (
            "Sports commentator Dmitry Guberniyev, ceremony moderator",
            "Sports commentator, ceremony moderator",
            "Dmitry Guberniyev",
        ),
        (
            "Secretary-General of the Organisation For Economic Co-Operation and Development "
            "JOSE ANGEL GURRIA",
            "Secretary-General of the Organisation For Economic Co-Operation and Development",
            "JOSE ANGEL GURRIA",
        ),
        ("SECRETARY MAYORKAS", "Secretary", "MAYORKAS"),
        ("Recep Tayyip Erdogan", None, "Recep Tayyip Erdogan"),
        ("Alexander Van der Bellen", None, "Alexander Van der Bellen"),
        (
            "Patriarch Kirill of Moscow and All Russia",
            None,
            "Patriarch Kirill of Moscow and All Russia",
        ),
        ("President of Russia", None, "President of Russia"),
    ],
)
def test_posts_are_split_from_names(label, post, name):
    parsed = split_post(label)
    assert (parsed.post, parsed.name) == (post, name)


def test_a_post_becomes_the_role_of_the_person_named():
    who = names(publisher=KREMLIN).resolve("President of Egypt Mohammed Morsi")
    assert who == Who("Mohammed Morsi", "President of Egypt")
    known = names(publisher=KREMLIN).resolve("Minister of Energy Alexander Novak")
    assert known == Who("Alexander Novak", "Minister of Energy")


# --- readable names -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "shown"),
    [
        ("MR. CHEUNG", "Mr. Cheung"),
        ("MS. ASHLEY BIDEN", "Ashley Biden"),
        ("MS. O’CONNELL", "Ms. O’Connell"),
        ("JOHN MCDONOUGH", "John McDonough"),
        ("KARINE JEAN-PIERRE", "Karine Jean-Pierre"),
        ("Arnold SCHWARZENEGGER", "Arnold Schwarzenegger"),
        ("CBS", "CBS"),
        ("Vladimir Putin (retranslated)", "Vladimir Putin"),
        ("", ""),
    ],
)
def test_readable_names(label, shown):
    assert readable(label) == shown


def test_an_unknown_surname_takes_the_full_name_the_document_gives():
    text = "Steven Cheung, the communications director, said. MR. CHEUNG: Thanks."
    assert names(text, publisher=WHITE_HOUSE).resolve("MR. CHEUNG") == Who("Steven Cheung")
    assert names("", publisher=WHITE_HOUSE).resolve("MR. CHEUNG") == Who("Mr. Cheung")


def test_full_names_as_real_briefings_give_them():
    # Called by the given name more often than named in full: "Thanks, Kurt."
    kurt = "The speaker is Kurt Campbell. Thanks, Kurt. Kurt, go ahead. Kurt said so. Kurt did."
    assert names(kurt, publisher=WHITE_HOUSE).resolve("MR. CAMPBELL") == Who("Kurt Campbell")
    # The label shouts the surname the text spells with a capital inside it.
    labolt = "Communications director Ben LaBolt. MR. LABOLT: Thanks."
    assert names(labolt, publisher=WHITE_HOUSE).resolve("MR. LABOLT") == Who("Ben LaBolt")
    # Two given names: the one the title (the first line) gives.
    benjamin = "Gaggle with Director Stephen Benjamin\nAnd here is Steve Benjamin."
    assert names(benjamin, publisher=WHITE_HOUSE).full_name("Benjamin") == "Stephen Benjamin"
    assert names("Steve Benjamin and Stephen Benjamin.").full_name("Benjamin") is None
    # "Assembly" stands before names, and nobody is called by it.
    assembly = "General Assembly Rosales spoke. The Assembly met. Assembly voted. Assembly rose."
    assert names(assembly).full_name("Rosales") is None


def test_words_written_in_lower_case_elsewhere_are_no_given_name():
    text = "As Becerra said, as the doctors agree. Doctors Walensky and Fauci."
    assert names(text).full_name("Becerra") is None
    assert names(text).full_name("Walensky") is None


def test_a_heading_is_nobody():
    who = names("we must assess threats and opportunities").resolve(
        "Assess Climate-Related Threats and Opportunities"
    )
    assert who.name == ""


# --- offices by date ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "publisher", "day", "holder", "office"),
    [
        ("THE PRESIDENT", WHITE_HOUSE, date(2023, 10, 18), "Joe Biden", US_PRESIDENT),
        ("THE PRESIDENT", WHITE_HOUSE, date(2025, 2, 1), "Donald Trump", US_PRESIDENT),
        ("THE PRESIDENT", WHITE_HOUSE, date(2016, 6, 1), "Barack Obama", US_PRESIDENT),
        ("THE PRESIDNET", WHITE_HOUSE, date(2023, 10, 18), "Joe Biden", US_PRESIDENT),
        ("THE PRESS SECRETARY", WHITE_HOUSE, date(2022, 5, 12), "Jen Psaki", PRESS_SECRETARY),
        (
            "THE PRESS SECRETARY",
            WHITE_HOUSE,
            date(2022, 5, 13),
            "Karine Jean-Pierre",
            PRESS_SECRETARY,
        ),
        ("THE PRESS SECRETARY", WHITE_HOUSE, date(2025, 3, 1), "Karoline Leavitt", PRESS_SECRETARY),
        ("President of Russia", None, date(2005, 1, 1), "Vladimir Putin", "President of Russia"),
        ("Президент России", None, date(2010, 1, 1), "Dmitry Medvedev", "President of Russia"),
        ("The President", KREMLIN, date(2013, 1, 1), "Vladimir Putin", "President of Russia"),
        ("President of Russia", None, None, "", "President of Russia"),
    ],
)
def test_an_office_is_its_holder_that_day(label, publisher, day, holder, office):
    assert names(day=day, publisher=publisher).resolve(label) == Who(holder, office)


def test_the_president_on_another_publishers_page_is_no_office():
    assert default_offices().named_by("THE PRESIDENT", CMFA) is None


def test_an_office_held_by_several_people_at_once_needs_the_page_to_name_one():
    day = date(2021, 3, 1)
    unnamed = names("Regular press conference", day=day, publisher=CMFA).resolve("Spokesperson")
    assert unnamed == Who("", "Spokesperson of the Chinese Ministry of Foreign Affairs")
    named = names("Spokesperson Hua Chunying answered", day=day, publisher=CMFA)
    assert named.resolve("Spokesperson").name == "Hua Chunying"


def test_every_office_holder_is_a_registry_person():
    known = {s.name for s in default_registry().speakers}
    holders = {t.holder for o in default_offices().offices for t in o.terms}
    assert holders <= known, holders - known


def test_terms_of_one_single_holder_office_never_overlap():
    for office in default_offices().offices:
        if office.concurrent:
            continue
        terms = sorted(office.terms, key=lambda t: t.start or date.min)
        for before, after in itertools.pairwise(terms):
            assert before.until is not None and before.until <= after.start, office.name


# --- one person in any script -------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "initial", "surname"),
    [
        ("С.Лавров", "С", "Лавров"),
        ("Лавров С.В.", "С", "Лавров"),
        ("S. Lavrov", "S", "Lavrov"),
        ("В.В.Путин", "В", "Путин"),
        ("Sergey Lavrov", None, None),
    ],
)
def test_initials_and_surname(label, initial, surname):
    found = initials_and_surname(label)
    assert (found or (None, None)) == (initial, surname)


@pytest.mark.parametrize(
    ("label", "person"),
    [
        ("П.Зарубин", "Pavel Zarubin"),
        ("М.Мишустин", "Mikhail Mishustin"),
        ("Н.Мадуро", "Nicolás Maduro"),
        ("А.Воробьёв", "Andrei Vorobyov"),
        ("Р.Кадыров", "Ramzan Kadyrov"),
        ("С.Лавров", "Sergey Lavrov"),
    ],
)
def test_cyrillic_initials_meet_the_english_name(label, person):
    assert names(day=date(2025, 5, 7), publisher="Президент России").resolve(label).name == person


def test_cyrillic_initials_take_the_full_name_the_page_gives():
    text = "Встреча с Еленой Корочкиной. Елена Корочкина рассказала о работе."
    assert (
        names(text, publisher="Президент России").resolve("Е.Корочкина").name == "Елена Корочкина"
    )


def test_a_name_in_another_case_is_not_taken_for_the_full_name():
    text = "Встреча с Александром Дрозденко."
    assert names(text).resolve("А.Дрозденко").name == "А.Дрозденко"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Shakhidjanyan", "Shakhijanyan"),
        ("Kleymenov", "Kleimenov"),
        ("Dmitriyev", "Dmitriev"),
        ("Shakhidzhanyan", "Shakhijanyan"),
    ],
)
def test_spelling_variants_share_a_key(a, b):
    assert spelling_key(a) == spelling_key(b)


def test_transliteration_gives_the_common_spellings():
    assert {"Vorobyov", "Vorobev"} <= latin_spellings("Воробьёв")


def test_spelling_variants_in_one_document_become_one_person():
    source = SourceDocument(
        title="Direct Line",
        date=date(2013, 4, 25),
        source="t",
        publisher=KREMLIN,
        blocks=(
            Block("Kirill Kleymenov", "Good evening."),
            Block("Vladimir Putin", "Hello."),
            Block("Kirill Kleymenov", "A question."),
            Block("Kirill Kleimenov", "Another."),
        ),
        labels_marked=True,
    )
    _, passages = shape(source, default_registry())
    assert {p.speaker for p in passages} == {"Kirill Kleymenov", "Vladimir Putin"}


# --- scoped resolution --------------------------------------------------------------------


def test_a_white_house_surname_is_nobody_on_a_kremlin_page():
    kremlin = names("A ceremony.", day=date(2013, 5, 1), publisher=KREMLIN)
    assert kremlin.resolve("Young").name != "Shalanda Young"
    white_house = names("A briefing.", day=date(2023, 5, 1), publisher=WHITE_HOUSE)
    assert white_house.resolve("MS. YOUNG").name == "Shalanda Young"


def test_the_scope_prefers_the_people_the_document_names():
    registry = default_registry()
    scope = Scope(WHITE_HOUSE, frozenset({"Jake Sullivan"}))
    assert registry.lookup("MR. SULLIVAN", scope).name == "Jake Sullivan"
    assert registry.lookup("MR. SULLIVAN", Scope(KREMLIN)) is None


def test_a_mistyped_surname_of_someone_the_page_names_is_them():
    text = "Press Briefing by Press Secretary Jen Psaki and Jake Sullivan"
    doc = names(text, day=date(2021, 6, 1), publisher=WHITE_HOUSE)
    assert doc.resolve("MR. SULLVIAN").name == "Jake Sullivan"
    assert doc.resolve("Ms. Jean-Piere").name == "Karine Jean-Pierre"


def test_a_passage_of_an_unknown_speaker_shows_its_role():
    source = SourceDocument(
        title="Meeting",
        date=date(2013, 4, 25),
        source="t",
        publisher=KREMLIN,
        blocks=(Block("Vladimir Putin", "Colleagues."), Block("Remark", "Hear, hear.")),
        labels_marked=True,
        kind="meeting",
    )
    document, passages = shape(source, default_registry())
    remark = passages[-1]
    assert (remark.speaker, remark.role, remark.shown_speaker) == (
        "",
        "Remark from the audience",
        "Remark from the audience",
    )
    assert document.speakers == ("Vladimir Putin",)


# --- properties ---------------------------------------------------------------------------

_LABELS = st.one_of(
    st.text(max_size=60),
    st.text(alphabet="АБВСПЛМНабвгдлорсту .-", max_size=30),
    st.lists(
        st.sampled_from(
            [
                "MR.",
                "MS.",
                "President",
                "of",
                "the",
                "Sergey",
                "LAVROV",
                "С.",
                "Лавров",
                "(retranslated)",
                "Remark",
                ":",
                "Al",
                "bin",
                "O’NEIL",
            ]
        ),
        max_size=8,
    ).map(" ".join),
)


@settings(deadline=None)
@given(_LABELS)
def test_name_normalisation_never_fails_and_is_stable(label):
    shown = readable(label)
    assert shown == shown.strip()
    assert readable(shown) == shown  # a readable name stays as it is
    parsed = split_post(label)
    assert parsed.name or not clean_label(label)
    assert isinstance(names().resolve(label), Who)


@given(st.text(max_size=12), st.text(max_size=12))
def test_edit_distance_is_a_symmetric_bound(a, b):
    d = edit_distance(a, b)
    assert d == edit_distance(b, a)
    assert abs(len(a) - len(b)) <= d <= max(len(a), len(b))
    assert (d == 0) == (a == b)
