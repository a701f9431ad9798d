"""`nul20scraper demo` and `crawl --demo-if-unreachable`: the pipeline with no network."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from nul20scraper.demo import PAGES_DIR
from tests.crawl_support import REPO_ROOT
from tests.test_crawl_politeness import closed_port


def bundled(kind: str) -> set[str]:
    paths = set()
    for meta_file in PAGES_DIR.glob("*.meta.json"):
        meta = json.loads(meta_file.read_text("utf-8"))
        if meta["kind"] == kind:
            paths.add(urlsplit(meta["url"]).path)
    return paths


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run([sys.executable, "-m", "nul20scraper", *args], cwd=REPO_ROOT,
                          env=env, capture_output=True, text=True, timeout=180, check=False)


def emitted_paths(output: Path) -> list[str]:
    lines = output.read_text("utf-8").splitlines()
    return [urlsplit(json.loads(line)["url"]).path for line in lines if line]


def test_demo_crawls_the_bundled_pages(tmp_path: Path) -> None:
    output = tmp_path / "demo.jsonl"
    proc = run_cli("demo", "-o", str(output))
    assert proc.returncode == 0, proc.stderr[-3000:]
    paths = emitted_paths(output)
    assert len(paths) == len(set(paths))
    assert bundled("article") <= set(paths)
    assert not (bundled("edition") | bundled("tag")) & set(paths)
    report = json.loads(output.with_suffix(".report.json").read_text("utf-8"))
    assert report["counts"]["articles_emitted"] == len(paths)


def test_crawl_falls_back_to_the_demo_when_unreachable(tmp_path: Path) -> None:
    output = tmp_path / "articles.jsonl"
    proc = run_cli("crawl", "--base-url", f"http://127.0.0.1:{closed_port()}", "-o",
                   str(output), "--report", str(tmp_path / "r.json"), "--demo-if-unreachable",
                   "--store", str(tmp_path / "nul20.sqlite"),
                   "-s", "RETRY_TIMES=0", "-s", "DOWNLOAD_DELAY=0",
                   "-s", "AUTOTHROTTLE_ENABLED=False")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "cannot reach" in proc.stderr
    assert bundled("article") <= set(emitted_paths(output))
