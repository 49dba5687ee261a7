"""Synthetic prose from the fixed lexicon, produced as (html, text) pairs.

The text half follows the archive's text rule: a block's text is its inline text with runs of
whitespace collapsed to one space, stripped; blocks are joined by a blank line. Producing both
halves together is what makes the ground truth exact.
"""

from __future__ import annotations

import html
import random
import re
import unicodedata

from archiver.demo import lexicon

Para = tuple[str, str]  # (html of the <p> content, its text under the text rule)

_SPECIAL_SENTENCES = (
    "Remember that a < b & c > d, whatever the minister says.",
    'As my uncle used to say: "don’t feed the trolls" & don\'t argue with fools.',
    "The ratio is 3 < 5 > 2 && nobody <i>cares</i>.",
    "Prices rose from €2 to €3 & nobody noticed.",
)
_SCRIPT_SENTENCE = "What happens if I type <script>alert(1)</script> here?"


def esc(value: str) -> str:
    """Escape text for an HTML text node (quotes stay literal, as WordPress prints them)."""
    return html.escape(value, quote=False)


def attr(value: str) -> str:
    """Escape text for a double-quoted HTML attribute."""
    return html.escape(value, quote=True)


def slugify(value: str) -> str:
    """ASCII slug: accents folded, anything else dropped, words joined by '-'."""
    folded = unicodedata.normalize("NFKD", value.replace("ß", "ss").replace("Ł", "L")
                                   .replace("ł", "l").replace("Ø", "O").replace("ø", "o")
                                   .replace("Æ", "AE").replace("æ", "ae"))
    ascii_only = folded.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")


def sentence(rng: random.Random, rare: float = 0.0) -> str:
    """One sentence of 6-16 lexicon words, capitalised and punctuated."""
    words = [rng.choice(lexicon.WORDS) for _ in range(rng.randint(6, 16))]
    if rare and rng.random() < rare:
        words[rng.randrange(len(words))] = rng.choice(lexicon.RARE_WORDS)
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice("......?!")


def paragraph(
    rng: random.Random,
    n_sentences: int,
    *,
    inline: float = 0.3,
    links: list[str] | None = None,
    extra: str | None = None,
    rare: float = 0.0,
) -> Para:
    """A paragraph with optional inline <em>/<strong>/<a> runs and one extra sentence."""
    sents = [sentence(rng, rare) for _ in range(n_sentences)]
    if extra is not None:
        sents.insert(rng.randint(0, len(sents)), extra)
    words = " ".join(sents).split(" ")
    text = " ".join(words)
    pieces = [esc(w) for w in words]
    # At most one inline run per half of the paragraph, so runs never overlap.
    half = len(pieces) // 2
    for lo, hi in ((0, half), (half, len(pieces))):
        if hi - lo < 3 or rng.random() >= inline:
            continue
        start = rng.randrange(lo, hi - 2)
        end = start + rng.randint(1, 2)
        kind = rng.random()
        if links and kind < 0.4:
            open_tag, close_tag = f'<a href="{attr(rng.choice(links))}">', "</a>"
        elif kind < 0.75:
            open_tag, close_tag = "<em>", "</em>"
        else:
            open_tag, close_tag = "<strong>", "</strong>"
        pieces[start] = open_tag + pieces[start]
        pieces[end] = pieces[end] + close_tag
    markup = " ".join(pieces)
    if len(pieces) > 8 and rng.random() < 0.2:
        # Source newlines inside a paragraph are inline whitespace: the text rule collapses them.
        cut = rng.randrange(1, len(pieces) - 1)
        markup = " ".join(pieces[:cut]) + "\n" + " ".join(pieces[cut:])
    return markup, text


def comment_paragraphs(rng: random.Random, links: list[str]) -> list[Para]:
    """1-3 paragraphs of reader comment; some with escaping traps or a literal script tag."""
    count = rng.choices((1, 2, 3), (55, 30, 15))[0]
    paras: list[Para] = []
    for _ in range(count):
        extra = None
        roll = rng.random()
        if roll < 0.02:
            extra = _SCRIPT_SENTENCE
        elif roll < 0.08:
            extra = rng.choice(_SPECIAL_SENTENCES)
        paras.append(paragraph(rng, rng.randint(1, 3), inline=0.15, links=links, extra=extra,
                               rare=0.02))
    return paras


def headline(rng: random.Random) -> str:
    """A magazine headline from a handful of templates."""
    adj = rng.choice(lexicon.ADJECTIVES).title()
    adj2 = rng.choice(lexicon.ADJECTIVES).title()
    noun = rng.choice(lexicon.NOUNS).title()
    noun2 = rng.choice(lexicon.NOUNS).title()
    verb = rng.choice(lexicon.VERBS).title()
    place = rng.choice(("Brussels", "Moscow", "Washington", "Beijing", "Berlin", "Ankara",
                        "Lagos", "Delhi", "Tokyo", "Kyiv", "Warsaw", "Paris", "Zürich",
                        "São Paulo", "Kraków", "Malmö"))
    templates = (
        f"The {adj} {noun}",
        f"Why the {noun} {verb} the {noun2}",
        f"{place}’s {adj} {noun}",
        f"What the {noun} Means for {place}",
        f"{adj} {noun}s & {adj2} {noun2}s",
        f"Against the {adj} {noun}",
        f"A “{adj}” {noun}?",
        f"How {place} Learned to Love the {noun}",
        f"The {noun} {verb} {place}",
        f"Notes on a {adj} {noun}",
    )
    return rng.choice(templates)
