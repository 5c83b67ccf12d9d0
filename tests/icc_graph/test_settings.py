"""icc_graph.settings: defaults < ICC_* environment < overrides."""
from __future__ import annotations

from pathlib import Path

import pytest

from icc_graph import settings
from icc_graph.settings import (
    Defaults,
    default_data_cache,
    defaults,
    from_environment,
    load,
    value,
)

NO_ENV: dict[str, str] = {"XDG_CACHE_HOME": "/xdg"}  # no ICC_* at all


def test_defaults_hold_every_setting():
    values = defaults()
    assert set(values) == set(settings.NAMES)
    assert all(name.isupper() for name in values)
    assert values["PORT"] == Defaults.PORT and values["BASE_IRI"] == Defaults.BASE_IRI
    assert "ENV_PREFIX" not in values and "defaults" not in values


def test_load_without_environment_or_overrides_gives_the_defaults():
    loaded = load(environ=NO_ENV)
    expected = {**defaults(), "DATA_CACHE": str(Path("/xdg") / "icc-graph" / "data")}
    assert loaded == expected


def test_environment_values_are_json_when_they_parse():
    environ = {"ICC_PORT": "9000", "ICC_MEMORY_STORE": "true", "ICC_QUERY_TIMEOUT": "2.5",
               "ICC_CLIENT_SLOTS_DIR": "null", "ICC_HOST": "0.0.0.0", "ICC_STORE": "http://oxigraph:7878/query",
               "ICC_ALLOCATOR": "system", "ICC_DIST_DIR": '"quoted"', "ICC_EMPTY": ""}
    found = from_environment(environ)
    assert found["PORT"] == 9000 and type(found["PORT"]) is int
    assert found["MEMORY_STORE"] is True
    assert found["QUERY_TIMEOUT"] == 2.5
    assert found["CLIENT_SLOTS_DIR"] is None
    assert found["HOST"] == "0.0.0.0"  # not JSON: the string
    assert found["STORE"] == "http://oxigraph:7878/query"
    assert found["ALLOCATOR"] == "system"
    assert found["DIST_DIR"] == "quoted"  # a JSON string is decoded
    assert found["EMPTY"] == ""


def test_only_icc_variables_are_read_and_the_prefix_is_dropped():
    found = from_environment({"PORT": "1", "icc_PORT": "2", "ICC_PORT": "3", "XICC_HOST": "h", "HOME": "/root"})
    assert found == {"PORT": 3}


def test_from_environment_defaults_to_this_process(monkeypatch):
    monkeypatch.setenv("ICC_WORKERS", "7")
    assert from_environment()["WORKERS"] == 7
    assert load()["WORKERS"] == 7


def test_environment_beats_defaults_and_overrides_beat_environment():
    environ = {**NO_ENV, "ICC_PORT": "9000", "ICC_WORKERS": "5"}
    loaded = load({"PORT": 9100}, environ=environ)
    assert loaded["PORT"] == 9100       # override
    assert loaded["WORKERS"] == 5       # environment
    assert loaded["THREADS"] == Defaults.THREADS  # default


def test_none_overrides_are_skipped():
    environ = {**NO_ENV, "ICC_PORT": "9000"}
    loaded = load({"PORT": None, "HOST": None, "WORKERS": 0, "STORE": ""}, environ=environ)
    assert loaded["PORT"] == 9000
    assert loaded["HOST"] == Defaults.HOST
    assert loaded["WORKERS"] == 0   # a false value that is not None still overrides
    assert loaded["STORE"] == ""


@pytest.mark.parametrize("source", ["default", "environment", "override"])
def test_the_base_iri_is_normalised_wherever_it_comes_from(source):
    environ = dict(NO_ENV)
    overrides = {}
    if source == "environment":
        environ["ICC_BASE_IRI"] = "https://example.org/icc/"
    elif source == "override":
        overrides["BASE_IRI"] = "https://example.org/icc//"
    loaded = load(overrides, environ=environ)
    assert loaded["BASE_IRI"] == (Defaults.BASE_IRI if source == "default" else "https://example.org/icc")
    assert not loaded["BASE_IRI"].endswith("/")


def test_data_cache_follows_xdg_cache_home_of_the_given_environ():
    assert load(environ={"XDG_CACHE_HOME": "/var/cache/x"})["DATA_CACHE"] == str(
        Path("/var/cache/x") / "icc-graph" / "data")
    assert default_data_cache({"XDG_CACHE_HOME": "/c"}) == str(Path("/c") / "icc-graph" / "data")


def test_data_cache_without_xdg_cache_home_is_under_the_home_directory():
    expected = str(Path.home() / ".cache" / "icc-graph" / "data")
    assert default_data_cache({}) == expected
    assert default_data_cache({"XDG_CACHE_HOME": ""}) == expected
    assert load(environ={})["DATA_CACHE"] == expected


def test_an_explicit_data_cache_is_kept():
    assert load({"DATA_CACHE": "/somewhere"}, environ=NO_ENV)["DATA_CACHE"] == "/somewhere"
    assert load(environ={**NO_ENV, "ICC_DATA_CACHE": ""})["DATA_CACHE"] == ""  # "" = no cache


def test_load_does_not_change_the_defaults():
    before = defaults()
    loaded = load({"PORT": 1, "BASE_IRI": "http://x/"}, environ={**NO_ENV, "ICC_WORKERS": "9"})
    loaded["THREADS"] = 99
    assert defaults() == before
    assert load(environ=NO_ENV)["PORT"] == before["PORT"] != 1


def test_value_falls_back_to_the_default():
    assert value({"PORT": 1234}, "PORT") == 1234
    assert value({}, "PORT") == Defaults.PORT
    assert value({"PORT": None}, "PORT") is None  # present, even as None, is what the caller gave
    with pytest.raises(AttributeError):
        value({}, "NO_SUCH_SETTING")
