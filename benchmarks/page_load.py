"""Page weight and drawing time of the lithium page, as a reader on a slow phone network gets it.

Served with gzip from a local server; Chromium with its Slow 4G profile (about 1.6 Mbps down, 150 ms
round trip) and 4x CPU throttling, cold cache, in a new browser each time. Prints the bytes transferred and
the time until every chart is drawn, as the median and the slowest of RUNS loads (targets, issue 9: at most
320 KB and 3 s). Needs a built site/ and Debian's chromium.
"""

import gzip
import http.server
import statistics
import sys
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

SITE = Path(__file__).resolve().parent.parent / "site"
RUNS = 5
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6 * 1024 * 1024 / 8,
           "uploadThroughput": 750 * 1024 / 8}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


def measure(url):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        received = []
        cdp.on("Network.loadingFinished", lambda event: received.append(event["encodedDataLength"]))
        start = time.perf_counter()
        page.goto(url, wait_until="domcontentloaded", timeout=120000)
        page.wait_for_function("() => [...document.querySelectorAll('.chart-view')].every(e => "
                               "e.dataset.rendered === 'true')", timeout=120000)
        drawn = time.perf_counter() - start
        page.wait_for_load_state("networkidle", timeout=120000)
        browser.close()
    return drawn, sum(received)


def main():
    if not Path("/usr/bin/chromium").exists() or not SITE.exists():
        sys.exit("page load: needs /usr/bin/chromium and a built site/ (make site)")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: GzipHandler(*a, directory=str(SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    loads = [measure(f"http://127.0.0.1:{server.server_address[1]}/minerals/lithium/") for _ in range(RUNS)]
    server.shutdown()
    drawn, transferred = [load[0] for load in loads], [load[1] for load in loads]
    print(f"lithium page, Slow 4G, 4x CPU, gzip, cold, {RUNS} loads: every chart drawn in "
          f"{statistics.median(drawn):.2f} s median, {max(drawn):.2f} s slowest (target 3 s); "
          f"{statistics.median(transferred) / 1000:.0f} KB transferred, {max(transferred) / 1000:.0f} KB most "
          f"(target 320 KB)")


if __name__ == "__main__":
    main()
