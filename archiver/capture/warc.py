"""WARC files with warcio: writing request/response pairs, rotating, repairing, reading.

What is written for a response (a choice, also in docs/incremental.md): the body as it came
off the wire after transfer decoding, so a gzip-compressed body stays compressed and its
``Content-Encoding`` header stays true; ``Transfer-Encoding`` is dropped (the chunking is
already undone) and ``Content-Length`` is set to the stored body's length. Standard tools
(``warcio index``, ``warcio check``, pywb) read the records as they are.

A file being written ends in ``.open``; it is renamed when closed. A crawl killed mid-write
leaves an ``.open`` file whose last record may be cut: ``repair_open_files`` truncates it
after the last complete record and renames it.
"""

from __future__ import annotations

import io
import json
import os
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archiver import __version__
from archiver.normalize.dates import utc_now

SUFFIX = ".warc.gz"
OPEN_SUFFIX = SUFFIX + ".open"
_DROPPED_RESPONSE_HEADERS = {b"transfer-encoding", b"content-length"}


def warc_dir_for(db: str | Path) -> Path:
    """Where an archive's WARC files live: next to it, ``<stem>-warc/``."""
    db = Path(db)
    return db.with_name(db.stem + "-warc")


@dataclass
class Written:
    """Where a response record went: the file name (in the WARC folder) and its span."""

    warc_file: str
    offset: int
    length: int
    request_offset: int


class WarcFiles:
    """Appends request/response pairs to gzip WARC files under ``directory``, by size."""

    def __init__(self, directory: str | Path, prefix: str, max_size: int,
                 info: Mapping[str, Any] | None = None) -> None:
        self.directory = Path(directory)
        self.prefix = prefix
        self.max_size = max(max_size, 1)
        self.info = dict(info or {})
        self.stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        self.serial = 0
        self.name: str | None = None
        self.file: BinaryIO | None = None
        self.writer: WARCWriter | None = None

    def _open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.serial += 1
        # The pid keeps two crawls started in the same second apart (the lock makes that
        # rare, reparse into another archive does not take it).
        self.name = f"{self.prefix}-{self.stamp}-{os.getpid()}-{self.serial:05d}{SUFFIX}"
        self.file = open(self.directory / (self.name + ".open"), "wb")
        self.writer = WARCWriter(self.file, gzip=True)
        fields = {"software": f"archiver/{__version__} (warcio)",
                  "format": "WARC File Format 1.0"}
        fields.update({f"archiver-{k}": json.dumps(v) for k, v in self.info.items()})
        self.writer.write_record(self.writer.create_warcinfo_record(self.name, fields))
        self.file.flush()

    def write(self, *, url: str, method: str, request_headers: Sequence[tuple[bytes, bytes]],
              request_body: bytes, status: int, response_headers: Sequence[tuple[bytes, bytes]],
              body: bytes, fetched_at: str | None = None, protocol: str = "HTTP/1.1",
              truncated: str | None = None) -> Written:
        """Write one request/response pair and return where the response record is.

        ``truncated`` (a WARC-Truncated reason: "disconnect", "length", ...) marks a body
        that did not arrive whole; replay skips such records.
        """
        if self.file is None:
            self._open()
        assert self.file is not None and self.writer is not None and self.name is not None
        date = fetched_at or utc_now()
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = "Unknown"
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in response_headers
                   if k.lower() not in _DROPPED_RESPONSE_HEADERS]
        headers.append(("Content-Length", str(len(body))))
        http = StatusAndHeaders(f"{status} {reason}", headers, protocol=protocol)
        response = self.writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=http,
            warc_headers_dict={"WARC-Date": date,
                               **({"WARC-Truncated": truncated} if truncated else {})})
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        req_headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in request_headers]
        if not any(k.lower() == "host" for k, _ in req_headers):
            req_headers.insert(0, ("Host", parts.netloc))
        request = self.writer.create_warc_record(
            url, "request", payload=io.BytesIO(request_body),
            http_headers=StatusAndHeaders(f"{method} {target} {protocol}", req_headers,
                                          is_http_request=True),
            warc_headers_dict={"WARC-Date": date})
        request.rec_headers.add_header("WARC-Concurrent-To",
                                       response.rec_headers.get_header("WARC-Record-ID"))
        offset = self.file.tell()
        self.writer.write_record(response)
        request_offset = self.file.tell()
        self.writer.write_record(request)
        # Flushed per pair: a killed crawl loses at most the record being written.
        self.file.flush()
        written = Written(self.name, offset, request_offset - offset, request_offset)
        if self.file.tell() >= self.max_size:
            self.close()
        return written

    def close(self) -> None:
        if self.file is None:
            return
        self.file.close()
        assert self.name is not None
        os.replace(self.directory / (self.name + ".open"), self.directory / self.name)
        self.file = self.writer = None


def repair_open_files(directory: str | Path) -> list[str]:
    """Finish ``.open`` files a killed crawl left: cut a torn last record, rename."""
    repaired = []
    for path in sorted(Path(directory).glob("*" + OPEN_SUFFIX)):
        # One gzip member per record: the file is good up to the last member that ends.
        data = memoryview(path.read_bytes())
        good_end = position = 0
        while position < len(data):
            member = zlib.decompressobj(31)
            try:
                while not member.eof and position < len(data):
                    chunk = data[position:position + 65536]
                    member.decompress(chunk)
                    position += len(chunk)
            except zlib.error:
                break
            if not member.eof:
                break
            position -= len(member.unused_data)
            good_end = position
        with open(path, "r+b") as handle:
            handle.truncate(good_end)
        final = path.with_name(path.name[: -len(".open")])
        if good_end:
            os.replace(path, final)
            repaired.append(final.name)
        else:
            path.unlink()
    return repaired


@dataclass
class Stored:
    """A response read back from a WARC."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    date: str


def warc_files(directory: str | Path) -> list[Path]:
    """Finished WARC files, oldest first (names start with the crawl's timestamp)."""
    return sorted(Path(directory).glob("*" + SUFFIX), key=lambda p: p.name)


def iter_responses(directory: str | Path) -> Iterator[tuple[str, int, str, int, str]]:
    """(file name, offset, url, status, date) of every response record, in file order.

    Records marked WARC-Truncated are left out: their body is not the page it claims.
    """
    for path in warc_files(directory):
        with open(path, "rb") as handle:
            iterator = ArchiveIterator(handle)
            for record in iterator:
                if record.rec_type != "response" or record.http_headers is None or \
                        record.rec_headers.get_header("WARC-Truncated"):
                    continue
                offset = iterator.get_record_offset()
                yield (path.name, offset, record.rec_headers.get_header("WARC-Target-URI"),
                       int(record.http_headers.get_statuscode() or 0),
                       record.rec_headers.get_header("WARC-Date"))


def read_infos(directory: str | Path) -> list[dict[str, Any]]:
    """The ``archiver-*`` fields of each file's warcinfo record (start URLs, profile)."""
    infos = []
    for path in warc_files(directory):
        with open(path, "rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type == "warcinfo":
                    info: dict[str, Any] = {}
                    for line in record.content_stream().read().decode("utf-8").splitlines():
                        name, _, value = line.partition(":")
                        if name.startswith("archiver-"):
                            try:
                                info[name[len("archiver-"):]] = json.loads(value.strip())
                            except ValueError:
                                continue
                    infos.append(info)
                break
    return infos


def read_response(path: str | Path, offset: int) -> Stored:
    """The response record at ``offset``, its body decoded (gzip, chunked) by warcio."""
    with open(path, "rb") as handle:
        handle.seek(offset)
        record = next(iter(ArchiveIterator(handle)))
        body = record.content_stream().read()
        http = record.http_headers
        return Stored(
            url=record.rec_headers.get_header("WARC-Target-URI"),
            status=int(http.get_statuscode() or 0),
            headers=list(http.headers),
            body=body,
            date=record.rec_headers.get_header("WARC-Date"),
        )
