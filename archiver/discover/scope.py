"""Site scope: which URLs a crawl of one site may request at all.

Page content names most of what archiver fetches (links, comment endpoints, redirects,
robots.txt Sitemap lines), and page content is written by anyone. A page must not be able
to make the crawler fetch another host, a machine on the crawler's own network, or a local
file, and archive the answer (server-side request forgery). So every request is checked
against one SiteScope, built from the start URLs, the profile and the settings:

* only http(s) is requested (``data:`` too: it is decoded in memory, nothing is fetched);
* the start site's hosts (``www.`` ignored, subdomains included, any port) are in scope;
* other hosts only when the user named them (``[site] allowed_hosts`` in the profile, the
  platform endpoint settings) or a comment platform declares them as its API's hosts;
* addresses that are not public (private, loopback, link-local, multicast, reserved),
  literal or resolved, are never requested when the start site is public; when the start
  site is itself on such an address (a test server, an intranet), that host and the hosts
  the user named may be, and no other.

Host names are resolved once each (cached) when first checked. The check is made again for
every redirect, but the connection resolves the name anew: a DNS answer that changes in
between (rebinding) is not caught here.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

# Why a URL is out of scope; stats count refusals as archiver/scope/refused/<reason>.
SCHEME = "scheme"
BAD_URL = "bad_url"
OFFSITE = "offsite"
PRIVATE_ADDRESS = "private_address"

_FETCHED_SCHEMES = ("http", "https")
_IN_MEMORY_SCHEMES = ("data",)


@dataclass(frozen=True)
class Refusal:
    """Why one URL may not be requested."""

    reason: str
    message: str


@functools.lru_cache(maxsize=1024)
def resolve_host(host: str) -> tuple[str, ...]:
    """The addresses `host` resolves to; () when it does not resolve (the fetch then fails
    on its own)."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return ()
    return tuple(sorted({info[4][0] for info in infos}))


def is_public_address(address: str) -> bool:
    """True for a globally routable unicast address (not private, loopback, link-local,
    multicast, reserved, unspecified or shared)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _bare(host: str) -> str:
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _matches(host: str, entries: Iterable[str]) -> bool:
    """`host` is one of `entries` or a subdomain of one (IP addresses: only themselves)."""
    bare = _bare(host)
    for entry in entries:
        if bare == entry or (not _ip_literal(entry) and bare.endswith("." + entry)):
            return True
    return False


def host_of(url: str) -> str | None:
    """The host a URL or a bare host name names, lower-cased; None when it names none."""
    if _ip_literal(url.strip("[]")):
        return url.strip("[]").lower()
    try:
        parts = urlsplit(url if "//" in url else f"//{url}")
        return parts.hostname or None
    except ValueError:
        return None


class SiteScope:
    """Decides, for every URL a crawl might request, whether it may be requested."""

    def __init__(self, start_urls: Iterable[str], allowed_hosts: Iterable[str] = (),
                 platform_hosts: Iterable[str] = (),
                 resolve: Callable[[str], tuple[str, ...]] = resolve_host) -> None:
        self._resolve = resolve
        self.site_hosts = frozenset(
            _bare(h) for h in (host_of(u) for u in start_urls) if h)
        # Hosts the user named (profile, endpoint settings) and hosts platforms declare.
        self.allowed_hosts = frozenset(
            _bare(h) for h in (host_of(e) for e in allowed_hosts) if h)
        self.platform_hosts = frozenset(
            _bare(h) for h in (host_of(e) for e in platform_hosts) if h)
        # A start site on a private address (tests, intranets) may fetch its own address.
        self.public_site = bool(self.site_hosts) and all(
            self._public(host) for host in self.site_hosts)

    def _addresses(self, host: str) -> tuple[str, ...]:
        return (host,) if _ip_literal(host) else self._resolve(host)

    def _public(self, host: str) -> bool:
        addresses = self._addresses(host)
        return not addresses or all(is_public_address(a) for a in addresses)

    def check(self, url: str) -> Refusal | None:
        """None when `url` may be requested, else the Refusal saying why not."""
        try:
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme in _IN_MEMORY_SCHEMES:
                return None
            if scheme not in _FETCHED_SCHEMES:
                return Refusal(SCHEME, f"only http(s) is fetched, not {scheme or 'no'}: "
                                       f"{url[:200]}")
            host = parts.hostname
            parts.port  # noqa: B018 - raises ValueError on a port out of range
        except ValueError as exc:
            return Refusal(BAD_URL, f"not a URL that can be fetched ({exc}): {url[:200]}")
        if not host:
            return Refusal(BAD_URL, f"no host: {url[:200]}")
        own = _matches(host, self.site_hosts)
        named = _matches(host, self.allowed_hosts)
        if not (own or named or _matches(host, self.platform_hosts)):
            return Refusal(OFFSITE, f"{host} is another site (allow it in the profile's "
                                    f"[site] allowed_hosts): {url[:200]}")
        may_be_private = not self.public_site and (own or named)
        if not may_be_private and not self._public(host):
            return Refusal(PRIVATE_ADDRESS,
                           f"{host} is a private, loopback or reserved address, never "
                           f"fetched from a public site: {url[:200]}")
        return None

    def allows(self, url: str) -> bool:
        return self.check(url) is None
