"""Studies on Ray, against a local Ray instance this module starts (2 CPUs, no dashboard, no usage statistics).

Skipped when Ray is not installed (`pip install -e '.[cluster]'`; .ci/run installs it).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ray = pytest.importorskip("ray", reason="Ray is an optional extra (pip install -e '.[cluster]')")

from desktop_app.core.labels import imagenet_labels  # noqa: E402
from desktop_app.core.paths import default_model_path  # noqa: E402
from desktop_app.core.study_ray import RayPool, cluster_cpus, start_ray, stop_ray  # noqa: E402
from desktop_app.core.study_recipes import parse_recipe  # noqa: E402
from desktop_app.core.study_results import finish, open_journal, write_meta  # noqa: E402
from desktop_app.core.study_runner import StudyError, plan_study, run_study  # noqa: E402
from desktop_app.core.study_worker import StudyWorker, WorkerSettings  # noqa: E402
from tests.study_folder import make_study_folder  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def local_ray():
    """A private local Ray for this module: 2 CPUs, small object store, no dashboard; shut down afterwards."""
    assert start_ray(None, cpus=2)
    assert os.environ["RAY_USAGE_STATS_ENABLED"] == "0"
    yield ray.get_runtime_context().gcs_address
    stop_ray()
    assert not ray.is_initialized()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return make_study_folder(tmp_path_factory.mktemp("photos"), per_folder=2)


def test_the_local_instance(local_ray):
    assert cluster_cpus() == 2
    assert not start_ray(None)  # already connected: leaves it to its owner


def test_a_study_on_ray_actors_gives_the_local_results(local_ray, folder, tmp_path):
    recipe = parse_recipe("parts", seeds=2)
    study = plan_study(recipe, folder, tmp_path / "ray.csv", default_model_path(), imagenet_labels(), batch_images=3)
    write_meta(study.out, study.meta())
    journal = open_journal(study.out, study.columns)
    pool = RayPool(study.settings(threads=1), workers=2)
    try:
        progress = run_study(study, pool, journal)
    finally:
        pool.close()
        journal.close()
    assert progress.complete and progress.done == 8
    assert finish(study.out, study.columns) == 16
    inline = StudyWorker(study.settings(threads=1))
    rows = sorted((row for batch in study.batches() for row in inline.process(batch).rows), key=lambda r: r["image"])
    from desktop_app.core.study_results import rows_to_csv

    expected = rows_to_csv(sorted(rows, key=lambda r: (r["image"], r["run"])), study.columns, header=True)
    assert study.out.read_text() == expected


def test_an_actor_that_cannot_load_the_model_is_reported(local_ray, folder, tmp_path):
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"not a model")
    settings = WorkerSettings(str(broken), "cpu", 1, parse_recipe("texture"), str(folder))
    with pytest.raises(StudyError, match="a Ray worker could not start: .*broken.onnx"):
        RayPool(settings, workers=1)


def test_the_command_joins_a_running_cluster(local_ray, folder, tmp_path):
    out = tmp_path / "joined.csv"
    command = [sys.executable, "-m", "desktop_app", "study", "texture", str(folder), "--out", str(out)]
    result = subprocess.run(
        [*command, "--ray", local_ray, "--workers", "2", "--batch", "2"],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "Ray: 2 actors" in result.stderr and "Traceback" not in result.stderr
    assert len(out.read_text().splitlines()) == 1 + 8
    assert ray.is_initialized() and cluster_cpus() == 2  # the cluster outlives the study that joined it
