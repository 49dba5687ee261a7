from pathlib import Path

import pytest

from archiver.errors import ProfileError
from archiver.profiles import load_profile, parse_profile

FIXTURES = Path(__file__).parent / "fixtures" / "profiles"


def test_a_good_profile_loads_every_field():
    profile = load_profile(FIXTURES / "good.toml")
    assert profile.name == "Example Magazine"
    assert profile.start_urls == ("https://mag.example/",)
    assert profile.timezone == "America/New_York"
    assert profile.selectors["title"] == "h1.headline"
    assert profile.comment_platform == "wordpress"
    assert profile.is_article_url("/2024/05/slug/") is True
    assert profile.is_article_url("/section/politics/") is False
    assert profile.is_article_url("/private/2024/05/x/") is False
    assert profile.is_excluded("/private/x")


def test_allowed_hosts_are_host_names():
    profile = parse_profile("[site]\nallowed_hosts = ['Comments.Example.NET', '10.0.0.5', "
                            "'[::1]', 'cdn.example.']\n")
    assert profile.allowed_hosts == ("comments.example.net", "10.0.0.5", "[::1]",
                                     "cdn.example")


def test_an_empty_profile_decides_nothing():
    profile = parse_profile("")
    assert profile.is_article_url("/anything/") is None
    assert not profile.is_excluded("/anything/")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[site]\nname = 'x'\ntimezone = 'Mars/Olympus'\n", "line 3: unknown time zone"),
        ("[site]\nname = 'x'\n\n[articles]\nurl_patterns = ['(unclosed']\n",
         "line 5: [articles] url_patterns: bad regular expression"),
        ("[site]\nname = 'x'\n[selectors]\ntitle = 'h1[['\n", "line 4: [selectors] title: bad CSS"),
        ("[site]\nnmae = 'x'\n", "line 2: unknown key 'nmae' in [site]"),
        ("[sites]\nname = 'x'\n", "line 1: unknown section [sites]"),
        ("[site]\nstart_urls = 'https://x.example/'\n", "line 2: [site] start_urls must be a list"),
        ("[site]\nstart_urls = ['ftp://x.example/']\n", "line 2: [site] start_urls entries must"),
        ("[comments]\nplatform = 'myspace'\n", "line 2: [comments] platform must be one of"),
        ("[site]\nname = 'unterminated\n", "not valid TOML"),
        ("[site]\nname = 'x'\nname = 'y'\n", "line 3"),
        ("[site]\nallowed_hosts = 'x.example'\n", "line 2: [site] allowed_hosts must be a list"),
        ("[site]\nallowed_hosts = ['https://x.example/']\n",
         "line 2: [site] allowed_hosts entries must be host names"),
        ("[site]\nallowed_hosts = ['x.example:8080', 3]\n", "line 2: [site] allowed_hosts"),
    ],
)
def test_a_malformed_profile_names_the_line_and_the_problem(text, message):
    with pytest.raises(ProfileError) as error:
        parse_profile(text, source="site.toml")
    assert str(error.value).startswith("site.toml")
    assert message in str(error.value)


def test_a_missing_profile_file_is_a_clear_error(tmp_path):
    with pytest.raises(ProfileError, match="no such profile file"):
        load_profile(tmp_path / "nope.toml")
