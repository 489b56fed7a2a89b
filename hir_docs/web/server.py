"""``hir-docs serve``: run the web app with uvicorn on a loopback address by default."""

from __future__ import annotations

import logging

from hir_docs.web.config import WebConfig


def serve(host: str = "127.0.0.1", port: int = 8000, *, workers: int = 2) -> None:
    """Run the app (blocking). uvicorn's own access log is off: ours masks CPR numbers
    and never logs a query string."""
    import uvicorn

    from hir_docs.web.app import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    app = create_app(WebConfig(workers=workers))
    uvicorn.run(app, host=host, port=port, access_log=False, log_level="info")
