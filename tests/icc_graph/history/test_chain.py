"""A history of releases: each a version of the one before, its changes and activities, the
catalogue's versions; the same data again publishes nothing."""
from __future__ import annotations

import hashlib
import json

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, XSD

from icc_graph import cli
from icc_graph.errors import PublishError
from icc_graph.history import versions
from icc_graph.release import ACTIVITIES, CATALOG, CHANGES, CURRENT, HISTORY, RELEASE_JSON, VERSIONS
from tests.history_chain import BASE, DATA, PRACTICE, STEPS, TROMSO, publish, publish_chain

ADMS = Namespace("http://www.w3.org/ns/adms#")
DCAT3 = Namespace(str(DCAT))  # rdflib's DCAT lacks DCAT 3's versioning terms
SPDX = Namespace("http://spdx.org/rdf/terms#")


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    dist = tmp_path_factory.mktemp("history")
    return dist, publish_chain(dist)


def read(dist, release, name):
    return json.loads((dist / "releases" / release / name).read_text()) if name.endswith(".json") else \
        (dist / "releases" / release / name).read_bytes()


def test_each_release_follows_the_one_before(chain):
    dist, releases = chain
    ids = [r.id for r in releases]
    assert len(set(ids)) == 4 and (dist / CURRENT).resolve().name == ids[-1]
    for before, release, (when, _) in zip([None, *ids], ids, STEPS):
        meta = read(dist, release, RELEASE_JSON)
        assert (meta["previous"], meta["issued"]) == (before, when)
    history = read(dist, ids[-1], HISTORY)["releases"]
    assert [(e["release"], e["previous"]) for e in history] == list(zip(ids, [None, *ids[:-1]]))
    assert history[-1]["changes"] == {"triples": {"added": 0, "removed": 5},
                                      "resources": {"created": 0, "updated": 0, "deleted": 1}}


def test_the_same_data_again_publishes_nothing(chain):
    dist, releases = chain
    before = {p.name: p.stat().st_mtime_ns for p in (dist / "releases").iterdir()}
    again = publish(dist, STEPS[-1][1], "2026-05-01T00:00:00Z")
    assert again.id == releases[-1].id
    assert {p.name: p.stat().st_mtime_ns for p in (dist / "releases").iterdir()} == before
    assert len(read(dist, again.id, ACTIVITIES).splitlines()) == 4


def test_the_same_data_after_a_change_is_a_new_version(tmp_path):
    first = publish(tmp_path, DATA, "2026-01-01T00:00:00Z")
    publish(tmp_path, DATA + TROMSO, "2026-01-02T00:00:00Z")
    back = publish(tmp_path, DATA, "2026-01-03T00:00:00Z")
    assert back.id != first.id
    assert read(tmp_path, back.id, CHANGES)["resources"]["deleted"] == {f"{BASE}/ontology#Practice": 1}


def test_a_release_from_before_histories_starts_one(tmp_path):
    old = publish(tmp_path, DATA, "2026-01-01T00:00:00Z")
    for name in (HISTORY, VERSIONS, ACTIVITIES):  # as a release built before histories existed
        (old.path / name).unlink()
    new = publish(tmp_path, DATA, "2026-01-02T00:00:00Z")
    assert new.id != old.id and (tmp_path / CURRENT).resolve().name == new.id
    assert [json.loads(line)["type"] for line in read(tmp_path, new.id, ACTIVITIES).splitlines()] == ["Refresh"]
    assert not (old.path / HISTORY).exists()  # the old directory was left as it was


def test_a_history_is_deterministic(chain, tmp_path):
    dist, releases = chain
    publish_chain(tmp_path)
    for release in releases:
        ours, theirs = dist / "releases" / release.id, tmp_path / "releases" / release.id
        names = sorted(p.name for p in ours.iterdir() if p.is_file())
        assert names == sorted(p.name for p in theirs.iterdir() if p.is_file())
        assert all((ours / n).read_bytes() == (theirs / n).read_bytes() for n in names), release.id


def test_changes_and_activities(chain):
    dist, releases = chain
    added, changed, removed = (read(dist, r.id, CHANGES) for r in releases[1:])
    assert [(c["resource"], c["change"]) for c in added["changed"]] == [(f"{PRACTICE}/tromso-library", "created")]
    assert [(c["resource"], c["change"]) for c in changed["changed"]] == [(f"{PRACTICE}/oslo-council", "updated")]
    assert changed["properties"] == {"http://purl.org/dc/terms/title": {"added": 1, "removed": 1}}
    assert [(c["resource"], c["change"]) for c in removed["changed"]] == [(f"{PRACTICE}/bergen-school", "deleted")]
    activities = [json.loads(line) for line in read(dist, releases[-1].id, ACTIVITIES).splitlines()]
    assert [(a["type"], a["object"]["id"].rsplit("/", 1)[-1], a["context"].rsplit("/", 1)[-1], a["endTime"])
            for a in activities] == [
        ("Refresh", "dataset", releases[0].id, STEPS[0][0]), ("Create", "tromso-library", releases[1].id, STEPS[1][0]),
        ("Update", "oslo-council", releases[2].id, STEPS[2][0]), ("Delete", "bergen-school", releases[3].id, STEPS[3][0])]
    # a release's activities extend its predecessor's, never rewrite them
    earlier = read(dist, releases[2].id, ACTIVITIES)
    assert read(dist, releases[3].id, ACTIVITIES).startswith(earlier)


def test_versions_of_each_document(chain):
    dist, releases = chain
    found = read(dist, releases[-1].id, VERSIONS)["resources"]
    ids = [r.id for r in releases]
    assert found[f"{PRACTICE}/oslo-council"]["changed"] == [ids[0], ids[2]]
    assert found[f"{PRACTICE}/bergen-school"] == {"sha256": None, "changed": [ids[0], ids[3]], "deleted": [ids[3]]}
    assert found[f"{PRACTICE}/tromso-library"]["changed"] == [ids[1]]


def test_the_catalogue_describes_every_release_as_a_version(chain):
    dist, releases = chain
    catalog = Graph().parse(dist / CURRENT / CATALOG)
    dataset = URIRef(f"{BASE}/dataset")
    iri = {r.id: URIRef(f"{BASE}/releases/{r.id}") for r in releases}
    assert catalog.value(dataset, DCAT3.hasCurrentVersion) == iri[releases[-1].id]
    assert set(catalog.objects(dataset, DCAT3.hasVersion)) == set(iri.values())
    for before, release, (when, _) in zip([None, *releases], releases, STEPS):
        version = iri[release.id]
        assert catalog.value(version, DCAT3.previousVersion) == (iri[before.id] if before else None)
        assert catalog.value(version, DCTERMS.issued) == Literal(when, datatype=XSD.dateTime)
        assert catalog.value(version, DCAT3.version) == Literal(release.id)
        assert {n.language for n in catalog.objects(version, ADMS.versionNotes)} == {"en", "fr"}
        # what each version covers, kept in its history entry (DCAT-AP recommends both)
        assert set(catalog.objects(version, DCTERMS.spatial)) == {
            URIRef("http://publications.europa.eu/resource/authority/country/NOR")}
        period = catalog.value(version, DCTERMS.temporal)
        assert period == URIRef(f"{version}#period")
        assert (catalog.value(period, DCAT.startDate), catalog.value(period, DCAT.endDate)) == (
            Literal("2019", datatype=XSD.gYear), Literal("2019", datatype=XSD.gYear))
        downloads = list(catalog.objects(version, DCAT.distribution))
        assert len(downloads) == 3
        for dist_node in downloads:
            url = str(catalog.value(dist_node, DCAT.downloadURL))
            assert url.startswith(f"{iri[release.id]}/")
            digest = catalog.value(catalog.value(dist_node, SPDX.checksum), SPDX.checksumValue)
            path = dist / "releases" / release.id / url.rsplit("/", 1)[-1]
            assert str(digest) == hashlib.sha256(path.read_bytes()).hexdigest()
    feed = URIRef(f"{BASE}/dataset#dist-changes")
    assert (dataset, DCAT.distribution, feed) in catalog and catalog.value(feed, DCAT.accessURL) == URIRef(
        f"{BASE}/changes")
    assert (feed, RDF.type, DCAT.Distribution) in catalog


def test_old_releases_are_pruned_to_the_setting(tmp_path):
    releases = publish_chain(tmp_path, keep=2)
    assert sorted(p.name for p in (tmp_path / "releases").iterdir()) == sorted(r.id for r in releases[-2:])


def test_diff_command_prints_the_build_summary(chain, capsys):
    dist, releases = chain
    assert cli.main(["--dist", str(dist), "diff", releases[1].id, releases[2].id]) == cli.EXIT_OK
    assert json.loads(capsys.readouterr().out) == read(dist, releases[2].id, CHANGES)
    assert cli.main(["--dist", str(dist), "diff", releases[0].id, str(dist / "releases" / releases[0].id),
                     "--triples"]) == cli.EXIT_OK
    assert capsys.readouterr().out == ""
    assert cli.main(["--dist", str(dist), "diff", releases[0].id, "nope"]) == cli.EXIT_USAGE
    assert "no release 'nope'" in capsys.readouterr().err


def test_issue_times_come_from_settings_or_data_never_the_clock():
    assert versions.issue_time("2026-03-01T12:00:00+01:00", None, None, {}) == "2026-03-01T11:00:00Z"
    assert versions.issue_time(None, None, None, {"SOURCE_DATE_EPOCH": "1764547200"}) == "2025-12-01T00:00:00Z"
    assert versions.issue_time(None, "2026-11-27", None, {}) == "2026-11-27T00:00:00Z"
    # never at or before the release it follows
    assert versions.issue_time(None, "2026-11-27", "2026-11-27T00:00:00Z", {}) == "2026-11-27T00:00:01Z"
    with pytest.raises(PublishError, match="RELEASE_TIME"):
        versions.issue_time("last tuesday", None, None, {})


def test_the_ontology_version_changes_with_the_ontology_only(tmp_path):
    owl = Namespace("http://www.w3.org/2002/07/owl#")
    ontology = URIRef(f"{BASE}/ontology")
    more = DATA + '\nicc:Practice rdfs:comment "A good practice."@en .\n'
    first, same, changed = (publish(tmp_path, data, when) for data, when in (
        (DATA, "2026-01-01T00:00:00Z"), (DATA + TROMSO, "2026-01-02T00:00:00Z"), (more + TROMSO, "2026-01-03T00:00:00Z")))

    def versions_in(release):
        dump = Graph().parse(release.path / "icc-graph.ttl")
        return dump.value(ontology, owl.versionIRI), dump.value(ontology, owl.priorVersion)
    first_iri = URIRef(f"{BASE}/releases/{first.id}/ontology")
    assert versions_in(first) == (first_iri, None)
    assert versions_in(same) == (first_iri, None)
    assert versions_in(changed) == (URIRef(f"{BASE}/releases/{changed.id}/ontology"), first_iri)
    assert read(tmp_path, changed.id, CHANGES)["changed"][0]["resource"] == str(ontology)
