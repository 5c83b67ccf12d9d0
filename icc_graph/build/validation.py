"""SHACL validation: violations are data, broken shapes are exceptions.

``validate`` runs pyshacl (SHACL Core + SHACL-SPARQL, no inference) and turns
its results graph into plain ``Violation`` values that say which node, which
field and why, so a person can act on them.

On a machine with several cores the shapes that have targets are split into
groups of about equal work, and each group is validated in a forked process
that shares the parsed graph. Every top-level shape is validated on the whole
graph, exactly as in one process, so the results are the same: only the work
is divided.
"""
from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import pyshacl
import pyshacl.constraints as pyshacl_constraints
import pyshacl.shape as pyshacl_shape
import rdflib.plugins.sparql.processor as sparql_processor
from pyshacl.errors import ReportableRuntimeError
from pyshacl.graph_abstraction import DataGraph
from pyshacl.shapes_graph import ShapesGraph
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import ShapesError
from ..namespaces import SH, bind_prefixes
from .sources import parse_turtle_file, source_files

SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}


@dataclass(frozen=True)
class Violation:
    focus: Node
    path: Node | None
    message: str
    severity: URIRef
    value: Node | None = None
    source_shape: Node | None = None

    @property
    def is_violation(self) -> bool:
        return self.severity == SH.Violation


@dataclass
class ValidationReport:
    results: list[Violation]
    graph: Graph  # the SHACL results graph, as pyshacl gave it

    @property
    def violations(self) -> list[Violation]:
        """The results that stop a build (warnings and infos do not)."""
        return [r for r in self.results if r.is_violation]

    @property
    def warnings(self) -> list[Violation]:
        return [r for r in self.results if not r.is_violation]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def text(self, files_of=None, namespace_manager=None) -> str:
        """One readable line per result: file, focus node, path, message (and the value)."""
        nm = namespace_manager or self.graph.namespace_manager

        def show(node: Node | None) -> str:
            if node is None:
                return "-"
            if isinstance(node, URIRef):
                try:
                    return node.n3(nm)
                except Exception:  # an IRI rdflib cannot shorten
                    return f"<{node}>"
            return node.n3()

        lines = []
        for r in self.results:
            where = ", ".join(str(f) for f in (files_of(r.focus) if files_of else [])) or "(no source file)"
            level = show(r.severity).split(":")[-1]
            value = f" (value: {show(r.value)})" if r.value is not None and r.value != r.focus else ""
            lines.append(f"{level}: {where}: node {show(r.focus)}, field {show(r.path)}: {r.message}{value}")
        return "\n".join(lines)


def load_shapes(shapes_dir: Path, base_iri: str) -> Graph:
    """Every shapes file under *shapes_dir*, parsed against *base_iri*."""
    shapes = bind_prefixes(Graph(), base_iri)
    for path in source_files(shapes_dir):
        shapes += parse_turtle_file(path, base_iri)
    if not shapes:
        raise ShapesError(f"no SHACL shapes found in {shapes_dir}")
    return shapes


def validate(data_graph: Graph, shapes_graph: Graph, ontology_graph: Graph | None = None,
             workers: int | None = None) -> ValidationReport:
    """Validate *data_graph*; the ontology (if given) is mixed in for class hierarchies.

    *workers* caps the processes (default: the usable cores); the report does not depend on it.
    """
    count = _usable_workers(workers) if ontology_graph is None else 1
    groups = shape_groups(data_graph, shapes_graph) if count > 1 else []
    if len(groups) > 1:
        return validate_in_groups(data_graph, shapes_graph, groups, count)
    results_graph = _run_pyshacl(data_graph, shapes_graph)
    return ValidationReport(_results(results_graph), results_graph)


def _run_pyshacl(data_graph: Graph, shapes_graph: Graph) -> Graph:
    try:
        with _parsed_once(), _shape_lookups_cached():
            _, results_graph, _ = pyshacl.validate(
                data_graph,
                shacl_graph=_context_free(shapes_graph),
                inference="none",
                advanced=True,  # SHACL-SPARQL constraints and targets
                allow_warnings=True,
                abort_on_first=False,
                # Without rules (sh:rule) pyshacl only reads the data graph: no copy of it is needed.
                inplace=(None, SH.rule, None) not in shapes_graph,
            )
    except ReportableRuntimeError as exc:
        raise ShapesError(f"the shapes cannot be applied: {exc}") from exc
    return _with_prefixes_of(shapes_graph, results_graph)


def _with_prefixes_of(shapes_graph: Graph, report: Graph) -> Graph:
    """*report* with the shapes' prefixes winning over rdflib's defaults (its own ``geo:`` is
    GeoSPARQL's; the project's is WGS84), so a report reads the same from every path."""
    for prefix, namespace in shapes_graph.namespace_manager.namespaces():
        report.namespace_manager.bind(prefix, namespace, override=True, replace=True)
    return report


def _context_free(graph: Graph) -> Graph:
    """A copy of *graph* in rdflib's context-free store: pyshacl looks shapes up there for every
    focus node, and the default store's per-triple context bookkeeping cost ~8% of validation."""
    copy = Graph(store="SimpleMemory")
    for prefix, namespace in graph.namespace_manager.namespaces():
        copy.bind(prefix, namespace)
    for triple in graph:
        copy.add(triple)
    return copy


def _usable_workers(workers: int | None) -> int:
    """Processes to validate with: one unless forking is available and safe (no other threads)."""
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1  # forking a process with threads can deadlock the child
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(workers or cores, cores))


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf, SH.target)


def shape_groups(data_graph: Graph, shapes_graph: Graph) -> list[list[Node]]:
    """The shapes that have targets, one group each, the most work (estimated) first.

    Empty when the targets cannot be split by removing target triples (a shape that is
    also a class): the caller then validates in one process. A SPARQL-based target is
    not run here (it is one query, done in the child): its shape counts as little work.
    """
    shapes = ShapesGraph(shapes_graph)
    data = DataGraph.from_rdflib(data_graph)
    work: dict[Node, int] = {}
    for shape in shapes.shapes:
        if shape.implicit_class_targets():
            return []  # implicit targets: leave them to pyshacl in one process
        constraints = 1 + sum(1 for _ in shapes_graph.objects(shape.node, SH.property))
        if any(shapes_graph.objects(shape.node, SH.target)):
            work[shape.node] = constraints
            continue
        if not any(next(iter(found), None) is not None for found in shape.target()):
            continue  # validated only through the shapes that point to it
        work[shape.node] = len(shape.focus_nodes(data)) * constraints
    return [[node] for node in sorted(work, key=lambda n: (-work[n], str(n)))]


_SHARED: tuple[Graph, Graph] | None = None  # set just before forking: the children inherit the parsed graphs


def validate_in_groups(data_graph: Graph, shapes_graph: Graph, groups: list[list[Node]],
                       workers: int = 2) -> ValidationReport:
    """Validate each group of shapes in forked processes (the next group to a free one); merge the results."""
    global _SHARED
    _SHARED = (data_graph, shapes_graph)
    try:
        with multiprocessing.get_context("fork").Pool(max(1, min(workers, len(groups)))) as pool:
            parts = list(pool.imap_unordered(_validate_group, groups, chunksize=1))
    finally:
        _SHARED = None
    results = [violation for found, _ in parts for violation in found]
    return ValidationReport(_sorted(results), _merged_report_graph(shapes_graph, [nt for _, nt in parts]))


def _validate_group(group: list[Node]) -> tuple[list[Violation], bytes]:
    """Validate the whole graph against the whole shapes graph, with targets kept only on *group*.

    The other shapes stay in place (a group's shapes may point to them), but without targets
    they have no focus nodes of their own. The child's copies of the graphs are its own, so
    the data is validated in place; the targets taken away are put back for the next group.
    """
    data_graph, shapes_graph = _SHARED
    keep = set(group)
    removed = [triple for predicate in _TARGETS for triple in shapes_graph.triples((None, predicate, None))
               if triple[0] not in keep]
    for triple in removed:
        shapes_graph.remove(triple)
    try:
        results_graph = _run_pyshacl(data_graph, shapes_graph)
    finally:
        for triple in removed:
            shapes_graph.add(triple)
    return _results(results_graph), results_graph.serialize(format="nt", encoding="utf-8")


def _merged_report_graph(shapes_graph: Graph, parts: list[bytes]) -> Graph:
    """One sh:ValidationReport holding every group's results, with pyshacl's prefixes."""
    merged = _with_prefixes_of(shapes_graph, Graph(bind_namespaces="core"))
    for part in parts:
        merged.parse(data=part, format="nt")  # blank nodes stay apart between parts
    report, conforms = BNode(), True
    for old in list(merged.subjects(RDF.type, SH.ValidationReport)):
        conforms = conforms and merged.value(old, SH.conforms).toPython() is True
        for result in merged.objects(old, SH.result):
            merged.add((report, SH.result, result))
        merged.remove((old, None, None))
    merged.add((report, RDF.type, SH.ValidationReport))
    merged.add((report, SH.conforms, Literal(conforms)))
    return merged


@contextlib.contextmanager
def _parsed_once():
    """Parse each SHACL-SPARQL query once instead of once per focus node.

    pyshacl hands rdflib the same query text for every focus node (binding $this
    separately), and rdflib parses and translates it every time: over 90% of the
    validation time on a 200-practice graph (48 s -> 2 s with this). A translated
    query is reusable with other bindings, which is what rdflib's prepareQuery is for.
    """
    parse, translate = sparql_processor.parseQuery, sparql_processor.translateQuery

    @functools.lru_cache(maxsize=1024)
    def prepared(text, base, namespaces):
        return translate(parse(text), base, dict(namespaces) if namespaces else None)

    def translate_cached(text, base=None, initNs=None):  # noqa: N803 - rdflib's parameter name
        return prepared(text, base, tuple(sorted(initNs.items())) if initNs else None)

    sparql_processor.parseQuery = lambda text: text  # the text itself is the cache key
    sparql_processor.translateQuery = translate_cached
    try:
        yield
    finally:
        sparql_processor.parseQuery, sparql_processor.translateQuery = parse, translate


class _Parameters(list):
    """pyshacl's list of constraint parameters, with a hashed membership test.

    pyshacl checks every predicate of a shape against this list (about 40 IRIs compared one by
    one) each time it enters the shape, i.e. for every focus node; copies stay of this class.
    """

    def __init__(self, items=()):
        super().__init__(items)
        self._members = set(self)

    def copy(self):
        return _Parameters(self)

    def append(self, item):
        super().append(item)
        self._members.add(item)

    def __contains__(self, item):
        return item in self._members


@contextlib.contextmanager
def _shape_lookups_cached():
    """Look up once per shape what pyshacl otherwise looks up for every focus node.

    Which constraint parameters and which custom (SPARQL-based) components apply to a shape
    depends on the shapes graph only, which does not change during a validation. Cached, they
    took 20% off the validation time of 1,000 generated practices. If pyshacl's internals are
    not the ones this was written for, nothing is changed.
    """
    original_params = getattr(pyshacl_shape, "CONSTRAINT_PARAMS", None)
    original_find = getattr(pyshacl_shape.Shape, "find_custom_constraints", None)
    if original_find is None or not isinstance(getattr(pyshacl_constraints, "ALL_CONSTRAINT_PARAMETERS", None), list):
        yield
        return
    found: dict = {}

    def find_custom_constraints(shape):
        if shape not in found:
            found[shape] = original_find(shape)
        return found[shape]

    pyshacl_shape.CONSTRAINT_PARAMS = (_Parameters(pyshacl_constraints.ALL_CONSTRAINT_PARAMETERS),
                                       pyshacl_constraints.CONSTRAINT_PARAMETERS_MAP)
    pyshacl_shape.Shape.find_custom_constraints = find_custom_constraints
    try:
        yield
    finally:
        pyshacl_shape.Shape.find_custom_constraints = original_find
        if original_params is None:
            del pyshacl_shape.CONSTRAINT_PARAMS
        else:
            pyshacl_shape.CONSTRAINT_PARAMS = original_params


def _results(results_graph: Graph) -> list[Violation]:
    found = []
    # Only the report's own results: nested sh:detail results would repeat an sh:node failure.
    for result in results_graph.objects(None, SH.result):
        message = results_graph.value(result, SH.resultMessage)
        found.append(Violation(
            focus=results_graph.value(result, SH.focusNode),
            path=results_graph.value(result, SH.resultPath),
            message=str(message) if isinstance(message, Literal) else "constraint not satisfied",
            severity=results_graph.value(result, SH.resultSeverity) or SH.Violation,
            value=results_graph.value(result, SH.value),
            source_shape=results_graph.value(result, SH.sourceShape),
        ))
    return _sorted(found)


def _sorted(found: list[Violation]) -> list[Violation]:
    """Stable order: severity, then focus node, path, message and value."""
    return sorted(found, key=lambda r: (SEVERITY_ORDER.get(r.severity, 9), str(r.focus), str(r.path), r.message,
                                        "" if r.value is None else r.value.n3()))
