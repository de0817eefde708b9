"""``harmledger ingest --dask``: a cluster of worker processes makes exactly the single-process ledger.

The cluster ingests into PostgreSQL, the reference ran on this machine's own workers into
SQLite; every row of every table must agree, ids included. A worker killed mid-partition must change
nothing, and neither must running the job again over a finished ledger.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest
from distributed import Client, LocalCluster

from .conftest import CORRUPT_LINE, REPORTS, STORED, Reference, dump, ingest, run

pytestmark = pytest.mark.postgres


def test_the_cluster_makes_the_single_process_ledger(
    cluster: LocalCluster, corpus: list[str], reference: Reference, pg_url: str
) -> None:
    done = run(ingest(pg_url, corpus, "--dask", cluster.scheduler_address))
    assert done.returncode == 1, done.stderr
    assert f"reports.jsonl:{CORRUPT_LINE}: is not valid JSON" in done.stderr
    assert f"{STORED} stored, 0 already in the ledger, 1 rejected" in done.stdout.replace("\n", " ")
    assert len(reference.rows["tallies"]) > 0 and len(reference.rows["incidents"]) > REPORTS
    assert dump(pg_url) == reference.rows


def test_running_a_finished_job_again_adds_nothing(
    cluster: LocalCluster, corpus: list[str], reference: Reference
) -> None:
    again = run(ingest(reference.url, corpus, "--dask", cluster.scheduler_address))
    assert again.returncode == 1, again.stderr
    assert f"0 stored, {STORED} already in the ledger, 1 rejected" in again.stdout.replace("\n", " ")
    assert dump(reference.url) == reference.rows


def test_a_worker_killed_mid_partition_loses_nothing(
    cluster: LocalCluster, corpus: list[str], reference: Reference, pg_url: str
) -> None:
    with Client(cluster, set_as_default=False) as client:
        job = subprocess.Popen(
            ingest(pg_url, corpus, "--dask", cluster.scheduler_address),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        busy = _worker_on_a_partition(client, job)
        victim = next(nanny for nanny in cluster.workers.values() if nanny.worker_address == busy)
        os.kill(victim.process.pid, signal.SIGKILL)
        out, errors = job.communicate(timeout=300)
    assert job.returncode == 1, errors
    assert f"{STORED} stored" in out.replace("\n", " ")
    assert dump(pg_url) == reference.rows


def _worker_on_a_partition(client: Client, job: subprocess.Popen[str]) -> str:
    """The address of a worker busy with a partition of ``job``, as soon as there is one."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and job.poll() is None:
        for address, keys in client.processing().items():
            if any(str(key).startswith("ingest_partition") for key in keys):
                return str(address)
        time.sleep(0.02)
    pytest.fail("the job never had a partition on a worker")
