"""Page weight, drawing time and layout shift of the lithium page, as a reader on a slow phone network gets it.

Served with gzip from a local server; Chromium with the Slow 4G profile (about 1.6 Mbps down, 150 ms round trip,
Network.emulateNetworkConditions) and 4x CPU throttling (Emulation.setCPUThrottlingRate), cold cache, in a new
browser each time. Prints, as the median and the worst of RUNS loads (targets, issues 16 and 28.8):
- the time from navigation until every chart shows: the page's "charts-shown" performance mark (charts.js), set
  once each chart shows its static image or is drawn by Vega. In the default view (static images): at most 1.5 s;
  at an address that asks for another view (VIEW, which Vega draws): at most 3 s;
- the bytes transferred (issue 9: at most 320 KB);
- the cumulative layout shift opening the page at #production at 390 x 844 px, until every chart is drawn and
  a second after; at most 0.05.
Needs a built site/ and Debian's chromium.
"""

import gzip
import http.server
import statistics
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from results import record

SITE = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "site")
PAGE = "/minerals/lithium/"
VIEW = "?scenario=STEPS&year=2035&partnership=democracies"  # every chart with a selector drawn by Vega
RUNS = 5
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6 * 1024 * 1024 / 8,
           "uploadThroughput": 750 * 1024 / 8}
PHONE = {"width": 390, "height": 844}
# The mark charts.js sets once every chart shows (ms after navigation).
CHARTS_SHOWN = """() => { const mark = performance.getEntriesByName('charts-shown')[0]; return mark && mark.startTime; }"""
# When the static images of the charts on the first screen had arrived (ms after navigation): the browser draws them
# as they come, before the page's script runs.
FIRST_SCREEN_IMAGES = """() => { const images = [...document.querySelectorAll('.chart-light img')]
    .filter(img => img.getBoundingClientRect().top < innerHeight);
  return Math.max(...images.map(img => performance.getEntriesByName(img.currentSrc)[0].responseEnd)); }"""
# Layout shifts not caused by input, summed; the observer is registered before any page script runs.
LAYOUT_SHIFT = """window.__shift = 0;
new PerformanceObserver(list => { for (const e of list.getEntries()) { if (!e.hadRecentInput) window.__shift += e.value; } })
  .observe({ type: 'layout-shift', buffered: true });"""


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


def load(browser, url, viewport=None):
    """One cold, throttled load of `url`: (seconds from navigation until every chart shows, bytes transferred,
    layout shift until then and a second after, seconds until the first screen's chart images had arrived)."""
    context = browser.new_context(viewport=viewport) if viewport else browser.new_context()
    page = context.new_page()
    page.add_init_script(LAYOUT_SHIFT)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    received = []
    cdp.on("Network.loadingFinished", lambda event: received.append(event["encodedDataLength"]))
    page.goto(url, wait_until="domcontentloaded", timeout=120000)
    shown = page.wait_for_function(CHARTS_SHOWN, timeout=120000, polling=50).json_value() / 1000
    first_screen = page.evaluate(FIRST_SCREEN_IMAGES) / 1000
    page.wait_for_timeout(1000)
    shift = page.evaluate("() => window.__shift")
    page.wait_for_load_state("networkidle", timeout=120000)
    context.close()
    return shown, sum(received), shift, first_screen


def main():
    if not Path("/usr/bin/chromium").exists() or not SITE.exists():
        sys.exit("page load: needs /usr/bin/chromium and a built site/ (make site)")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: GzipHandler(*a, directory=str(SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}{PAGE}"
    with sync_playwright() as playwright:
        loads, views, shifts = [], [], []
        for _ in range(RUNS):  # a new browser each time: nothing cached between loads
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            loads.append(load(browser, base))
            views.append(load(browser, base + VIEW))
            shifts.append(load(browser, base + "#production", PHONE)[2])
            browser.close()
    server.shutdown()
    shown, transferred, first = [d for d, *_ in loads], [t for _, t, *_ in loads], [f for *_, f in loads]
    drawn = [d for d, *_ in views]
    figures = [f"lithium page, Slow 4G, 4x CPU, gzip, cold, {RUNS} loads: every chart shown (static images) "
               f"{statistics.median(shown):.2f} s after navigation (median), {max(shown):.2f} s slowest (target 1.5 s); "
               f"{statistics.median(transferred) / 1000:.0f} KB transferred, {max(transferred) / 1000:.0f} KB most "
               f"(target 320 KB)",
               f"the first screen's chart images arrived {statistics.median(first):.2f} s after navigation (median), "
               f"{max(first):.2f} s slowest",
               f"the same at {VIEW} (drawn by Vega in that view): {statistics.median(drawn):.2f} s (median), "
               f"{max(drawn):.2f} s slowest (target 3 s); {statistics.median(t for _, t, *_ in views) / 1000:.0f} KB",
               f"lithium page opened at #production at {PHONE['width']} px: layout shift "
               f"{statistics.median(shifts):.3f} (median), {max(shifts):.3f} worst (target 0.05)"]
    print("\n".join(figures))
    record("page_load", "Page load on a slow phone network", ".venv/bin/python benchmarks/page_load.py", __doc__,
           figures)


if __name__ == "__main__":
    main()
