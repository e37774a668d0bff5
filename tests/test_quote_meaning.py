"""A quote finder you can trust: meaning changes flagged and ranked down, tiers, questions
quotable, and the search scoped by speaker and dates."""

import json

import pytest
from click.testing import CliRunner

from cli.main import main
from search.engines.whoosh.engine import WhooshEngine
from search.params import NO_FILTERS, Filters, parse_day
from search.quotes.align import align
from search.quotes.finder import CLOSE_SCORE, find_quote
from search.quotes.meaning import meaning_changes
from search.quotes.parse import Words, parse_quote
from tests.conftest import seed_id
from webapp import create_app, quote_pages

VACCINE = "we were not only the first to register a vaccine"
VACCINE_ID = seed_id("2021-08-04-lavrov-komsomolskaya-pravda", 1)
SANCTIONS = "only the UN Security Council can impose them"
SANCTIONS_ID = "2021-07-22-lavrov-interfax-1"
# The question Komsomolskaya Pravda put to Lavrov, as it was asked.
QUESTION = "What is happening with the registration of Sputnik V in Europe?"
QUESTION_ID = seed_id("2021-08-04-lavrov-komsomolskaya-pravda", 2)


def changes(source: str, quoted: str) -> list[tuple[str, str, str]]:
    """(kind, source words, quote words) of each change of meaning, aligned without an index."""
    quote = parse_quote(quoted)
    words = Words.of(source)
    alignment = align(words.norms, quote)
    found = meaning_changes(source, words, quote, alignment)
    return [(c.kind, c.source, c.quote) for _, _, c in found]


# What changes the meaning, and what does not: (source, quote, changes)
MEANING_TABLE = [
    # "only" dropped or added
    (VACCINE, "we were not the first to register a vaccine", [("only", "only", "")]),
    ("the UN Security Council can impose them", SANCTIONS, [("only", "", "only")]),
    # a negation dropped, added, or hidden in a contraction
    (
        "We do not accept these conditions",
        "We do accept these conditions",
        [("negation", "not", "")],
    ),
    (
        "Russia will attend the summit in Geneva",
        "Russia will not attend the summit in Geneva",
        [("negation", "", "not")],
    ),
    (
        "We don't plan to send troops there",
        "We plan to send troops there",
        [("negation", "don't", "")],
    ),
    (
        "They have no complaints about our vaccine",
        "They have complaints about our vaccine",
        [("negation", "no", "")],
    ),
    # another number, in digits or words, and another date
    (
        "The talks in Geneva lasted 3 hours in all",
        "The talks in Geneva lasted 5 hours in all",
        [("number", "3", "5")],
    ),
    (
        "there are nearly 70 such countries",
        "there are nearly 17 such countries",
        [("number", "70", "17")],
    ),
    (
        "We held two rounds of talks with them",
        "We held three rounds of talks with them",
        [("number", "two", "three")],
    ),
    (
        "The treaty was signed in 2001 by both",
        "The treaty was signed in 2011 by both",
        [("date", "2001", "2011")],
    ),
    (
        "In April and May this year, EU experts came",
        "In April and June this year, EU experts came",
        [("date", "May", "June")],
    ),
    # another name, not the same one misspelt
    (
        "Mr. Lavrov met Secretary Blinken in Geneva",
        "Mr. Lavrov met Secretary Sullivan in Geneva",
        [("name", "Blinken", "Sullivan")],
    ),
    # differences that leave the meaning as it was
    (
        "Mr. Lavrov met Secretary Blinken in Geneva",
        "Mr. Lavrov met Secretary Blinkin in Geneva",
        [],
    ),
    (
        "With that, Chris, you want to kick us off?",
        "With that, Chirs, you want to kick us off?",
        [],
    ),
    ("let's go to Andrea Shalal at Reuters", "let's go to Adnrea Shalal at Reuters", []),
    ("We will never accept such conditions", "We will not ever accept such conditions", []),
    ("We held two rounds of talks with them", "We held 2 rounds of talks with them", []),
    (
        "I am quite sure that our partners appreciate what we are doing",
        "I am sure that our partners appreciate what we are doing",
        [],
    ),
    ("This is a very important question for us", "This is a very significant question for us", []),
    ("Countries must act together against it", "Nations must act together against it", []),
    (
        "we have always favoured a dialogue with Europe",
        "we have always favored a dialog with Europe",
        [],
    ),
    (
        "The programme of consultations was organised in Moscow",
        "The program of consultations was organized in Moscow",
        [],
    ),
]


@pytest.mark.parametrize(("source", "quoted", "expected"), MEANING_TABLE)
def test_changes_of_meaning_are_told_from_changes_of_wording(source, quoted, expected):
    assert changes(source, quoted) == expected


def test_words_reordered_around_a_negation_keep_the_meaning():
    assert (
        changes(
            "The sanctions are not legal and not fair", "The sanctions are not fair and not legal"
        )
        == []
    )


# Ranking, tiers and the page


@pytest.fixture(scope="module")
def quotes(seed_index):
    engine = WhooshEngine(seed_index)

    def look(text, filters=NO_FILTERS, limit=10):
        return find_quote(engine, text, limit, filters)

    return look


def test_a_meaning_changed_match_is_flagged_and_scores_under_every_faithful_one(quotes):
    changed = quotes("we were not the first to register a vaccine")[0]
    assert changed.passage.id == VACCINE_ID
    assert changed.meaning_changed and changed.score < 0.8 and changed.tier != "exact"
    assert [c.description for c in changed.meaning_changes] == ["“only” dropped"]
    flagged = [op for op in changed.diff if op.meaning]
    assert [(op.op, op.source, op.meaning) for op in flagged] == [("missing", "only", "only")]
    assert 'class="diff-meaning" data-kind="only"' in changed.diff_html
    # The same sentence with a word swapped or dropped, but its meaning kept, scores above it.
    for faithful in (
        "we were not only the first to register the vaccine",
        "we were not only the first ones to register a vaccine",
        "we were not only the first to register a vacine",
    ):
        match = quotes(faithful)[0]
        assert match.passage.id == VACCINE_ID and not match.meaning_changed
        assert match.score > changed.score and match.score >= 0.8, faithful


def test_matches_fall_into_tiers_best_first(quotes):
    matches = quotes(VACCINE)
    tiers = [m.tier for m in matches]
    assert tiers[0] == "exact" and matches[0].score == 1.0
    assert tiers == sorted(tiers, key=["exact", "close", "weak"].index)
    assert "weak" in tiers
    for m in matches:
        assert (m.tier == "close") == (CLOSE_SCORE <= m.score < 1.0)


def test_a_question_put_to_a_speaker_is_quotable(quotes):
    match = quotes(QUESTION)[0]
    assert (match.passage.id, match.part, match.score) == (QUESTION_ID, "question", 1.0)
    assert match.said_by == "Komsomolskaya Pravda" and match.sentence == QUESTION
    assert "<mark" in match.highlight_html and "registration of Sputnik V" in match.highlight_html
    misquoted = quotes("What is going on with the registration of Sputnik V in Europe?")[0]
    assert (misquoted.passage.id, misquoted.part, misquoted.tier) == (
        QUESTION_ID,
        "question",
        "close",
    )


def _scopes():
    return [
        ({"speakers": ("lavrov",)}, True),
        ({"speakers": ("putin",)}, False),
        ({"speakers": ("nobody-at-all",)}, False),  # an empty scope finds nothing, not everything
        ({"date_from": parse_day("2021-08-04", "from")}, True),
        ({"date_from": parse_day("2021-08-05", "from")}, False),
        ({"date_to": parse_day("2021-08-03", "to", end=True)}, False),
        (
            {
                "speakers": ("lavrov",),
                "date_from": parse_day("2021", "from"),
                "date_to": parse_day("2021", "to", end=True),
            },
            True,
        ),
    ]


@pytest.mark.parametrize(("scope", "found"), _scopes())
def test_the_finder_is_scoped_by_speaker_and_dates(quotes, scope, found):
    for text in (VACCINE, "we were not only the first to register the vaccine", QUESTION):
        ids = {m.passage.id for m in quotes(text, Filters(**scope))}
        assert (VACCINE_ID in ids or QUESTION_ID in ids) == found, (text, scope)
        if not found:
            assert all(m.passage.speaker == "Sergey Lavrov" for m in quotes(text)[:1])


@pytest.fixture(scope="module")
def client(seed_index):
    app = create_app(seed_index)
    app.config["TESTING"] = True
    if "quote" not in app.blueprints:
        app.register_blueprint(quote_pages.blueprint)
    return app.test_client()


def test_api_says_meaning_changed_with_the_words_that_changed_it(client):
    body = client.get(
        "/api/quote", query_string={"q": "we were not the first to register a vaccine"}
    ).get_json()
    first = body["results"][0]
    assert first["id"] == VACCINE_ID and first["meaning_changed"] is True
    assert first["meaning_changes"] == [
        {"kind": "only", "source": "only", "quote": "", "description": "“only” dropped"}
    ]
    assert first["score"] < 0.8 and first["tier"] == "close"
    assert {"op": "missing", "source": "only", "quote": "", "meaning": "only"} in first["diff"]
    exact = client.get("/api/quote", query_string={"q": VACCINE}).get_json()["results"][0]
    assert exact["meaning_changed"] is False and exact["meaning_changes"] == []
    assert (
        exact["tier"] == "exact" and exact["part"] == "text" and exact["said_by"] == "Sergey Lavrov"
    )


@pytest.mark.parametrize(
    ("args", "found"),
    [
        ({"speaker": "lavrov"}, True),
        ({"speaker": "putin"}, False),
        ({"from": "2021-08-05"}, False),
        ({"from": "2021", "to": "2021"}, True),
        ({"speaker": ["putin", "lavrov"]}, True),
    ],
)
def test_api_is_scoped_by_speaker_and_dates(client, args, found):
    response = client.get("/api/quote", query_string={"q": VACCINE, **args})
    assert response.status_code == 200
    assert any(r["id"] == VACCINE_ID for r in response.get_json()["results"]) == found


@pytest.mark.parametrize(
    "args", [{"from": "2021-13-01"}, {"to": "yesterday"}, {"from": "2022", "to": "2021"}]
)
def test_api_refuses_a_bad_scope_with_400(client, args):
    response = client.get("/api/quote", query_string={"q": VACCINE, **args})
    assert response.status_code == 400 and response.get_json()["error"]


def test_page_puts_the_legend_above_tiers_and_folds_the_weak_ones(client):
    page = client.get("/quote", query_string={"q": VACCINE}).get_data(as_text=True)
    legend, exact = page.index('class="quote-legend"'), page.index('class="tier tier-exact"')
    assert legend < exact < page.index('<details class="tier tier-weak">')
    assert "Word for word (1)" in page


def test_page_flags_a_change_of_meaning(client):
    page = client.get("/quote", query_string={"q": "we were not the first to register a vaccine"})
    text = page.get_data(as_text=True)
    assert 'class="meaning-warning"' in text and "“only” dropped" in text
    assert "changes the meaning" in text


def test_page_keeps_the_scope_in_its_form(client):
    page = client.get("/quote", query_string={"q": VACCINE, "speaker": "putin", "from": "2021"})
    text = page.get_data(as_text=True)
    assert 'value="putin"' in text and 'value="2021"' in text
    assert f'href="/p/{VACCINE_ID}"' not in text


def test_cli_flags_meaning_and_takes_a_scope(seed_index):
    def run(*args):
        return CliRunner().invoke(main, ["quote", *map(str, args), "--index", seed_index])

    result = run("we were not the first to register a vaccine", "--limit", 1)
    assert result.exit_code == 0
    assert (
        "[-only-] <!only>" in result.output
        and "changes the meaning: “only” dropped" in result.output
    )
    body = json.loads(run(VACCINE, "--json", "--speaker", "lavrov", "--from", "2021").output)
    assert body["results"][0]["id"] == VACCINE_ID and body["results"][0]["tier"] == "exact"
    putin = json.loads(run(VACCINE, "--json", "--speaker", "putin").output)["results"]
    assert putin and all(r["speaker"] == "Vladimir Putin" for r in putin)
    bad = run(VACCINE, "--from", "2021-13-01")
    assert bad.exit_code != 0 and "--from must be a date" in bad.output
