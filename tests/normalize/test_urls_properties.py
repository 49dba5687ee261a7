"""canonicalize under arbitrary text: never raises, and a canonical URL is its own canonical."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from archiver.discover.urls import canonicalize

url_parts = st.tuples(
    st.sampled_from(["http", "https", "HTTP", "ftp", "", "javascript"]),
    st.sampled_from(["example.com", "EXAMPLE.com", "[::1]", "127.0.0.1", "xn--bcher-kva.ch",
                     "bücher.ch", "", "user:pw@host.test", "host.test."]),
    st.sampled_from(["", ":80", ":443", ":8080", ":0", ":99999", ":-1", ":abc", ":"]),
    st.text(alphabet="/abcAB%20?&=#;é ._-~", max_size=30),
    st.sampled_from(["", "?utm_source=x&a=1", "?a=1&a=2&fbclid=z", "?q=%zz", "?=&&"]),
    st.sampled_from(["", "#frag", "#"]),
)
urls = st.one_of(st.text(max_size=80),
                 url_parts.map(lambda p: f"{p[0]}://{p[1]}{p[2]}{p[3]}{p[4]}{p[5]}"))


@settings(max_examples=500, deadline=None)
@given(url=urls)
@example("http://example.com:99999/post/")
@example("https://[::1/")
@example("http://[v1.fe]/")
@example("A:////")
@example("http:////host.test/")
def test_canonicalize_never_raises_and_is_idempotent(url):
    once = canonicalize(url)
    assert isinstance(once, str)
    assert canonicalize(once) == once, (url, once)
    assert "#" not in once
