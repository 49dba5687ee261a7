"""SiteScope: which URLs a crawl may request (pure; name resolution injected)."""

from __future__ import annotations

import pytest

from archiver.discover.scope import SiteScope, is_public_address

# A fake DNS: public names resolve to public addresses, the rest to private ones.
DNS = {
    "mag.example": ("93.184.216.34",),
    "www.mag.example": ("93.184.216.34",),
    "comments.mag.example": ("93.184.216.35",),
    "isso.friend.example": ("198.51.200.7",),
    "disqus.com": ("151.101.0.134",),
    "intranet.example": ("10.1.2.3",),
    "rebound.example": ("127.0.0.1",),
    "metadata.example": ("169.254.169.254",),
}


def resolve(host: str) -> tuple[str, ...]:
    return DNS.get(host, ())


def public_scope(**kwargs) -> SiteScope:
    return SiteScope(["https://mag.example/"], platform_hosts=["disqus.com"],
                     resolve=resolve, **kwargs)


@pytest.mark.parametrize(("url", "reason"), [
    ("https://mag.example/2024/05/a/", None),
    ("http://www.mag.example/a/", None),              # www. and scheme do not matter
    ("https://mag.example:8443/a/", None),             # nor the port
    ("https://comments.mag.example/api/", None),       # a subdomain of the site
    ("https://disqus.com/embed/comments/?f=x", None),  # a platform's API host
    ("https://evil.example/steal", "offsite"),
    ("https://mag.example.evil.example/", "offsite"),  # not a subdomain of the site
    ("https://isso.friend.example/?uri=/a/", "offsite"),
    ("file:///etc/passwd", "scheme"),
    ("gopher://mag.example/", "scheme"),
    ("ftp://mag.example/x", "scheme"),
    ("http://mag.example:99999/", "bad_url"),
    ("http:///nohost", "bad_url"),
    ("data:,hello", None),                             # decoded in memory, nothing fetched
])
def test_the_site_and_platform_hosts_only(url, reason):
    refusal = public_scope().check(url)
    assert (refusal.reason if refusal else None) == reason


def test_hosts_the_user_allows_are_in_scope_with_their_subdomains():
    scope = public_scope(allowed_hosts=["friend.example"])
    assert scope.allows("https://isso.friend.example/?uri=/a/")
    assert not scope.allows("https://evil.example/")


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://10.0.0.5/", "http://192.168.1.1/admin",
    "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://[fe80::1]/",
    "http://[::ffff:127.0.0.1]/", "http://224.0.0.1/", "http://0.0.0.0/",
    "http://100.64.0.1/", "http://240.0.0.1/",
    "http://intranet.example/", "http://rebound.example/", "http://metadata.example/",
])
def test_a_public_site_never_reaches_private_addresses_even_allowed_ones(url):
    host = url.split("//")[1].split("/")[0].strip("[]")
    scope = public_scope(allowed_hosts=[host])
    refusal = scope.check(url)
    assert refusal is not None and refusal.reason == "private_address", url


def test_a_platform_host_resolving_to_a_private_address_is_refused():
    scope = SiteScope(["https://mag.example/"], platform_hosts=["rebound.example"],
                      resolve=resolve)
    assert scope.check("https://rebound.example/api/").reason == "private_address"


def test_a_site_on_a_private_address_may_fetch_itself_and_named_hosts_only():
    scope = SiteScope(["http://127.0.0.1:8000/"], allowed_hosts=["intranet.example"],
                      platform_hosts=["rebound.example"], resolve=resolve)
    assert not scope.public_site
    assert scope.allows("http://127.0.0.1:9000/isso/")    # the same host, another port
    assert scope.allows("http://intranet.example/")        # named by the user
    assert scope.check("http://127.0.0.2:8000/").reason == "offsite"
    assert scope.check("http://localhost:8000/").reason == "offsite"
    # A platform's host is not the user's word: not on a private address.
    assert scope.check("http://rebound.example/").reason == "private_address"


def test_address_classes():
    assert is_public_address("93.184.216.34")
    assert is_public_address("2606:2800:220:1:248:1893:25c8:1946")
    for address in ("127.0.0.1", "10.0.0.1", "172.16.0.1", "192.168.0.1", "169.254.1.1",
                    "::1", "fc00::1", "fe80::1%eth0", "::ffff:10.0.0.1", "ff02::1",
                    "0.0.0.0", "not an address"):
        assert not is_public_address(address), address
