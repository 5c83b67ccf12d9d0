"""The full-text search of a release (docs/search.md).

The build and ``serve --data``'s loader write a tantivy index into the release directory
(``release.SEARCH_DIR``) from the release's store (:mod:`.writer`); the web layer reads it
(:mod:`.reader`): ``/search``, the OpenSearch suggestions and the reconciliation service
(:mod:`.reconcile`). :mod:`.fields` is the schema and the text analysis both sides share;
:mod:`.entries` says what of the graph is indexed.
"""
