"""A loopback tile server for tests: real HTTP, PNG tiles, and failures on demand."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from PIL import Image, ImageDraw


def png_tile(z: int, x: int, y: int) -> bytes:
    """A 256-pixel PNG whose colour encodes its address (so a test can tell tiles apart).

    White "streets" run along the tile's edges: every tile corner is a street corner.
    """
    image = Image.new("RGB", (256, 256), (150 + (x * 37) % 90, 150 + (y * 59) % 90, 120 + (z * 23) % 90))
    draw = ImageDraw.Draw(image)
    for offset in (0, 255):
        draw.line([(offset, 0), (offset, 255)], fill=(255, 255, 255), width=10)
        draw.line([(0, offset), (255, offset)], fill=(255, 255, 255), width=10)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@dataclass
class TileServer:
    """Serves ``/tiles/{z}/{x}/{y}.png``; ``fail_after`` answers 503 from that many served tiles on."""

    url: str = ""
    fail_after: int | None = None
    missing: set[tuple[int, int, int]] = field(default_factory=set)
    requests: list[str] = field(default_factory=list)
    served: int = 0

    @property
    def template(self) -> str:
        return f"{self.url}/tiles/{{z}}/{{x}}/{{y}}.png"


@contextmanager
def tile_server() -> Iterator[TileServer]:
    state = TileServer()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            with lock:
                state.requests.append(self.path)
                parts = self.path.strip("/").removesuffix(".png").split("/")
                if len(parts) != 4 or parts[0] != "tiles":
                    self.send_error(400)
                    return
                z, x, y = (int(p) for p in parts[1:])
                if state.fail_after is not None and state.served >= state.fail_after:
                    self.send_error(503)
                    return
                if (z, x, y) in state.missing:
                    self.send_error(404)
                    return
                state.served += 1
            body = png_tile(z, x, y)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
