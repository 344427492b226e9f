"""``wipboard portal serve``: the portal under uvicorn, with an access log that leaves tokens out."""

from __future__ import annotations

import logging
from pathlib import Path

import uvicorn

from wipboard.web.app import create_app


def serve(db_path: Path | str, *, host: str, port: int, https_only: bool, proxy_headers: bool,
          forwarded_allow_ips: str | None, root_path: str) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    app = create_app(db_path, https_only=https_only)
    print(f"wipboard portal for {app.state.location} on http://{host}:{port}{root_path} (ctrl+c stops it)", flush=True)
    uvicorn.run(
        app,
        host=host,
        port=port,
        workers=1,
        access_log=False,  # uvicorn's own line would show /invite/TOKEN; ours leaves it out
        proxy_headers=proxy_headers,
        forwarded_allow_ips=forwarded_allow_ips,
        root_path=root_path,
        server_header=False,
        log_level="warning",
    )
