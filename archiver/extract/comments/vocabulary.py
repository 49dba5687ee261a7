"""Selector data of the comment reader: words, class names and text patterns, no logic.

Class and id tokens are split into words (``comment-author`` -> comment, author;
``commentBody`` -> comment, body) and the words are looked up here, so one entry covers every
theme that spells a role with that word.
"""

from __future__ import annotations

import re

# Words that name a comment thread or one of its entries, in the languages of the web.
COMMENT_WORDS = frozenset({
    "comment", "comments", "commentlist", "commentslist", "kommentar", "kommentare",
    "commentaire", "commentaires", "comentario", "comentarios", "komentarz", "komentarze",
    "reactie", "reacties", "commento", "commenti", "comentário", "comentários", "kommentti",
    "kommentarer", "yorum", "yorumlar", "discussion", "diskussion", "discussione", "debate",
    "talkback", "talkbacks", "responses", "reactions", "replies", "forum", "cmt", "cmts",
    "dsq", "disqus", "usercomments", "ergänzungen", "评论", "留言", "回應", "コメント", "댓글",
    "комментарии", "коментари",
})
# Words that name one entry of a thread (not a region: reply links and forms use them too).
ENTRY_WORDS = COMMENT_WORDS | {"reply", "response", "antwort", "réponse", "respuesta",
                               "odpowiedz", "risposta", "resposta", "review", "hreview"}
# A block inside a comment that holds an answer to it (the blog owner's reply in the entry).
INLINE_REPLY_WORDS = frozenset({"reply", "replies", "response", "answer", "antwort", "réponse",
                                "respuesta", "odpowiedz", "risposta", "resposta", "回覆", "回复"})
# Words that make a named element the section, list or form rather than one entry.
SECTION_WORDS = frozenset({"section", "area", "list", "wrapper", "wrap", "container", "thread",
                           "block", "holder", "box", "content", "main", "all", "tree"})
# Words of an element that wraps entries rather than being one.
WRAPPER_WORDS = frozenset({"list", "area", "section", "wrapper", "wrap", "container", "holder",
                           "all", "tree", "inner", "outer", "group"})
# Where comment-looking markup is not this article's discussion.
NOT_DISCUSSION_WORDS = frozenset({"recent", "recentcomments", "latest", "popular", "ticker",
                                  "related", "teaser", "preview", "widget_recent_comments",
                                  # the author's own note in comment markup (ComicFury)
                                  "authornotes", "authornote"})
# Page chrome that holds a thread only when it names itself as one (Blogger's main post is a
# "widget"; some themes put Disqus in an <aside>).
SOFT_CHROME_WORDS = frozenset({"sidebar", "widget", "secondary", "widget-area", "footer-widgets"})
THREAD_SECTION_WORDS = frozenset({"comments", "kommentare", "commentaires", "comentarios",
                                  "komentarze", "reacties", "commenti", "comentários",
                                  "disqus", "disqus_thread", "dsq", "usercomments"})
FORM_WORDS = frozenset({"form", "respond", "commentform", "reply-form", "compose", "editor",
                        "login", "subscribe"})
PINGBACK_WORDS = frozenset({"pingback", "trackback", "pingbacks", "trackbacks", "ping"})
# WordPress stores a pingback's or trackback's text as the linking post's excerpt between
# ellipsis brackets, "[…] excerpt […]": the only sign left where a theme prints pingbacks
# with the markup of comments (and the linking post's title as the "author").
PINGBACK_EXCERPT = re.compile(r"^\s*\[(?:…|\.\.\.)\].*\[(?:…|\.\.\.)\]\s*$", re.S)

# Roles of the parts of one comment.
AUTHOR_WORDS = frozenset({"author", "authors", "user", "username", "nick", "nickname",
                          "commenter", "poster", "name", "fn", "reviewer", "who", "member",
                          "byline", "signature-name", "autor", "auteur", "autore", "qui",
                          "nombre", "nom", "profile-name", "display", "handle", "by",
                          "commenter-name", "screenname"})
TIME_WORDS = frozenset({"date", "time", "timestamp", "stamp", "posted", "published", "when", "age",
                        "datum", "fecha", "data", "heure", "zeit", "ago", "created", "dtreviewed",
                        "dtstart", "submitted"})
BODY_WORDS = frozenset({"content", "text", "body", "message", "entry", "cbody", "commentbody",
                        "commenttext", "msg", "texte", "texto", "tekst", "inhalt", "description",
                        "comment-content"})
# Parts of a comment that are not what the reader wrote.
NOISE_WORDS = frozenset({
    "reply", "replylink", "like", "likes", "dislike", "vote", "votes", "voting", "rating",
    "rate", "report", "flag", "share", "sharing", "avatar", "photo", "gravatar", "userpic",
    "pic", "sig", "signature", "meta", "metadata", "commentmetadata", "header", "footer",
    "author", "date", "time", "byline", "actions", "action", "tools", "toolbar", "controls",
    "permalink", "edit", "awaiting", "badge", "badges", "bio", "fans", "score",
    "points", "karma", "menu", "nav", "navs", "says", "info", "details", "head", "foot", "title",
    "subject", "links", "link", "buttons", "button", "options", "screen-reader-text", "sr",
    "quote-link", "expand", "collapse", "toggle", "more", "number", "num", "count", "counter",
    "user", "username", "name", "fn", "vcard", "posted", "timestamp", "stamp", "submitted",
    "who", "qui", "datum", "poster", "reviewer", "heure", "ago", "status", "icon", "image",
    "img", "thumb", "thumbnail", "label", "tag", "admin", "mod", "upvote", "downvote",
    "children", "replies", "respond", "form", "hidden", "hide", "dropdown", "popover",
    "hovercard", "tooltip", "popup", "modal",
})
# Names of the container that holds a comment's replies right after (or inside) it.
CHILDREN_WORDS = frozenset({"children", "child", "replies", "reply", "indented", "sub",
                            "nested", "thread", "responses", "antworten", "réponses",
                            "respuestas", "odpowiedzi"})

DEPTH_TOKEN = re.compile(r"(?:^|[-_])(?:depth|level|lvl|indent|nest|nesting|deep)[-_]?(\d{1,2})$",
                         re.I)
# "comment-reply-panel": a reply block of its own kind (Bootstrap panels), set after the
# comment it answers.
INDENTED_TOKEN = re.compile(r"(?:^|[-_])(?:indented|is-reply|reply|child|sub)"
                            r"(?:$|[-_](?:panel|card|box|block|item|entry)$)", re.I)
# Attributes that give an entry's nesting level as a number: on the entry, or (the last
# three, which no badge uses) on the indentation cell it starts with (Hacker News's flat
# rows: <td class="ind" indent="2">).
DEPTH_ATTRIBUTES = ("data-level", "aria-level", "level", "data-depth", "depth", "indent")
LEAD_DEPTH_ATTRIBUTES = DEPTH_ATTRIBUTES[3:]
# Attributes naming the comment a reply answers.
PARENT_ATTRIBUTES = ("data-parentid", "data-parent-id", "data-parent", "data-reply-to",
                     "data-replyto", "data-in-reply-to", "data-parent-comment-id")
ID_ATTRIBUTES = ("data-comment-id", "data-commentid", "data-comment", "data-id", "data-cid",
                 "data-post-id", "data-postid", "data-message-id")
EPOCH_ATTRIBUTES = ("data-timestamp", "data-time", "data-date", "data-publishtime",
                    "data-created", "data-created-at", "data-epoch", "data-utime",
                    "data-unix", "data-ts", "data-published")
ITEM_ID = re.compile(
    r"(?:^|[-_])(?:comments?|cmt|c|cid|reply|r|msg|message|post-comment|comment_item|"
    r"commentitem|comment-item|dsq-comment|tree|d|p|entry|kommentar|commentaire|comentario)"
    r"[-_]?(\d+|[0-9a-f]{8,})$", re.I)

# "NAME says:" in the languages of the web; and the header lines that print the name.
SAYS = re.compile(
    r"\s*(?:says|said|wrote|writes|sagt|schreibt|schrieb|meint|dijo|escribió|escribe|"
    r"a dit|a écrit|dit|napisał|napisała|pisze|zegt|schreef|disse|scrive|ha scritto|"
    r"escreveu|diz|说|說|발언)\s*(?:\.\.\.|…|:)?\s*$", re.I)
POSTED_BY = re.compile(
    r"^\s*(?:posted|written|submitted|comment(?:ed)?|reply|geschrieben|verfasst|"
    r"publié|posté|écrit|escrito|publicado|enviado|napisany|dodany|scritto|inviato)?\s*"
    r"(?:by|von|par|por|przez|da|door|от|de)\s*:?\s+(?P<name>.+?)"
    r"(?:\s+(?:(?:at|on|am|um|le|el|à|o|il|op)\b|\||—|–|-\s|\()\s*.*)?$", re.I | re.S)
NOT_A_NAME = re.compile(
    r"^(?:reply|antworten|répondre|responder|odpowiedz|rispondi|permalink|link|report|"
    r"edit|delete|remove|löschen|bearbeiten|supprimer|modifier|like|share|quote|zitieren|"
    r"citer|#?\d+\.?|top|homepage|home page|website|web site|"
    r"site|web|journal|blog|profile|profil|follow|unfollow|\W*)$", re.I)
IN_REPLY_TO = re.compile(
    r"(?:in reply to|in response to|replying to|reply to|en réponse à|antwort auf|"
    r"als antwort auf|en respuesta a|w odpowiedzi na|in risposta a|em resposta a|回复|回覆)"
    r"\s*:?\s*$", re.I)
IN_REPLY_TO_START = re.compile(
    r"(?:in reply to|in response to|replying to|en réponse à|antwort auf|en respuesta a|"
    r"w odpowiedzi na|in risposta a|em resposta a)\b", re.I)
NOT_VERIFIED = re.compile(r"\s*\((?:not verified|nicht überprüft|non vérifié|no verificado)\)\s*$",
                          re.I)
URL_TEXT = re.compile(r"(?:https?://|www\.)\S+", re.I)
USER_ID = re.compile(r"\s*\(\d+\)\s*$")
LEADING_NUMBER = re.compile(r"^\s*#?\d{1,4}[.:)]?\s+(?=\S)")
MODERATION = re.compile(
    r"^\s*(?:your\s+)?comment\s+is\s+awaiting\s+moderation\.?(?:\s+this is a preview.*)?\s*$",
    re.I | re.S)
# A visible date or time: digits with a separator, a month name, or a relative phrase.
_MONTHS = (
    r"(?:jan(?:uary|uar|vier)?|feb(?:ruary|ruar)?|mar(?:ch|s)?|märz|apr(?:il)?|avril|may|mai|"
    r"jun(?:e|i)?|juin|jul(?:y|i)?|juillet|aug(?:ust)?|août|sep(?:t|tember|tembre)?|"
    r"oct(?:ober)?|okt(?:ober)?|octobre|nov(?:ember|embre)?|dec(?:ember)?|dez(?:ember)?|"
    r"décembre|février|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|"
    r"noviembre|diciembre|stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|"
    r"września|października|listopada|grudnia|gennaio|febbraio|aprile|maggio|giugno|luglio|"
    r"settembre|ottobre|dicembre)\.?(?![a-zà-ÿ])")
# "3 days ago" in the languages of the web.
_AGO = r"ago|vor \d|il y a|hace \d|temu|há \d|geleden|назад"
_AGO_CJK = r"\d+\s*(?:分钟|小時|小时|天)前"
DATE_TEXT = re.compile(
    r"\d{1,4}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}\.\s\d{1,2}\.\s\d{4}|\d{1,2}:\d{2}|\d{1,2}h\d{2}|"
    r"\b" + _MONTHS + r"\s+\d|\b\d{1,2}\.?\s+" + _MONTHS + "|"
    r"\b(?:" + _AGO + ")|" + _AGO_CJK + "|"
    r"\d{4}年\d{1,2}月", re.I)
# A date printed relative to the moment the page was served: its text changes between
# fetches of the same comment ("40 minutes ago", then "1 hour ago").
RELATIVE_DATE = re.compile(
    r"\b(?:" + _AGO + "|yesterday|today|gestern|heute)|" + _AGO_CJK, re.I)
ISO_LIKE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                      r"(?:Z|[+-]\d{2}:?\d{2})?)?\s*$")
EPOCH = re.compile(r"^\s*(\d{10}|\d{13})\s*$")
WORD_SPLIT = re.compile(r"[-_\s]+|(?<=[a-z])(?=[A-Z])")
# The first reader's English-only form, kept exact for the WordPress and Disqus families.
SAYS_EN = re.compile(r"\s*(?:says|said|wrote)\s*:?\s*$", re.I)
# Stems that name a comment thread or entry inside longer tokens ("commentpost", "CommentBox").
COMMENT_STEMS = re.compile(
    r"comment|kommentar|komentar|comentar|commento|commenti|reacties|reactie|discussion|"
    r"diskussion|talkback|dsq-|disqus|回應|评论|留言|댓글|коммент", re.I)
# Links to a person's page on the site: a commenter's profile. Not the account pages under
# the same folder: Drupal's "/user/login", "/user/register" ("Login or register to post").
PROFILE_HREF = re.compile(
    r"/(?:user|users|member|members|profile|profiles|people|contributor|contributors|"
    r"commenter|commenters|author|authors|u|usuario|benutzer|utilisateur|writers)/"
    r"(?!(?:login|logout|signin|signout|signup|sign-in|sign-up|register|password|reset)"
    r"(?:[/?#.]|$))[^/?#]+|"
    r"//[^/]+/~[^/?#]+|"
    # query-style: Hacker News "user?id=", vBulletin "member.php?u=", "profile.php?username="
    r"/(?:user|member|profile|memberlist)(?:\.php)?\?(?:[^#]*&)?"
    r"(?:id|u|user|username|uid|mode=viewprofile)=", re.I)
# A link whose title says it leads to a person's profile ("view anna profile", "Profil
# von Anna", "Voir le profil"), wherever its href points (an avatar service, a placeholder).
PROFILE_TITLE = re.compile(r"\b(?:profile|profil|perfil|profilo|profiel|профиль)\b", re.I)
# "Posted by:" with the name in the next element.
BY_PREFIX = re.compile(
    r"(?:^|\s)(?:posted|written|submitted|geschrieben|publié|posté|escrito|publicado)?\s*"
    r"(?:by|von|par|por|przez|door)\s*:?\s*$", re.I)
# Between the name and the date on one meta line.
META_SEPARATOR = re.compile(r"\s+[—–|·•]\s+|\s+-\s+")
# What an unpublished comment's placeholder says instead of its text (no author shown).
PLACEHOLDER = re.compile(
    r"^\W*(?:(?:this|your)\s+)?(?:comment|kommentar|commentaire|comentario|komentarz)?\s*"
    r"(?:is\s+|has been\s+|was\s+|wurde\s+|a été\s+)?"
    r"(?:awaiting (?:approval|moderation)|pending(?: approval)?|"
    r"deleted|removed|hidden|gelöscht|entfernt|supprimé|eliminado|usunięty)\W*$", re.I)
# WordPress's own walker classes: a "comment-N" id without any of them is another platform's.
WORDPRESS_CLASSES = ("comment-body", "comment-author", "comment-meta", "commentmetadata",
                     "comment-metadata", "comment-content", "vcard", "says", "comment-list",
                     "commentlist", "children", "bypostauthor", "comment-awaiting-moderation")
# Tokens that state something about comments (a post's flags, a count, a link) without
# being the thread: "comments-open", "has-comments", "comment-count", "commented".
COMMENT_STATE_TOKEN = re.compile(
    r"^(?:(?:has|no|with|without|show|toggle|open|view|add|post|leave|write)[-_]comments?|"
    r"comments?[-_](?:open|opened|closed|disabled|count|counter|number|num|link|links|icon|"
    r"bubble|total|toggle|button|btn|title|heading|header|nav|navigation|pagination|sort|"
    r"sorting|tab|tabs|form|respond|policy|rules|notice|guidelines|forbidden|login|signin|"
    r"register|locked)|commented|uncommented)$", re.I)
# Around a visible date: a comment number, "on", "am", "le", "於" before it, a reply link
# ("回覆", "| Antworten") after it.
DATE_DECORATION = re.compile(
    r"^(?:#?[\d.]+\s*[—–-]\s*)?(?:(?:replied|answered|writes|wrote|said|commented|"
    r"a répondu|a écrit|antwortete|schrieb|respondió|escribió|ha risposto|odpowiedział)"
    r"\s*:?\s+)?"
    r"(?:on|am|um|le|el|il|op|posted|於|于)\s+|"
    r"^(?:#?[\d.]+\s*[—–-]\s*)|\s*[|·•]?\s*(?:回覆|回复|reply|antworten|répondre|responder|"
    r"rispondi|odpowiedz|beantworten)\s*$", re.I)
