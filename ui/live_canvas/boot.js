// Loads the live canvas's drawing code (live.js) and hands it every message, read. The code travels
// inside the messages that carry a run's fixed part: Streamlit re-sends a component's inline
// code with every update, and while playing that would be most of the bytes sent.
const load = (code) => import(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));

function read(data) {
  // [uint32 header length][JSON header][frames' bytes]: see ui/live_canvas/feed.py
  const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : data instanceof ArrayBuffer ? new Uint8Array(data) : null;
  if (!bytes || bytes.length < 4) return null;
  const n = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  const head = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + n)));
  head.blob = bytes.slice(4 + n);
  return head;
}

export default function (component) {
  const live = window.__backpropLive || (window.__backpropLive = { ready: Promise.resolve() });
  const head = read(component.data);
  if (head && head.code && head.code !== live.source) {
    live.source = head.code;
    const code = head.code;
    live.ready = live.ready.then(() => load(code)).then((m) => { live.draw = m.default; });
  }
  let cleanup = null, gone = false;
  // in the order the messages came, once the code is there
  live.ready.then(() => { if (!gone && live.draw) cleanup = live.draw(component, head); });
  return () => { gone = true; if (cleanup) cleanup(); };
}
