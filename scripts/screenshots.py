"""Screenshots for review: the first screen of the home, lithium, rare-earths, one partnership, the build and one
country page, at 1280 × 800 and 390 × 844, in the light and the dark palette, drawn by headless Chromium
(Debian's chromium) from the built site/.

    make screenshots            # builds the site, then writes screenshots/<page>-<width>-<palette>.png
    .venv/bin/python scripts/screenshots.py --full-page   # whole pages instead of the first screen
"""

import argparse
import functools
import http.server
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {"home": "", "lithium": "minerals/lithium/", "rare-earths": "minerals/rare-earths/",
         "msp": "partnerships/msp/", "build": "build/?members=USA,AUS,CAN", "country-aus": "countries/aus/"}
SIZES = {"1280": (1280, 800), "390": (390, 844)}
PALETTES = {"light": "light", "dark": "dark"}  # the site follows the reader's system palette until one is picked
CHROMIUM = "/usr/bin/chromium"


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--full-page", action="store_true")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        sys.exit(f"error: {args.site}/index.html not found: run 'make site' first")
    if not Path(CHROMIUM).exists():
        sys.exit(f"error: {CHROMIUM} not found: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    # The site is built for its SITE_URL; served from the same folder on any port, its relative links still work.
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(args.site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    args.out.mkdir(parents=True, exist_ok=True)
    written = 0
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for width, (w, h) in SIZES.items():
                for palette, scheme in PALETTES.items():
                    context = browser.new_context(viewport={"width": w, "height": h}, color_scheme=scheme)
                    tab = context.new_page()
                    for name, path in PAGES.items():
                        tab.goto(base + path)
                        # Every chart shown (or failed), so the picture is what a reader sees once the page settles.
                        tab.wait_for_function("() => [...document.querySelectorAll('.chart-view')].every("
                                              "e => ['static', 'true', 'failed'].includes(e.dataset.rendered))",
                                              timeout=30000)
                        tab.wait_for_timeout(300)
                        target = args.out / f"{name}-{width}-{palette}.png"
                        tab.screenshot(path=str(target), full_page=args.full_page)
                        written += 1
                    context.close()
            browser.close()
    finally:
        httpd.shutdown()
    print(f"{written} screenshots in {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}/")


if __name__ == "__main__":
    main()
