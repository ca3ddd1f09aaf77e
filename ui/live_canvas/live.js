// The Playground's live area: plays frames that the core computed, at display rate.
// Python sends batches of frames (see backprop_core/frames.py for the byte formats); this code
// only decodes and draws them. Frames are queued in epoch order; when the queue falls behind,
// the oldest are dropped, never reordered. Between batches the last frame stays drawn.

const b64 = (s) => Uint8Array.from(atob(s || ''), (c) => c.charCodeAt(0));
const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));

function lerp(a, b, t) {
  return a.map((x, i) => Math.round(x + (b[i] - x) * t));
}

// byte 0..255 over [-1, 1] -> rgb: negative blue, 0 near white, positive orange
function divergingLut(neg, mid, pos, strength) {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const v = (i / 127.5 - 1) * strength;
    const c = v >= 0 ? lerp(mid, pos, v) : lerp(mid, neg, -v);
    lut.set(c, i * 3);
  }
  return lut;
}

function blit(ctx, img, w, h, x, y, dw, dh, smooth) {
  // draw a w x h RGBA buffer scaled to (dw, dh) at (x, y)
  const off = blit.canvas || (blit.canvas = document.createElement('canvas'));
  if (off.width !== w || off.height !== h) { off.width = w; off.height = h; }
  off.getContext('2d').putImageData(new ImageData(img, w, h), 0, 0);
  ctx.imageSmoothingEnabled = smooth;
  ctx.drawImage(off, 0, 0, w, h, x, y, dw, dh);
}

function tileImage(bytes, offset, w, h, lut) {
  const img = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < w * h; i++) {
    const v = bytes[offset + i];
    img[i * 4] = lut[v * 3]; img[i * 4 + 1] = lut[v * 3 + 1]; img[i * 4 + 2] = lut[v * 3 + 2];
    img[i * 4 + 3] = 255;
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
        <figure class="bp-cell bp-netcell"><figcaption class="bp-net-title"></figcaption><canvas class="bp-net"></canvas></figure>
        <figure class="bp-cell bp-side">
          <figcaption class="bp-boundary-title"></figcaption><canvas class="bp-boundary"></canvas>
          <figcaption>Loss per epoch <span class="bp-key"><i class="bp-solid"></i>training <i class="bp-dash"></i>test</span></figcaption><canvas class="bp-loss"></canvas>
        </figure>
      </div>
      <div class="bp-tip" hidden></div>
    </div>`;
  const q = (sel) => box.querySelector(sel);
  state.el = {
    status: q('.bp-status'), net: q('.bp-net'), boundary: q('.bp-boundary'),
    boundaryTitle: q('.bp-boundary-title'), loss: q('.bp-loss'), row: q('.bp-row'),
    netTitle: q('.bp-net-title'), tip: q('.bp-tip'), box,
  };
  state.el.net.addEventListener('mousemove', (ev) => hoverNet(state, ev));
  state.el.boundary.addEventListener('mousemove', (ev) => hoverPlane(state, ev));
  for (const c of [state.el.net, state.el.boundary]) {
    c.addEventListener('mouseleave', () => { state.el.tip.hidden = true; });
  }
  // in drawing mode a click on the plane adds a point there (Python keeps the data)
  state.el.boundary.addEventListener('click', (ev) => {
    const run = state.run;
    if (!run || !run.draw || !state.setTrigger) return;
    const r = state.el.boundary.getBoundingClientRect(), e = run.extent;
    const x = ((ev.clientX - r.left) / r.width) * 2 * e - e;
    const y = e - ((ev.clientY - r.top) / r.height) * 2 * e;
    state.setTrigger('point', { x: Math.round(x * 1000) / 1000, y: Math.round(y * 1000) / 1000 });
  });
  const ro = new ResizeObserver(() => { state.dirty = true; });
  ro.observe(state.el.row);
  state.ro = ro;
}

function tip(state, ev, text) {
  const t = state.el.tip, r = state.el.box.getBoundingClientRect();
  if (!text) { t.hidden = true; return; }
  t.textContent = text; t.hidden = false;
  const x = ev.clientX - r.left + 12, y = ev.clientY - r.top + 12;
  t.style.left = Math.min(x, r.width - t.offsetWidth - 4) + 'px'; t.style.top = y + 'px';
}

function segDist(px, py, x1, y1, x2, y2) {
  const dx = x2 - x1, dy = y2 - y1, L = dx * dx + dy * dy;
  const t = L ? Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / L)) : 0;
  return Math.hypot(px - x1 - t * dx, py - y1 - t * dy);
}

// Hover text uses the exact numbers Python sent with a paused view; while playing, none.
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

function hoverPlane(state, ev) {
  const run = state.run;
  if (!run || !state.exact) { tip(state, ev, null); return; }
  const r = state.el.boundary.getBoundingClientRect(), s = r.width, e = run.extent;
  const px = ev.clientX - r.left, py = ev.clientY - r.top, P = run.points;
  let best = -1, bestD = 6;
  for (let i = 0; i < P.x.length; i++) {
    if (P.test[i] && !run.showTest) continue;
    const cx = ((P.x[i] + e) / (2 * e)) * s;
    const cy = run.task === 'curve'
      ? s - ((P.y[i] - run.yRange[0]) / (run.yRange[1] - run.yRange[0])) * s
      : s - ((P.y[i] + e) / (2 * e)) * s;
    const d = Math.hypot(px - cx, py - cy);
    if (d < bestD) { bestD = d; best = i; }
  }
  if (best < 0) { tip(state, ev, null); return; }
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

function readMessage(data) {
  // [uint32 header length][JSON header][frames' bytes]: see ui/live_canvas/feed.py
  let bytes = data instanceof Uint8Array ? data
    : data instanceof ArrayBuffer ? new Uint8Array(data)
    : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : null;
  if (!bytes || bytes.length < 4) return null;
  const n = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  const head = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + n)));
  head.blob = bytes.subarray(4 + n);
  return head;
}

function decodeBatch(run, f, blob) {
  // split the batch's binary block into one record per frame
  const k = f.epochs.length;
  if (!k) return [];
  const [oN, tN] = f.bytes;
  const out = blob.subarray(0, oN), tiles = blob.subarray(oN, oN + tN);
  const e = blob.slice(oN + tN), w = new Int8Array(e.buffer, e.byteOffset, e.byteLength);
  const oBytes = out.length / k, tBytes = tiles.length / k, wN = w.length / k;
  const frames = [];
  for (let i = 0; i < k; i++) {
    let output = out.subarray(i * oBytes, (i + 1) * oBytes);
    if (run.task === 'curve') output = new Float32Array(output.slice().buffer);
    frames.push({
      epoch: f.epochs[i], train: f.train[i], test: f.test[i], scale: f.scale[i], output,
      tiles: tiles.subarray(i * tBytes, (i + 1) * tBytes), edges: w.subarray(i * wN, (i + 1) * wN),
    });
  }
  return frames;
}

function fmt(x) {
  if (x === null || x === undefined || !isFinite(x)) return '—';
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e4)) return x.toExponential(3).replace('e+', 'e');
  return Number(x.toPrecision(4)).toString();
}

function layout(state) {
  const run = state.run, el = state.el;
  const width = el.row.clientWidth || 600;
  const wide = width >= 720;
  el.row.classList.toggle('bp-wide', wide);
  const side = wide ? Math.min(360, Math.floor(width * 0.4)) : Math.min(width, 420);
  const netW = wide ? width - side - 16 : width;
  const maxUnits = Math.max(...run.sizes);
  const netH = Math.max(180, Math.min(400, maxUnits * 34 + 30));
  state.geom = { netW, netH, side, lossH: Math.round(side * 0.5) };
  state.ctxNet = sizeCanvas(el.net, netW, netH);
  state.ctxB = sizeCanvas(el.boundary, side, side);
  state.ctxL = sizeCanvas(el.loss, side, state.geom.lossH);
  state.dirty = false;
}

function drawNetwork(state, fr) {
  const run = state.run, ctx = state.ctxNet, { netW, netH } = state.geom;
  ctx.clearRect(0, 0, netW, netH);
  const cols = run.sizes.length;
  const maxUnits = Math.max(...run.sizes);
  const tile = Math.max(12, Math.min(30, Math.floor((netH - 20) / maxUnits) - 6));
  const colX = (c) => 24 + (c * (netW - 48 - tile)) / Math.max(cols - 1, 1);
  const unitY = (c, u) => {
    const n = run.sizes[c], gap = (netH - 20 - n * tile) / (n + 1);
    return 10 + gap * (u + 1) + u * tile;
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
  const draw = (bytes, k, x, y) => {
    const img = run.oneD ? lineImage(bytes, k * tileLen, t, run.lut) : tileImage(bytes, k * tileLen, t, t, run.lut);
    blit(ctx, img, t, t, x, y, tile, tile, true);
    ctx.strokeStyle = '#adb5bd'; ctx.lineWidth = 1; ctx.strokeRect(x + 0.5, y + 0.5, tile - 1, tile - 1);
  };
  for (let i = 0; i < run.sizes[0]; i++) draw(run.inputTiles, i, colX(0), unitY(0, i));
  let k = 0;
  for (let l = 1; l < cols - 1; l++) {
    for (let u = 0; u < run.sizes[l]; u++) draw(fr.tiles, k++, colX(l), unitY(l, u));
  }
  const ox = colX(cols - 1);
  for (let u = 0; u < run.sizes[cols - 1]; u++) {
    drawOutput(state, fr, ctx, ox, unitY(cols - 1, u), tile, false);
    ctx.strokeStyle = '#495057'; ctx.strokeRect(ox + 0.5, unitY(cols - 1, u) + 0.5, tile - 1, tile - 1);
  }
  ctx.fillStyle = '#495057'; ctx.font = '12px "Source Sans Pro", sans-serif';
  ctx.textBaseline = 'middle';
  run.inputNames.forEach((name, i) => {
    ctx.textAlign = 'right';
    ctx.fillText(name, colX(0) - 4, unitY(0, i) + tile / 2);
  });
}

function lineImage(bytes, offset, t, lut) {
  // a 1-D unit: its values along x, repeated down the tile
  const img = new Uint8ClampedArray(t * t * 4);
  for (let r = 0; r < t; r++) {
    for (let c = 0; c < t; c++) {
      const v = bytes[offset + c], p = (r * t + c) * 4;
      img[p] = lut[v * 3]; img[p + 1] = lut[v * 3 + 1]; img[p + 2] = lut[v * 3 + 2]; img[p + 3] = 255;
    }
  }
  return img;
}

function outputImage(run, fr) {
  const n = run.n;
  const img = new Uint8ClampedArray(n * n * 4);
  if (run.task === 'binary') {
    for (let i = 0; i < n * n; i++) {
      const p = fr.output[i];
      const v = run.discretize ? (p >= 128 ? 255 : 0) : p;
      img.set(run.outLut.subarray(v * 3, v * 3 + 3), i * 4); img[i * 4 + 3] = 255;
    }
  } else {
    for (let i = 0; i < n * n; i++) {
      const c = run.palette[fr.output[i]] || [128, 128, 128];
      const a = run.discretize ? 1 : fr.output[n * n + i] / 255;
      for (let ch = 0; ch < 3; ch++) img[i * 4 + ch] = Math.round(247 + (c[ch] - 247) * (0.15 + 0.6 * a));
      img[i * 4 + 3] = 255;
    }
  }
  return img;
}

function drawOutput(state, fr, ctx, x, y, size, big) {
  const run = state.run;
  if (run.task === 'curve') {
    ctx.fillStyle = '#f8f9fa'; ctx.fillRect(x, y, size, size);
    curve(ctx, run, fr.output, x, y, size, size, big ? 2 : 1.2);
    return;
  }
  blit(ctx, outputImage(run, fr), run.n, run.n, x, y, size, size, true);
}

function curve(ctx, run, values, x, y, w, h, lw) {
  const [lo, hi] = run.yRange, n = values.length;
  const py = (v) => y + h - ((v - lo) / (hi - lo)) * h;
  ctx.save(); ctx.beginPath(); ctx.rect(x, y, w, h); ctx.clip();
  ctx.strokeStyle = run.pos; ctx.lineWidth = lw; ctx.beginPath();
  for (let i = 0; i < n; i++) {
    const px = x + (i / (n - 1)) * w;
    if (i) ctx.lineTo(px, py(values[i])); else ctx.moveTo(px, py(values[i]));
  }
  ctx.stroke(); ctx.restore();
}

function drawBoundary(state, fr) {
  const run = state.run, ctx = state.ctxB, s = state.geom.side;
  ctx.clearRect(0, 0, s, s);
  drawOutput(state, fr, ctx, 0, 0, s, true);
  const P = run.points, e = run.extent;
  const px = (v) => ((v + e) / (2 * e)) * s;
  const py = run.task === 'curve'
    ? (v) => s - ((v - run.yRange[0]) / (run.yRange[1] - run.yRange[0])) * s
    : (v) => s - px(v);
  for (let i = 0; i < P.x.length; i++) {
    if (P.test[i] && !run.showTest) continue;
    const cx = px(P.x[i]), cy = py(P.y[i]);
    const col = run.task === 'curve' ? '#495057' : run.classColours[P.c[i]] || '#495057';
    ctx.beginPath();
    if (P.test[i]) {  // test points: hollow rings, so colour means class only
      ctx.arc(cx, cy, 3.6, 0, 2 * Math.PI); ctx.lineWidth = 2; ctx.strokeStyle = col; ctx.stroke();
    } else {
      ctx.arc(cx, cy, 3.4, 0, 2 * Math.PI); ctx.fillStyle = col; ctx.fill();
      ctx.lineWidth = 1; ctx.strokeStyle = '#fff'; ctx.stroke();
    }
  }
}

function drawLoss(state) {
  const ctx = state.ctxL, { side: w, lossH: h } = state.geom, H = state.hist;
  ctx.clearRect(0, 0, w, h);
  const left = 44, bottom = 18, top = 6, right = 8;
  ctx.strokeStyle = '#dee2e6'; ctx.lineWidth = 1; ctx.strokeRect(left, top, w - left - right, h - top - bottom);
  const vals = H.train.concat(H.test).filter((v) => v !== null && isFinite(v) && (!state.run.logY || v > 0));
  if (!H.epochs.length || !vals.length) return;
  let lo = Math.min(...vals), hi = Math.max(...vals);
  const log = state.run.logY;
  const tf = (v) => (log ? Math.log10(v) : v);
  lo = tf(lo); hi = tf(hi);
  if (hi - lo < 1e-12) { hi += 0.5; lo -= 0.5; }
  const maxE = Math.max(H.epochs[H.epochs.length - 1], 1);
  const X = (e) => left + (e / maxE) * (w - left - right);
  const Y = (v) => top + (1 - (tf(v) - lo) / (hi - lo)) * (h - top - bottom);
  const line = (ys, dash) => {
    ctx.setLineDash(dash); ctx.strokeStyle = state.run.lossColour; ctx.lineWidth = 1.6; ctx.beginPath();
    let on = false;
    for (let i = 0; i < H.epochs.length; i++) {
      const v = ys[i];
      if (v === null || !isFinite(v) || (log && v <= 0)) { on = false; continue; }
      if (on) ctx.lineTo(X(H.epochs[i]), Y(v)); else ctx.moveTo(X(H.epochs[i]), Y(v));
      on = true;
    }
    ctx.stroke(); ctx.setLineDash([]);
  };
  line(H.train, []); line(H.test, [4, 3]);
  ctx.fillStyle = '#495057'; ctx.font = '11px "Source Sans Pro", sans-serif';
  ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
  const inv = (t) => (log ? 10 ** t : t);
  ctx.fillText(fmt(inv(hi)), left - 4, top + 4); ctx.fillText(fmt(inv(lo)), left - 4, h - bottom - 2);
  ctx.textAlign = 'center'; ctx.textBaseline = 'top';
  ctx.fillText('0', left, h - bottom + 3); ctx.fillText(String(maxE), w - right - 8, h - bottom + 3);
  ctx.fillText('epoch', (left + w) / 2, h - bottom + 3);
}

function show(state, fr) {
  if (state.dirty || !state.geom) layout(state);
  const H = state.hist;
  if (!H.epochs.length || fr.epoch > H.epochs[H.epochs.length - 1]) {
    H.epochs.push(fr.epoch); H.train.push(fr.train); H.test.push(fr.test);
  }
  drawNetwork(state, fr); drawBoundary(state, fr); drawLoss(state);
  state.el.status.textContent = `Epoch ${fr.epoch} · training loss ${fmt(fr.train)} · test loss ${fmt(fr.test)}`;
  state.shown = fr;
  if (state.lastEpoch !== fr.epoch) {
    state.lastEpoch = fr.epoch;
    state.drawn += 1;
    state.host.dataset.framesDrawn = String(state.drawn);
    state.host.dataset.epoch = String(fr.epoch);
    state.host.dataset.trainLoss = String(fr.train);
  }
}

function loop(state) {
  state.raf = requestAnimationFrame((now) => {
    const q = state.queue;
    if (q.length) {
      const interval = 1000 / state.fps;
      // a backlog larger than two batches is dropped from the front: late frames are skipped,
      // never shown out of order
      const keep = Math.max(2 * state.batch, 4);
      if (q.length > keep) { state.dropped += q.length - keep; q.splice(0, q.length - keep); }
      if (now - state.lastShow >= interval - 2) {
        state.lastShow = now;
        show(state, q.shift());
      }
    } else if (state.dirty && state.shown) {
      show(state, state.shown);
    }
    loop(state);
  });
}

export default function (component) {
  const { parentElement } = component;
  const root = parentElement;
  const state = root.__bp || (root.__bp = {
    queue: [], drawn: 0, dropped: 0, lastShow: 0, fps: 36, batch: 8, runId: null, dirty: true,
  });
  state.host = root.host || root;
  if (!state.el) setup(root, state);
  const data = readMessage(component.data);
  if (!data) return;
  const r = data.run;
  const fresh_run = r.id !== state.runId;
  if (fresh_run && !r.sizes) return;  // a playing update for a run this canvas has not seen
  if (fresh_run) {
    state.runId = r.id;
    state.run = {
      ...r, lut: divergingLut(hex(r.colours.neg), [247, 247, 247], hex(r.colours.pos), 1),
      outLut: divergingLut(hex(r.colours.neg), [247, 247, 247], hex(r.colours.pos), 0.55),
      palette: r.colours.classes.map(hex), classColours: r.colours.classes,
      inputTiles: b64(r.inputTiles), pos: r.colours.pos, neg: r.colours.neg, lossColour: r.colours.loss,
    };
    state.hist = { epochs: [], train: [], test: [] };
    state.queue = []; state.shown = null; state.lastEpoch = null; state.dirty = true;
  } else if (r.sizes) {
    Object.assign(state.run, { discretize: r.discretize, draw: r.draw, boundaryTitle: r.boundaryTitle,
      netTitle: r.netTitle });
  }
  Object.assign(state.run, { logY: r.logY, showTest: r.showTest });
  state.setTrigger = component.setTriggerValue;
  state.el.boundary.style.cursor = state.run.draw ? 'crosshair' : 'default';
  state.el.boundaryTitle.textContent = state.run.boundaryTitle || '';
  state.el.netTitle.textContent = state.run.netTitle || '';
  state.exact = data.playing ? null : data.exact || null;
  const frames = decodeBatch(state.run, data.frames, data.blob);
  const lastQueued = state.queue.length ? state.queue[state.queue.length - 1].epoch
    : state.shown ? state.shown.epoch : -1;
  const H0 = data.history;
  if (H0 && frames.length && frames[0].epoch <= lastQueued) {
    // moved back (Reset, Step back, a typed epoch): the curve restarts from this history
    state.hist = { epochs: [], train: [], test: [] }; state.queue = []; state.shown = null;
  }
  const H = state.hist;
  if (H0 && (!H.epochs.length || !state.shown)) {
    H.epochs = H0.epochs.slice(); H.train = H0.train.slice(); H.test = H0.test.slice();
  }
  state.batch = Math.max(frames.length, 1);
  const reduce = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const last = state.queue.length ? state.queue[state.queue.length - 1].epoch
    : state.shown ? state.shown.epoch : -1;
  const fresh = frames.filter((f) => f.epoch > last);
  if (!data.playing || reduce) {
    // not playing, or the visitor asked for less motion: show the newest state at once
    state.queue = [];
    if (fresh.length) {
      for (const f of fresh.slice(0, -1)) { H.epochs.push(f.epoch); H.train.push(f.train); H.test.push(f.test); }
      show(state, fresh[fresh.length - 1]);
    } else if (frames.length && !state.shown) {
      show(state, frames[frames.length - 1]);
    } else if (state.shown) { state.dirty = true; show(state, state.shown); }
  } else {
    state.queue.push(...fresh);
  }
  if (!state.raf) loop(state);
  return () => { cancelAnimationFrame(state.raf); state.raf = null; };
}
