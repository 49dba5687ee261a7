"""Fixed word lists and name pools for the synthetic demo magazine.

Everything here is constant data so that a (seed, n_articles) pair fully determines the site.
Some entries deliberately hold characters outside ASCII and outside windows-1252, because
the archive must keep them intact.
"""

from __future__ import annotations

SITE_NAME = "The Demo Review"
SITE_TAGLINE = "Opinion, argument and the occasional good idea"
TIMEZONE = "Europe/Berlin"

# (display name, url slug)
SECTIONS: tuple[tuple[str, str], ...] = (
    ("Politics", "politics"),
    ("World", "world"),
    ("Economy", "economy"),
    ("Culture", "culture"),
    ("Technology", "technology"),
)

# (display name, url slug, short bio)
AUTHORS: tuple[tuple[str, str, str], ...] = (
    ("Margaret Hale", "margaret-hale", "writes about parliaments and the people who fill them."),
    ("Zoë Ångström", "zoe-angstrom", "covers Nordic politics and energy markets."),
    ("José Núñez", "jose-nunez", "is our Latin America correspondent."),
    ("Łukasz Wróbel", "lukasz-wrobel", "follows security policy from Warsaw."),
    ("山田太郎", "yamada-taro", "reports on technology and trade from Tokyo."),
    ("Daniel O’Connor", "daniel-oconnor", "is the magazine’s economics editor."),
    ("Priya Raman", "priya-raman", "writes on culture, books and the arts."),
    ("Henrik Larsen", "henrik-larsen", "is a contributing editor."),
    ("Amélie Rousseau", "amelie-rousseau", "writes from Paris about European affairs."),
    ("Samuel Okafor", "samuel-okafor", "covers development economics."),
    ("Clara Whitfield", "clara-whitfield", "edits the technology section."),
    ("Victor Hugo Brandt", "victor-hugo-brandt", "writes the weekly column on ideas."),
)

# (display name, url slug)
TAGS: tuple[tuple[str, str], ...] = (
    ("Elections", "elections"), ("Foreign Policy", "foreign-policy"), ("Russia", "russia"),
    ("China", "china"), ("Europe", "europe"), ("Energy", "energy"), ("Trade", "trade"),
    ("Inflation", "inflation"), ("Central Banks", "central-banks"), ("Labour", "labour"),
    ("Books", "books"), ("Film", "film"), ("Music", "music"), ("Media", "media"),
    ("Artificial Intelligence", "artificial-intelligence"), ("Privacy", "privacy"),
    ("Climate", "climate"), ("Migration", "migration"), ("Courts", "courts"),
    ("Defence", "defence"), ("Housing", "housing"), ("Taxes", "taxes"),
    ("Social Media", "social-media"), ("Education", "education"), ("Health", "health"),
    ("Cities", "cities"), ("History", "history"), ("Religion", "religion"),
    ("Science", "science"), ("Space", "space"), ("Diplomacy", "diplomacy"),
    ("Protest", "protest"), ("Café Society", "cafe-society"),
    ("Über-Capitalism", "uber-capitalism"),
    ("Latin America", "latin-america"), ("Asia", "asia"), ("Africa", "africa"),
    ("Middle East", "middle-east"), ("Nuclear", "nuclear"), ("Universities", "universities"),
)

NOUNS: tuple[str, ...] = (
    "state", "market", "border", "treaty", "election", "budget", "republic", "coalition",
    "doctrine", "alliance", "ceasefire", "reform", "scandal", "mandate", "tariff", "currency",
    "pipeline", "summit", "empire", "consensus", "minister", "parliament", "court", "union",
    "economy", "museum", "novel", "archive", "algorithm", "platform", "network", "harbour",
    "frontier", "province", "capital", "census", "strike", "protest", "debate", "referendum",
    "majority", "opposition", "senate", "campaign", "electorate", "regime", "embassy",
    "sanction", "deficit", "surplus", "factory", "village", "generation", "memory", "crisis",
    "bargain", "compromise", "question", "answer", "argument", "silence", "promise", "rumour",
    "machine", "satellite", "border town", "central bank", "foreign ministry", "trade route",
)

ADJECTIVES: tuple[str, ...] = (
    "quiet", "fragile", "stubborn", "unlikely", "hidden", "old", "new", "rising", "falling",
    "uneasy", "forgotten", "bold", "cautious", "expensive", "cheap", "radical", "modest",
    "northern", "southern", "eastern", "western", "global", "local", "digital", "nuclear",
    "lonely", "crowded", "restless", "patient", "angry", "hopeful", "strange", "familiar",
    "broken", "durable", "reluctant", "ambitious", "divided", "united", "secret", "public",
)

VERBS: tuple[str, ...] = (
    "explains", "ignores", "reshapes", "threatens", "rewards", "punishes", "divides", "unites",
    "outlasts", "undermines", "rescues", "forgets", "remembers", "exposes", "complicates",
    "survives", "reveals", "defines", "tests", "haunts", "weakens", "strengthens", "delays",
)

# Plain words for running prose; a few non-ASCII and windows-1252-only characters mixed in.
WORDS: tuple[str, ...] = (
    "the", "the", "the", "a", "a", "of", "of", "and", "and", "to", "to", "in", "in", "is",
    "that", "it", "for", "on", "was", "with", "as", "by", "at", "from", "this", "but", "not",
    "are", "be", "have", "has", "had", "were", "which", "their", "they", "would", "could",
    "should", "more", "most", "less", "than", "every", "some", "many", "few", "any", "no",
    "government", "voters", "officials", "analysts", "policy", "reform", "markets", "prices",
    "wages", "workers", "leaders", "talks", "agreement", "pressure", "history", "future",
    "years", "months", "weeks", "decade", "century", "question", "answer", "problem",
    "argument", "evidence", "claim", "story", "report", "statement", "interview", "speech",
    "ministry", "parliament", "capital", "region", "province", "city", "country", "nation",
    "public", "private", "political", "economic", "cultural", "strategic", "moral", "legal",
    "quietly", "suddenly", "slowly", "clearly", "perhaps", "certainly", "rarely", "often",
    "still", "already", "again", "never", "always", "almost", "nearly", "only", "even",
    "believe", "argue", "suggest", "insist", "concede", "deny", "expect", "fear", "hope",
    "seems", "remains", "becomes", "looks", "feels", "matters", "works", "fails", "changes",
    "café", "naïve", "régime", "Zürich", "São Paulo", "Kraków", "Malmö", "façade", "déjà vu",
    "€40 billion", "£3 million", "5%", "1989", "2008", "Brussels", "Moscow", "Washington",
    "Beijing", "Berlin", "Ankara", "Lagos", "Delhi", "Tokyo", "Kyiv", "Warsaw", "Paris",
)

# Rare words outside windows-1252, so not every page can be served in that encoding.
RARE_WORDS: tuple[str, ...] = ("Łódź", "Gdańsk", "Škoda", "Ελλάδα", "Москва", "東京", "İstanbul")

FIRST_NAMES: tuple[str, ...] = (
    "Anna", "Ben", "Carla", "David", "Elena", "Frank", "Greta", "Hassan", "Ines", "Jack",
    "Karin", "Liam", "Maya", "Nikolai", "Olga", "Pablo", "Quentin", "Rosa", "Stefan", "Tara",
    "Ulrich", "Vera", "Walter", "Ximena", "Yusuf", "Zara", "Andrew", "Beatriz", "Chen",
    "Dmitri", "Emma", "Fatima", "George", "Hannah", "Ivan", "Julia", "Kofi", "Lena",
    "Marco", "Nadia", "Oscar", "Petra", "Rahul", "Sofia", "Tomás", "Ursula", "Viktor",
    "Wiebke", "Yara", "Zoltán", "Björn", "Chloé", "Renée", "Søren", "Agnieszka",
)

LAST_NAMES: tuple[str, ...] = (
    "Allison", "Baker", "Costa", "Dietrich", "Evans", "Fischer", "García", "Hoffmann",
    "Ibrahim", "Jansen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Owens", "Petrov",
    "Quinn", "Rossi", "Schmidt", "Tanaka", "Umarov", "Varga", "Wagner", "Xu", "Young",
    "Zimmermann", "Adeyemi", "Brennan", "Castillo", "Dubois", "Eriksen", "Fernández",
    "Gallagher", "Horvath", "Iversen", "Jovanović", "Keller", "Müller", "Novák", "Øberg",
)

# Handles and names that stress escaping, scripts and odd punctuation.
SPECIAL_COMMENTERS: tuple[str, ...] = (
    "Zoë", "Ségolène Dupré", "Jürgen Weiß", "Мария Иванова", "李小龙", "محمد علي",
    "FluffyFooFoo", "Fat_Man", "Kev", "adk", "Jacksonian_Libertarian", "Andrew Allison",
    "Seán O’Brien", "D'Angelo Rivers", "Tom & Jerry", "<b>not bold</b>", "Ólafur Arnalds",
    "Nguyễn Văn An", "Dr. Strange-Love", "anonymous coward", "Émile \"Mimi\" Laurent",
    "Κώστας Παπαδόπουλος", "Jiří Dvořák", "Ayşe Yılmaz", "Ærøskøbing Anna",
)

PINGBACK_SOURCES: tuple[str, ...] = (
    "Weekend Links", "What I’m Reading", "Around the Web", "The Morning Roundup",
    "Notes from the Periphery", "Link Dump #412",
)
