import pytest

from archiver.discover.links import classify_link, comment_page_number, follow_targets

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
