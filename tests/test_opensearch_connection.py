"""OpenSearch settings from the environment, and what a user is told when the cluster cannot
be reached. No cluster is needed: a closed loopback port stands for one that is down."""

from __future__ import annotations

import socket

import pytest
from hypothesis import given
from hypothesis import strategies as st

from search.engines.opensearch.connection import (
    CONNECT_TIMEOUT,
    MAX_RETRIES,
    Settings,
    answering,
    connect,
)
from search.errors import Unavailable


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_defaults_are_the_local_cluster() -> None:
    settings = Settings.from_env({})
    assert settings.urls == ("http://127.0.0.1:9200",)
    assert (settings.auth, settings.index, settings.verify_certs) == (None, "verbatim", True)
    assert settings.location == "OpenSearch http://127.0.0.1:9200, index verbatim"


def test_credentials_in_the_address_are_used_and_never_shown() -> None:
    settings = Settings.from_env({"OPENSEARCH_URL": "https://ana:s%40cret@search.example:9243"})
    assert settings.auth == ("ana", "s@cret")
    assert settings.urls == ("https://search.example:9243",)
    assert "cret" not in settings.location and settings.tls


def test_credentials_from_their_own_variables() -> None:
    env = {"OPENSEARCH_USER": "ana", "OPENSEARCH_PASSWORD": "pw"}
    assert Settings.from_env(env).auth == ("ana", "pw")
    with pytest.raises(Unavailable, match="both OPENSEARCH_USER and OPENSEARCH_PASSWORD"):
        Settings.from_env({"OPENSEARCH_USER": "ana"})
    env["OPENSEARCH_URL"] = "http://bob:other@127.0.0.1:9200"
    with pytest.raises(Unavailable, match="one place only"):
        Settings.from_env(env)


def test_every_request_is_bounded() -> None:
    """Timeouts and retries are set on the client (the time a dead cluster takes to report is
    bounded by them; a closed port is refused at once, below)."""
    client = connect(Settings.from_env({"OPENSEARCH_TIMEOUT": "7"}))
    timeout = client.transport.connection_pool.connections[0].timeout
    assert (timeout.connect_timeout, timeout.read_timeout) == (CONNECT_TIMEOUT, 7.0)
    assert client.transport.max_retries == MAX_RETRIES
    assert client.transport.retry_on_timeout is False


def test_several_nodes() -> None:
    settings = Settings.from_env(
        {"OPENSEARCH_URL": "http://127.0.0.1:9200, http://127.0.0.1:9201/"}
    )
    assert settings.urls == ("http://127.0.0.1:9200", "http://127.0.0.1:9201")
    client = connect(settings)
    assert len(client.transport.connection_pool.connections) == 2


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"OPENSEARCH_URL": "127.0.0.1:9200"}, "http"),
        ({"OPENSEARCH_URL": "ftp://127.0.0.1"}, "http"),
        ({"OPENSEARCH_URL": "http://127.0.0.1:99999"}, "cannot be read"),
        ({"OPENSEARCH_URL": "http://a:9200,https://b:9200"}, "mixes"),
        ({"OPENSEARCH_URL": " , "}, "empty"),
        ({"OPENSEARCH_INDEX": "Verbatim"}, "OPENSEARCH_INDEX"),
        ({"OPENSEARCH_INDEX": "-x"}, "OPENSEARCH_INDEX"),
        ({"OPENSEARCH_VERIFY_CERTS": "maybe"}, "OPENSEARCH_VERIFY_CERTS"),
        ({"OPENSEARCH_CA_CERTS": "/no/such/ca.pem"}, "OPENSEARCH_CA_CERTS"),
        ({"OPENSEARCH_TIMEOUT": "soon"}, "OPENSEARCH_TIMEOUT"),
        ({"OPENSEARCH_TIMEOUT": "0"}, "OPENSEARCH_TIMEOUT"),
    ],
)
def test_bad_settings_name_what_to_fix(env: dict, message: str) -> None:
    with pytest.raises(Unavailable, match=message):
        Settings.from_env(env)


def test_a_bad_address_never_shows_its_password() -> None:
    with pytest.raises(Unavailable) as caught:
        Settings.from_env({"OPENSEARCH_URL": "ftp://ana:hunter2@host"})
    assert "hunter2" not in str(caught.value)


@given(st.text(max_size=60))
def test_any_address_gives_settings_or_one_clear_error(value: str) -> None:
    try:
        settings = Settings.from_env({"OPENSEARCH_URL": value})
    except Unavailable as error:
        assert "OPENSEARCH_URL" in str(error)
        return
    assert all(url.startswith(("http://", "https://")) for url in settings.urls)


def test_verification_is_on_for_https_and_its_opt_out_is_said(capsys) -> None:
    assert Settings.from_env({"OPENSEARCH_URL": "https://h:9200"}).verify_certs
    settings = Settings.from_env(
        {"OPENSEARCH_URL": "https://h:9200", "OPENSEARCH_VERIFY_CERTS": "0"}
    )
    assert not settings.verify_certs
    connect(settings)
    connect(settings)
    warned = capsys.readouterr().err
    assert warned.count("OPENSEARCH_VERIFY_CERTS=0") == 1  # once per process, not per request
    assert "not checked" in warned


def test_unreachable_cluster_is_one_clear_error(capsys) -> None:
    settings = Settings.from_env({"OPENSEARCH_URL": f"http://127.0.0.1:{closed_port()}"})
    client = connect(settings)
    with pytest.raises(Unavailable) as caught, answering(settings, "searching"):
        client.search(index=settings.index, body={"query": {"match_all": {}}})
    message = str(caught.value)
    assert message.startswith("searching: cannot reach OpenSearch at http://127.0.0.1:")
    assert "make opensearch" in message and "OPENSEARCH_URL" in message
    assert "Traceback" not in capsys.readouterr().err
