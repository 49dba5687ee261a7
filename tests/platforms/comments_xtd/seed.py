"""Seed the django-comments-xtd blog through Django's ORM: run by site.py inside the project.

python seed.py BASE_URL -- three articles; threads nested five deep with non-ASCII and
guest names, a comment by a registered user, one comment not yet approved (is_public off:
the app does not render it) and one removed by a moderator (rendered as a placeholder);
neither may be archived.
"""

import sys
from datetime import UTC, datetime, timedelta

import django

django.setup()

from blog.models import Article  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.contrib.sites.models import Site  # noqa: E402
from django_comments_xtd.models import XtdComment  # noqa: E402

Site.objects.filter(id=1).update(domain=sys.argv[1].split("://", 1)[1], name="Harbour Notes")
member = User.objects.create_user("kasia", "kasia@example.org", "x", first_name="Kasia",
                                  last_name="Nowak")
kind = ContentType.objects.get_for_model(Article)
start = datetime(2024, 3, 4, 8, 0, 0, tzinfo=UTC)
paragraph = ("The harbour market reopened on Saturday after the winter works, with fewer "
             "stalls than before and a new covered hall by the ferry pier.")


def article(title, slug, days, author="Henrik Lund"):
    return Article.objects.create(title=title, slug=slug, author=author,
                                  body="\n\n".join([paragraph] * 4),
                                  publish=start + timedelta(days=days))


def comment(on, name, text, minutes, parent=None, url="", public=True, removed=False,
            user=None):
    made = XtdComment.objects.create(
        content_type=kind, object_pk=str(on.pk), site_id=1, user=user, user_name=name,
        user_email=f"{abs(hash(name)) % 10**6}@example.org" if name else "",
        user_url=url, comment=text, is_public=public, is_removed=removed,
        parent_id=parent.pk if parent else 0,
        submit_date=on.publish + timedelta(minutes=minutes, seconds=minutes % 53))
    return made


market = article("The harbour market is back", "harbour-market-back", 0)
ferry = article("Ferry timetable: what changes in April", "ferry-timetable-april", 9,
                author="Ines Carvalho")
article("Photo walk along the old docks", "photo-walk-old-docks", 20)

a = comment(market, "Søren Kierkegaard", "Finally! The covered hall is a great idea.\n\n"
            "I hope the fish stalls stay where they were.", 45, url="https://soren.example/")
b = comment(market, "María José Núñez", "They moved to the north end, next to the bakery.",
            80, parent=a)
c = comment(market, "Kasia Nowak", "Dzięki, znalazłam je wczoraj.", 130, parent=b, user=member)
d = comment(market, "Guest", "Is the bakery open on Sundays as well?", 200, parent=c)
e = comment(market, "Тимур Ахмедов", "Only until noon on Sundays, I checked last week.", 260,
            parent=d)
comment(market, "Henrik Lund", "Fifth level: thanks all, I added the hours to the post.", 300,
        parent=e)
comment(market, "Cheap Watches", "Not yet approved: visit my shop for watches.", 320,
        public=False)
comment(market, "Troll", "Removed by a moderator for being rude.", 340, removed=True)
f = comment(market, "Åsa Lindqvist", "Are dogs allowed in the new hall?", 400)
comment(market, "Noé Martin", "Oui, en laisse.", 460, parent=f)
comment(market, "Aiko Tanaka", "写真を楽しみにしています。", 1500)

g = comment(ferry, "Ravi Shankar", "The 7:15 is gone? That was my ferry.", 30)
comment(ferry, "Ines Carvalho", "It moves to 7:25 from April 2.", 95, parent=g)
comment(ferry, "Ziggy", "Weekend boats every half hour is good news.", 2900)
