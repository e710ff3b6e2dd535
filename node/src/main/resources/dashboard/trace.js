// Trace: one page per item, lot or container (lineage graph, custody timeline, temperature chart
// with breaches, recall view, FSMA 204 export) and the verification page a pack's QR code opens.
"use strict";

(() => {
  const { esc, short } = Lazaret;
  const KIND_COLOR = { item: "#1f5fbf", lot: "#0b6e4f", container: "#c2571a", class: "#7a3fb5" };
  const KINDS = Object.keys(KIND_COLOR);
  const enc = id => encodeURIComponent(id);
  const $ = id => document.getElementById(id);
  window.TracePage = {};

  // A short name a person can read in a graph: the serial, lot or container number.
  function label(id) {
    let m;
    if ((m = id.match(/^urn:epc:id:sgtin:[^.]+\.([^.]+)\.(.+)$/))) return `item ${m[2]}`;
    if ((m = id.match(/^urn:epc:class:lgtin:[^.]+\.([^.]+)\.(.+)$/))) return `lot ${m[2]}`;
    if ((m = id.match(/^urn:epc:id:sscc:[^.]+\.(\d+)$/))) return `SSCC …${m[1].replace(/^0+/, "")}`;
    if ((m = id.match(/^urn:epc:idpat:sgtin:[^.]+\.([^.]+)\.\*$/))) return `class ${m[1]}`;
    return id.length > 24 ? "…" + id.slice(-22) : id;
  }
  const when = iso => iso ? iso.replace("T", " ").replace(/(\.\d+)?Z$/, " UTC") : "";
  const party = id => id ? `<span class="mono">${esc(id)}</span>` : "—";
  const link = id => `<a href="#/trace/${enc(id)}" class="mono">${esc(id)}</a>`;

  async function optional(path) {
    try { return await Lazaret.api(path); } catch (e) { return null; }
  }

  Lazaret.page("/trace", "Trace", async (el) => {
    const recalls = await optional("/v1/recalls?limit=10");
    el.innerHTML = `
      <h1>Trace</h1>
      <form id="trace-form" class="card">
        <label>Item, lot or container (EPC URN or GS1 Digital Link)
          <input id="trace-id" size="70" placeholder="urn:epc:id:sgtin:4012345.011111.1001 or https://id.gs1.org/01/…/21/…" required></label>
        <button type="submit">Trace</button>
      </form>
      <h2>Recalls</h2>
      ${recalls && recalls.recalls.length ? `<table id="trace-recalls"><thead><tr><th>#</th><th>Lots</th><th>Reason</th><th>By</th><th>When</th></tr></thead><tbody>
        ${recalls.recalls.map(r => `<tr><td>${esc(r.id)}</td><td>${r.lots.map(link).join("<br>")}</td><td>${esc(r.reason)}</td><td>${esc(r.org)}</td><td>${when(r.timeIso)}</td></tr>`).join("")}
      </tbody></table>` : '<p class="muted" id="trace-recalls-none">No recall is recorded.</p>'}`;
    $("trace-form").addEventListener("submit", ev => {
      ev.preventDefault();
      location.hash = "#/trace/" + enc($("trace-id").value.trim());
    });
  });

  Lazaret.page("/trace/:epc", "Trace", async (el, { epc }) => {
    const lineage = await optional(`/v1/trace/${enc(epc)}/lineage`);
    if (!lineage) {
      el.innerHTML = `<h1>Trace</h1><div class="error" id="trace-unknown" role="alert">unknown: no event on the ledger names ${esc(epc)}</div>`;
      return;
    }
    const id = lineage.epc;
    const start = lineage.nodes.find(n => n.id === id) || { kind: "item" };
    const isItem = /^urn:epc:id:sgtin:/.test(id);
    const exportable = isItem || start.kind === "lot";
    el.innerHTML = `
      <h1>${esc(label(id))} <span class="muted mono">${esc(id)}</span></h1>
      <div id="trace-recall-banner"></div>
      <div style="display:flex;justify-content:space-between;align-items:flex-start;gap:1rem">
        <p>
          ${exportable ? `<a id="trace-fsma" href="/v1/trace/${enc(id)}/fsma204.csv" download>FSMA 204 export (CSV)</a> · ` : ""}
          ${isItem ? `<a id="trace-verify" href="#/verify/${enc(id)}">verify this item</a>` : ""}
        </p>
        ${isItem ? `<img id="trace-qr" src="/v1/trace/${enc(id)}/qr.png" alt="QR code of the verification page" title="scan to verify" width="120" height="120">` : ""}
      </div>
      <h2>Lineage <span class="muted">${lineage.nodes.length} nodes${lineage.truncated ? ", truncated" : ""}</span></h2>
      <div id="trace-graph" class="card" style="height:420px" role="img" aria-label="lineage graph: upstream, downstream and the containers that carried it"></div>
      <h2>Custody</h2>
      <div class="card" id="trace-holder">…</div>
      <table id="trace-timeline"><thead><tr><th>Time</th><th>Step</th><th>Where</th><th>From</th><th>To</th><th>Via</th><th>Captured by</th></tr></thead><tbody></tbody></table>
      <h2>Temperature <span class="muted" id="trace-range"></span></h2>
      <div id="trace-temperature" class="card" style="height:300px" role="img" aria-label="temperature readings with the allowed band and breaches marked"></div>
      <table id="trace-breaches"><thead><tr><th>Time</th><th>Reading</th><th>Range</th><th>Where</th><th>Lots</th></tr></thead><tbody></tbody></table>
      <h2 id="trace-recall-title">Recall</h2>
      <div id="trace-recall"></div>`;
    drawGraph(lineage);
    const [timeline, temps, breaches, recall] = await Promise.all([
      optional(`/v1/trace/${enc(id)}/timeline`), optional(`/v1/trace/${enc(id)}/temperatures`),
      optional(`/v1/trace/${enc(id)}/breaches`), optional(`/v1/trace/${enc(id)}/recall`)]);
    drawTimeline(timeline);
    drawTemperatures(temps, breaches);
    await drawRecall(recall);
    window.TracePage.ready = id;
  }, false);

  function drawGraph(g) {
    const chart = window.echarts ? echarts.init($("trace-graph")) : null;
    window.TracePage.graph = chart;
    window.TracePage.lineage = g;
    if (!chart) return;
    chart.setOption({
      animation: false,
      tooltip: { formatter: p => p.dataType === "node" ? `${esc(p.data.id)}<br>${esc(p.data.kind)}, ${esc(p.data.role)}` : `${esc(p.data.type)}` },
      legend: [{ data: KINDS, top: 4 }],
      series: [{
        type: "graph", layout: "force", roam: true, draggable: true,
        force: { repulsion: 260, edgeLength: 70 },
        categories: KINDS.map(k => ({ name: k, itemStyle: { color: KIND_COLOR[k] } })),
        edgeSymbol: ["none", "arrow"], edgeSymbolSize: 7,
        label: { show: true, position: "right", fontSize: 11 },
        data: g.nodes.map(n => ({
          id: n.id, name: label(n.id), kind: n.kind, role: n.role, category: KINDS.indexOf(n.kind),
          symbolSize: n.role === "start" ? 26 : 14,
          itemStyle: { color: KIND_COLOR[n.kind], borderColor: n.role === "start" ? "#10202b" : "#fff", borderWidth: n.role === "start" ? 3 : 1 }
        })),
        links: g.edges.map(e => ({ source: e.from, target: e.to, type: e.type, lineStyle: { type: e.type === "lot" ? "dashed" : "solid", color: e.type === "transformation" ? "#7a3fb5" : "#9aa3b2" } }))
      }]
    });
    chart.on("click", p => { if (p.dataType === "node" && p.data.id !== g.epc) location.hash = "#/trace/" + enc(p.data.id); });
  }

  function drawTimeline(t) {
    window.TracePage.timeline = t;
    const body = $("trace-timeline").querySelector("tbody");
    if (!t) {
      $("trace-holder").innerHTML = '<span class="muted">No custody is recorded.</span>';
      return;
    }
    const h = t.currentHolder;
    $("trace-holder").innerHTML = `Current holder: <b id="trace-current-holder" class="mono">${esc(h.holder)}</b> since ${when(h.since)}${h.bizLocation ? ` at <span class="mono">${esc(h.bizLocation)}</span>` : ""}${h.via ? ` (in ${link(h.via)})` : ""}`;
    const parties = list => list.filter(p => p.type === "owning_party").map(p => party(p.id)).join("<br>");
    body.innerHTML = t.timeline.map(e => `<tr><td>${when(e.time)}</td><td>${esc(e.bizStep || e.type)}</td><td class="mono">${esc(e.bizLocation || e.readPoint || "")}</td>
      <td>${parties(e.sources)}</td><td>${parties(e.destinations)}</td><td>${e.via ? link(e.via) : ""}</td><td>${esc(e.capturedBy)}</td></tr>`).join("");
  }

  function drawTemperatures(t, breaches) {
    window.TracePage.temperatures = t;
    const readings = t ? t.readings : [];
    const range = t && t.range;
    $("trace-range").textContent = range ? `allowed ${range.minCelsius} to ${range.maxCelsius} °C${range.label ? " (" + range.label + ")" : ""}` : "no range set for this product class";
    const chart = window.echarts ? echarts.init($("trace-temperature")) : null;
    window.TracePage.temperature = chart;
    if (chart) {
      const band = range ? { silent: true, itemStyle: { color: "rgba(11,110,79,0.12)" }, data: [[{ yAxis: Number(range.minCelsius) }, { yAxis: Number(range.maxCelsius) }]] } : undefined;
      chart.setOption({
        animation: false,
        grid: { left: 50, right: 30, top: 30, bottom: 40 },
        tooltip: { trigger: "axis" },
        xAxis: { type: "time" },
        yAxis: { type: "value", name: "°C", scale: true },
        series: [{
          name: "temperature", type: "line", showSymbol: true, symbolSize: 6, itemStyle: { color: "#1f5fbf" },
          data: readings.map(r => [r.timeMillis, Number(r.celsius)]),
          markArea: band,
          markPoint: { symbol: "pin", symbolSize: 34, data: readings.filter(r => r.breached).map(r => ({ name: "breach", coord: [r.timeMillis, Number(r.celsius)], value: r.celsius, itemStyle: { color: "#b3261e" } })) }
        }]
      });
    }
    const rows = breaches ? breaches.breaches : [];
    $("trace-breaches").querySelector("tbody").innerHTML = rows.length ? rows.map(b => b.readings.map(r => `<tr class="breach"><td>${when(r.timeIso)}</td>
      <td class="bad">${esc(r.value)} ${esc(r.uom)} (${esc(r.celsius)} °C, ${esc(r.side)})</td><td>${esc(b.range.minCelsius)} to ${esc(b.range.maxCelsius)} °C</td>
      <td class="mono">${esc(b.bizLocation || b.readPoint || "")}</td><td>${b.lots.map(link).join("<br>")}</td></tr>`).join("")).join("")
      : '<tr><td colspan="5" class="muted" id="trace-no-breach">No breach recorded.</td></tr>';
  }

  function affectedTable(a) {
    const holder = h => h ? `${party(h.holder)}${h.bizLocation ? `<br><span class="muted mono">${esc(h.bizLocation)}</span>` : ""}` : '<span class="muted">unknown</span>';
    return `
      <table id="trace-affected"><thead><tr><th>Affected</th><th>Kind</th><th>Lot</th><th>Current holder</th></tr></thead><tbody>
      ${a.lots.map(l => `<tr class="affected-lot"><td>${link(l.id)}</td><td>lot${l.role === "partial" ? " (partly)" : ""}</td><td></td>
        <td>${l.itemHolders.length ? l.itemHolders.map(h => `${party(h.holder)}: ${esc(h.items)} item${h.items === 1 ? "" : "s"}`).join("<br>") : holder(l.holder)}</td></tr>`).join("")}
      ${a.items.map(i => `<tr class="affected-item" data-id="${esc(i.id)}"><td>${link(i.id)}</td><td>item</td><td>${i.lot ? link(i.lot) : ""}</td><td>${holder(i.holder)}</td></tr>`).join("")}
      </tbody></table>
      ${a.carriers.length ? `<p class="muted">Containers that carried them (to be opened; their other contents are not affected):</p>
      <table id="trace-carriers"><tbody>${a.carriers.map(c => `<tr><td>${link(c.id)}</td><td>${holder(c.holder)}</td></tr>`).join("")}</tbody></table>` : ""}
      ${a.truncated ? '<p class="bad">The list is truncated: the lineage is larger than the node walks in one answer.</p>' : ""}`;
  }

  async function drawRecall(status) {
    window.TracePage.recall = status;
    if (!status) {
      $("trace-recall").innerHTML = '<p class="muted">Not available.</p>';
      return;
    }
    if (status.recalled) {
      const r = status.recalls[0];
      $("trace-recall-banner").innerHTML = `<div class="error" id="trace-recalled" role="alert"><b>RECALLED</b> — lot ${link(r.becauseOf)} was recalled by ${esc(r.org)} on ${when(r.timeIso)}: ${esc(r.reason)}</div>`;
      const full = await optional(`/v1/recalls/${r.id}`);
      $("trace-recall-title").textContent = `Recall ${r.id}: everything it reaches`;
      $("trace-recall").innerHTML = full ? affectedTable(full.affected) : "";
    } else {
      $("trace-recall-title").textContent = "Downstream: what a recall of this would reach";
      $("trace-recall").innerHTML = affectedTable(status.affected);
    }
  }

  Lazaret.page("/verify/:epc", "Verify", async (el, { epc }) => {
    const a = await Lazaret.api(`/v1/trace/${enc(epc)}/authenticity`);
    const badge = { genuine: "ok", recalled: "bad", unknown: "bad" }[a.status];
    const p = a.proof;
    el.innerHTML = `
      <h1>Verify <span class="muted mono">${esc(a.digitalLink)}</span></h1>
      <div class="card"><span class="badge ${badge}" id="verify-status" style="font-size:1.3rem">${esc(a.status)}</span>
        <p id="verify-message" class="${a.status === "genuine" ? "ok" : "bad"}">${esc(a.message)}</p>
        ${a.lot ? `<p>Lot ${link(a.lot)}</p>` : ""}
        ${a.holder ? `<p>Held by ${party(a.holder.holder)} since ${when(a.holder.since)}</p>` : ""}</div>
      <h2>History</h2>
      ${a.history.length ? `<table id="verify-history"><thead><tr><th>Time</th><th>Step</th><th>Where</th><th>Owner</th></tr></thead><tbody>
        ${a.history.map(e => `<tr><td>${when(e.time)}</td><td>${esc(e.bizStep || e.type)}</td><td class="mono">${esc(e.bizLocation || "")}</td><td class="mono">${esc(e.owner)}</td></tr>`).join("")}</tbody></table>`
        : '<p class="muted" id="verify-no-history">No event on the ledger names this serial number.</p>'}
      <h2>Proof</h2>
      <dl id="verify-proof"><dt>Block</dt><dd>${esc(p.height)} <span class="mono">${short(p.blockHash)}</span></dd>
        <dt>State root</dt><dd class="mono">${esc(p.stateRoot)}</dd>
        <dt>${a.status === "unknown" ? "Absence" : "Index"}</dt><dd><a id="verify-proof-link" href="${esc(p.indexUrl)}" download="item.proof.json">download proof file</a>
          ${p.events.length ? ` · ${p.events.length} event record proof${p.events.length === 1 ? "" : "s"} in the JSON answer` : ""}<br>
          <span class="muted">check offline: lazaret proof verify item.proof.json --block-hash ${esc(p.blockHash)}</span></dd></dl>
      ${a.status !== "unknown" ? `<p><a href="#/trace/${enc(a.epc)}">Trace this item</a></p>` : ""}`;
  }, false);
})();
