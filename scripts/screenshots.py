"""Screenshots of every page for the README, and the social preview image, into assets/.

    .venv/bin/python scripts/screenshots.py

Starts `streamlit run app.py` on a free port and drives headless Chromium (the same helpers as
the e2e tests): each page at 1280×800 in a state worth seeing, then assets/social.png (1200×630)
cut from the Playground. Fails loudly if a page shows an exception.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import (  # noqa: E402
    CHROMIUM_ARGS,
    exceptions,
    find_chromium,
    free_port,
    goto,
    start_server,
    wait_healthy,
    wait_idle,
)

ASSETS = ROOT / "assets"


def shoot(page, name: str) -> Path:
    if exceptions(page):
        raise SystemExit(f"{name}: the page shows an exception")
    page.mouse.move(1, 1)  # no tooltip left over from the last click
    page.wait_for_timeout(600)
    path = ASSETS / f"screenshot-{name}.png"
    page.screenshot(path=str(path))
    return path


def main() -> int:
    from playwright.sync_api import sync_playwright

    port = free_port()
    proc = start_server(port)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, proc)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            goto(page, base)
            shoot(page, "home")
            goto(page, f"{base}/step_by_step")
            for _ in range(5):  # forward 1, forward 2, loss, output δ, backward 2
                page.get_by_role("button", name="Next").click()
                page.wait_for_timeout(150)
                wait_idle(page)
            shoot(page, "step")
            goto(page, f"{base}/playground?dataset=spiral&layers=8,8,6&lr=0.03&optimizer=adam"
                       "&epochs=300&seed=5&features=x1,x2,sinx1,sinx2")  # fmt: skip
            playground = shoot(page, "playground")
            goto(page, f"{base}/gradients?depth=30&activation=sigmoid")
            shoot(page, "gradients")
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    with Image.open(playground) as im:  # social preview, 1200×630: the network and its boundary
        left, top, width = 360, 318, 860
        crop = im.crop((left, top, left + width, top + round(width * 630 / 1200)))
        crop.resize((1200, 630), Image.LANCZOS).save(ASSETS / "social.png", optimize=True)
    print("wrote", ", ".join(sorted(p.name for p in ASSETS.glob("*.png"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
