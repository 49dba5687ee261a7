"""Seed a stock Mezzanine project through its own ORM: run by site.py inside the project.

python seed.py BASE_URL -- three blog posts by a staff author, comment threads nested four
deep with non-ASCII and empty (anonymous) names, a comment by the post's own author, one
awaiting approval and one removed (neither may be archived).
"""

import sys
from datetime import timedelta

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.contrib.sites.models import Site  # noqa: E402
from django.utils.timezone import now  # noqa: E402
from mezzanine.blog.models import BlogPost  # noqa: E402
from mezzanine.generic.models import ThreadedComment  # noqa: E402

base_url = sys.argv[1]
# Mezzanine builds its sitemap's absolute links from the current Site.
Site.objects.filter(id=1).update(domain=base_url.split("://", 1)[1], name="Mezzanine test blog")
author = User.objects.create_user("editor", "editor@example.org", "x", first_name="Greta",
                                  last_name="Editor", is_staff=True)
started = now()


def post(title, paragraphs, days_ago):
    return BlogPost.objects.create(
        title=title, user=author, status=2, publish_date=started - timedelta(days=days_ago),
        content="".join(f"<p>{p}</p>" for p in paragraphs))


def comment(on, name, text, ago, parent=None, url="", email="", public=True, removed=False,
            user=None):
    made = ThreadedComment.objects.create(
        content_object=on, site_id=1, user_name=name, user_email=email, user_url=url,
        comment=text, submit_date=started - ago, replied_to=parent, is_removed=removed,
        user=user, by_author=user is not None)
    if not public:  # save() applies COMMENTS_DEFAULT_APPROVED to every new comment
        ThreadedComment.objects.filter(id=made.id).update(is_public=False)
    return made


words = ("The tram line along the river was closed for repairs this spring, and the city "
         "asked its readers what they thought of the detour.")
first = post("Der Umweg über die Brücke", [words] * 4, 9)
second = post("Notes from the harbour market", [words[::-1]] * 3, 6)
post("A quiet week without comments", [words] * 3, 3)

h = timedelta(hours=1)
a = comment(first, "Zoë Ünal", "Die Umleitung kostet mich jeden Tag zwanzig Minuten.\n\n"
            "Trotzdem: gut, dass endlich repariert wird.", 6 * 24 * h + 3 * h,
            url="https://zoe.example/", email="zoe@example.org")
b = comment(first, "Jürgen Groß", "Zwanzig Minuten? Bei mir sind es eher fünf.",
            5 * 24 * h + 20 * h, parent=a)
c = comment(first, "李小龍", "我每天也走这条路，同意上面的看法。", 5 * 24 * h + 2 * h, parent=b)
d = comment(first, "Ólafur Þórsson", "Fourth level: the bus replacement runs every ten minutes, "
            "which helps.", 4 * 24 * h + 17 * h, parent=c)
comment(first, "", "Posting without a name: the signs at the bridge are confusing.",
        4 * 24 * h + 1 * h, parent=d)
comment(first, "Greta Editor", "Thanks, everyone: we have asked the city about the signs.",
        3 * 24 * h + 22 * h, parent=a, user=author, email=author.email)
comment(first, "Spam Bot", "Buy cheap tickets at my shop, awaiting approval forever.",
        3 * 24 * h + 12 * h, public=False)
comment(first, "Angry Reader", "This comment was removed by a moderator.", 3 * 24 * h + 5 * h,
        removed=True)
e = comment(first, "Marie-Hélène Dupont", "Et les vélos ? La piste cyclable reste ouverte.",
            3 * 24 * h + 2 * h)
comment(first, "Sam", "Yes, the bike lane stays open, I rode it this morning.",
        2 * 24 * h + 4 * h, parent=e)

f = comment(second, "Ana Lúcia", "The fish stalls moved to the north end.", 5 * 24 * h + 8 * h)
comment(second, "Piotr Wiśniewski", "And the bakery is back!", 4 * 24 * h + 11 * h, parent=f)
comment(second, "Ngozi Okafor", "Lovely write-up, thank you.", 2 * 24 * h + 10 * h)
