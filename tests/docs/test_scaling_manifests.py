"""The Kubernetes examples in docs/scaling.md are valid resources of the Kubernetes API."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from notify_api.metrics.queue_depth import QueueDepthCollector
from notify_api.tasks.depth import QueueStats
from notify_api.tasks.queues import ALL_QUEUES

SCALING = Path(__file__).resolve().parents[2] / "docs" / "scaling.md"
YAML_BLOCK = re.compile(r"```yaml\n(.*?)```", re.S)


def manifests() -> list[dict[str, Any]]:
    return [yaml.safe_load(block) for block in YAML_BLOCK.findall(SCALING.read_text())]


def test_the_page_shows_a_worker_deployment_and_its_autoscaler() -> None:
    kinds = {manifest["kind"] for manifest in manifests()}
    assert kinds == {"Deployment", "HorizontalPodAutoscaler"}


@pytest.mark.parametrize("manifest", manifests(), ids=lambda manifest: str(manifest["kind"]))
def test_each_example_is_valid_against_the_kubernetes_schemas(manifest: dict[str, Any]) -> None:
    kubernetes_validate.validate(manifest, kubernetes_validate.latest_version(), strict=True)


def test_a_draining_worker_gets_longer_than_its_shutdown_timeout() -> None:
    [deployment] = [manifest for manifest in manifests() if manifest["kind"] == "Deployment"]
    from worker_main import SHUTDOWN_TIMEOUT_MS

    grace = deployment["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
    assert grace * 1000 > SHUTDOWN_TIMEOUT_MS


def test_the_autoscaler_uses_a_metric_the_api_exports() -> None:
    [autoscaler] = [manifest for manifest in manifests() if manifest["kind"] == "HorizontalPodAutoscaler"]
    [metric] = autoscaler["spec"]["metrics"]
    exported = QueueDepthCollector({"send-sms-tasks": QueueStats(1, 2.0)}).collect()
    assert metric["external"]["metric"]["name"] in {family.name for family in exported}
    assert metric["external"]["metric"]["selector"]["matchLabels"]["queue"] in ALL_QUEUES


def test_the_validator_refuses_a_broken_manifest() -> None:
    [autoscaler] = [manifest for manifest in manifests() if manifest["kind"] == "HorizontalPodAutoscaler"]
    broken = {**autoscaler, "spec": {**autoscaler["spec"], "minReplica": 2}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, kubernetes_validate.latest_version(), strict=True)
