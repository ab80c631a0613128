"""Beyond one machine: the clip cache on shared storage, and a build on a Dask cluster that
publishes exactly what a build on this machine does."""

from __future__ import annotations

import pickle
import shutil
import uuid
import warnings

import fsspec
import pytest
from conftest import SEED_SLUG, Staff
from projects import copy_project
from test_build import counts
from test_settings import edit_settings

from web.pipeline.plans import plan_library
from web.pipeline.settings import load_settings
from web.pipeline.voices.clips import ClipCache


def published(root) -> dict[str, bytes]:
    """Return the manifest and every published MP3 and WebVTT file, by name."""
    audio = root / "audio"
    return {str(p.relative_to(audio)): p.read_bytes() for p in sorted(audio.rglob("*"))
            if p.suffix in {".mp3", ".vtt"} or p.name == "manifest.json"}


@pytest.fixture
def memory_url():
    """A clip cache in fsspec's memory filesystem, as a bucket every build can reach."""
    url = f"memory://clips-{uuid.uuid4().hex}"
    yield url
    fsspec.filesystem("memory").rm(url, recursive=True)


@pytest.fixture(scope="module")
def cluster():
    """A small Dask cluster on loopback: two worker processes, so every task is pickled."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as local:
        yield local.scheduler_address


def test_a_clip_cache_at_a_storage_url_serves_another_build_machine(tmp_path, memory_url):
    first, second = (Staff(copy_project(tmp_path / name)) for name in ("first", "second"))
    built = first.run("build", "--engine", "silent", "--lang", "en", "--clip-cache", memory_url)
    assert counts(built.output)["voiced"] > 20
    assert fsspec.filesystem("memory").find(memory_url)  # the clips are in the shared storage
    again = second.run("build", "--engine", "silent", "--lang", "en", "--clip-cache", memory_url)
    assert counts(again.output)["voiced"] == 0
    assert counts(again.output)["cached"] == counts(built.output)["voiced"]
    assert not (second.root / ".cache" / "clips").exists()
    assert published(second.root) == published(first.root)


def test_the_clip_cache_url_can_be_set_in_the_settings(staff, tmp_path):
    shared = tmp_path / "shared-clips"
    with (staff.root / "library" / "library.toml").open("a", encoding="utf-8") as handle:
        handle.write(f'\n[build]\nclip_cache = "file://{shared}"\n')
    result = staff.run("build", "--engine", "silent", "--lang", "en")
    assert len(list(shared.rglob("*.wav"))) == counts(result.output)["voiced"] > 20
    assert not (staff.root / ".cache" / "clips").exists()


def test_a_mistake_in_the_build_settings_is_named_on_its_line(staff):
    edit_settings(staff.root, "[credits.es]", '[build]\nclip_cahce = "s3://bucket/clips"\n'
                  "scheduler = 8786\n[credits.es]")
    result = staff.run("status", expect=1)
    assert result.output.splitlines() == [
        "Error: library/library.toml:12: [build]: unknown setting 'clip_cahce'. Did you mean "
        "'clip_cache'?",
        "library/library.toml:13: [build] scheduler must be text in quotes, not 8786. Write, "
        'for example, scheduler = "tcp://scheduler:8786".',
    ]


def test_a_plan_pickles_whole_for_the_workers(project):
    settings = load_settings(project)
    plan = plan_library(settings, settings.languages, ClipCache(settings.cache_dir / "clips"),
                        engine="silent")
    copy = pickle.loads(pickle.dumps(plan))
    assert copy.editions[1].sections[0].jobs().__next__().engines[0].settings == settings
    assert [s.stem for e in copy.editions for s in e.sections] == \
        [s.stem for e in plan.editions for s in e.sections]


def test_a_build_on_a_dask_cluster_publishes_what_a_local_build_does(tmp_path, cluster):
    here = Staff(copy_project(tmp_path / "here", only=(SEED_SLUG,)))
    local = here.run("build", "--engine", "silent")
    there = Staff(copy_project(tmp_path / "there", only=(SEED_SLUG,)))
    remote = there.run("build", "--engine", "silent", "--scheduler", cluster)
    assert counts(remote.output) == counts(local.output)
    assert counts(remote.output)["voiced"] > 40 and counts(remote.output)["written"] == 12
    ours, theirs = published(here.root), published(there.root)
    assert len(theirs) == 1 + 12 * 3  # the manifest; per track its MP3, data saver and cues
    assert theirs == ours
    # A rebuild on the cluster voices and packages only what changed, as it does here, and
    # the clips cached before travel as their keys, not as sound through the scheduler.
    shutil.rmtree(there.root / ".cache" / "clips" / sorted(
        p.name for p in (there.root / ".cache" / "clips").iterdir())[0])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        again = there.run("build", "--engine", "silent", "--offline", "--scheduler", cluster)
    assert not [w for w in caught if "large graph" in str(w.message)]
    assert 0 < counts(again.output)["voiced"] < 5 and counts(again.output)["written"] == 0
    assert published(there.root) == ours


def test_an_unreachable_scheduler_is_named_with_what_to_do_before_planning(staff, monkeypatch):
    def plan_library(*args, **kwargs):
        raise AssertionError("planned before connecting")

    monkeypatch.setattr("web.pipeline.plans.plan_library", plan_library)
    result = staff.run("build", "--engine", "silent", "--scheduler", "tcp://127.0.0.1:9",
                       expect=1)
    assert result.output.startswith("Error: --scheduler tcp://127.0.0.1:9: cannot reach the "
                                    "Dask scheduler (")
    assert result.output.endswith("Start it and its workers (see the README), or build "
                                  "without --scheduler.\n")
    assert not (staff.root / "audio" / "manifest.json").exists()
