"""archiver's tests. A regular package, so that `tests.helpers` and friends are found here
even when an installed distribution ships a top-level `tests` package of its own (Mezzanine's
filebrowser-safe does, and a regular package anywhere on the path beats a namespace one)."""
