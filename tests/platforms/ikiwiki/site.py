"""A stock ikiwiki blog (Debian's `ikiwiki`) on loopback, its comments posted through its CGI.

The site is what /etc/ikiwiki/auto-blog.setup makes (the stock "blog" example, the comments
plugin on `posts/*`), minus what needs the network (blogspam) or a terminal (the admin
password), with anonymous comments allowed (anonok) and a name field for them
(comments_allowauthor), and no revision control. Three posts with `[[!meta]]` titles,
authors and dates replace the example's two. Every comment is posted the way a visitor
posts one: GET `ikiwiki.cgi?do=comment&page=...` for a session and the form, then POST the
form's own fields back. Debian's lighttpd runs the CGI (mod_cgi) and serves the rest.

The truth is what ikiwiki wrote: one `posts/<post>/comment_N_<hash>._comment` file per
comment, `[[!comment claimedauthor=... subject=... date=... content=...]]`; the text
is that content rendered by the Markdown library ikiwiki itself uses (Text::Markdown::Discount).
"""

from __future__ import annotations

import html
import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import lxml.html

from tests.helpers import free_port
from tests.processes import stop_group

EXAMPLE = Path("/usr/share/ikiwiki/examples/blog")
TOOLS = {"ikiwiki": "ikiwiki", "lighttpd": "lighttpd", "gcc": "gcc (compiles ikiwiki.cgi)"}
# The CGI's own Perl modules are only Recommends of the ikiwiki package.
PERL_MODULES = ("CGI::FormBuilder", "CGI::Session", "CGI", "Date::Parse",
                "Text::Markdown::Discount", "JSON")

POSTS = {
    "crossing_the_alps": (
        'Crossing the Alps on foot', "Margarethe Köhler", "2024-03-05 09:30:00",
        "We walked from Innsbruck to Bolzano in nine days.\n\n"
        "The second day was the hardest: *fresh snow* above 2000 m."),
    "notes_on_sourdough": (
        "Notes on sourdough — a year in", None, "2024-06-21 18:05:00",
        "A year of weekly loaves, and what changed.\n\nHydration matters less than time."),
    "quiet_week": (
        "A quiet week", "Margarethe Köhler", "2024-09-02 07:00:00",
        "Nothing much happened. Comments are open, nobody has used them yet."),
}

# (post, name or "" for anonymous, website, subject, Markdown text), posted in this order.
COMMENTS = (
    ("crossing_the_alps", "Zoë Ångström", "https://zoe.example/", "Erster Kommentar",
     'I *agree*: the [Brenner route](https://en.wikipedia.org/wiki/Brenner_Pass) is '
     'the "gentle" one.'),
    ("notes_on_sourdough", "", "", "", "Anonymous here. How warm is your kitchen?"),
    ("crossing_the_alps", "Иван Петров", "", "",
     "Two questions:\n\n* where did you sleep?\n* how heavy was the pack?"),
    ("crossing_the_alps", "", "", "", "Lovely photos; no name, sorry."),
    ("notes_on_sourdough", "O'Brien & Sons", "", 'On "time"',
     'Time beats hydration, yes.\n\nWe proof for 14 hours at `6 °C`.'),
    ("crossing_the_alps", "李小龙", "", "", "Nine days is fast. 九天很快!"),
    ("crossing_the_alps", "Zoë Ångström", "https://zoe.example/", "",
     "Coming back to say: we did it too, in eleven days."),
    # A registered user, signed in (passwordauth): the page links the name to her user page.
    ("notes_on_sourdough", "renée", "", "", "Signed in to say: rye flour helps a lot."),
    # Held for moderation (moderate_pagespec): never shown, so never to be archived.
    ("quiet_week", "Spam Bot", "https://spam.example/", "Cheap pills",
     "Buy cheap pills at our shop, best prices."),
)
MODERATED = "posts/quiet_week/*"
# Commenters who register an account and sign in before commenting, instead of typing a name.
MEMBERS = {"renée": "renee@blog.example"}


def missing_tools() -> list[str]:
    missing = [what for tool, what in TOOLS.items() if shutil.which(tool) is None]
    if not EXAMPLE.is_dir() and "ikiwiki" not in missing:
        missing.append(f"ikiwiki's blog example ({EXAMPLE})")
    if shutil.which("perl"):
        missing += [f"perl module {module}" for module in PERL_MODULES if subprocess.run(
            ["perl", f"-M{module}", "-e", "1"], capture_output=True).returncode]
    return missing


def _yaml_setup(values: dict) -> str:
    # JSON scalars and lists are YAML, which is what IkiWiki::Setup::Yaml reads.
    lines = ["# IkiWiki::Setup::Yaml - YAML formatted setup file"]
    lines += [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in values.items()]
    return "\n".join(lines) + "\n"


_DIRECTIVE_FIELD = re.compile(r'(\w+)=(?:"""(.*?)"""|"((?:[^"\\]|\\.)*)")', re.S)


def read_comment_file(path: Path) -> dict[str, str]:
    """The fields of one `[[!comment ...]]` file, unescaped the way the plugin reads them."""
    fields = {}
    for key, triple, single in _DIRECTIVE_FIELD.findall(path.read_text(encoding="utf-8")):
        if key == "content":
            fields[key] = triple.replace('\\"', '"')
        else:
            # The form's values are written with " as &quot;; meta decodes entities.
            fields[key] = html.unescape(single)
    return fields


class IkiwikiSite:
    """The blog, built, commented and served; close() stops lighttpd and removes it all."""

    def __init__(self, *, html5: bool = False, timezone: str = "UTC") -> None:
        """`html5`: ikiwiki's html5 setting (off by default), which also prints each time
        as <time datetime>; `timezone`: the zone its pages print local times in."""
        self.html5, self.timezone = html5, timezone
        self.root = Path(tempfile.mkdtemp(prefix="archiver-ikiwiki-"))
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.src, self.dest = self.root / "src", self.root / "public"
        self.access_log = self.root / "access.log"
        self.server: subprocess.Popen | None = None
        self._marks = 0
        self.timings: dict[str, float] = {}
        try:
            self._timed("build", self._build)
            self._timed("serve", self._serve)
            self._timed("comments", self._post_comments)
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> IkiwikiSite:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _timed(self, step: str, action) -> None:
        started = time.monotonic()
        action()
        self.timings[step] = round(time.monotonic() - started, 2)

    def _env(self) -> dict[str, str]:
        # ikiwiki writes under $HOME (~/.ikiwiki); keep it in the temporary folder.
        return dict(os.environ, HOME=str(self.root), USER="archiver-tests", LC_ALL="C")

    def _run(self, *args: str) -> str:
        result = subprocess.run(args, cwd=self.root, env=self._env(), capture_output=True,
                                text=True, timeout=300)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed ({result.returncode}): "
                               f"{(result.stderr or result.stdout)[-3000:]}")
        return result.stdout

    def _build(self) -> None:
        shutil.copytree(EXAMPLE, self.src)
        posts = self.src / "posts"
        for stale in posts.glob("*.mdwn"):
            stale.unlink()
        for slug, (title, author, date, body) in POSTS.items():
            meta = [f'[[!meta title="{title}"]]', f'[[!meta date="{date}"]]']
            if author:
                meta.append(f'[[!meta author="{author}"]]')
            (posts / f"{slug}.mdwn").write_text("\n".join(meta) + "\n\n" + body + "\n",
                                                encoding="utf-8")
        # /etc/ikiwiki/auto-blog.setup's values, as its Automator would dump them.
        setup = self.root / "blog.setup"
        setup.write_text(_yaml_setup({
            "wikiname": "Loopback blog",
            "adminemail": "admin@127.0.0.1",
            "adminuser": [],
            "srcdir": str(self.src),
            "destdir": str(self.dest),
            "url": self.base_url,
            "cgiurl": self.base_url + "/ikiwiki.cgi",
            "cgi_wrapper": str(self.dest / "ikiwiki.cgi"),
            "cgi_wrappermode": "0755",
            "rcs": "",
            "add_plugins": ["goodstuff", "comments", "anonok", "calendar", "sidebar",
                            "trail", "moderatedcomments"],
            "moderate_pagespec": MODERATED,
            "disable_plugins": [],
            "libdir": str(self.root / ".ikiwiki"),
            "rss": 1,
            "atom": 1,
            "syslog": 0,
            # The stock '%c' prints local time without a zone.
            "timezone": self.timezone,
            "html5": int(self.html5),
            "comments_pagespec": "posts/* and !*/Discussion",
            "comments_allowauthor": 1,
            "anonok_pagespec": "postcomment(*)",
            "archive_pagespec": "page(posts/*) and !*/Discussion",
            "global_sidebars": 0,
            "discussion": 0,
            "locked_pages": "* and !postcomment(*)",
            "tagbase": "tags",
        }), encoding="utf-8")
        self._run("ikiwiki", "--setup", str(setup))

    def _serve(self) -> None:
        conf = self.root / "lighttpd.conf"
        conf.write_text("\n".join([
            f'server.document-root = "{self.dest}"',
            'server.bind = "127.0.0.1"',
            f"server.port = {self.port}",
            'server.modules = ("mod_cgi", "mod_accesslog")',
            f'server.errorlog = "{self.root / "error.log"}"',
            f'accesslog.filename = "{self.access_log}"',
            r'accesslog.format = "%r\t%{User-Agent}i"',
            'index-file.names = ("index.html")',
            'cgi.assign = (".cgi" => "")',
            'mimetype.assign = (".html" => "text/html; charset=utf-8", ".css" => "text/css", '
            '".rss" => "application/rss+xml", ".atom" => "application/atom+xml", '
            '".js" => "text/javascript", ".png" => "image/png", ".ico" => "image/x-icon")',
        ]) + "\n")
        # Its own session, so that close() stops lighttpd and any CGI it is running.
        self.server = subprocess.Popen(
            ["lighttpd", "-D", "-f", str(conf)], cwd=self.root, env=self._env(),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 30
        while True:
            if self.server.poll() is not None:
                log = self.root / "error.log"
                raise RuntimeError("lighttpd exited: " + (log.read_text() if log.exists()
                                                          else "no error log"))
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"lighttpd did not listen on {self.port}") from None
                time.sleep(0.1)

    def _submit(self, opener: urllib.request.OpenerDirector, url: str, field: str,
                values: dict[str, str]) -> tuple[str, str]:
        """GET `url`, fill its form that has `field` with `values` (the form's own hidden
        fields kept), send it; the URL landed on and the page."""
        with opener.open(url, timeout=60) as response:
            page = lxml.html.fromstring(response.read(), base_url=response.geturl())
        form = next((f for f in page.forms if field in f.fields), None)
        if form is None:
            raise RuntimeError(f"no form with {field} on {url}: "
                               + page.text_content().strip()[-500:])
        fields = {key: value or "" for key, value in form.fields.items()}
        fields.update(values)
        with opener.open(urllib.parse.urljoin(form.base_url, form.action),
                         urllib.parse.urlencode(fields).encode(), timeout=60) as response:
            return response.geturl(), response.read().decode("utf-8", "replace")

    def sign_in(self, opener: urllib.request.OpenerDirector, name: str, email: str) -> None:
        """Register `name` with passwordauth's signin form, then sign in as them."""
        signin = f"{self.base_url}/ikiwiki.cgi?do=signin"
        account = {"name": name, "password": "archiver-tests",
                   "confirm_password": "archiver-tests", "email": email}
        # The form's "Register" button shows the registration fields; "Create Account"
        # sends them.
        _, answer = self._submit(opener, signin, "password",
                                 dict(account, _submit="Create Account"))
        if "Account creation successful" not in answer:
            raise RuntimeError(f"could not register {name}: {answer[-500:]}")
        _, answer = self._submit(opener, signin, "password", {
            "name": name, "password": account["password"], "_submit": "Login"})
        if "Login succeeded" not in answer:
            raise RuntimeError(f"could not sign in as {name}: {answer[-500:]}")

    def post_comment(self, post: str, name: str, website: str, subject: str,
                     text: str) -> None:
        """One visitor (a session of its own) fills the post's comment form and sends it."""
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        fields = {"subject": subject, "editcontent": text, "_submit": "Post comment"}
        if name in MEMBERS:
            self.sign_in(opener, name, MEMBERS[name])  # the form then asks for no name
        else:
            fields.update(author=name, url=website)
        query = urllib.parse.urlencode({"do": "comment", "page": f"posts/{post}"})
        landed, answer = self._submit(opener, f"{self.base_url}/ikiwiki.cgi?{query}",
                                      "editcontent", fields)
        # Posted, ikiwiki redirects to the post's page at the new comment; held, it says so.
        if "#comment-" not in landed and "?updated" not in landed and (
                "will be posted after moderator review" not in answer):
            raise RuntimeError(f"comment on {post} not accepted (landed on {landed})")

    def _post_comments(self) -> None:
        for comment in COMMENTS:
            self.post_comment(*comment)
            # The page prints times to the second, and ikiwiki dates a comment while the
            # POST runs: the next one starts in a later second than this one ended, so the
            # files' dates order them unambiguously.
            ended = int(time.time())
            while int(time.time()) <= ended:
                time.sleep(0.05)

    def _rendered(self, sources: list[str]) -> list[str]:
        """Plain text of Markdown sources, rendered by ikiwiki's own Markdown library."""
        script = ("use JSON; use Text::Markdown::Discount; local $/; binmode STDOUT;"
                  "print encode_json([map { Text::Markdown::Discount::markdown($_) }"
                  " @{decode_json(<STDIN>)}]);")
        result = subprocess.run(["perl", "-e", script], input=json.dumps(sources).encode(),
                                capture_output=True, check=True, timeout=60)
        return [lxml.html.fromstring(f"<div>{fragment}</div>").text_content().strip()
                for fragment in json.loads(result.stdout)]

    def truth(self) -> list[dict]:
        """Every comment ikiwiki wrote, in score_threads' shape, each post's in date order."""
        # Held comments wait in the transient underlay, as ._comment_pending files.
        files = sorted(self.src.glob("posts/*/*._comment")) + sorted(
            self.src.glob(".ikiwiki/transient/posts/*/*._comment_pending"))
        comments = [(path, read_comment_file(path)) for path in files]
        texts = self._rendered([fields["content"] for _, fields in comments])
        out = [{
            "id": path.stem,
            "parent_id": None,  # the plugin is flat: a comment answers the post
            "author": fields.get("claimedauthor") or fields.get("nickname")
            or fields.get("username"),
            "published": fields["date"],
            "subject": fields.get("subject"),
            "signed_in": "username" in fields,
            "text": text,
            "visible": path.suffix == "._comment",
            "url": f"{self.base_url}/posts/{path.parent.name}/",
        } for (path, fields), text in zip(comments, texts, strict=True)]
        return sorted(out, key=lambda c: (c["url"], c["published"]))

    def posts(self) -> dict[str, dict]:
        """Each post's URL and its title, author and date (UTC) from its [[!meta]]."""
        return {f"{self.base_url}/posts/{slug}/": {
            "title": title, "author": author, "date": date.replace(" ", "T") + "Z"}
            for slug, (title, author, date, _) in POSTS.items()}

    def requests(self, agent: str = "") -> list[str]:
        """The request lines lighttpd logged ("GET /path?query HTTP/1.1") of clients whose
        User-Agent holds `agent`, up to now."""
        # lighttpd buffers its access log: a request of our own, once logged, shows that
        # everything before it is written too.
        self._marks += 1
        mark = f"/?access-log-mark={self._marks}"
        with urllib.request.urlopen(self.base_url + mark, timeout=30) as response:
            response.read()
        deadline = time.monotonic() + 30
        while True:
            text = self.access_log.read_text(encoding="utf-8", errors="replace") \
                if self.access_log.exists() else ""
            if f"GET {mark} " in text:
                break
            if time.monotonic() > deadline:
                raise RuntimeError("lighttpd did not write its access log")
            time.sleep(0.2)
        lines = [line.split("\t", 1) for line in text.splitlines() if "\t" in line]
        return [request for request, user_agent in lines
                if agent in user_agent and "access-log-mark=" not in request]

    def close(self) -> None:
        stop_group(self.server)
        self.server = None
        shutil.rmtree(self.root, ignore_errors=True)


def main() -> int:
    """Serve the blog until Ctrl-C, for a look by hand."""
    missing = missing_tools()
    if missing:
        print("missing: " + ", ".join(missing), file=sys.stderr)
        return 1
    with IkiwikiSite() as site:
        print(f"ikiwiki blog on {site.base_url}/ (Ctrl-C stops and deletes it)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            return 0


if __name__ == "__main__":
    sys.exit(main())
