// The Playground's live area: plays frames that the core computed, at display rate.
// Python sends batches of frames (see backprop_core/frames.py for the byte formats and
// ui/live_canvas/feed.py for the message); this code only decodes and draws them. Frames are
// queued in epoch order and shown at the rate they arrive; when the queue falls far behind (a
// slow or hidden tab), the oldest are dropped, never reordered. Between batches the last frame
// stays drawn, so no frame is ever blank.

const b64 = (s) => Uint8Array.from(atob(s || ''), (c) => c.charCodeAt(0));
const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
const PAPER = [247, 247, 247];
const MAX_FPS = 60;

function lerp(a, b, t) {
  return a.map((x, i) => Math.round(x + (b[i] - x) * t));
}

// byte 0..255 over [-1, 1] -> rgb: negative blue, 0 near white, positive orange
function divergingLut(neg, pos, strength) {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const v = (i / 127.5 - 1) * strength;
    lut.set(v >= 0 ? lerp(PAPER, pos, v) : lerp(PAPER, neg, -v), i * 3);
  }
  return lut;
}

// byte 0..255 = p in [0, 1] -> rgb: from white to one class's colour
function rampLut(colour) {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) lut.set(lerp(PAPER, colour, i / 255), i * 3);
  return lut;
}

function blit(ctx, img, w, h, x, y, dw, dh) {
  // draw a w x h RGBA buffer scaled to (dw, dh) at (x, y)
  const off = blit.canvas || (blit.canvas = document.createElement('canvas'));
  if (off.width !== w || off.height !== h) { off.width = w; off.height = h; }
  off.getContext('2d').putImageData(new ImageData(img, w, h), 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(off, 0, 0, w, h, x, y, dw, dh);
}

function tileImage(bytes, offset, t, oneD, lut) {
  // a t x t tile; a 1-D unit's t values along x are repeated down the tile
  const img = new Uint8ClampedArray(t * t * 4);
  for (let r = 0; r < t; r++) {
    for (let c = 0; c < t; c++) {
      const v = bytes[offset + (oneD ? c : r * t + c)] * 3, p = (r * t + c) * 4;
      img[p] = lut[v]; img[p + 1] = lut[v + 1]; img[p + 2] = lut[v + 2]; img[p + 3] = 255;
    }
  }
  return img;
}

function setup(root, state) {
  // added beside what Streamlit put in the root (its <style> element among them)
  const box = document.createElement('div');
  root.appendChild(box);
  box.innerHTML = `
    <div class="bp-live">
      <div class="bp-status" aria-live="off"></div>
      <div class="bp-row">
        <figure class="bp-cell bp-netcell"><canvas class="bp-net" role="img"
          aria-label="The network: each square is one unit's output over the input plane"></canvas></figure>
        <figure class="bp-cell bp-side">
          <figcaption class="bp-boundary-title"></figcaption>
          <canvas class="bp-boundary" role="img" aria-label="The network's output over the plane, with the points"></canvas>
          <figcaption class="bp-key"><span><i class="bp-dot"></i>training</span><span class="bp-testkey"><i class="bp-diamond"></i>test</span></figcaption>
          <figcaption>Loss per epoch <span class="bp-lines"><i class="bp-solid"></i>training <i class="bp-dash"></i>test</span></figcaption>
          <canvas class="bp-loss" role="img" aria-label="Training and test loss per epoch"></canvas>
        </figure>
      </div>
      <div class="bp-tip" hidden></div>
    </div>`;
  const q = (sel) => box.querySelector(sel);
  state.el = {
    status: q('.bp-status'), net: q('.bp-net'), boundary: q('.bp-boundary'), loss: q('.bp-loss'),
    boundaryTitle: q('.bp-boundary-title'), testKey: q('.bp-testkey'), row: q('.bp-row'),
    tip: q('.bp-tip'), box,
  };
  state.el.net.addEventListener('mousemove', (ev) => hoverNet(state, ev));
  state.el.boundary.addEventListener('mousemove', (ev) => hoverPlane(state, ev));
  for (const c of [state.el.net, state.el.boundary]) {
    c.addEventListener('mouseleave', () => { state.el.tip.hidden = true; });
  }
  // in drawing mode a click on the plane adds a point there (Python keeps the data); its id
  // lets Python add it once even when Streamlit hands it over twice
  state.el.boundary.addEventListener('click', (ev) => {
    const run = state.run;
    if (!run || !state.view.draw || !state.setTrigger) return;
    const r = state.el.boundary.getBoundingClientRect(), e = run.extent;
    const x = ((ev.clientX - r.left) / r.width) * 2 * e - e;
    const y = e - ((ev.clientY - r.top) / r.height) * 2 * e;
    state.setTrigger('point', { x, y, id: `${Date.now()}-${Math.random()}` });
  });
  // a hidden tab shows nothing: Python is told, and stops training for it
  document.addEventListener('visibilitychange', () => {
    if (document.hidden && state.playing && state.setTrigger) state.setTrigger('hidden', true);
  });
  state.ro = new ResizeObserver(() => { state.dirty = true; });
  state.ro.observe(state.el.row);
}

function tip(state, ev, text) {
  const t = state.el.tip, r = state.el.box.getBoundingClientRect();
  if (!text) { t.hidden = true; return; }
  t.textContent = text; t.hidden = false;
  const x = ev.clientX - r.left + 12, y = ev.clientY - r.top + 12;
  t.style.left = Math.max(0, Math.min(x, r.width - t.offsetWidth - 4)) + 'px';
  t.style.top = y + 'px';
}

function segDist(px, py, x1, y1, x2, y2) {
  const dx = x2 - x1, dy = y2 - y1, L = dx * dx + dy * dy;
  const t = L ? Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / L)) : 0;
  return Math.hypot(px - x1 - t * dx, py - y1 - t * dy);
}

// Hover texts are the exact numbers Python sent with a paused view; while playing, none.
function hoverNet(state, ev) {
  const g = state.netGeom, ex = state.exact, run = state.run;
  if (!g || !ex) { tip(state, ev, null); return; }
  const r = state.el.net.getBoundingClientRect(), px = ev.clientX - r.left, py = ev.clientY - r.top;
  for (let c = 0; c < g.cols; c++) {
    for (let u = 0; u < run.sizes[c]; u++) {
      const x = g.colX(c), y = g.unitY(c, u);
      if (px >= x && px <= x + g.tile && py >= y && py <= y + g.tile) {
        tip(state, ev, ex.units[c][u]); return;
      }
    }
  }
  let best = null, bestD = 5, wi = 0;
  for (let l = 0; l < g.cols - 1; l++) {
    for (let i = 0; i < run.sizes[l]; i++) {
      for (let j = 0; j < run.sizes[l + 1]; j++, wi++) {
        const d = segDist(px, py, g.colX(l) + g.tile, g.unitY(l, i) + g.tile / 2,
          g.colX(l + 1), g.unitY(l + 1, j) + g.tile / 2);
        if (d < bestD) { bestD = d; best = wi; }
      }
    }
  }
  tip(state, ev, best === null ? null : ex.edges[best]);
}

function pointXY(run, s, i) {
  const P = run.points, e = run.extent;
  const cx = ((P.x[i] + e) / (2 * e)) * s;
  const cy = run.task === 'curve'
    ? s - ((P.y[i] - run.yRange[0]) / (run.yRange[1] - run.yRange[0])) * s
    : s - ((P.y[i] + e) / (2 * e)) * s;
  return [cx, cy];
}

function hoverPlane(state, ev) {
  const run = state.run;
  if (!run || !state.exact) { tip(state, ev, null); return; }
  const r = state.el.boundary.getBoundingClientRect(), s = r.width;
  const px = ev.clientX - r.left, py = ev.clientY - r.top, P = run.points;
  let best = -1, bestD = 6;
  for (let i = 0; i < P.x.length; i++) {
    if (P.test[i] && !state.view.showTest) continue;
    const [cx, cy] = pointXY(run, s, i);
    const d = Math.hypot(px - cx, py - cy);
    if (d < bestD) { bestD = d; best = i; }
  }
  if (best < 0) {
    tip(state, ev, state.view.draw ? 'click: add a point here' : null);
    return;
  }
  const where = run.task === 'curve'
    ? `x ${fmt(P.x[best])}, y ${fmt(P.y[best])}`
    : `x₁ ${fmt(P.x[best])}, x₂ ${fmt(P.y[best])} · ${run.classNames[P.c[best]]}`;
  tip(state, ev, `${P.test[best] ? 'test' : 'training'} point: ${where}`);
}

function sizeCanvas(c, cssW, cssH) {
  const dpr = window.devicePixelRatio || 1;
  c.style.width = cssW + 'px'; c.style.height = cssH + 'px';
  const w = Math.round(cssW * dpr), h = Math.round(cssH * dpr);
  if (c.width !== w || c.height !== h) { c.width = w; c.height = h; }
  const ctx = c.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

function decodeBatch(run, f, blob) {
  // split the batch's binary block into one record per frame
  const k = f.epochs.length;
  if (!k) return [];
  const [oN, tN] = f.bytes;
  const out = blob.subarray(0, oN), tiles = blob.subarray(oN, oN + tN);
  const e = blob.subarray(oN + tN), w = new Int8Array(e.buffer, e.byteOffset, e.byteLength);
  const oBytes = out.length / k, tBytes = tiles.length / k, wN = w.length / k;
  const frames = [];
  for (let i = 0; i < k; i++) {
    let output = out.subarray(i * oBytes, (i + 1) * oBytes);
    if (run.task === 'curve') output = new Float32Array(output.slice().buffer);
    frames.push({
      epoch: f.epochs[i], train: f.train[i], test: f.test[i], acc: f.acc[i], scale: f.scale[i],
      output, tiles: tiles.subarray(i * tBytes, (i + 1) * tBytes),
      edges: w.subarray(i * wN, (i + 1) * wN),
    });
  }
  return frames;
}

function fmt(x) {
  if (x === null || x === undefined || !isFinite(x)) return '—';
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e4)) return x.toExponential(3).replace('e+', 'e').replace('-', '−');
  return Number(x.toPrecision(4)).toString().replace('-', '−');
}

function layout(state) {
  const run = state.run, el = state.el;
  const width = el.row.clientWidth || 600;
  const wide = width >= 560;
  el.row.classList.toggle('bp-wide', wide);
  const side = wide ? Math.max(220, Math.min(360, Math.floor(width * 0.42))) : Math.min(width, 360);
  const netW = wide ? width - side - 16 : width;
  const maxUnits = Math.max(...run.sizes);
  const netH = Math.max(wide ? side : 160, Math.min(420, maxUnits * 40 + 20));
  state.geom = { netW, netH, side, lossH: Math.round(side * 0.45) };
  state.ctxNet = sizeCanvas(el.net, netW, netH);
  state.ctxB = sizeCanvas(el.boundary, side, side);
  state.ctxL = sizeCanvas(el.loss, side, state.geom.lossH);
  state.dirty = false;
}

function drawNetwork(state, fr) {
  const run = state.run, ctx = state.ctxNet, { netW, netH } = state.geom;
  ctx.clearRect(0, 0, netW, netH);
  const cols = run.sizes.length, maxUnits = Math.max(...run.sizes);
  const tile = Math.max(10, Math.min(44, Math.floor((netH - 12) / maxUnits) - 6));
  const left = 30;  // room for the input names
  const colX = (c) => left + (c * (netW - left - 4 - tile)) / Math.max(cols - 1, 1);
  const unitY = (c, u) => {
    const n = run.sizes[c], gap = (netH - n * tile) / (n + 1);
    return gap * (u + 1) + u * tile;
  };
  state.netGeom = { colX, unitY, tile, cols };
  // edges, each value by colour (sign) and width (magnitude)
  let wi = 0;
  for (let l = 0; l < cols - 1; l++) {
    const fin = run.sizes[l], fout = run.sizes[l + 1];
    for (let i = 0; i < fin; i++) {
      for (let j = 0; j < fout; j++) {
        const q = fr.edges[wi++] / 127;
        ctx.strokeStyle = q >= 0 ? run.pos : run.neg;
        ctx.globalAlpha = 0.25 + 0.6 * Math.abs(q);
        ctx.lineWidth = 0.4 + 3.2 * Math.abs(q);
        ctx.beginPath();
        ctx.moveTo(colX(l) + tile, unitY(l, i) + tile / 2);
        ctx.lineTo(colX(l + 1), unitY(l + 1, j) + tile / 2);
        ctx.stroke();
      }
    }
  }
  ctx.globalAlpha = 1;
  // tiles: inputs (fixed per run), hidden units (this frame), the output
  const t = run.tile, tileLen = run.oneD ? t : t * t;
  const put = (bytes, k, x, y, lut, rim) => {
    blit(ctx, tileImage(bytes, k * tileLen, t, run.oneD, lut), t, t, x, y, tile, tile);
    ctx.strokeStyle = rim; ctx.lineWidth = 1; ctx.strokeRect(x + 0.5, y + 0.5, tile - 1, tile - 1);
  };
  for (let i = 0; i < run.sizes[0]; i++) put(run.inputTiles, i, colX(0), unitY(0, i), run.lut, '#adb5bd');
  let k = 0;
  for (let l = 1; l < cols - 1; l++) {
    for (let u = 0; u < run.sizes[l]; u++) put(fr.tiles, k++, colX(l), unitY(l, u), run.lut, '#adb5bd');
  }
  const ox = colX(cols - 1);
  for (let u = 0; u < run.sizes[cols - 1]; u++) {
    const y = unitY(cols - 1, u);
    if (run.task === 'multi') put(fr.tiles, k++, ox, y, run.ramps[u], run.classColours[u]);
    else {
      drawOutput(state, fr, ctx, ox, y, tile, false);
      ctx.strokeStyle = '#495057'; ctx.strokeRect(ox + 0.5, y + 0.5, tile - 1, tile - 1);
    }
  }
  ctx.fillStyle = '#495057'; ctx.font = '12px "Source Sans Pro", sans-serif';
  ctx.textBaseline = 'middle'; ctx.textAlign = 'right';
  run.inputNames.forEach((name, i) => ctx.fillText(name, colX(0) - 4, unitY(0, i) + tile / 2));
}

function outputImage(state, fr) {
  const run = state.run, n = run.n, disc = state.view.discretize;
  const img = new Uint8ClampedArray(n * n * 4);
  if (run.task === 'binary') {
    for (let i = 0; i < n * n; i++) {
      const p = fr.output[i];
      const v = (disc ? (p >= 128 ? 255 : 0) : p) * 3;
      img[i * 4] = run.outLut[v]; img[i * 4 + 1] = run.outLut[v + 1]; img[i * 4 + 2] = run.outLut[v + 2];
      img[i * 4 + 3] = 255;
    }
  } else {
    for (let i = 0; i < n * n; i++) {
      const c = run.palette[fr.output[i]] || [128, 128, 128];
      const a = disc ? 1 : fr.output[n * n + i] / 255;
      for (let ch = 0; ch < 3; ch++) img[i * 4 + ch] = Math.round(PAPER[ch] + (c[ch] - PAPER[ch]) * (0.15 + 0.6 * a));
      img[i * 4 + 3] = 255;
    }
  }
  return img;
}

function drawOutput(state, fr, ctx, x, y, size, big) {
  const run = state.run;
  if (run.task === 'curve') {
    ctx.fillStyle = '#f8f9fa'; ctx.fillRect(x, y, size, size);
    if (big && run.truth) curve(ctx, run, run.truth, x, y, size, size, 1.6, '#adb5bd', [5, 4]);
    curve(ctx, run, fr.output, x, y, size, size, big ? 2.2 : 1.2, run.pos, []);
    return;
  }
  blit(ctx, outputImage(state, fr), run.n, run.n, x, y, size, size);
}

function curve(ctx, run, values, x, y, w, h, lw, colour, dash) {
  const [lo, hi] = run.yRange, n = values.length;
  const py = (v) => y + h - ((v - lo) / (hi - lo)) * h;
  ctx.save(); ctx.beginPath(); ctx.rect(x, y, w, h); ctx.clip();
  ctx.strokeStyle = colour; ctx.lineWidth = lw; ctx.setLineDash(dash); ctx.beginPath();
  for (let i = 0; i < n; i++) {
    const px = x + (i / (n - 1)) * w;
    if (i) ctx.lineTo(px, py(values[i])); else ctx.moveTo(px, py(values[i]));
  }
  ctx.stroke(); ctx.restore();
}

function drawBoundary(state, fr) {
  const run = state.run, ctx = state.ctxB, s = state.geom.side, P = run.points;
  ctx.clearRect(0, 0, s, s);
  drawOutput(state, fr, ctx, 0, 0, s, true);
  let drawn = 0;
  for (let i = 0; i < P.x.length; i++) {
    if (P.test[i] && !state.view.showTest) continue;
    drawn += 1;
    const [cx, cy] = pointXY(run, s, i);
    const col = run.task === 'curve' ? '#495057' : run.classColours[P.c[i]] || '#495057';
    ctx.beginPath();
    if (P.test[i]) {  // test points are diamonds, training points circles: colour is the class
      ctx.moveTo(cx, cy - 4.6); ctx.lineTo(cx + 4.6, cy); ctx.lineTo(cx, cy + 4.6); ctx.lineTo(cx - 4.6, cy);
      ctx.closePath(); ctx.fillStyle = col; ctx.fill(); ctx.lineWidth = 1; ctx.strokeStyle = '#31333f'; ctx.stroke();
    } else {
      ctx.arc(cx, cy, 3.5, 0, 2 * Math.PI); ctx.fillStyle = col; ctx.fill();
      ctx.lineWidth = 1; ctx.strokeStyle = '#fff'; ctx.stroke();
    }
  }
  ctx.strokeStyle = '#ced4da'; ctx.lineWidth = 1; ctx.strokeRect(0.5, 0.5, s - 1, s - 1);
  state.host.dataset.points = String(drawn);
}

function drawLoss(state) {
  const ctx = state.ctxL, { side: w, lossH: h } = state.geom, H = state.hist, log = state.view.logY;
  ctx.clearRect(0, 0, w, h);
  const left = 50, bottom = 18, top = 6, right = 10;
  ctx.strokeStyle = '#dee2e6'; ctx.lineWidth = 1; ctx.strokeRect(left, top, w - left - right, h - top - bottom);
  const ok = (v) => v !== null && isFinite(v) && (!log || v > 0);
  let lo = Infinity, hi = -Infinity;
  for (const ys of [H.train, H.test]) for (const v of ys) if (ok(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (!H.epochs.length || lo === Infinity) return;
  const tf = (v) => (log ? Math.log10(v) : v);
  let a = tf(lo), b = tf(hi);
  if (b - a < 1e-12) { b += 0.5; a -= 0.5; }
  const maxE = Math.max(H.epochs[H.epochs.length - 1], 1);
  const X = (e) => left + (e / maxE) * (w - left - right);
  const Y = (v) => top + (1 - (tf(v) - a) / (b - a)) * (h - top - bottom);
  const line = (ys, dash) => {
    ctx.setLineDash(dash); ctx.strokeStyle = state.run.lossColour; ctx.lineWidth = 1.6; ctx.beginPath();
    let on = false;
    for (let i = 0; i < H.epochs.length; i++) {
      if (!ok(ys[i])) { on = false; continue; }
      if (on) ctx.lineTo(X(H.epochs[i]), Y(ys[i])); else ctx.moveTo(X(H.epochs[i]), Y(ys[i]));
      on = true;
    }
    ctx.stroke(); ctx.setLineDash([]);
  };
  line(H.train, []);
  if (state.view.showTest) line(H.test, [4, 3]);
  ctx.fillStyle = '#495057'; ctx.font = '11px "Source Sans Pro", sans-serif';
  ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
  const inv = (t) => (log ? 10 ** t : t);
  const tick = (v) => fmt(Number(v.toPrecision(2)));  // axis ends: two digits are enough
  ctx.fillText(tick(inv(b)), left - 4, top + 4); ctx.fillText(tick(inv(a)), left - 4, h - bottom - 2);
  ctx.textAlign = 'center'; ctx.textBaseline = 'top';
  ctx.fillText('0', left, h - bottom + 3); ctx.fillText(String(maxE), w - right - 8, h - bottom + 3);
  ctx.fillText(log ? 'epoch (log loss)' : 'epoch', (left + w) / 2, h - bottom + 3);
}

function addCurve(state, upto) {
  // losses of every epoch trained up to the frame on screen (sent beside the frames)
  const H = state.hist, C = state.pending;
  while (C.length && C[0][0] <= upto) {
    const [e, tr, te] = C.shift();
    if (!H.epochs.length || e > H.epochs[H.epochs.length - 1]) { H.epochs.push(e); H.train.push(tr); H.test.push(te); }
  }
}

function show(state, fr) {
  if (state.dirty || !state.geom) layout(state);
  addCurve(state, fr.epoch);
  const H = state.hist;
  if (!H.epochs.length || fr.epoch > H.epochs[H.epochs.length - 1]) {
    H.epochs.push(fr.epoch); H.train.push(fr.train); H.test.push(fr.test);
  }
  drawNetwork(state, fr); drawBoundary(state, fr); drawLoss(state);
  const acc = state.run.task === 'curve' ? '' : ` · test accuracy ${fr.acc === null ? '—' : (100 * fr.acc).toFixed(1) + '%'}`;
  state.el.status.textContent = `Epoch ${fr.epoch} · train loss ${fmt(fr.train)} · test loss ${fmt(fr.test)}${acc}`;
  state.shown = fr;
  const d = state.host.dataset;
  if (d.epoch !== String(fr.epoch) || d.run !== state.runId) {
    state.drawn += 1;
    d.framesDrawn = String(state.drawn);
  }
  d.epoch = String(fr.epoch); d.trainLoss = String(fr.train); d.run = state.runId;
  d.dropped = String(state.dropped);
}

function loop(state) {
  state.raf = requestAnimationFrame((now) => {
    const q = state.queue;
    if (q.length) {
      // a backlog of more than four batches (a slow or hidden tab) loses its oldest frames:
      // late frames are skipped, never shown out of order
      const keep = 2 * state.batch;
      if (q.length > 4 * state.batch) { state.dropped += q.length - keep; q.splice(0, q.length - keep); }
      // shown at the rate frames arrive, faster when they pile up and slower when the queue
      // runs low (about one batch and a half stays queued), so it rarely runs dry between
      // batches that come unevenly
      const fill = q.length / Math.max(state.batch, 1);
      const rate = Math.min(MAX_FPS, state.rate * Math.max(0.5, Math.min(1.6, fill / 1.5)));
      if (now - state.lastShow >= 1000 / rate - 4) {
        state.lastShow = now;
        show(state, q.shift());
      }
    } else if (state.dirty && state.shown) {
      show(state, state.shown);
    }
    loop(state);
  });
}

function adopt(state, info) {
  state.runId = info.id;
  state.run = {
    ...info, lut: divergingLut(hex(info.colours.neg), hex(info.colours.pos), 1),
    outLut: divergingLut(hex(info.colours.neg), hex(info.colours.pos), 0.55),
    palette: info.colours.classes.map(hex), classColours: info.colours.classes,
    ramps: info.colours.classes.map((c) => rampLut(hex(c))),
    inputTiles: b64(info.inputTiles), pos: info.colours.pos, neg: info.colours.neg,
    lossColour: info.colours.loss,
  };
  state.el.boundaryTitle.textContent = info.boundaryTitle;
  state.el.testKey.hidden = false;
  state.hist = { epochs: [], train: [], test: [] };
  state.pending = []; state.queue = []; state.shown = null; state.dirty = true;
}

export default function (component, data) {
  // data: the message, read by boot.js (its JSON header, with the frames' bytes as .blob)
  const root = component.parentElement;
  const state = root.__bp || (root.__bp = {
    queue: [], pending: [], drawn: 0, dropped: 0, lastShow: 0, rate: 30, batch: 6, runId: null,
    dirty: true, lastArrival: 0, view: {},
  });
  state.host = root.host || root;
  if (!state.el) setup(root, state);
  state.setTrigger = component.setTriggerValue;
  if (!data) return undefined;
  if (data.info && data.info.id !== state.runId) adopt(state, data.info);
  if (data.run !== state.runId) return undefined;  // frames of a run this canvas was never sent
  state.view = data.view;
  state.playing = data.playing;
  state.exact = data.playing ? null : data.exact || null;
  state.el.boundary.style.cursor = data.view.draw ? 'crosshair' : 'default';
  state.host.dataset.draw = data.view.draw ? '1' : '0';
  state.el.testKey.style.visibility = data.view.showTest ? 'visible' : 'hidden';
  state.el.status.hidden = !data.playing;  // paused, the page's own status line says it
  const frames = decodeBatch(state.run, data.frames, data.blob);
  if (data.history) {
    // a whole curve: the run was moved (Reset, Step, a typed epoch) or the canvas is new
    const H0 = data.history;
    state.hist = { epochs: H0.epochs.slice(), train: H0.train.slice(), test: H0.test.slice() };
    state.pending = []; state.queue = []; state.shown = null;
  }
  if (data.curve) {
    const C = data.curve;
    C.train.forEach((v, i) => state.pending.push([C.first + i, v, C.test[i]]));
  }
  const reduce = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  if (!data.playing || reduce) {
    // paused, or a visitor who asked for less motion: the newest state at once
    state.queue = [];
    if (frames.length) show(state, frames[frames.length - 1]);
    else if (state.shown) { state.dirty = true; show(state, state.shown); }
    // drawn: now the page may send what waits for the canvas (once per report)
    if (data.report && data.report !== state.reported && state.setTrigger) {
      state.reported = data.report;
      state.setTrigger('drawn', data.report);
    }
  } else if (frames.length) {
    const now = performance.now();
    if (state.lastArrival && now - state.lastArrival < 2000) {
      const r = frames.length / ((now - state.lastArrival) / 1000);
      state.rate = Math.max(5, Math.min(MAX_FPS, 0.7 * state.rate + 0.3 * r));
    }
    state.lastArrival = now;
    state.batch = frames.length;
    const last = state.queue.length ? state.queue[state.queue.length - 1].epoch
      : state.shown ? state.shown.epoch : -1;
    state.queue.push(...frames.filter((f) => f.epoch > last));
  }
  if (!state.raf) loop(state);
  return () => { cancelAnimationFrame(state.raf); state.raf = null; };
}
