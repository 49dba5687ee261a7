"""The article body: the theme's container, cut free of walls and noise in one pass."""

from __future__ import annotations

import sys
from types import FrameType

from archiver.extract.article import article_from_tree
from archiver.extract.article.body import walled_copy
from archiver.extract.comments import parse_html_tree


def nested_thread(depth: int) -> str:
    """An entry whose comment thread nests each reply inside the one before."""
    opened = "".join(f'<div class="reply" id="r{n}"><p>reply {n}</p>' for n in range(depth))
    return (f'<html><body><div class="entry-content"><p>The post itself.</p>'
            f'<aside><p>An aside</p></aside>{opened}{"</div>" * depth}'
            f'<p>After the thread.</p></div></body></html>')


def removals(depth: int) -> tuple[int, str]:
    tree = parse_html_tree(nested_thread(depth), [])
    entry = tree.find(".//div[@class='entry-content']")
    walls = tree.xpath("//div[@class='reply']")
    count = 0

    def counter(frame: FrameType, event: str, _arg: object) -> None:
        nonlocal count
        if event == "call" and frame.f_code.co_name == "drop":
            count += 1

    sys.setprofile(counter)
    try:
        copy = walled_copy(entry, walls)
    finally:
        sys.setprofile(None)
    return count, copy.text_content()


def test_nested_walls_are_cut_once_not_one_by_one() -> None:
    # lxml's remove walks the subtree it takes out: dropping each nested reply on its own
    # was quadratic in the thread's depth.
    count, text = removals(300)
    assert count == 2  # the thread's outermost reply and the aside
    assert text == "The post itself.After the thread."


def test_walled_copy_leaves_the_page_as_it_was() -> None:
    tree = parse_html_tree(nested_thread(5), [])
    entry = tree.find(".//div[@class='entry-content']")
    walled_copy(entry, tree.xpath("//div[@class='reply']"))
    assert len(tree.xpath("//div[@class='reply']")) == 5
    assert not tree.xpath("//*[@data-archiver-wall]")


PROSE = ("The survey party crossed the saddle before noon and counted forty cairns along the "
         "old mule track, each one rebuilt by a different hand over the years. ")
BLOGROLL = "".join(f'<a href="http://blog{n}.example/">Friend blog number {n}</a><br>'
                   for n in range(40))

# Blogger's classic templates print <$BlogItemBody$> bare: no element holds the post; the
# title is a bold paragraph, the blogroll a table cell beside it, the comments the
# stock dl#comments-block.
BLOGGER_CLASSIC = f"""<html><head><title>Cairn Notes: Forty cairns on the saddle</title></head>
<body><table><tr><td class="sidebar-cell"><h2 class="sidebar-title">Blogroll</h2>
{BLOGROLL}</td><td>
<div class="date">Sunday, July 08, 2007</div>
<div class="posts"><a name="1127"></a>
<p><b>Forty cairns on the saddle</b><p>
{PROSE * 3}<br><br>{PROSE * 2}<br>
<div class="byline"><a href="http://cairns.example/2007/07/forty.html">#</a>
posted by Ada Moss : 8:11 AM</div></div>
<div id="comments"><h4>2 Comments:</h4><dl id="comments-block">
<dt class="comment-poster" id="c1"><a name="c1"></a>Per said...</dt>
<dd class="comment-body"><p>Commenter prose about the cairns is not the post.</p></dd>
<dd class="comment-timestamp"><a href="#c1" title="comment permalink">9:02 AM</a></dd>
<dt class="comment-poster" id="c2"><a name="c2"></a>Ola said...</dt>
<dd class="comment-body"><p>A second comment, also not the post.</p></dd>
<dd class="comment-timestamp"><a href="#c2" title="comment permalink">9:40 AM</a></dd>
</dl></div></td></tr></table></body></html>"""

# Drupal 6 (Garland's node.tpl.php and comment.tpl.php): the page's h2 is the title, the
# node prints a "Submitted by" line, its text in div.content and its terms and links after.
DRUPAL6 = f"""<html><head><title>Forty cairns on the saddle | Cairn Society</title></head>
<body><div id="wrapper"><div id="container" class="clear-block">
<div id="center"><h2>Forty cairns on the saddle</h2>
<div id="node-7" class="node">
<span class="submitted">Submitted by <a href="/user/1">Ada Moss</a>
on Mon, 11/05/2012 - 13:50</span>
<div class="content clear-block"><p>{PROSE * 3}</p><p>{PROSE * 2}</p></div>
<div class="clear-block"><div class="meta"><div class="terms"><ul class="links inline">
<li class="taxonomy_term_3 first"><a href="/taxonomy/term/3" rel="tag">Cairns</a></li>
<li class="taxonomy_term_4 last"><a href="/taxonomy/term/4" rel="tag">Passes</a></li>
</ul></div></div>
<div class="links"><ul class="links inline"><li class="comment_add first last">
<a href="/comment/reply/7#comment-form">Add new comment</a></li></ul></div></div></div>
<div id="comments"><a id="comment-1"></a>
<div class="comment comment-published odd"><div class="clear-block">
<span class="submitted">Mon, 11/05/2012 - 14:02 — <a href="/user/3">Per</a></span>
<h3><a href="/node/7#comment-1" class="active">Counted again</a></h3>
<div class="content"><p>Commenter prose about the cairns is not the post.</p></div></div>
<div class="links"><ul class="links"><li class="comment_reply first last">
<a href="/comment/reply/7/1">reply</a></li></ul></div></div>
<a id="comment-2"></a>
<div class="comment comment-published even"><div class="clear-block">
<span class="submitted">Mon, 11/05/2012 - 15:10 — <a href="/user/4">Ola</a></span>
<h3><a href="/node/7#comment-2" class="active">Agreed</a></h3>
<div class="content"><p>A second comment, also not the post.</p></div></div>
<div class="links"><ul class="links"><li class="comment_reply first last">
<a href="/comment/reply/7/2">reply</a></li></ul></div></div>
</div></div></div></div></body></html>"""


def body_of(page: str, url: str) -> str:
    return article_from_tree(url, parse_html_tree(page))["body_text"]


def test_blogger_classic_post_is_the_text_between_title_and_comments() -> None:
    text = body_of(BLOGGER_CLASSIC, "http://cairns.example/2007/07/forty.html")
    assert text.startswith("The survey party crossed the saddle")
    assert text.count("forty cairns") == 5
    assert "Friend blog" not in text  # the blogroll beside the post
    assert "Forty cairns on the saddle" not in text  # the headline is a field of its own
    assert "posted by" not in text and "July 08" not in text
    assert "Commenter prose" not in text and "said..." not in text


def test_drupal6_node_without_submitted_line_terms_or_links() -> None:
    text = body_of(DRUPAL6, "https://cairns.example/node/7")
    assert text.startswith("The survey party crossed the saddle")
    assert text.count("forty cairns") == 5
    assert "Submitted by" not in text
    assert "Cairns" not in text.replace("cairns", "")  # the terms line
    assert "Add new comment" not in text and "Commenter prose" not in text


# A news theme marks the whole <article> as articleBody: kicker and headline included.
MARKED_ARTICLE = f"""<html><head><title>Forty cairns on the saddle - Gazette</title></head>
<body><article itemprop="articleBody"><h4>Mountain survey</h4>
<h1 itemprop="headline">Forty cairns on the saddle</h1>
<p class="intro">{PROSE}</p><p>{PROSE * 2}</p></article></body></html>"""


def test_container_holding_the_headline_starts_after_it() -> None:
    text = body_of(MARKED_ARTICLE, "https://gazette.example/2012/07/forty-cairns/")
    assert text.startswith("The survey party crossed the saddle")
    assert text.count("forty cairns") == 3
    assert "Mountain survey" not in text


# WordPress's classic entry markup with what plugins and themes put inside entry-content:
# a dated "By" line, a share bar (Jetpack-like markup named for sharing), a reading-time
# note, a tag row; and a code block whose highlighter names a span "comment".
WORDPRESS_ENTRY = f"""<html><head><title>Forty cairns on the saddle</title></head><body>
<article class="post type-post hentry"><h1 class="entry-title">Forty cairns on the saddle</h1>
<div class="entry-content"><p>By Ada Moss on July 8, 2007</p>
<p>{PROSE * 2}</p><pre><code><span class="comment"># count them</span>
cairns = 40</code></pre><p>{PROSE}</p>
<details class="wp-block-details"><summary>How we counted</summary><p>Twice, by two people.</p>
</details><p class="candidate-note">Our candidate route for next year.</p>
<div class="share-this"><h3>Share this:</h3><ul><li><a href="https://twitter.com/share">Twitter</a>
</li><li><a href="https://facebook.com/sharer.php">Facebook</a></li></ul></div>
<p class="tag-row"><a href="/tag/cairns/" rel="tag">Cairns</a>, <a href="/tag/passes/">Passes</a>
</p></div></article></body></html>"""


def test_container_without_its_byline_share_bar_and_tags() -> None:
    text = body_of(WORDPRESS_ENTRY, "https://cairns.example/2007/07/08/forty-cairns/")
    assert text.startswith("The survey party crossed the saddle")
    assert text.count("forty cairns") == 3
    assert "# count them" in text  # code is the post's own
    assert "Twice, by two people." in text and "candidate route" in text  # blocks, not meta
    assert "Ada Moss" not in text and "Share this" not in text and "Twitter" not in text
    assert not text.endswith("Passes")


# The theme's container under the headline holds only a share bar: an image post whose
# image the page no longer carries. The promotion box after it is not the post.
IMAGE_POST = """<html><head><title>Forty cairns, drawn</title></head><body>
<div class="post"><h2 class="post-title">Forty cairns, drawn</h2>
<div class="entry"><div class="sharertitle">Share this post</div>
<a href="http://twitter.com/share" class="twitter-share-button">Tweet</a></div>
<div class="postcta"><p>Try our mapping app for free today, sixty seconds to sign up!</p></div>
</div><div id="comments"><ol class="commentlist">
<li class="comment" id="comment-1"><div class="comment-author vcard"><cite class="fn">Per</cite>
</div><p>Commenter prose about the drawing is not the post.</p></li></ol></div></body></html>"""


def test_container_with_nothing_but_furniture_is_an_empty_body() -> None:
    assert body_of(IMAGE_POST, "https://cairns.example/2007/07/drawn/") == ""


# A paragraph that begins with the word "By" is the post's prose, not its byline.
BY_SENTENCE = """<html><head><title>The vote</title></head><body><article class="post">
<h1 class="entry-title">The vote</h1><div class="entry-content">
<p>By <a href="/author/ada/">Ada Moss</a></p>
<p>The council met on Tuesday to settle the question of the bridge at last. Members had
argued about it for three winters, and the ferry had stopped running twice since the spring.
Nobody expected the motion to pass, least of all the engineer who had drawn the plans.</p>
<p>By <em>then</em> the vote was lost, and everyone in the hall knew it before the count. The
chair read the figures twice, slowly, as if a second reading might change them.</p>
<p>By the river, the crowd waited for the result in the cold until late. When the news came
down the steps they went home quietly, and the ferryman lit his lamp as on any other night.</p>
</div></article></body></html>"""


def test_a_sentence_beginning_with_by_is_kept_and_the_byline_is_not() -> None:
    text = body_of(BY_SENTENCE, "https://council.example/2024/05/the-vote/")
    assert "By then the vote was lost" in text
    assert "By the river" in text
    assert "Ada Moss" not in text
