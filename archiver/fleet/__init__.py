"""The fleet: many sites, each crawled by one worker at a time, merged into one archive.

A scheduler (``schedule``) enqueues the sites that are due as Dramatiq messages on Redis;
workers (``worker``) run one site job at a time, each a ``archiver crawl`` subprocess into
its own output folder under the shared location, holding the site's lock in Redis; the
ingester (``ingest``) merges finished outputs into the central archive, once each. The
design, its failure semantics and its deployment are in docs/scale-out.md.
"""
