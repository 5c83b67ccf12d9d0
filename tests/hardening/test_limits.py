"""Configurable limits: concurrent queries per client (429), result rows (signalled), query length
and request body size (413), bracket depth (403)."""
from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time

import pytest
from werkzeug.exceptions import TooManyRequests

from endpoint import create_app
from endpoint.limits import ClientLimiter
from tests.small_release import BASE, make_release

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    dist = tmp_path_factory.mktemp("dist")
    make_release(dist, extra_triples=300)
    application = create_app({"DIST_DIR": str(dist), "BASE_IRI": BASE, "TESTING": True, "QUERY_TIMEOUT": 1.5,
                              "CLIENT_QUERIES": 1, "RETRY_AFTER": 3, "RESULT_ROW_LIMIT": 50,
                              "MAX_QUERY_LENGTH": 2000, "MAX_QUERY_DEPTH": 20, "MAX_CONTENT_LENGTH": 10_000})
    yield application
    application.extensions["icc_store"].close()


def ask(app, address: str, query: str = "ASK { ?s ?p ?o }"):
    return app.test_client().get("/sparql", query_string={"query": query}, environ_base={"REMOTE_ADDR": address})


def test_one_client_past_its_share_gets_429_others_are_served(app):
    assert ask(app, "10.0.0.1").status_code == 200  # start the query processes first
    slow = {}
    thread = threading.Thread(target=lambda: slow.setdefault("response", ask(app, "10.0.0.1", SLOW)))
    thread.start()
    time.sleep(0.3)
    refused = ask(app, "10.0.0.1")
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "3"
    assert "at once" in refused.get_data(as_text=True)
    assert ask(app, "10.0.0.2").status_code == 200  # another client is not held back
    thread.join(10)
    assert slow["response"].status_code == 503
    assert ask(app, "10.0.0.1").status_code == 200  # the slot is given back, even after a timeout


def test_server_workers_sharing_a_slot_directory_count_a_client_together(tmp_path):
    first, second = ClientLimiter(2, 1, tmp_path), ClientLimiter(2, 1, tmp_path)  # two workers' views
    with first.slot("10.0.0.1"), second.slot("10.0.0.1"):
        with pytest.raises(TooManyRequests):
            with first.slot("10.0.0.1"):
                pass
        with second.slot("10.0.0.2"):  # another client has its own slots
            pass
    with first.slot("10.0.0.1"), first.slot("10.0.0.1"):  # both given back
        pass


def test_a_slot_held_by_a_killed_process_is_free_again(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from endpoint.limits import ClientLimiter\n"
        f"limiter = ClientLimiter(1, 1, {str(tmp_path)!r})\n"
        "with limiter.slot('10.0.0.9'):\n    print('held', flush=True); time.sleep(60)")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        limiter = ClientLimiter(1, 1, tmp_path)
        with pytest.raises(TooManyRequests):
            with limiter.slot("10.0.0.9"):
                pass
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
        holder.stdout.close()
    with limiter.slot("10.0.0.9"):  # the kernel dropped the dead process's lock
        pass


def test_slot_is_given_back_after_an_error(app):
    for _ in range(3):
        assert ask(app, "10.0.0.3", "SELECT * WHERE {").status_code == 400
    assert ask(app, "10.0.0.3").status_code == 200


def test_row_limit_is_signalled(app):
    response = ask(app, "10.0.0.4", "SELECT * WHERE { ?s ?p ?o }")
    assert response.status_code == 200
    assert response.headers["ICC-Row-Limit"] == "50" and response.headers["ICC-Truncated"] == "true"
    assert len(response.get_json()["results"]["bindings"]) == 50
    assert "truncated" in response.headers["Warning"]


def test_query_length_and_body_size_and_depth(app):
    client = app.test_client()
    long_query = "ASK {} #" + "x" * 2000
    assert client.get("/sparql", query_string={"query": long_query}).status_code == 413
    assert client.post("/sparql", data={"query": "ASK {} #" + "x" * 20_000}).status_code == 413
    assert client.post("/sparql", data=b"ASK {}" + b" " * 20_000,
                       headers={"Content-Type": "application/sparql-query"}).status_code == 413
    deep = client.get("/sparql", query_string={"query": "ASK " + "{" * 21 + "}" * 21})
    assert deep.status_code == 403 and "20 levels" in deep.get_data(as_text=True)
    assert client.get("/sparql", query_string={"query": "ASK " + "{" * 20 + "}" * 20}).status_code == 200


def test_the_results_page_runs_under_the_same_limits(app):
    """A browser's query link goes through the same slot, timeout, row cap and length limit."""
    def page(address: str, query: str):
        return app.test_client().get("/sparql", query_string={"query": query}, headers={"Accept": "text/html"},
                                     environ_base={"REMOTE_ADDR": address})

    capped = page("10.0.2.1", "SELECT * WHERE { ?s ?p ?o }")
    assert capped.status_code == 200 and capped.headers["ICC-Truncated"] == "true"
    assert capped.get_data(as_text=True).count("<tr>") == 50 + 1  # the header row, then 50 rows
    assert "The answer was cut at 50 rows" in capped.get_data(as_text=True)
    slow = {}
    thread = threading.Thread(target=lambda: slow.setdefault("response", page("10.0.2.2", SLOW)))
    thread.start()
    time.sleep(0.3)
    refused = page("10.0.2.2", "ASK { ?s ?p ?o }")
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "3"
    assert "at once" in refused.get_data(as_text=True) and refused.mimetype == "text/html"
    thread.join(10)
    assert slow["response"].status_code == 503 and slow["response"].headers["Retry-After"]
    assert "time limit" in slow["response"].get_data(as_text=True)
    too_long = page("10.0.2.3", "ASK {} #" + "x" * 2000)
    assert too_long.status_code == 413 and "longer than 2000 characters" in too_long.get_data(as_text=True)


def test_limits_are_in_the_openapi_description(app):
    description = app.test_client().get("/openapi.json").get_json()
    parameter = next(p for p in description["paths"]["/sparql"]["get"]["parameters"] if p["name"] == "query")
    assert parameter["schema"]["maxLength"] == 2000
    assert "429" in description["paths"]["/sparql"]["get"]["responses"]


def test_the_live_server_counts_a_client_across_its_workers(built_dist):
    """Two gunicorn workers, one query at a time per client: while a slow query runs, new
    connections from the same address get 429 whichever worker accepts them."""
    import requests

    from tests.hardening.conftest import live_server

    with live_server(built_dist, timeout=3.0, workers=2, threads=4, env={"ICC_CLIENT_QUERIES": "1"}) as (url, _):
        slow = {}
        thread = threading.Thread(target=lambda: slow.setdefault("response", requests.get(
            url + "/sparql", params={"query": SLOW}, headers={"Accept": "text/csv"}, timeout=30)))
        thread.start()
        time.sleep(1.0)
        statuses = [requests.get(url + "/sparql", params={"query": "ASK {}"}, headers={"Connection": "close"},
                                 timeout=30).status_code for _ in range(8)]
        thread.join(30)
        assert statuses == [429] * 8
        assert slow["response"].status_code == 503
        assert requests.get(url + "/sparql", params={"query": "ASK {}"}, timeout=30).status_code == 200
