"""Play never shows a blank picture: at every sampled animation frame while playing, the network
and the decision boundary each have a drawn, decoded picture visible in their place."""

import pytest

from tests.e2e.conftest import goto

pytestmark = pytest.mark.e2e

# For each live picture: is one of its layers visible, with its Plotly picture decoded (marked by
# the page) and laid out at a real size? Sampled on animation frames, while Play is on.
SAMPLE = """async ([names, count]) => {
  const shown = (name) => [...document.querySelectorAll(
      `.st-key-playground_stack_${name} .js-plotly-plot`)].some((p) => {
    const r = p.getBoundingClientRect();
    return p.hasAttribute('data-pictured') && getComputedStyle(p).visibility === 'visible'
      && r.width > 50 && r.height > 50 && p.querySelector('image');
  });
  const playing = () => [...document.querySelectorAll('button')]
    .some((b) => b.innerText.includes('Pause'));
  const out = [];
  let frames = 0;
  while (out.length < count && frames < 3000) {
    await new Promise((r) => requestAnimationFrame(r));
    frames += 1;
    if (frames % 5 || !playing()) continue;  // every 5th animation frame, while playing
    out.push(names.map(shown));
  }
  return out;
}"""


def test_forty_frames_of_play_all_show_the_network_and_the_boundary(server, page):
    # 6 × 8 on 1,000 points: Play runs for several seconds before its epoch cap.
    goto(page, f"{server}/playground?dataset=spiral&layers=8,8,8,8,8,8&points=1000&epochs=0")
    page.get_by_role("button", name="Play").click()
    page.get_by_role("button", name="Pause").wait_for(timeout=60_000)
    samples = page.evaluate(SAMPLE, [["network", "boundary"], 40])
    assert len(samples) == 40, f"Play stopped after {len(samples)} samples"
    blank = [i for i, s in enumerate(samples) if not all(s)]
    assert not blank, f"{len(blank)} of 40 frames had a blank picture: {blank}"
    page.get_by_role("button", name="Pause").click()
