import pytest

from archiver.crawl import build_settings, parse_setting_overrides
from archiver.errors import ArchiverError
from archiver.params import CrawlParams


def test_spider_arguments_and_cli_options_become_the_same_settings():
    params = CrawlParams.from_args(url="https://mag.example", db="x.db", max_articles="5")
    assert params.start_urls() == ["https://mag.example/"]
    settings = build_settings(params, {"CONCURRENT_REQUESTS": "32"})
    assert settings.get("ARCHIVER_DB") == "x.db"
    assert settings.getint("ARCHIVER_MAX_ARTICLES") == 5
    assert settings.getint("CONCURRENT_REQUESTS") == 32
    assert settings.getbool("ROBOTSTXT_OBEY") is True
    assert settings.getbool("AUTOTHROTTLE_ENABLED") is True
    assert "archiver" in settings.get("USER_AGENT")


def test_profile_settings_sit_below_the_command_line(tmp_path):
    profile = tmp_path / "p.toml"
    profile.write_text("[site]\ntimezone = 'Europe/Berlin'\n")
    params = CrawlParams(url="https://mag.example/", profile=str(profile))
    assert build_settings(params).get("ARCHIVER_TIMEZONE") == "Europe/Berlin"
    overridden = build_settings(params, {"ARCHIVER_TIMEZONE": "UTC"})
    assert overridden.get("ARCHIVER_TIMEZONE") == "UTC"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "give a site URL"),
        ({"url": "mag.example"}, "must start with http"),
        ({"url": "https://m.example/", "max_articles": "lots"}, "--max-articles must be a whole"),
        ({"url": "https://m.example/", "max_articles": "-1"}, "--max-articles must be 0"),
        ({"url": "https://m.example/", "colour": "red"}, "unknown crawl argument(s): colour"),
    ],
)
def test_bad_arguments_name_the_option(kwargs, message):
    with pytest.raises(ArchiverError) as error:
        CrawlParams.from_args(**kwargs)
    assert message in str(error.value)


def test_setting_overrides_need_name_and_value():
    assert parse_setting_overrides(["A=1", "B=x=y"]) == {"A": "1", "B": "x=y"}
    with pytest.raises(ArchiverError, match="NAME=VALUE"):
        parse_setting_overrides(["nonsense"])


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("ARCHIVER_MAX_ARTICLES", "abc", "ARCHIVER_MAX_ARTICLES must be a whole number"),
        ("ARCHIVER_FOLLOW_LINKS", "perhaps", "ARCHIVER_FOLLOW_LINKS must be true or false"),
        ("ARCHIVER_REFRESH_SCHEDULE", "bad", "ARCHIVER_REFRESH_SCHEDULE: 'bad' is not"),
        ("ARCHIVER_TIMEZONE", "Mars/Olympus", "ARCHIVER_TIMEZONE: unknown time zone"),
    ],
)
def test_a_bad_setting_given_with_s_is_named_before_the_crawl_starts(name, value, message):
    params = CrawlParams(url="https://mag.example/")
    with pytest.raises(ArchiverError) as error:
        build_settings(params, {name: value})
    assert message in str(error.value)
