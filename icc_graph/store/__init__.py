"""Reading a release: the Store interface (``base``) and its implementations.

``embedded`` (the release's Oxigraph store on disk), ``remote`` (a SPARQL 1.1 store, through
``remote_client``), ``caching`` (answers reused within a release); ``factory.open_store`` picks
them from the settings; ``load`` puts a release into a remote store. The endpoint talks to
:class:`icc_graph.store.base.Store` only.
"""
