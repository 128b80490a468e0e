"""goc-web --db FILE [--listen 127.0.0.1:8080] [--workers N]: serve with gunicorn."""
from __future__ import annotations

import argparse
import os
import sys
from typing import Any, Dict, List, Optional


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="goc-web",
        description="The libgoc web service: pages for the bureaus and the HTTP API "
                    "(/api/v1/, docs/openapi.yaml), served by gunicorn.")
    p.add_argument("--db", required=True, help="the libgoc database file (must exist)")
    p.add_argument("--listen", default="127.0.0.1:8080",
                   help="address:port to listen on (default 127.0.0.1:8080; put nginx "
                        "in front for TLS: docs/deploy.md)")
    p.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    p.add_argument("--secret-file", help="session secret (default: DB.web-secret, made on first start, mode 0600)")
    p.add_argument("--tls", action="store_true",
                   help="the service is reached over TLS (behind nginx): cookies get Secure")
    p.add_argument("--proxies", type=int, default=0, metavar="N",
                   help="the number of proxies in front (nginx: 1) whose X-Forwarded-For "
                        "and X-Forwarded-Proto are trusted (default 0: none)")
    return p


def main(argv: Optional[List[str]] = None) -> int:
    args = _parser().parse_args(argv)
    if args.proxies < 0:
        print("goc-web: --proxies must be 0 or more", file=sys.stderr)
        return 2
    if args.workers < 1:
        print("goc-web: --workers must be 1 or more", file=sys.stderr)
        return 2
    from gunicorn.app.base import BaseApplication

    from . import create_app
    try:
        app = create_app(args.db, secret_file=args.secret_file,
                         config={"SESSION_COOKIE_SECURE": args.tls,
                                 "GOC_WEB_PROXIES": args.proxies})
    except (OSError, ValueError) as e:
        print(str(e), file=sys.stderr)
        return 1

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            opts: Dict[str, Any] = {
                "bind": args.listen, "workers": args.workers,
                "worker_class": "sync", "timeout": 60, "graceful_timeout": 10,
                "accesslog": "-", "errorlog": "-", "proc_name": "goc-web",
                "forwarded_allow_ips": "127.0.0.1",
            }
            for k, v in opts.items():
                self.cfg.set(k, v)

        def load(self) -> Any:
            return app

    Server().run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
