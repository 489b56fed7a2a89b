"""Settings of the web app: limits, workers, time limits (one frozen value per app)."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class WebConfig:
    max_upload: int = 50 * MB  # one request to check or to make reports
    max_inbox: int = 500 * MB  # one request with STAR's inbox zip
    max_unpacked: int = 500 * MB  # a zip uploaded to /tjek, unpacked
    max_files: int = 50  # files in one request
    workers: int = 2  # processes doing the CPU-bound work
    max_waiting: int = 32  # jobs waiting for a worker before we answer "busy"
    check_timeout: float = 120.0  # seconds for one check
    render_timeout: float = 300.0  # reports (PDF via LibreOffice is slow)
    bulk_timeout: float = 900.0  # one inbox
    kill_grace: float = 10.0  # a job still running this long after its limit: worker killed
    download_ttl: float = 600.0  # one-time links expire after 10 minutes
    download_memory: int = 512 * MB  # generated files kept for one-time links, in all

    @property
    def ttl_minutes(self) -> int:
        """How long a one-time link works, in whole minutes."""
        return int(self.download_ttl // 60)

    def body_limit(self, path: str) -> int:
        """The request size limit of a path: an inbox may be larger than a check."""
        return self.max_inbox if path in INBOX_PATHS else self.max_upload


INBOX_PATHS = frozenset({"/star", "/api/v1/bulk"})
