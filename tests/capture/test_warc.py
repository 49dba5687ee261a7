"""WARC files as archiver writes them: compressed bodies as received, rotation, repair."""

from __future__ import annotations

import gzip

from archiver.capture.replay import build_index
from archiver.capture.warc import (
    WarcFiles,
    iter_responses,
    read_infos,
    read_response,
    repair_open_files,
    warc_files,
)

URL = "http://127.0.0.1:8000/2024/05/post/"
HTML = b"<html><body><p>Reader comments.</p></body></html>"


def write_pair(files: WarcFiles, url: str = URL, status: int = 200, body: bytes = HTML,
               headers: list[tuple[bytes, bytes]] | None = None):
    return files.write(url=url, method="GET", request_headers=[(b"User-Agent", b"archiver")],
                       request_body=b"", status=status,
                       response_headers=headers or [(b"Content-Type", b"text/html")],
                       body=body, fetched_at="2024-05-01T12:00:00Z")


def test_a_gzip_body_is_kept_as_received_and_reads_back_decoded(tmp_path):
    files = WarcFiles(tmp_path, "site", 10_000_000, {"start-urls": [URL]})
    written = write_pair(files, body=gzip.compress(HTML), headers=[
        (b"Content-Type", b"text/html"), (b"Content-Encoding", b"gzip"),
        (b"Transfer-Encoding", b"chunked"), (b"Content-Length", b"999")])
    files.close()

    stored = read_response(tmp_path / written.warc_file, written.offset)
    assert stored.body == HTML
    names = [name.lower() for name, _ in stored.headers]
    assert "content-encoding" in names and "transfer-encoding" not in names
    length = dict((k.lower(), v) for k, v in stored.headers)["content-length"]
    assert int(length) == len(gzip.compress(HTML))
    assert read_infos(tmp_path) == [{"start-urls": [URL]}]


def test_files_rotate_by_size_and_the_index_keeps_the_latest_body(tmp_path):
    files = WarcFiles(tmp_path, "site", 1)  # every pair fills a file
    write_pair(files, body=b"<p>old</p>")
    write_pair(files, body=b"<p>new</p>")
    write_pair(files, status=304, body=b"")
    files.close()

    assert len(warc_files(tmp_path)) == 3
    assert [status for *_, status, _date in iter_responses(tmp_path)] == [200, 200, 304]
    name, offset = build_index(tmp_path)[URL]
    assert read_response(tmp_path / name, offset).body == b"<p>new</p>"


def test_a_file_cut_by_a_kill_is_truncated_after_its_last_whole_record(tmp_path):
    files = WarcFiles(tmp_path, "site", 10_000_000)
    write_pair(files, url=URL + "a/")
    last = write_pair(files, url=URL + "b/")
    assert files.file is not None
    files.file.close()  # killed: never renamed
    path = tmp_path / (last.warc_file + ".open")
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.truncate(size - 40)  # the last request record is torn

    assert repair_open_files(tmp_path) == [last.warc_file]
    assert not path.exists()
    urls = [url for _n, _o, url, _s, _d in iter_responses(tmp_path)]
    assert urls == [URL + "a/", URL + "b/"]
    assert (tmp_path / last.warc_file).stat().st_size == last.request_offset
