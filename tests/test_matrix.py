"""Other environments' verdicts beside the build's: only ledgers of this very code are shown, and
one that failed anywhere, or was measured on other code, stops the publish."""

import json

import pytest

from verified import matrix, publish, render
from verified.provenance import commit, sources_digest

ENV = {"python": "3.14.10", "implementation": "CPython", "free_threaded_build": False, "gil_enabled": True,
       "cpus": 2, "start_method": "forkserver", "platform": "Linux x86_64", "switch_interval_s": 0.005,
       "build": "GIL"}
CHECK = {"figure": "switch_interval_s", "op": "==", "limit": 0.005, "measured": 0.005, "margin": None,
         "passed": True, "why": ""}


def ledger(verdict="verified", *, code=None, env=ENV, claim="switch-interval-default-5-ms"):
    """A ledger of one claim, measured on this checkout's code unless `code` says otherwise."""
    entry = {"id": claim, "verdict": verdict, "unmet": [], "requires": [], "machine_requires": [],
             "checks": [CHECK | {"passed": verdict != "failed"}], "figures": {},
             "reasons": {"en": [], "ru": []}, "not_applicable_because": []}
    return {"environment": env, "commit": commit(), "sources": code or sources_digest(),
            "measured_at": "2026-12-03T07:20Z", "claims": [entry]}


@pytest.fixture
def folder(tmp_path):
    yield tmp_path
    matrix.configure(None, commit=None, sources="")  # no other ledgers after the test


def configure(folder):
    return matrix.configure(folder, commit=commit(), sources=sources_digest())


def test_a_ledger_of_this_code_is_shown(folder):
    (folder / "3.14.json").write_text(json.dumps(ledger()))
    accepted, refused = configure(folder)
    assert [other["name"] for other in accepted] == ["3.14"] and not refused


def test_a_ledger_of_other_code_is_refused_by_name_and_shown_nowhere(folder):
    (folder / "stale.json").write_text(json.dumps(ledger(code="0" * 64)))
    accepted, refused = configure(folder)
    assert not accepted and not matrix.others()
    assert len(refused) == 1 and "stale.json" in refused[0] and "left out" in refused[0]


def test_a_ledger_that_is_no_ledger_is_refused_by_name(folder):
    (folder / "broken.json").write_text("{not json")
    accepted, refused = configure(folder)
    assert not accepted and "broken.json" in refused[0]


def test_without_other_ledgers_the_box_says_none_were_judged(folder):
    configure(folder / "missing")
    for lang in ("en", "ru"):
        text = render.elsewhere_markdown("switch-interval-default-5-ms", lang)
        assert "???" not in text and "make everywhere" in text


def test_the_box_lists_each_environment_with_its_verdict_and_date(folder):
    (folder / "3.14.json").write_text(json.dumps(ledger()))
    (folder / "3.14-one-cpu.json").write_text(json.dumps(ledger("not applicable", env=ENV | {"cpus": 1})))
    configure(folder)
    text = render.elsewhere_markdown("switch-interval-default-5-ms", "en")
    assert text.startswith('??? abstract "Judged in 2 more environments: 1 verified, 1 not applicable"')
    assert "**CPython 3.14.10 · GIL build · GIL on · 1 CPU · forkserver**" in text and "2026-12-03 07:20 UTC" in text
    assert 'class="visually-hidden">verified<' in text


def test_short_labels_name_what_differs_from_the_default():
    assert matrix.short_label(ENV) == "3.14"
    assert matrix.short_label(ENV | {"start_method": "fork", "cpus": 1}) == "3.14 fork 1 CPU"
    free_threaded = ENV | {"python": "3.13.5", "free_threaded_build": True, "gil_enabled": False, "start_method": "fork"}
    assert matrix.short_label(free_threaded) == "3.13t"
    assert matrix.short_label(free_threaded | {"gil_enabled": True}) == "3.13t GIL on"


@pytest.mark.parametrize(("others", "refusal"), [
    ([ledger()], None),
    ([ledger(), ledger("failed")], "switch-interval-default-5-ms: failed"),
    ([ledger(code="0" * 64)], "measured on another code"),
])
def test_the_publish_stops_on_a_failed_or_stale_environment(tmp_path, capsys, others, refusal):
    published = tmp_path / "claims.json"
    published.write_text(json.dumps(ledger()))
    folder = tmp_path / "ledgers"
    folder.mkdir()
    for number, other in enumerate(others):
        (folder / f"env{number}.json").write_text(json.dumps(other))
    code = publish.main([str(published), "--others", str(folder)])
    err = capsys.readouterr().err
    if refusal is None:
        assert code == 0, err
    else:
        assert code == 1 and refusal in err, err


def test_the_publish_refuses_an_empty_folder_of_others(tmp_path, capsys):
    published = tmp_path / "claims.json"
    published.write_text(json.dumps(ledger()))
    (tmp_path / "ledgers").mkdir()
    with pytest.raises(SystemExit) as stop:
        publish.main([str(published), "--others", str(tmp_path / "ledgers")])
    assert stop.value.code == 2 and "holds no ledger" in capsys.readouterr().err
