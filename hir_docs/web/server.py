"""``hir-docs serve``: run the web app with uvicorn on a loopback address by default."""

from __future__ import annotations

import logging
import traceback

from hir_docs.formatting import mask_cpr_text
from hir_docs.web.config import WebConfig

# uvicorn's own logger: its "Exception in ASGI application" record carries the exception
# (Starlette re-raises it after our error page has been sent), and an exception's message
# may quote a cell with a CPR number.
SERVER_LOGGER = "uvicorn.error"


class MaskedServerLog(logging.Filter):
    """Keep uvicorn's records, but CPR-free: the message masked, and an exception only as
    where it happened (its traceback frames) and its type, never its message."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            frames = "".join(traceback.format_tb(exc.__traceback__))
            text = (
                f"{text.rstrip()}\nTraceback (most recent call last):\n{frames}{type(exc).__name__}"
            )
        record.msg, record.args = mask_cpr_text(text), ()
        record.exc_info, record.exc_text = None, None
        if record.stack_info:
            record.stack_info = mask_cpr_text(record.stack_info)
        return True


def mask_server_log() -> None:
    """Put ``MaskedServerLog`` on uvicorn's logger (once)."""
    logger = logging.getLogger(SERVER_LOGGER)
    if not any(isinstance(f, MaskedServerLog) for f in logger.filters):
        logger.addFilter(MaskedServerLog())


def serve(host: str = "127.0.0.1", port: int = 8000, *, workers: int = 2) -> None:
    """Run the app (blocking). uvicorn's own access log is off: ours masks CPR numbers
    and never logs a query string; its error log goes through ``MaskedServerLog``."""
    import uvicorn

    from hir_docs.web.app import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    mask_server_log()  # a logger's filters outlive uvicorn's logging.config.dictConfig
    app = create_app(WebConfig(workers=workers))
    uvicorn.run(app, host=host, port=port, access_log=False, log_level="info")
