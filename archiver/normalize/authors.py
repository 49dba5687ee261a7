"""Article bylines into people, and comment authors into stable identities.

Bylines arrive as printed: "By Jane Doe and John Roe, Senior Editors", "Words by A; photos
by B", "BY JANE DOE | Staff Writer". `split_byline` keeps the writers and drops roles,
affiliations, degrees, agencies in parentheses, e-mail addresses and photo credits.
When a byline holds nothing but a role or an organisation ("By The Editors", "Staff"),
that text is kept as the author rather than losing the byline.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit, urlunsplit

# Words that make a byline piece a job title rather than a person. Matched per word,
# case-insensitively, so "Senior Editor", "Editor-at-Large" and "Washington Correspondent"
# are all recognised.
ROLE_WORDS: frozenset[str] = frozenset({
    # English
    "editor", "editors", "writer", "writers", "correspondent", "correspondents",
    "columnist", "columnists", "reporter", "reporters", "contributor", "contributors",
    "journalist", "journalists", "author", "authors", "staff", "photographer",
    "producer", "intern", "fellow", "professor", "director", "founder", "publisher",
    "analyst", "chief", "editor-in-chief", "editor-at-large", "contributing", "senior",
    "guest", "blogger", "critic", "commentator", "desk", "newsroom", "team", "admin",
    "administrator", "moderator", "host", "researcher", "lecturer",
    # German, French, Spanish, Italian, Dutch
    "redakteur", "redakteurin", "redaktion", "korrespondent", "korrespondentin", "autor",
    "autorin", "gastautor", "gastautorin", "rédacteur", "rédactrice", "rédaction",
    "journaliste", "correspondant", "correspondante", "chroniqueur", "chroniqueuse",
    "redactor", "redactora", "redacción", "periodista", "corresponsal", "columnista",
    "redattore", "redattrice", "redazione", "giornalista", "corrispondente", "redacteur",
    "redactie", "verslaggever",
})
# Words that only make a piece a role together with a role word ("Senior Editor"), never
# alone ("Senior" could be a surname... unlikely, but "Guest" alone is a commenter name).
_ROLE_ONLY_WITH_OTHERS = frozenset({"senior", "contributing", "guest", "chief", "team", "host"})

DEGREES: frozenset[str] = frozenset({
    "phd", "ph.d", "ph.d.", "md", "m.d.", "mba", "jd", "j.d.", "esq", "esq.", "msc", "ma",
    "bsc", "dphil", "llm", "rn", "cpa", "dr.", "prof.",
})
SUFFIXES: frozenset[str] = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})

# Credits for non-writing contributions; a segment led by these is dropped when a writer
# is also named.
_NON_WRITER_CREDIT = re.compile(
    r"^(?:photos?|photographs?|photography|images?|pictures?|illustrations?|illustrated|"
    r"graphics?|video|videos|art|artwork|design|data|fotos?|bilder?|grafik|illustration)"
    r"(?:\s+(?:by|von|de|par|di|por|door))?\b",
    re.IGNORECASE,
)
# Leading words that introduce writers: "By", "Words by", "Von", "Par", "Posted by" ...
_WRITER_LEAD = re.compile(
    r"^(?:(?:words|text|story|written|reporting|posted|published|article|an essay|"
    r"interview|analysis|commentary|opinion|review)\s+by\b|by\b|von\b|par\b|por\b|door\b|"
    r"av\b|przez\b|автор\s*:?|текст\s*:|author\s*:|authors\s*:|autor\s*:|auteur\s*:|byline\s*:|text\s*:|words\s*:)\s*",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\(?\s*(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*\)?")
_URL = re.compile(r"\bhttps?://\S+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@])@\w{1,30}\b")
_BRACKETED = re.compile(r"\s*[(\[{][^)\]}]*[)\]}]")
# Where a person ends and their affiliation or bio begins.
_AFFILIATION = re.compile(
    r"\s+(?:(?:of|at|for|from)\s+(?=the\b|The\b|[A-Z0-9])|"
    r"(?:is|was)\s+(?:a|an|the)\s+|(?:—|–|-{1,2})\s+)",
)
_SEGMENT_SEPARATORS = re.compile(r"\s*(?:[;|•·\n/]|\s-\s|\s–\s|\s—\s)\s*")
_AND_WORDS = re.compile(
    r"\s*,?\s+(?:and|with|&|und|et|y|e|en|og|och|и|ve)\s+|\s*&\s*|\s*,\s*",
    re.IGNORECASE,
)
# The conjunctions that are also name particles or initials must be lowercase to split.
_CASE_SENSITIVE_AND = {"y", "e", "en", "og", "och"}
_LOWER_PARTICLES = frozenset({
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "das", "dos", "du", "la",
    "le", "ter", "ten", "zu", "bin", "ibn", "al", "el", "y",
})
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_EDGE_PUNCT = " \t,;:|/\\-–—•·\"'“”‘’«»"
# Far beyond any printed byline (thirty names with roles): longer text is page content
# caught by a loose selector, and the clean-up patterns are quadratic in its length
# (46,000 characters took 40 s). It stays in byline_raw, unsplit.
MAX_BYLINE_CHARS = 1000


def _word_key(word: str) -> str:
    return word.casefold().strip(".,:;()[]")


def _is_role(piece: str) -> bool:
    """True when a byline piece is a job title, not a person ("Senior Editor")."""
    words = [_word_key(w) for w in re.split(r"[\s/]+", piece) if w]
    if not words:
        return True
    if words[0] in ("the", "our", "der", "die", "la", "le", "les", "el", "il"):
        words = words[1:] or words
    hits = [w for w in words if w in ROLE_WORDS or w.split("-")[0] in ROLE_WORDS]
    if not hits:
        return False
    if all(w in _ROLE_ONLY_WITH_OTHERS for w in hits) and len(words) == len(hits) == 1:
        return False
    # "Jane Editor" could be a person; "Senior Editor", "Staff", "Washington
    # Correspondent" are not: most words are role words, or it is lower-case prose.
    return len(hits) * 2 >= len(words) or piece[:1].islower()


def _is_degree_or_suffix(piece: str) -> str | None:
    key = _word_key(piece).replace(" ", "")
    if key in SUFFIXES:
        return "suffix"
    if key in DEGREES or key.rstrip(".") in {d.rstrip(".") for d in DEGREES}:
        return "degree"
    return None


def _smart_title(word: str) -> str:
    """Title-case one word written all upper/lower case: O'Brien, Jean-Paul, McDonald."""
    def cap(part: str) -> str:
        if not part:
            return part
        lowered = part.lower()
        if lowered.startswith("mc") and len(part) > 2:
            return "Mc" + lowered[2].upper() + lowered[3:]
        return lowered[0].upper() + lowered[1:]

    word = re.sub(r"[^\W\d_]+", lambda m: cap(m.group(0)), word)
    # "O’Brien", "D'Angelo": capital after the apostrophe only for one-letter prefixes.
    return re.sub(r"\b([A-Z])(['’])([a-z])", lambda m: m[1] + m[2] + m[3].upper(), word)


def _fix_case(name: str) -> str:
    letters = [c for c in name if c.isalpha() and (c.isupper() or c.islower())]
    if not letters:
        return name  # scripts without case (CJK, Arabic ...) stay as written
    if not (all(c.isupper() for c in letters) or all(c.islower() for c in letters)):
        return name  # mixed case is deliberate: "DeShawn", "van der Berg", "McDonald"
    words = name.split(" ")
    out = []
    for i, w in enumerate(words):
        if i and w.lower() in _LOWER_PARTICLES and i < len(words) - 1:
            out.append(w.lower())
        elif len(w) <= 3 and "." in w:  # initials "J." / "J.R."
            out.append(w.upper())
        else:
            out.append(_smart_title(w))
    return " ".join(out)


def _basic_clean(text: str) -> str:
    text = unicodedata.normalize("NFC", str(text))
    text = _ZERO_WIDTH.sub("", text)
    return " ".join(text.split())


def clean_name(name: str) -> str:
    """One person's name tidied for display: whitespace, stray punctuation, a leading "By",
    e-mail addresses and (parentheticals) removed; ALL-CAPS or all-lower names title-cased."""
    if not name:
        return ""
    text = _basic_clean(name)
    text = _EMAIL.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _BRACKETED.sub(" ", text)
    text = " ".join(text.split()).strip(_EDGE_PUNCT)
    stripped = _WRITER_LEAD.sub("", text).strip(_EDGE_PUNCT)
    if stripped:
        text = stripped
    return _fix_case(text)


def _split_names(segment: str) -> list[str]:
    """Split one byline segment on commas and conjunctions, honouring case-sensitive ones."""
    out: list[str] = []
    pos = 0
    for m in _AND_WORDS.finditer(segment):
        word = m.group(0).strip(" ,")
        if word.lower() in _CASE_SENSITIVE_AND and word != word.lower():
            continue  # "Y" / "E" as initials, not conjunctions
        out.append(segment[pos:m.start()])
        pos = m.end()
    out.append(segment[pos:])
    return [p.strip(_EDGE_PUNCT) for p in out if p.strip(_EDGE_PUNCT)]


def split_byline(raw: str | None) -> list[str]:
    """The writers named in a printed byline, cleaned, in byline order.

    >>> split_byline("By Jane Doe, John Roe and Zoë Ångström, Senior Editors")
    ['Jane Doe', 'John Roe', 'Zoë Ångström']
    """
    if not raw or not isinstance(raw, str) or len(raw) > MAX_BYLINE_CHARS:
        return []
    # Line breaks separate people as much as ";" does; keep them before collapsing spaces.
    text = _basic_clean(re.sub(r"\s*[\r\n]+\s*", "; ", raw.strip()))
    text = _URL.sub(" ", _EMAIL.sub(" ", text))
    text = _BRACKETED.sub(" ", text)
    text = " ".join(text.split())
    if not text:
        return []

    segments = [s for s in _SEGMENT_SEPARATORS.split(text) if s.strip(_EDGE_PUNCT)]
    writer_segments = [s for s in segments if not _NON_WRITER_CREDIT.match(s)]
    if not writer_segments:
        writer_segments = [_NON_WRITER_CREDIT.sub("", s, count=1) for s in segments]

    names: list[str] = []
    fallback: list[str] = []
    for segment in writer_segments:
        segment = _WRITER_LEAD.sub("", segment.strip(_EDGE_PUNCT)).strip(_EDGE_PUNCT)
        segment = _HANDLE.sub(" ", segment).strip() or segment
        if not segment:
            continue
        fallback.append(segment)
        for piece in _split_names(segment):
            piece = _WRITER_LEAD.sub("", piece).strip(_EDGE_PUNCT)
            piece = _AFFILIATION.split(piece, maxsplit=1)[0].strip(_EDGE_PUNCT)
            if not piece:
                continue
            kind = _is_degree_or_suffix(piece)
            if kind == "suffix" and names:
                names[-1] = f"{names[-1]} {piece}"
                continue
            if kind == "degree" or _is_role(piece):
                continue
            names.append(piece)

    if not names:
        # Only roles or organisations ("By The Editors", "Staff"): keep what was printed.
        names = fallback[:1]
    out: list[str] = []
    for n in names:
        cleaned = clean_name(n)
        if cleaned and cleaned not in out:
            out.append(cleaned)
    return out


def person_key(name: str | None) -> str:
    """A matching key for a person's name: casefolded, accents kept, periods and commas
    ignored, apostrophes dropped, whitespace collapsed ("J. R. Smith" == "j r smith")."""
    if not name:
        return ""
    text = unicodedata.normalize("NFC", str(name)).casefold()
    text = _ZERO_WIDTH.sub("", text)
    text = re.sub(r"['’ʼ`]", "", text)
    text = re.sub(r"[^\w\s-]", " ", text)
    return " ".join(text.split())


def normalize_authors(authors: list[dict] | None) -> list[dict]:
    """Split, clean and dedupe byline entries into ``[{"name", "url", "key"}]``.

    An entry whose name is a whole byline is split; its url is kept only when it names one
    person (a link cannot belong to several). Duplicates keep their first position and take
    a url from a later duplicate when the first had none.
    """
    out: list[dict] = []
    index: dict[str, int] = {}
    for entry in authors or ():
        if isinstance(entry, str):
            entry = {"name": entry, "url": None}
        if not isinstance(entry, dict):
            continue
        names = split_byline(entry.get("name") or "")
        url = entry.get("url") or None
        for name in names:
            key = person_key(name)
            if not key:
                continue
            this_url = url if len(names) == 1 else None
            if key in index:
                existing = out[index[key]]
                if not existing["url"] and this_url:
                    existing["url"] = this_url
                continue
            index[key] = len(out)
            out.append({"name": name, "url": this_url, "key": key})
    return out


def normalize_profile_url(url: str | None) -> str | None:
    """A commenter's profile URL in one spelling: lowercase scheme and host, no default
    port, no fragment, no trailing slash. None for anything that is not http(s)."""
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    if parts.username:
        host = f"{parts.username}@{host}"  # rare, but part of the identity
    path = parts.path.rstrip("/")
    return urlunsplit((scheme, host, path, parts.query, ""))


_ANONYMOUS_NAMES = frozenset({"anonymous", "anon", "anonym", "anonyme", "anónimo", "anonimo"})


def commenter_identity(platform: str | None, name: str | None, url: str | None = None,
                       user_id: Any = None) -> dict:
    """Who wrote a comment: ``{"key", "name", "url", "user_id", "is_guest"}``.

    The key prefers the platform user id, then the profile URL, then the name; a comment
    with none of them is "anonymous". Commenter names keep their case ("jdoe99" is a
    handle, not a name to title-case). `platform` scopes the key in the store, not here.
    """
    del platform  # keys are unique per (site, platform) in the store
    display = _basic_clean(name) if name else ""
    display = display.strip(_EDGE_PUNCT.replace("-", "")) or ""
    uid = None if user_id is None or str(user_id).strip() == "" else str(user_id).strip()
    norm_url = normalize_profile_url(url)
    is_guest = uid is None and norm_url is None
    if not display:
        display = "Anonymous"
    if uid is not None:
        key = f"id:{uid}"
    elif norm_url is not None:
        key = f"url:{norm_url}"
    elif person_key(display) and person_key(display) not in _ANONYMOUS_NAMES:
        key = f"name:{person_key(display)}"
    else:
        key = "anonymous"
    # The key uses the normalized URL (one person, one identity); the row keeps the URL as
    # the page printed it (nothing parsed loses its raw form).
    shown_url = url.strip() if norm_url is not None and url else None
    return {"key": key, "name": display, "url": shown_url, "user_id": uid,
            "is_guest": is_guest}
