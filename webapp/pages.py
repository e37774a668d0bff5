"""The HTML pages: search, one passage, one whole document."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, redirect, render_template, request, url_for
from markupsafe import Markup

from search.citations import all_citations, long_date
from search.params import EXPORT_CAP
from webapp.params import SearchParams, engine, parse_search_args, without_blank_fields
from webapp.urls import urls

blueprint = Blueprint("pages", __name__)
# What <html lang> says: the interface is English, whatever the corpus.
PAGE_LANGUAGE = "en"


def shorten(text: str | None, limit: int = 220) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


@blueprint.app_template_filter("paragraphs")
def paragraphs(text: str | None) -> list[str]:
    return [p for p in (text or "").split("\n\n") if p.strip()]


def lang(language: str | None) -> Markup:
    """` lang="ru"` on an element holding corpus text that is not in the page's English."""
    if not language or language == PAGE_LANGUAGE:
        return Markup("")
    return Markup(' lang="{}"').format(language)


blueprint.add_app_template_filter(lang, "lang")
blueprint.add_app_template_filter(shorten, "shorten")
blueprint.add_app_template_filter(long_date, "long_date")
blueprint.add_app_template_global(EXPORT_CAP, "export_cap")


@blueprint.get("/")
def index():
    # A form sends its empty fields (`kind=&asker=`): the address to share is the one without.
    kept = without_blank_fields(request.args)
    if kept is not None:
        return redirect(url_for("pages.index", **kept))
    params = parse_search_args(request.args)
    results = params.run(engine()) if params.active else None
    return render_template("search.html", params=params, results=results, error=None)


def search_form(message: str) -> str:
    """The search page for a query that could not be run: the form as typed, the message."""
    params = SearchParams(q=request.args.get("q", "")[:500])
    return render_template("search.html", params=params, results=None, error=message)


def search_url(**changes: str | int | None) -> str:
    """This search's URL with some parameters set (None removes one); back to page 1 unless set."""
    args = request.args.copy()
    args.pop("page", None)
    for name, value in changes.items():
        args.pop(name, None)
        if value not in (None, ""):
            args[name] = str(value)
    return url_for("pages.index", **args.to_dict(flat=False))


def add_filter_url(name: str, value: str) -> str:
    """This search with one more value for a filter that takes several (speaker, kind, ...)."""
    args = request.args.copy()
    args.pop("page", None)
    current = [v for raw in args.getlist(name) for v in raw.split(",") if v]
    if value not in current:
        args.setlist(name, [*current, value])
    return url_for("pages.index", **args.to_dict(flat=False))


def remove_filter_url(name: str, value: str) -> str:
    args = request.args.copy()
    args.pop("page", None)
    args.setlist(
        name, [v for raw in args.getlist(name) for v in raw.split(",") if v and v != value]
    )
    return url_for("pages.index", **args.to_dict(flat=False))


def replace_filter_url(name: str, old: str, new: str) -> str:
    """This search with one filter value swapped for another (a misspelt speaker for the one
    meant)."""
    args = request.args.copy()
    args.pop("page", None)
    values = [v for raw in args.getlist(name) for v in raw.split(",") if v]
    args.setlist(name, [new if v == old else v for v in values])
    return url_for("pages.index", **args.to_dict(flat=False))


for helper in (search_url, add_filter_url, remove_filter_url, replace_filter_url):
    blueprint.add_app_template_global(helper, helper.__name__)


@blueprint.get("/p/<passage_id>")
def passage(passage_id: str):
    view = engine().get_passage(passage_id)
    if view.id != passage_id:  # an id from an earlier build: the passage lives on under its new one
        return redirect(url_for("pages.passage", passage_id=view.id), 301)
    permalink = urls().passage(view.id)
    citations = all_citations(view, permalink, date.today())
    return render_template("passage.html", p=view, citations=citations, permalink=permalink)


@blueprint.get("/p/<passage_id>/similar")
def similar(passage_id: str):
    view = engine().get_passage(passage_id)
    if view.id != passage_id:
        return redirect(url_for("pages.similar", passage_id=view.id), 301)
    return render_template("similar.html", p=view, similar=engine().more_like(view.id))


@blueprint.get("/d/<doc_id>")
def document(doc_id: str):
    doc = engine().get_document(doc_id)
    if doc.id != doc_id:  # renamed by a parser fix
        return redirect(url_for("pages.document", doc_id=doc.id), 301)
    return render_template("document.html", doc=doc)
