// Lazaret dashboard: a small hash-routed shell. Domain pages register themselves with
// Lazaret.page(route, title, render) and appear in the navigation.
"use strict";

const Lazaret = (() => {
  const pages = [];
  const view = () => document.getElementById("view");

  function esc(s) {
    return String(s).replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }
  function short(h) { return h ? esc(h.slice(0, 10)) + "…" : ""; }
  function time(ms) { return new Date(ms).toISOString().replace("T", " ").replace(".000Z", " UTC").replace("Z", " UTC"); }

  async function api(path) {
    const r = await fetch(path, { headers: { Accept: "application/json" } });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) {
      // Status and problem code travel with the message: a page may tell "absent here" from "failed".
      const e = new Error(body.detail || ("HTTP " + r.status));
      e.status = r.status;
      e.code = body.code || "";
      throw e;
    }
    return body;
  }

  function page(route, title, render, inNav = true) {
    pages.push({ route, title, render, inNav });
  }

  function renderNav() {
    const hash = location.hash || "#/";
    document.getElementById("nav").innerHTML = pages.filter(p => p.inNav)
      .map(p => `<a href="#${p.route}" class="${hash === "#" + p.route ? "active" : ""}">${esc(p.title)}</a>`).join("");
  }

  async function route() {
    const hash = (location.hash || "#/").slice(1);
    renderNav();
    for (const p of pages) {
      const names = [];
      const re = new RegExp("^" + p.route.replace(/:([a-zA-Z]+)/g, (_, n) => { names.push(n); return "([^/]+)"; }) + "$");
      const m = hash.match(re);
      if (m) {
        const params = {};
        names.forEach((n, i) => params[n] = decodeURIComponent(m[i + 1]));
        try {
          await p.render(view(), params);
        } catch (e) {
          view().innerHTML = `<div class="error" role="alert">${esc(e.message)}</div>`;
        }
        return;
      }
    }
    view().innerHTML = `<div class="error" role="alert">No page at ${esc(hash)}</div>`;
  }

  // --- hashing for proofs checked in the browser ---
  const hex2bytes = h => new Uint8Array(h.match(/../g).map(b => parseInt(b, 16)));
  const bytes2hex = b => Array.from(new Uint8Array(b)).map(x => x.toString(16).padStart(2, "0")).join("");
  async function sha256(...parts) {
    const len = parts.reduce((n, p) => n + p.length, 0);
    const all = new Uint8Array(len);
    let o = 0;
    for (const p of parts) { all.set(p, o); o += p.length; }
    return new Uint8Array(await crypto.subtle.digest("SHA-256", all));
  }
  // RFC 9162 section 2.1.3.2 inclusion proof verification.
  async function merkleVerify(leafHash, index, count, path, root) {
    let fn = index, sn = count - 1, r = leafHash;
    for (const p of path) {
      if (sn === 0) return false;
      if ((fn & 1) === 1 || fn === sn) {
        r = await sha256(Uint8Array.of(1), p, r);
        if ((fn & 1) === 0) { while ((fn & 1) === 0 && fn !== 0) { fn >>= 1; sn >>= 1; } }
      } else {
        r = await sha256(Uint8Array.of(1), r, p);
      }
      fn >>= 1; sn >>= 1;
    }
    return sn === 0 && bytes2hex(r) === bytes2hex(root);
  }
  async function checkTxProof(proof, trustedBlockHash) {
    if (!crypto.subtle) return { ok: false, why: "this browser context has no WebCrypto" };
    const header = hex2bytes(proof.header);
    if (bytes2hex(await sha256(header)) !== trustedBlockHash) return { ok: false, why: "header does not hash to the block hash" };
    const chainLen = (header[1] << 24) | (header[2] << 16) | (header[3] << 8) | header[4];
    const txRoot = header.slice(53 + chainLen, 85 + chainLen);
    const leaf = await sha256(Uint8Array.of(0), hex2bytes(proof.tx));
    const ok = await merkleVerify(leaf, proof.index, proof.count, proof.path.map(hex2bytes), txRoot);
    return ok ? { ok: true } : { ok: false, why: "Merkle path does not lead to the transaction root" };
  }

  // --- live stream of committed blocks ---
  // The stream starts just after the height the page first saw (?from=), so blocks committed
  // before the connection opens, or while it is down before any block arrived, are still sent;
  // later reconnections resume from Last-Event-ID. The last few blocks are kept and replayed to
  // each new listener, so a page that registers after a block arrived still sees it; listeners
  // therefore ignore heights they already show.
  const listeners = [];
  const recent = [];
  const RECENT_MAX = 20;
  function onBlock(fn) { listeners.push(fn); recent.forEach(b => fn(b)); }
  function connect(fromHeight) {
    const es = new EventSource(fromHeight === undefined ? "/v1/events" : "/v1/events?from=" + fromHeight);
    const dot = document.getElementById("live");
    es.onopen = () => dot.classList.add("on");
    es.onerror = () => dot.classList.remove("on");
    es.addEventListener("block", ev => {
      const b = JSON.parse(ev.data);
      recent.push(b);
      if (recent.length > RECENT_MAX) recent.shift();
      listeners.forEach(f => f(b));
    });
    // A page kept in the back-forward cache would otherwise hold its stream open, and browsers
    // allow only a few connections per host: close on leaving, resume from the last block on return.
    window.addEventListener("pagehide", () => es.close(), { once: true });
    window.addEventListener("pageshow", ev => {
      if (ev.persisted) {
        connect(recent.length ? recent[recent.length - 1].height + 1 : fromHeight);
      }
    }, { once: true });
  }

  window.addEventListener("hashchange", () => { listeners.length = 0; route(); });
  window.addEventListener("DOMContentLoaded", async () => {
    let from;
    try {
      const h = await api("/health");
      document.getElementById("chain").textContent = h.chainId;
      from = h.height + 1;
    } catch (e) { /* the page itself reports errors */ }
    connect(from);
    route();
  });

  return { page, api, esc, short, time, onBlock, checkTxProof, route };
})();

// --- ledger pages ---
Lazaret.page("/", "Chain", async (el) => {
  const [h, list] = await Promise.all([Lazaret.api("/health"), Lazaret.api("/v1/blocks?limit=20")]);
  const { esc, short, time } = Lazaret;
  const rows = bs => bs.map(b => `<tr><td><a href="#/block/${b.height}">${b.height}</a></td><td class="mono"><a href="#/block/${b.height}">${short(b.hash)}</a></td><td>${b.txCount}</td><td>${time(b.timestamp)}</td></tr>`).join("");
  el.innerHTML = `
    <h1>Chain <span class="muted">${esc(h.chainId)}</span></h1>
    <div class="cards">
      <div class="card"><div class="label">Height</div><div class="value" id="height">${h.height}</div></div>
      <div class="card"><div class="label">Pending transactions</div><div class="value" id="mempool">${h.mempool}</div></div>
      <div class="card"><div class="label">Latest block hash</div><div class="value small" id="blockHash">${esc(h.blockHash)}</div></div>
      <div class="card"><div class="label">State root</div><div class="value small" id="stateRoot">${esc(h.stateRoot)}</div></div>
    </div>
    <h2>Throughput</h2>
    <div id="throughput" class="card" style="height:220px" role="img" aria-label="transactions per block over the latest blocks"></div>
    <h2>Latest blocks</h2>
    <table id="blocks"><thead><tr><th>Height</th><th>Hash</th><th>Transactions</th><th>Time</th></tr></thead><tbody>${rows(list.blocks)}</tbody></table>`;
  const blocks = list.blocks;
  const chart = window.echarts ? echarts.init(document.getElementById("throughput")) : null;
  const series = (await Lazaret.api("/v1/blocks?limit=120")).blocks.slice().reverse();
  function draw() {
    if (!chart) return;
    chart.setOption({
      animation: false,
      grid: { left: 50, right: 50, top: 24, bottom: 40 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", name: "block height", nameLocation: "middle", nameGap: 24, data: series.map(b => b.height) },
      yAxis: [{ type: "value", name: "tx/block", minInterval: 1 }, { type: "value", name: "tx/s" }],
      series: [
        { name: "transactions", type: "bar", data: series.map(b => b.txCount), itemStyle: { color: "#0b6e4f" } },
        { name: "tx/s", type: "line", yAxisIndex: 1, showSymbol: false, data: series.map((b, i) => i === 0 ? null : Math.round(b.txCount * 1000 / Math.max(1, b.timestamp - series[i - 1].timestamp))) }
      ]
    });
  }
  draw();
  Lazaret.onBlock(b => {
    if (blocks.length && blocks[0].height >= b.height) return;
    document.getElementById("height").textContent = b.height;
    document.getElementById("blockHash").textContent = b.hash;
    document.getElementById("stateRoot").textContent = b.header.stateRoot;
    Lazaret.api("/health").then(h => { document.getElementById("mempool").textContent = h.mempool; }).catch(() => {});
    blocks.unshift({ height: b.height, hash: b.hash, txCount: b.header.txCount, timestamp: b.header.timestamp });
    blocks.length = Math.min(blocks.length, 20);
    if (!series.length || series[series.length - 1].height < b.height) {
      series.push({ height: b.height, txCount: b.header.txCount, timestamp: b.header.timestamp });
      if (series.length > 120) series.shift();
      draw();
    }
    document.querySelector("#blocks tbody").innerHTML = rows(blocks);
  });
});

Lazaret.page("/block/:height", "Block", async (el, { height }) => {
  const [b, txs] = await Promise.all([Lazaret.api(`/v1/blocks/${height}`), Lazaret.api(`/v1/blocks/${height}/transactions`)]);
  const { esc, short, time } = Lazaret;
  const hd = b.header;
  el.innerHTML = `
    <h1>Block ${b.height}</h1>
    <dl>
      <dt>Hash</dt><dd class="mono" id="hash">${esc(b.hash)}</dd>
      <dt>Previous</dt><dd class="mono">${b.height > 0 ? `<a href="#/block/${b.height - 1}">${esc(hd.previousHash)}</a>` : esc(hd.previousHash)}</dd>
      <dt>Time</dt><dd>${time(hd.timestamp)}</dd>
      <dt>Transaction root</dt><dd class="mono">${esc(hd.txRoot)}</dd>
      <dt>Receipt root</dt><dd class="mono">${esc(hd.receiptRoot)}</dd>
      <dt>State root</dt><dd class="mono">${esc(hd.stateRoot)}</dd>
    </dl>
    <h2>${hd.txCount} transaction${hd.txCount === 1 ? "" : "s"}</h2>
    <table id="txs"><thead><tr><th>#</th><th>Id</th><th>Call</th><th>Sender</th><th>Result</th></tr></thead><tbody>
    ${txs.transactions.map((t, i) => `<tr><td>${i}</td><td class="mono"><a href="#/tx/${t.id}">${short(t.id)}</a></td><td>${esc(t.contract)}.${esc(t.method)}</td><td class="mono">${short(t.sender)}</td>
      <td>${t.receipt.success ? '<span class="ok">applied</span>' : `<span class="bad">${esc(t.receipt.reason)}</span>`}</td></tr>`).join("")}
    </tbody></table>`;
}, false);

Lazaret.page("/tx/:id", "Transaction", async (el, { id }) => {
  const s = await Lazaret.api(`/v1/transactions/${id}`);
  const { esc } = Lazaret;
  const t = s.transaction || {};
  const r = s.receipt;
  el.innerHTML = `
    <h1>Transaction <span class="muted mono">${esc(id.slice(0, 16))}…</span></h1>
    <dl>
      <dt>Status</dt><dd id="status">${esc(s.status)}${s.height !== null && s.height !== undefined ? ` in <a href="#/block/${s.height}">block ${s.height}</a> at index ${s.index}` : ""}</dd>
      <dt>Result</dt><dd>${r ? (r.success ? '<span class="badge ok">applied</span>' : `<span class="badge bad">${esc(r.reason)}</span>`) : "—"}</dd>
      <dt>Call</dt><dd>${esc(t.contract || "")}.${esc(t.method || "")}</dd>
      <dt>Sender</dt><dd class="mono">${esc(t.sender || "")}</dd>
      <dt>Nonce</dt><dd>${esc(t.nonce ?? "")}</dd>
      <dt>Arguments</dt><dd><code>${esc(JSON.stringify(t.args || {}))}</code></dd>
      <dt>Proof</dt><dd id="proof">${s.status === "committed" ? "checking…" : "—"}</dd>
    </dl>
    <h2>Events</h2>
    ${r && r.events.length ? `<table><thead><tr><th>Contract</th><th>Event</th><th>Data</th></tr></thead><tbody>${r.events.map(e => `<tr><td>${esc(e.contract)}</td><td>${esc(e.name)}</td><td><code>${esc(JSON.stringify(e.data))}</code></td></tr>`).join("")}</tbody></table>` : '<p class="muted">None.</p>'}`;
  if (s.status === "committed") {
    const proof = await Lazaret.api(`/v1/transactions/${id}/proof`);
    const res = await Lazaret.checkTxProof(proof, s.blockHash);
    document.getElementById("proof").innerHTML = res.ok
      ? `<span class="badge ok" id="proof-ok">verified in this browser</span> against block hash <span class="mono">${esc(s.blockHash.slice(0, 16))}…</span> · <a href="/v1/transactions/${id}/proof" download="tx-${id.slice(0, 12)}.proof.json">download proof</a>`
      : `<span class="badge bad">does not verify: ${esc(res.why)}</span>`;
  }
}, false);
