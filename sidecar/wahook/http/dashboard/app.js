// The wahook dashboard: reads /dashboard/data.json every REFRESH_MS and draws each chart as SVG.
// No library and no network beyond this server. Each chart's <svg> carries the numbers it drew as
// data-* attributes (data-sum, data-value...), so a test can compare the picture with SQL.
"use strict";

const REFRESH_MS = 15000;
const SVG_NS = "http://www.w3.org/2000/svg";
// Drawn at the container's pixel width, so text stays at its CSS size on a laptop and a phone.
let W = 640;
const H = 220;
const PAD = { left: 44, right: 10, top: 10, bottom: 24 };
// SVG presentation attributes do not resolve CSS variables, so the palette is here.
const COLORS = {
  received: "#2e6fdb",
  completed: "#1f9d55",
  failed: "#d64545",
  p50: "#1f9d55",
  p95: "#e69a10",
  p99: "#d64545",
  bar: "#7a5af8",
  warn: "#e69a10",
};

function fit(container) {
  W = Math.max(280, Math.floor(container.clientWidth || 640));
}

function el(name, attrs, parent) {
  const node = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
  if (parent) parent.appendChild(node);
  return node;
}

function html(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
  return node;
}

function num(value) {
  return value === null || value === undefined ? 0 : Number(value);
}

function fmt(value, digits) {
  if (value === null || value === undefined) return "–";
  const n = Number(value);
  if (!Number.isFinite(n)) return "–";
  return n.toLocaleString("en-US", { maximumFractionDigits: digits === undefined ? 1 : digits });
}

function hhmm(iso) {
  const d = new Date(iso);
  return d.toISOString().slice(11, 16);
}

function niceMax(max) {
  if (max <= 0) return 1;
  const power = Math.pow(10, Math.floor(Math.log10(max)));
  for (const step of [1, 2, 2.5, 5, 10]) if (max <= step * power) return step * power;
  return 10 * power;
}

function frame(svg, maxY, labels) {
  const plotH = H - PAD.top - PAD.bottom;
  const plotW = W - PAD.left - PAD.right;
  for (let i = 0; i <= 4; i++) {
    const y = PAD.top + plotH - (plotH * i) / 4;
    el("line", { class: "gridline", x1: PAD.left, x2: W - PAD.right, y1: y, y2: y }, svg);
    const tick = (maxY * i) / 4;
    el("text", { x: PAD.left - 6, y: y + 4, "text-anchor": "end" }, svg).textContent = fmt(tick, maxY <= 10 ? 1 : 0);
  }
  const every = Math.max(1, Math.ceil(labels.length / Math.max(2, Math.floor(plotW / 90))));
  labels.forEach((label, i) => {
    if (i % every !== 0) return;
    const x = PAD.left + (labels.length === 1 ? plotW / 2 : (plotW * i) / (labels.length - 1));
    el("text", { x, y: H - 6, "text-anchor": "middle" }, svg).textContent = label;
  });
}

function legend(container, series) {
  const box = html("div", null, { class: "legend" });
  for (const s of series) {
    const item = html("span", s.label);
    const swatch = html("i");
    swatch.style.background = s.color;
    item.prepend(swatch);
    box.appendChild(item);
  }
  container.appendChild(box);
}

function empty(container, text) {
  container.appendChild(html("p", text, { class: "empty", "data-empty": "true" }));
}

// One path per series over shared x labels; data-sum and data-max say what was drawn.
function lineChart(container, rows, labelOf, series) {
  container.replaceChildren();
  fit(container);
  if (!rows.length) return empty(container, "no data yet");
  const maxY = niceMax(Math.max(0, ...rows.flatMap((r) => series.map((s) => num(r[s.key])))));
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "data-points": rows.length });
  frame(svg, maxY, rows.map(labelOf));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  for (const s of series) {
    const values = rows.map((r) => r[s.key]);
    const drawn = values.map((v, i) => [i, v]).filter(([, v]) => v !== null && v !== undefined);
    const points = drawn.map(([i, v]) => {
      const x = PAD.left + (rows.length === 1 ? plotW / 2 : (plotW * i) / (rows.length - 1));
      const y = PAD.top + plotH - (plotH * num(v)) / maxY;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    });
    const sum = drawn.reduce((acc, [, v]) => acc + num(v), 0);
    const max = drawn.reduce((acc, [, v]) => Math.max(acc, num(v)), 0);
    const attrs = {
      class: "series", fill: "none", stroke: s.color, "stroke-width": 2, "stroke-linejoin": "round",
      "data-series": s.key, "data-sum": sum, "data-max": max, "data-count": drawn.length,
      d: points.length ? "M" + points.join("L") : "",
    };
    el("path", attrs, svg);
    if (points.length === 1) {
      const [x, y] = points[0].split(",");
      el("circle", { cx: x, cy: y, r: 3, fill: s.color }, svg);
    }
  }
  container.appendChild(svg);
  legend(container, series);
}

// Vertical columns, one per row: data-value on each <rect>.
function columnChart(container, rows, labelOf, key, color, extra) {
  container.replaceChildren();
  fit(container);
  if (!rows.length) return empty(container, "no data yet");
  const maxY = niceMax(Math.max(0, ...rows.map((r) => num(r[key]))));
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "data-points": rows.length });
  frame(svg, maxY, rows.map(labelOf));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / rows.length;
  let total = 0;
  rows.forEach((r, i) => {
    const v = num(r[key]);
    total += v;
    const h = (plotH * v) / maxY;
    const rect = el("rect", {
      class: "bar", x: PAD.left + i * slot + slot * 0.15, y: PAD.top + plotH - h, width: slot * 0.7,
      height: h, fill: color, "data-value": v,
    }, svg);
    el("title", {}, rect).textContent = `${labelOf(r)}: ${v}` + (extra ? extra(r) : "");
  });
  svg.setAttribute("data-sum", total);
  container.appendChild(svg);
}

// Horizontal bars with a label each: data-value and the row's own data-* on each <rect>.
function barChart(container, bars, color) {
  container.replaceChildren();
  fit(container);
  if (!bars.length) return empty(container, "none");
  const rowH = 26;
  const height = bars.length * rowH + 8;
  const labelW = Math.min(230, Math.floor(W * 0.45));
  const maxV = Math.max(1, ...bars.map((b) => b.value));
  const svg = el("svg", { viewBox: `0 0 ${W} ${height}`, role: "img", "data-points": bars.length });
  let total = 0;
  bars.forEach((b, i) => {
    total += b.value;
    const y = 4 + i * rowH;
    el("text", { x: labelW - 8, y: y + 16, "text-anchor": "end" }, svg).textContent = b.label;
    const width = ((W - labelW - 60) * b.value) / maxV;
    const attrs = { class: "bar", x: labelW, y: y + 3, width: Math.max(1, width), height: rowH - 8, fill: color };
    attrs["data-value"] = b.value;
    for (const [k, v] of Object.entries(b.data || {})) attrs[`data-${k}`] = v;
    el("rect", attrs, svg);
    el("text", { x: labelW + Math.max(1, width) + 6, y: y + 16 }, svg).textContent = fmt(b.value, 0);
  });
  svg.setAttribute("data-sum", total);
  container.appendChild(svg);
}

function drawCards(data) {
  const s = data.stats_24h || {};
  const cards = [
    ["received (24 h)", s.received, 0, "received"],
    ["completed (24 h)", s.completed, 0, "completed"],
    ["failed turns (24 h)", s.failed, 0, "failed"],
    ["dead (24 h)", s.dead, 0, "dead"],
    ["error rate", s.error_rate === null || s.error_rate === undefined ? null : s.error_rate * 100, 2, "error-rate"],
    ["p50 turn ms", s.p50_processing_ms, 1, "p50"],
    ["p95 turn ms", s.p95_processing_ms, 1, "p95"],
    ["p99 turn ms", s.p99_processing_ms, 1, "p99"],
  ];
  const box = document.getElementById("cards");
  box.replaceChildren(...cards.map(([label, value, digits, key]) => {
    const card = html("div", null, { class: "card", "data-card": key, "data-value": value ?? "" });
    card.append(html("div", label, { class: "label" }), html("div", fmt(value, digits) + (key === "error-rate" && value !== null && value !== undefined ? " %" : ""), { class: "value" }));
    return card;
  }));
}

function drawHealth(data) {
  const body = document.querySelector("#health tbody");
  body.replaceChildren(...data.health.map((c) => {
    const tr = html("tr", null, { "data-check": c.check_name, "data-status": c.status });
    tr.append(
      html("td", c.check_name),
      html("td", c.status, { "data-status": c.status }),
      html("td", fmt(c.value), { class: "num" }),
      html("td", fmt(c.threshold), { class: "num" }),
      html("td", c.details || ""),
    );
    return tr;
  }));
  const rank = { ok: 0, warn: 1, critical: 2 };
  const worst = data.health.reduce((w, c) => (rank[c.status] > rank[w] ? c.status : w), "ok");
  const badge = document.getElementById("overall");
  badge.dataset.status = worst;
  badge.textContent = worst;
}

function drawPaused(data) {
  const body = document.querySelector("#paused tbody");
  const chosen = document.getElementById("reply-conversation").value;
  const rows = data.paused || [];
  if (!rows.length) {
    const tr = html("tr");
    tr.append(html("td", "none: the agent answers every conversation", { colspan: 6, class: "empty" }));
    body.replaceChildren(tr);
    return;
  }
  body.replaceChildren(...rows.map((r) => {
    const tr = html("tr", null, { "data-conversation": r.conversation_id, "data-kind": r.kind, "aria-selected": String(r.conversation_id === chosen) });
    tr.append(
      html("td", r.conversation_id),
      html("td", r.kind),
      html("td", r.reason || ""),
      html("td", new Date(r.paused_at).toLocaleString()),
      html("td", new Date(r.last_human_at).toLocaleString()),
      html("td", fmt(r.pending_count, 0), { class: "num" }),
    );
    tr.addEventListener("click", () => {
      document.getElementById("reply-conversation").value = r.conversation_id;
      for (const other of body.querySelectorAll("tr")) other.setAttribute("aria-selected", String(other === tr));
    });
    return tr;
  }));
}

// The actions POST JSON with the dashboard token (WAHOOK_DASHBOARD_TOKEN) as a bearer token; the
// form is outside the table, so a refresh never wipes what is being typed.
async function act(action, payload) {
  const form = document.getElementById("reply-form");
  const result = document.getElementById("reply-result");
  const conversation = form.elements.conversation.value.trim();
  if (!/^-?[0-9]{1,19}$/.test(conversation)) {
    result.dataset.outcome = "error";
    result.textContent = "Pick a conversation first.";
    return;
  }
  result.dataset.outcome = "pending";
  result.textContent = "…";
  try {
    const response = await fetch(`/dashboard/conversations/${conversation}/${action}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${form.elements.token.value}` },
      body: JSON.stringify(payload),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(answer.error || `answered ${response.status}`);
    result.dataset.outcome = "ok";
    result.textContent = action === "reply" ? `Reply ${answer.outbox_id} queued.` : `Resumed: ${answer.state}.`;
    if (action === "reply") form.elements.text.value = "";
    refresh();
  } catch (exc) {
    result.dataset.outcome = "error";
    result.textContent = exc.message;
  }
}

document.getElementById("reply-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = event.target;
  act("reply", { text: form.elements.text.value, author: form.elements.author.value });
});
document.getElementById("reply-resume").addEventListener("click", () => {
  const form = document.getElementById("reply-form");
  act("resume", { author: form.elements.author.value, discard_pending: form.elements.discard.checked });
});

function draw(data) {
  drawCards(data);
  lineChart(document.querySelector("#throughput .plot"), data.throughput, (r) => hhmm(r.bucket_start), [
    { key: "received", label: "received", color: COLORS.received },
    { key: "completed", label: "completed", color: COLORS.completed },
    { key: "failed", label: "failed turns", color: COLORS.failed },
  ]);
  lineChart(document.querySelector("#latency .plot"), data.latency, (r) => hhmm(r.hour_start), [
    { key: "p50_processing_ms", label: "p50", color: COLORS.p50 },
    { key: "p95_processing_ms", label: "p95", color: COLORS.p95 },
    { key: "p99_processing_ms", label: "p99", color: COLORS.p99 },
  ]);
  columnChart(document.querySelector("#agent-errors .plot"), data.agent_errors, (r) => hhmm(r.period_start),
    "errors", COLORS.failed, (r) => (r.top_error_code ? ` (top: ${r.top_error_code})` : ""));
  barChart(document.querySelector("#dlq .plot"), data.dlq.map((r) => ({
    label: `${r.status} · ${r.error_class ?? "none"}`, value: num(r.entry_count),
    data: { status: r.status, "error-class": r.error_class ?? "" },
  })), COLORS.bar);
  barChart(document.querySelector("#stuck .plot"), data.stuck.map((r) => ({
    label: `…${r.conversation_id.slice(-8)} (${r.state})`, value: num(r.stuck_seconds),
    data: { conversation: r.conversation_id, state: r.state },
  })), COLORS.warn);
  drawHealth(data);
  drawPaused(data);
  document.getElementById("updated").textContent = "updated " + new Date(data.generated_at).toLocaleTimeString();
}

async function refresh() {
  const error = document.getElementById("error");
  try {
    const response = await fetch("/dashboard/data.json", { cache: "no-store" });
    if (!response.ok) throw new Error(`data.json answered ${response.status}`);
    last = await response.json();
    draw(last);
    error.hidden = true;
    document.body.dataset.state = "drawn";
    document.body.dataset.refreshes = String(num(document.body.dataset.refreshes) + 1);
  } catch (exc) {
    error.textContent = `Could not refresh: ${exc.message}. Showing the last data; retrying.`;
    error.hidden = false;
    if (document.body.dataset.state !== "drawn") document.body.dataset.state = "error";
  }
}

let last = null;
window.addEventListener("resize", () => last && draw(last));
refresh();
setInterval(refresh, REFRESH_MS);
