"""Seed the django-comments-dab blog through Django's ORM: run by site.py inside the project.

python seed.py -- three posts: one with 12 shown top-level comments, so that the app's
default pagination (10 a page) puts the oldest two on `?page=2`, one with a single comment.
The app nests one level (its reply form sits under a top-level comment; a reply has none),
so threads are a comment and its replies. Registered users are shown by username (one has a
full name that differs from it), an anonymous comment as "Anonymous User"; times are printed
relative ("1 year, 2 months ago"), so they are seeded from minutes to years before now. Two
comments are flagged by two users each, over COMMENT_FLAGS_ALLOWED (1): the app hides them
(a hidden top-level comment hides its replies too); none of them may be archived.
"""

from datetime import timedelta

import django

django.setup()

from blog.models import Post  # noqa: E402
from comment.models import Comment, FlagInstance, ReactionInstance  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.utils import timezone  # noqa: E402

NOW = timezone.now()
kind = ContentType.objects.get_for_model(Post)
paragraph = ("The lock keepers' cottage by the second gate is being restored this spring, "
             "and the towpath between the two bridges stays closed on weekdays until May.")


def user(username, first="", last=""):
    return User.objects.create_user(username, f"{username.replace('.', '')}@example.org",
                                    "x", first_name=first, last_name=last)


marta = user("marta_k", "Marta", "Kowalczyk")  # shown as "marta_k", not her full name
olu = user("olu")
sven = user("sven.e")
emile = user("émile")
li = user("李雷")
jon = user("jonno")
keeper = user("lockkeeper", "Ada", "Brennan")
flaggers = [user("flagger1"), user("flagger2")]


def post(title, slug, days_ago, author="Ada Brennan"):
    return Post.objects.create(title=title, slug=slug, author=author,
                               body="\n\n".join([paragraph] * 3),
                               publish=NOW - timedelta(days=days_ago))


def comment(on, by, text, ago, parent=None, email=""):
    made = Comment.objects.create(content_type=kind, object_id=on.pk, user=by, email=email,
                                  content=text, parent=parent, posted=NOW - ago)
    # `edited` is auto_now: put it back on `posted`, or the page says "Edited: ... ago".
    Comment.objects.filter(pk=made.pk).update(edited=made.posted)
    return made


def flag(target):
    for who in flaggers:
        FlagInstance.objects.create(flag=target.flag, user=who, reason=1)


def like(target, *who):
    for person in who:
        ReactionInstance.objects.create(reaction=target.reaction, user=person,
                                        reaction_type=ReactionInstance.ReactionType.LIKE)


H, D = timedelta(hours=1), timedelta(days=1)
gates = post("New lock gates for the old canal", "new-lock-gates", 800)
towpath = post("Towpath closures this spring", "towpath-closures", 300, author="Ines Ruiz")
aqueduct = post("A walk to the aqueduct", "walk-to-aqueduct", 40)

# 13 top-level comments on `gates` (12 shown), newest first: the oldest two on ?page=2.
a = comment(gates, marta, "Finally! The old gates leaked so badly the basin was half empty "
            "every August.", 790 * D)
comment(gates, olu, "They were oak, a hundred years old. Not bad for oak.", 788 * D, parent=a)
comment(gates, keeper, "The new ones are oak too, from the same yard in Shropshire.",
        787 * D + 5 * H, parent=a)
b = comment(gates, sven, "Will boats be able to pass during the works?", 700 * D)
comment(gates, keeper, "One day a week, on Sundays, with a keeper on duty.", 699 * D,
        parent=b)
comment(gates, None, "I walk the dog there every morning, the path is fine so far.",
        600 * D, email="walker@example.org")
c = comment(gates, emile, "Très belles photos, merci !\n\nOn voit bien le chantier.", 500 * D)
comment(gates, li, "同意，照片很好。", 499 * D, parent=c)
comment(gates, jon, "Long comment, so the app folds it: the gates were built at the yard, "
        "floated down the river on a pontoon, lifted by the big crane on a Tuesday morning "
        "while half the village watched from the bridge, and then the keepers spent three "
        "whole days adjusting the paddles and the balance beams until they swung shut with "
        "barely a push, which is the whole point of good gates.", 400 * D)
d = comment(gates, olu, "Details here: https://canal-trust.example/works?lock=2&phase=3 - "
            "the <b>old</b> gates & the \"new\" ones, side by side.", 300 * D)
comment(gates, marta, "Thanks, that page has the timetable too.", 299 * D, parent=d)
spam = comment(gates, jon, "Cheap boat insurance!!! Click my profile for a discount.",
               250 * D)
flag(spam)
comment(gates, sven, "A reply under the spam, hidden with it.", 249 * D, parent=spam)
comment(gates, li, "Is the café by the lock open again?", 200 * D)
e = comment(gates, keeper, "Open weekends from March to October.", 120 * D)
like(e, marta, olu, sven)
comment(gates, jon, "Good to know.", 100 * D, parent=e)
rude = comment(gates, olu, "A rude reply, flagged away.", 99 * D, parent=e)
flag(rude)
comment(gates, emile, "Merci pour l'info.", 98 * D, parent=e)
comment(gates, emile, "Le café fait aussi des crêpes maintenant.", 60 * D)
comment(gates, marta, "Two years on and they still look new.", 20 * D)
comment(gates, sven, "They repainted the beams last week.", 9 * D)
f = comment(gates, olu, "Anyone else see the heron on the bottom gate this morning?", 5 * H)
comment(gates, marta, "Yes! Standing there like it owns the place.", 3 * H, parent=f)
comment(gates, None, "Every morning, same spot.", timedelta(minutes=40), parent=f,
        email="walker@example.org")

g = comment(towpath, jon, "Weekdays only, or weekends too?", 290 * D)
comment(towpath, keeper, "Weekdays only; weekends stay open.", 289 * D, parent=g)
comment(towpath, emile, "Merci. Et après mai ?", 288 * D, parent=g)
comment(towpath, li, "The diversion over the hill adds twenty minutes.", 150 * D)
comment(towpath, sven, "Reopened today, the new surface is lovely.", 30 * D)

# A thread of one comment: no other entry to tell the comment's own blocks from.
comment(aqueduct, marta, "We did this walk on Sunday, the view from the top is worth it.",
        10 * D)
