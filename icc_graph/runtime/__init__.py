"""What a server runs besides the web code: processes and their limits.

``query_runner`` (public queries in killable processes), ``query_check`` (the read-only gate, in
processes too), ``process_pool`` (the pool behind both), ``zygote`` (workers forked from one
in-memory copy), ``allocator`` (mimalloc for them) and ``file_release`` (``serve --data``: any
RDF file as a release).
"""
