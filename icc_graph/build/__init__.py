"""The build: source records -> one graph -> SHACL gate -> a release on disk (docs/release.md).

``sources`` reads the Turtle files, ``validation`` runs the shapes, ``metadata`` describes the
release (VoID, DCAT-AP), ``serialise`` writes the dumps byte for byte the same every time, and
``pipeline`` runs them in order and hands the staged release to :mod:`icc_graph.release`.
"""
