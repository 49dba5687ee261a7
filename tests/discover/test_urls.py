import pytest

from archiver.discover.urls import canonicalize, origin, path_and_query, same_site


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://Example.COM/a/", "http://example.com/a/"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:8080/a/", "http://example.com:8080/a/"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/a/#comments", "https://example.com/a/"),
        ("https://example.com/a/?utm_source=x&utm_medium=y", "https://example.com/a/"),
        ("https://example.com/a/?p=12&fbclid=abc", "https://example.com/a/?p=12"),
        ("https://example.com/Case/Kept/", "https://example.com/Case/Kept/"),
        ("https://example.com/no-slash", "https://example.com/no-slash"),
        ("https://example.com/b/?z=1&a=2", "https://example.com/b/?z=1&a=2"),
        ("https://example.com/ümlaut/", "https://example.com/%C3%BCmlaut/"),
        ("  https://example.com/a/  ", "https://example.com/a/"),
    ],
)
def test_canonical_url_drops_only_what_does_not_identify_the_page(url, expected):
    assert canonicalize(url) == expected


def test_canonicalize_is_idempotent():
    url = "HTTPS://Example.com:443/x/ü/?b=1&utm_campaign=q#frag"
    assert canonicalize(canonicalize(url)) == canonicalize(url)


def test_origin_and_same_site():
    assert origin("https://Example.com:443/a/b?c=d") == "https://example.com"
    assert origin("http://127.0.0.1:8123/x/") == "http://127.0.0.1:8123"
    assert same_site("https://www.example.com/a", "https://example.com")
    assert same_site("http://example.com/a", "https://example.com")
    assert not same_site("https://example.org/a", "https://example.com")
    assert not same_site("http://127.0.0.1:9999/", "http://127.0.0.1:8123")


def test_path_and_query_is_what_profile_patterns_see():
    assert path_and_query("https://e.com/2024/05/x/?p=1#c") == "/2024/05/x/?p=1"
    assert path_and_query("https://e.com/a") == "/a"
