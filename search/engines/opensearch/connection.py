"""The connection to an OpenSearch cluster, configured from the environment.

- `OPENSEARCH_URL` (default http://127.0.0.1:9200, the local cluster of `make opensearch`): the
  cluster; several nodes comma-separated (a request to a dead node is tried on the next); may
  carry basic auth, `https://user:password@host:9200`.
- `OPENSEARCH_USER`, `OPENSEARCH_PASSWORD`: basic auth, when the address carries none.
- `OPENSEARCH_CA_CERTS`: a PEM file of the private CA that signed the cluster's certificate
  (default: certifi's public roots). Certificates are always checked over https, unless
- `OPENSEARCH_VERIFY_CERTS=0`: an explicit opt-out, warned about on stderr once per process.
- `OPENSEARCH_INDEX` (default `verbatim`): the alias searched, and swapped by each build.
- `OPENSEARCH_TIMEOUT` (default 30): seconds a request may wait for its answer.

Every request is bounded: CONNECT_TIMEOUT to open a connection, OPENSEARCH_TIMEOUT for the
answer; a refused or broken connection is tried on the next node, MAX_RETRIES times at most, and
a timed-out request is not repeated (a cluster too busy to answer in time is not helped by the
same request again). So a dead cluster is reported within (MAX_RETRIES + 1) × CONNECT_TIMEOUT.

Whatever goes wrong between Verbatim and the cluster becomes `search.errors.Unavailable` with a
message saying what to do (`answering`), never a traceback.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import urllib3
from opensearchpy import OpenSearch
from opensearchpy import exceptions as os_errors

from search.errors import NoIndex, Unavailable

DEFAULT_URL = "http://127.0.0.1:9200"
DEFAULT_INDEX = "verbatim"
CONNECT_TIMEOUT = 3.0
READ_TIMEOUT = 30.0
MAX_RETRIES = 2
# Index names OpenSearch accepts: lowercase, none of its reserved characters, not starting
# with - _ +; the alias also names the build indexes (`<alias>-<stamp>`), so it stays short.
_INDEX_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,199}")
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}

# opensearch-py logs each failed request with its traceback; without a handler of its own,
# Python's last-resort handler would print that traceback on a CLI user's terminal. The failure
# itself reaches the user as one `Unavailable` message; a server that configures logging still
# gets the details.
logging.getLogger("opensearch").addHandler(logging.NullHandler())

_warned_insecure = False


@dataclass(frozen=True)
class Settings:
    """Where the cluster is and how to talk to it; `from_env` reads the environment."""

    urls: tuple[str, ...] = (DEFAULT_URL,)  # without credentials: safe to show
    auth: tuple[str, str] | None = None
    verify_certs: bool = True
    ca_certs: str | None = None
    index: str = DEFAULT_INDEX
    read_timeout: float = READ_TIMEOUT

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from `environ` (default: os.environ); `Unavailable` naming the variable to
        fix when one cannot be used."""
        env = os.environ if environ is None else environ
        urls, auth = _parse_urls(env.get("OPENSEARCH_URL") or DEFAULT_URL)
        user, password = env.get("OPENSEARCH_USER"), env.get("OPENSEARCH_PASSWORD")
        if auth and (user or password) and auth != (user, password):
            raise Unavailable(
                "OPENSEARCH_URL carries credentials and OPENSEARCH_USER/OPENSEARCH_PASSWORD "
                "give others: set them in one place only"
            )
        if not auth and (user or password):
            if not (user and password):
                raise Unavailable("set both OPENSEARCH_USER and OPENSEARCH_PASSWORD, or neither")
            auth = (user, password)
        verify = env.get("OPENSEARCH_VERIFY_CERTS", "1").strip().lower()
        if verify not in _TRUE | _FALSE:
            raise Unavailable(f"OPENSEARCH_VERIFY_CERTS must be 1 or 0, not {verify!r}")
        ca_certs = env.get("OPENSEARCH_CA_CERTS") or None
        if ca_certs and not Path(ca_certs).is_file():
            raise Unavailable(f"OPENSEARCH_CA_CERTS names no file: {ca_certs}")
        index = env.get("OPENSEARCH_INDEX") or DEFAULT_INDEX
        if not _INDEX_NAME.fullmatch(index):
            raise Unavailable(
                f"OPENSEARCH_INDEX {index!r} is not an index name OpenSearch accepts: "
                "lowercase letters, digits, '.', '_' and '-', starting with a letter or digit"
            )
        try:
            timeout = float(env.get("OPENSEARCH_TIMEOUT") or READ_TIMEOUT)
        except ValueError:
            timeout = -1.0
        if not 0 < timeout <= 3600:
            raise Unavailable("OPENSEARCH_TIMEOUT must be a number of seconds, above 0")
        return cls(urls, auth, verify in _TRUE, ca_certs, index, timeout)

    @property
    def tls(self) -> bool:
        return self.urls[0].startswith("https:")

    @property
    def location(self) -> str:
        """What a user is told they searched or built: the cluster and the alias."""
        return f"OpenSearch {', '.join(self.urls)}, index {self.index}"


def _parse_urls(value: str) -> tuple[tuple[str, ...], tuple[str, str] | None]:
    urls: list[str] = []
    found_auth: set[tuple[str, str]] = set()
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        try:
            parts = urlsplit(item)
            port = parts.port
        except ValueError as error:
            raise Unavailable(f"OPENSEARCH_URL {item!r} cannot be read: {error}") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise Unavailable(
                f"OPENSEARCH_URL must be http(s)://host:port addresses, comma-separated; "
                f"not {_without_password(item)!r}"
            )
        if parts.username is not None:
            found_auth.add((unquote(parts.username), unquote(parts.password or "")))
        host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
        urls.append(f"{parts.scheme}://{host}:{port or 9200}{parts.path.rstrip('/')}")
    if not urls:
        raise Unavailable("OPENSEARCH_URL is empty")
    if len({url.split(":", 1)[0] for url in urls}) > 1:
        raise Unavailable("OPENSEARCH_URL mixes http and https addresses")
    if len(found_auth) > 1:
        raise Unavailable("OPENSEARCH_URL's addresses carry different credentials")
    auth = found_auth.pop() if found_auth else None
    if auth and not all(auth):
        raise Unavailable("OPENSEARCH_URL carries a user without a password, or the reverse")
    return tuple(urls), auth


def _without_password(url: str) -> str:
    return re.sub(r"//([^:/@]*):[^@/]*@", r"//\1:***@", url)


def connect(settings: Settings | None = None) -> OpenSearch:
    """A client of the cluster; nothing is sent until the first request."""
    settings = settings or Settings.from_env()
    hosts = []
    for url in settings.urls:
        parts = urlsplit(url)
        host = {"host": parts.hostname, "port": parts.port, "use_ssl": parts.scheme == "https"}
        if parts.path:
            host["url_prefix"] = parts.path
        hosts.append(host)
    tls: dict = {}
    if settings.tls:
        tls = {"verify_certs": settings.verify_certs, "ca_certs": settings.ca_certs}
        if not settings.verify_certs:
            _warn_insecure(settings)
            # Said once, by _warn_insecure, not by urllib3 on every request.
            tls["ssl_show_warn"] = False
            urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
    return OpenSearch(
        hosts=hosts,
        http_auth=settings.auth,
        timeout=urllib3.Timeout(connect=CONNECT_TIMEOUT, read=settings.read_timeout),
        max_retries=MAX_RETRIES,
        retry_on_timeout=False,
        http_compress=True,
        **tls,
    )


def _warn_insecure(settings: Settings) -> None:
    global _warned_insecure
    if not _warned_insecure:
        _warned_insecure = True
        print(
            f"warning: OPENSEARCH_VERIFY_CERTS=0: the certificate of {', '.join(settings.urls)} "
            "is not checked; anyone on the way can read and change what is sent. Set "
            "OPENSEARCH_CA_CERTS to the cluster's CA instead.",
            file=sys.stderr,
        )


def unavailable(settings: Settings, error: Exception, doing: str) -> Unavailable:
    """`error` from the client, while `doing` something, as one message saying what to do."""
    where = ", ".join(settings.urls)
    if isinstance(error, os_errors.SSLError):
        return Unavailable(
            f"{doing}: the TLS connection to {where} failed ({_reason(error)}). If the cluster's "
            "certificate is signed by a private CA, set OPENSEARCH_CA_CERTS to its PEM file."
        )
    if isinstance(error, os_errors.ConnectionTimeout):
        return Unavailable(
            f"{doing}: OpenSearch at {where} did not answer within {settings.read_timeout:g} s "
            "(OPENSEARCH_TIMEOUT); the cluster may be overloaded or recovering. Try again."
        )
    if isinstance(error, os_errors.ConnectionError):
        return Unavailable(
            f"{doing}: cannot reach OpenSearch at {where} ({_reason(error)}). Start the local "
            "cluster with `make opensearch`, or set OPENSEARCH_URL to your cluster's address."
        )
    if isinstance(error, os_errors.AuthenticationException):
        return Unavailable(
            f"{doing}: OpenSearch at {where} refused the credentials (401). Give them in "
            "OPENSEARCH_URL (https://user:password@host:9200) or OPENSEARCH_USER and "
            "OPENSEARCH_PASSWORD."
        )
    if isinstance(error, os_errors.AuthorizationException):
        return Unavailable(
            f"{doing}: the OpenSearch user may not do this on index {settings.index!r} (403): "
            f"{_reason(error)}"
        )
    if (
        isinstance(error, os_errors.NotFoundError)
        and _error_type(error) == "index_not_found_exception"
    ):
        return NoIndex(
            f"no index {settings.index!r} in OpenSearch at {where}: build one with "
            "`VERBATIM_ENGINE=opensearch verbatim index CORPUS`"
        )
    if isinstance(error, os_errors.TransportError):
        return Unavailable(
            f"{doing}: OpenSearch at {where} answered {error.status_code}: {_reason(error)}"
        )
    return Unavailable(f"{doing}: OpenSearch client error: {error}")


@contextmanager
def answering(settings: Settings, doing: str) -> Iterator[None]:
    """Runs the block, turning any client or cluster failure into `Unavailable`."""
    try:
        yield
    except os_errors.OpenSearchException as error:
        raise unavailable(settings, error, doing) from None


def _error_type(error: os_errors.TransportError) -> str:
    info = error.info if isinstance(error.info, dict) else {}
    detail = info.get("error")
    return detail.get("type", "") if isinstance(detail, dict) else ""


def _reason(error: Exception) -> str:
    """The cluster's own reason (its root cause), or the connection's, in one line."""
    if isinstance(error, os_errors.TransportError):
        info = error.info if isinstance(error.info, dict) else {}
        detail = info.get("error")
        if isinstance(detail, dict):
            causes = detail.get("root_cause") or [detail]
            cause = causes[0] if isinstance(causes[0], dict) else detail
            return f"{cause.get('type', 'error')}: {cause.get('reason', '')}".strip()
        if isinstance(error.info, Exception):
            return _short(error.info)
        return str(error.error)
    return _short(error)


def _short(error: Exception) -> str:
    text = str(error)
    # urllib3 wraps the OS error in layers of reprs; the OS's words are the useful part.
    found = re.search(r"\[Errno -?\d+\] ([^'\")]+)", text)
    return (
        found.group(1).strip()
        if found
        else text.splitlines()[0][:200]
        if text
        else type(error).__name__
    )
