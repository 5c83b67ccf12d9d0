"""Practices sent in through ``/submit``: the draft record a submission becomes (``draft``), the inbox
that keeps drafts until a curator decides (``inbox``), and ``icc-graph submissions`` (``command``)."""
