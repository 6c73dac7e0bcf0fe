#!/usr/bin/env python3
"""Render deploy/nginx/hocvuso.conf.in with a site's values.

    python3 deploy/render.py nginx --server-name hocvuso.angiang.gov.vn \\
        > /etc/nginx/sites-available/hocvuso

Production defaults: ports 80 and 443, the gunicorn socket under /run/hocvuso,
Let's Encrypt's certificate paths for the server name, the code in /srv/hocvuso.
`deploy/serve_prod.py` renders the same file with loopback ports.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def render_nginx(
    *,
    server_name: str,
    http_listen: str = "80",
    https_listen: str = "443",
    https_port_suffix: str = "",
    upstream: str = "unix:/run/hocvuso/gunicorn.sock",
    certificate: str | None = None,
    certificate_key: str | None = None,
    static_root: str = "/srv/hocvuso/staticfiles",
    log_dir: str = "/var/log/nginx",
) -> str:
    first = server_name.split()[0]
    values = {
        "SERVER_NAME": server_name,
        "HTTP_LISTEN": http_listen,
        "HTTPS_LISTEN": https_listen,
        "HTTPS_PORT_SUFFIX": https_port_suffix,
        "UPSTREAM": upstream,
        "CERTIFICATE": certificate or f"/etc/letsencrypt/live/{first}/fullchain.pem",
        "CERTIFICATE_KEY": certificate_key
        or f"/etc/letsencrypt/live/{first}/privkey.pem",
        "STATIC_ROOT": static_root.rstrip("/"),
        "LOG_DIR": log_dir,
    }
    text = (HERE / "nginx" / "hocvuso.conf.in").read_text()
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    if left := re.findall(r"@[A-Z_]+@", text):
        raise ValueError(f"unfilled placeholders: {left}")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["nginx"])
    parser.add_argument("--server-name", required=True)
    parser.add_argument("--static-root", default="/srv/hocvuso/staticfiles")
    parser.add_argument("--upstream", default="unix:/run/hocvuso/gunicorn.sock")
    parser.add_argument("--certificate")
    parser.add_argument("--certificate-key")
    args = parser.parse_args(argv)
    sys.stdout.write(
        render_nginx(
            server_name=args.server_name,
            static_root=args.static_root,
            upstream=args.upstream,
            certificate=args.certificate,
            certificate_key=args.certificate_key,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
