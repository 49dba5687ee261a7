"""Raw capture: every response archiver fetches, kept in WARC files, and replayed from them.

``warc`` writes request/response records (gzip per record, rotated by size) and reads them
back; ``middleware.CaptureMiddleware`` records each response during a crawl (WARC records
plus a row in ``captures``); ``replay.WarcReplayMiddleware`` answers requests from the
WARCs, so ``archiver reparse`` re-extracts an archive without the network.
"""
