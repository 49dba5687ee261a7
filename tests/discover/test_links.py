from collections import Counter

import pytest

from archiver.discover.links import (
    classify_link,
    comment_page_number,
    follow_targets,
    link_decision,
)

SITE = "https://mag.example"


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://mag.example/2024/05/a/", "page"),
        ("https://www.mag.example/section/politics/page/2/", "page"),
        ("https://mag.example/2024/05/a/comment-page-2/#comments", "comment_page"),
        ("https://mag.example/2024/05/a/?cpage=3", "comment_page"),
        ("https://mag.example/feed/", "feed"),
        ("https://mag.example/2024/05/a/feed/", "feed"),
        ("https://mag.example/sitemap_index.xml", "sitemap"),
        ("https://mag.example/wp-login.php?redirect_to=x", "action"),
        ("https://mag.example/wp-admin/", "skip"),
        ("https://mag.example/wp-json/wp/v2/posts", "skip"),
        ("https://mag.example/2024/05/a/?replytocom=12#respond", "action"),
        ("https://mag.example/?s=kerry", "action"),
        ("https://mag.example/uploads/photo.JPG", "skip"),
        ("https://mag.example/report.pdf", "skip"),
        ("mailto:editor@mag.example", "skip"),
        ("javascript:void(0)", "skip"),
        ("https://twitter.com/share?url=x", "offsite"),
        ("http://mag.example:99999/a/", "skip"),
        ("http://[::1/a/", "skip"),
        ("file:///etc/passwd", "skip"),
    ],
)
def test_links_are_classified_for_the_crawler(url, kind):
    assert classify_link(url, SITE) == kind


def test_comment_page_numbers():
    assert comment_page_number("https://mag.example/a/comment-page-12/#comments") == 12
    assert comment_page_number("https://mag.example/?p=3&cpage=4") == 4
    assert comment_page_number("https://mag.example/a/") == 1


def test_follow_targets_dedupes_canonical_forms_and_drops_the_rest():
    links = [
        "https://mag.example/a/#top", "https://mag.example/a/?utm_source=tw",
        "https://MAG.example/a/", "https://mag.example/feed/", "https://evil.example/a/",
        "https://mag.example/a/comment-page-2/",
    ]
    assert follow_targets(links, SITE) == {
        "page": ["https://mag.example/a/"], "feed": ["https://mag.example/feed/"],
        "sitemap": []}


@pytest.mark.parametrize(("url", "reason"), [
    ("https://mag.example/comment/12/like/", "vote"),
    ("https://mag.example/comments/12/dislike", "vote"),
    ("https://mag.example/?action=flag&comment=12", "flag"),
    ("https://mag.example/c/12/report-abuse/", "flag"),
    ("https://mag.example/2024/05/a/?replytocom=12", "reply"),
    ("https://mag.example/comment/12/reply/", "reply"),
    ("https://mag.example/wp-login.php?action=register", "account"),
    ("https://mag.example/account/", "account"),
    ("https://mag.example/log-out/", "account"),
    ("https://mag.example/2024/05/a/?share=twitter", "share"),
    ("https://mag.example/2024/05/a/print/", "share"),
    ("https://mag.example/shop/?add-to-cart=41", "cart"),
    ("https://mag.example/search/?q=kerry", "search"),
    ("https://mag.example/vote.php?id=3&dir=up", "vote"),
    ("https://mag.example/?do=something-odd", "other"),
])
def test_action_links_are_never_followed(url, reason):
    assert link_decision(url, SITE) == ("action", reason)


@pytest.mark.parametrize("url", [
    "https://mag.example/2024/05/how-to-like-jazz/",
    "https://mag.example/2024/05/the-report/",
    "https://mag.example/tag/sign-language/",
    "https://mag.example/section/email-marketing/page/2/",
    "https://mag.example/?p=123",
    "https://mag.example/author/reply-guy/",
])
def test_content_whose_words_sound_like_actions_is_followed(url):
    assert classify_link(url, SITE) == "page"


def test_nofollow_links_are_not_followed_and_skips_are_counted():
    links = ["https://mag.example/a/", "https://mag.example/b/", "https://mag.example/c/12/like/",
             "https://evil.example/", "https://mag.example/x.png"]
    skipped: Counter[str] = Counter()
    targets = follow_targets(links, SITE, nofollow={"https://mag.example/b/"}, skipped=skipped)
    assert targets["page"] == ["https://mag.example/a/"]
    assert skipped == Counter({"action/nofollow": 1, "action/vote": 1, "offsite/offsite": 1,
                               "skip/asset": 1})
