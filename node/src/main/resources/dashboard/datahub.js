// Data hub: one place and metric across every published source, with the consensus dashed and
// discrepancies marked; any point's provenance (release, source row, signed transaction, state
// proof) one click away; and a world view of one metric on one date.
"use strict";

(() => {
  const { esc, short, time } = Lazaret;
  const METRICS = ["confirmed", "deaths", "recovered", "tests", "vaccinations"];
  const COLORS = ["#0b6e4f", "#1f5fbf", "#c2571a", "#7a3fb5", "#b3261e", "#2a8c9b", "#8a6d00"];
  const KIND_LABEL = { "cross-source": "sources disagree", "negative-daily": "negative daily count", "revision": "revised beyond tolerance", "gap": "missing days" };

  const qs = o => Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== "" && v !== false).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&");

  // The number a point shows, given the options.
  function shown(p, opt) {
    if (opt.average) return opt.perCapita ? p.averagePer100k : p.average;
    return opt.perCapita ? p.per100k : p.value;
  }

  async function provenance(el, place, metric, source, date, consensusPoint) {
    el.innerHTML = `<p class="muted">Loading provenance of ${esc(source)} ${esc(date)}…</p>`;
    const p = await Lazaret.api(`/v1/data/provenance?${qs({ place, metric, source, date })}`);
    const r = p.release || {};
    const tx = p.transaction;
    const st = p.state;
    // The proven value is the whole series; check that it holds this very point.
    let holds = false;
    try {
      const bytes = st.proof.value.match(/../g).map(b => parseInt(b, 16));
      const series = JSON.parse(new TextDecoder().decode(new Uint8Array(bytes)));
      const q = series.points[date];
      holds = q && q[0] === p.value && q[1] === r.id;
    } catch (e) { holds = false; }
    el.innerHTML = `
      <h2>Provenance <span class="muted">${esc(place)} · ${esc(metric)} · ${esc(date)}</span></h2>
      <dl id="provenance">
        ${consensusPoint ? `<dt>Consensus</dt><dd id="prov-consensus">${esc(consensusPoint.value)} — ${esc(consensusPoint.explanation)}; chose <b>${esc(consensusPoint.source)}</b> from ${consensusPoint.candidates.map(c => `${esc(c.source)} ${esc(c.value)}`).join(", ")}</dd>` : ""}
        <dt>Value</dt><dd id="prov-value">${esc(p.value)} <span class="muted">(cumulative, ${esc(source)})</span></dd>
        <dt>Release</dt><dd id="prov-release"><span class="mono">${esc(r.id || "")}</span><br>version ${esc(r.version ?? "?")} of <b>${esc(r.source || source)}</b> · ${esc(r.fileName || "")} · licence ${esc(r.licence || "")}<br>published by <b>${esc(r.publisher || "")}</b> (key <span class="mono">${short(r.publisherKey || "")}</span>) at ${r.time ? time(r.time) : "?"} · ${r.transaction ? `<a href="#/tx/${esc(r.transaction.id)}">opening transaction</a>` : ""}</dd>
        <dt>File hash</dt><dd class="mono">${esc(r.fileHash || "")}</dd>
        <dt>Source row</dt><dd id="prov-row">line ${esc(p.row)} of ${esc(r.fileName || "the file")}</dd>
        <dt>Written by</dt><dd id="prov-tx">${tx ? `<a id="prov-tx-link" href="#/tx/${esc(tx.id)}">${short(tx.id)}</a> (${esc(tx.method)}) in <a href="#/block/${esc(tx.height)}">block ${esc(tx.height)}</a>, signed by <span class="mono">${short(tx.sender)}</span><br>signature <span class="mono">${esc(tx.signature)}</span><br><span class="muted">the transaction page checks its Merkle proof in this browser</span>` : "—"}</dd>
        <dt>State proof</dt><dd id="prov-state">key <span class="mono">${esc(st.key)}</span> at block ${esc(st.height)} (state root <span class="mono">${short(st.stateRoot)}</span>) ·
          <a id="prov-proof-link" href="${esc(st.proofUrl)}" download="state-${esc(place)}-${esc(metric)}-${esc(source)}.proof.json">download proof file</a> ·
          ${holds ? '<span class="badge ok" id="prov-holds">the proven value holds this point</span>' : '<span class="badge bad" id="prov-holds">the proven value does not hold this point</span>'}
          <br><span class="muted">check offline: lazaret proof verify FILE --block-hash ${esc(st.blockHash)}</span></dd>
      </dl>`;
  }

  Lazaret.page("/data", "Data hub", async (el) => {
    let placesResp, sourcesResp;
    try {
      [placesResp, sourcesResp] = await Promise.all([Lazaret.api("/v1/data/places"), Lazaret.api("/v1/data/sources")]);
    } catch (e) {
      // A node started without the data hub module: say so rather than show an error.
      el.innerHTML = `<h1>Data hub</h1><p class="muted" id="datahub-unavailable">This node does not serve the data hub API (${esc(e.message)}).</p>`;
      return;
    }
    const places = placesResp.places;
    if (!places.length) {
      el.innerHTML = `<h1>Data hub</h1><p class="muted" id="datahub-empty">No case data is published yet. Publish a file with <code>lazaret data publish --source NAME FILE</code>.</p>`;
      return;
    }
    const sources = sourcesResp.sources.map(s => s.name);
    const color = name => name === "consensus" ? "#10202b" : COLORS[sources.indexOf(name) % COLORS.length];
    const initial = places.find(p => p.id === "DEU") || places[0];
    el.innerHTML = `
      <h1>Data hub</h1>
      <div class="card" id="datahub-controls">
        <label>Place <select id="dh-place">${places.map(p => `<option value="${esc(p.id)}"${p.id === initial.id ? " selected" : ""}>${esc(p.name)} (${esc(p.id)})</option>`).join("")}</select></label>
        <label>Metric <select id="dh-metric">${METRICS.map(m => `<option value="${m}">${m}</option>`).join("")}</select></label>
        <label>Show <select id="dh-mode"><option value="cumulative">cumulative</option><option value="daily">daily</option></select></label>
        <label><input type="checkbox" id="dh-average"> 7-day average</label>
        <label><input type="checkbox" id="dh-percapita"> per 100,000 people</label>
        <span class="muted" id="dh-sources">${sourcesResp.sources.map(s => `${esc(s.name)}: v${esc(s.releases)}`).join(" · ")}</span>
      </div>
      <div id="datahub-chart" class="card" style="height:380px;margin-top:.8rem" role="img" aria-label="series of every source with the consensus dashed"></div>
      <p class="muted">Click a point for its provenance. Red pins: sources disagree beyond tolerance; orange: a source's own issue (negative daily count, revision, gap).</p>
      <div id="datahub-provenance"></div>
      <h2>Discrepancies <span class="muted" id="dh-disc-count"></span></h2>
      <div style="max-height:320px;overflow:auto"><table id="datahub-discrepancies"><thead><tr><th>Date</th><th>Kind</th><th>Values (source: value)</th><th>Status</th><th>Notes</th></tr></thead><tbody></tbody></table></div>
      <h2>World view</h2>
      <div class="card">
        <label>Date <input type="date" id="dh-world-date"></label>
        <label>Source <select id="dh-world-source"><option value="">consensus</option>${sources.map(s => `<option value="${esc(s)}">${esc(s)}</option>`).join("")}</select></label>
        <label><input type="checkbox" id="dh-world-percapita"> per 100,000 people</label>
      </div>
      <div id="datahub-world-chart" class="card" style="height:320px;margin-top:.8rem" role="img" aria-label="the chosen metric per country on the chosen date"></div>
      <div style="max-height:360px;overflow:auto;margin-top:.8rem"><table id="datahub-world"><thead><tr><th>Place</th><th>Value</th><th>Per 100k</th><th>As of</th><th>Source</th></tr></thead><tbody></tbody></table></div>`;

    const $ = id => document.getElementById(id);
    const chart = window.echarts ? echarts.init($("datahub-chart")) : null;
    const worldChart = window.echarts ? echarts.init($("datahub-world-chart")) : null;
    const state = { consensus: null, perSource: {} };
    window.DataHub = { chart, worldChart, state };

    function metricsOf(placeId) {
      const p = places.find(x => x.id === placeId);
      const set = new Set();
      Object.values(p ? p.sources : {}).forEach(ms => ms.forEach(m => set.add(m)));
      return METRICS.filter(m => set.has(m));
    }
    function syncMetrics() {
      const available = metricsOf($("dh-place").value);
      const current = $("dh-metric").value;
      $("dh-metric").innerHTML = available.map(m => `<option value="${m}"${m === current ? " selected" : ""}>${m}</option>`).join("");
    }

    let seriesRequest = 0;
    async function draw() {
      const request = ++seriesRequest;
      const place = $("dh-place").value;
      const metric = $("dh-metric").value;
      const opt = { mode: $("dh-mode").value, average: $("dh-average").checked, perCapita: $("dh-percapita").checked };
      const havePop = (places.find(p => p.id === place) || {}).population;
      if (opt.perCapita && !havePop) { opt.perCapita = false; $("dh-percapita").checked = false; }
      const query = src => `/v1/data/series?${qs({ place, metric, source: src, mode: opt.mode, average: opt.average ? 7 : "", perCapita: opt.perCapita ? "true" : "" })}`;
      const holding = sources.filter(s => (places.find(p => p.id === place).sources[s] || []).includes(metric));
      const [consensus, discrepancies, ...perSource] = await Promise.all([
        Lazaret.api(query()),
        Lazaret.api(`/v1/data/discrepancies?${qs({ place, metric })}`),
        ...holding.map(s => Lazaret.api(query(s)))]);
      if (request !== seriesRequest) return;
      state.consensus = consensus;
      state.perSource = {};
      holding.forEach((s, i) => { state.perSource[s] = perSource[i]; });
      state.discrepancies = discrepancies;
      state.place = place;
      state.metric = metric;
      const dates = [...new Set([].concat(consensus.points.map(p => p.date), ...perSource.map(s => s.points.map(p => p.date))))].sort();
      const valueAt = (series, date) => { const p = series.points.find(q => q.date === date); return p ? shown(p, opt) : null; };
      const pins = (name, series) => discrepancies
        .filter(d => name === "consensus" ? d.kind === "cross-source" : (d.kind !== "cross-source" && d.source === name))
        .map(d => ({ name: d.kind, date: d.date, coord: [d.date, valueAt(series, d.date)], value: KIND_LABEL[d.kind] || d.kind, itemStyle: { color: d.kind === "cross-source" ? "#b3261e" : "#c2571a" }, issue: d.id }))
        .filter(p => p.coord[1] !== null && p.coord[1] !== undefined);
      const line = (name, series, dashed) => ({
        name, type: "line", showSymbol: true, showAllSymbol: true, symbolSize: dashed ? 4 : 6, connectNulls: true,
        lineStyle: { type: dashed ? "dashed" : "solid", width: dashed ? 2.5 : 1.5 },
        itemStyle: { color: color(name) },
        data: series.points.map(p => [p.date, shown(p, opt)]),
        markPoint: { symbol: "pin", symbolSize: 26, label: { show: false }, data: pins(name, series) }
      });
      const lines = [...holding.map((s, i) => line(s, perSource[i], false)), line("consensus", consensus, true)];
      state.lines = Object.fromEntries(lines.map(l => [l.name, l.data]));
      if (chart) {
        chart.setOption({
          animation: false,
          grid: { left: 70, right: 30, top: 40, bottom: 60 },
          legend: { top: 5 },
          tooltip: { trigger: "axis" },
          dataZoom: [{ type: "inside" }, { type: "slider", height: 18, bottom: 8 }],
          xAxis: { type: "category", data: dates },
          yAxis: { type: "value", name: `${metric}${opt.mode === "daily" ? " per day" : ""}${opt.perCapita ? " per 100k" : ""}${opt.average ? " (7-day avg)" : ""}` },
          series: lines
        }, true);
      }
      $("dh-disc-count").textContent = `${discrepancies.length} for ${place} ${metric}`;
      $("datahub-discrepancies").querySelector("tbody").innerHTML = discrepancies.map(d => `
        <tr data-issue="${esc(d.id)}" data-date="${esc(d.date)}" data-source="${esc(d.source || d.values[0].source)}">
          <td><a href="#" class="dh-issue">${esc(d.date)}</a></td><td>${esc(KIND_LABEL[d.kind] || d.kind)}${d.source ? ` <span class="muted">(${esc(d.source)})</span>` : ""}</td>
          <td>${d.values.map(v => `${esc(v.source)}: ${esc(v.value)}${v.date && v.date !== d.date ? ` <span class="muted">on ${esc(v.date)}</span>` : ""}`).join(" · ")}</td>
          <td><span class="badge ${d.status === "open" ? "bad" : "ok"}">${esc(d.status)}</span></td>
          <td>${d.notes.map(n => esc(n.text)).join("<br>")}</td></tr>`).join("");
      if (!$("dh-world-date").value && consensus.points.length) {
        $("dh-world-date").value = consensus.points[consensus.points.length - 1].date;
        drawWorld();
      }
    }

    async function openPoint(seriesName, date) {
      const target = $("datahub-provenance");
      try {
        if (seriesName === "consensus") {
          const all = await Lazaret.api(`/v1/data/series?${qs({ place: state.place, metric: state.metric, from: date, to: date })}`);
          const c = all.points[0];
          await provenance(target, state.place, state.metric, c.source, date, c);
        } else {
          await provenance(target, state.place, state.metric, seriesName, date, null);
        }
      } catch (e) {
        target.innerHTML = `<div class="error" role="alert">${esc(e.message)}</div>`;
      }
    }
    window.DataHub.openPoint = openPoint;

    if (chart) {
      chart.on("click", params => {
        if (params.componentType === "markPoint") {
          const date = params.data && (params.data.date || (params.data.coord && params.data.coord[0]));
          if (date) openPoint(params.seriesName === "consensus" ? "consensus" : params.seriesName, date);
        } else if (params.componentType === "series") {
          const data = (state.lines || {})[params.seriesName] || [];
          const item = data[params.dataIndex];
          if (item) openPoint(params.seriesName, item[0]);
        }
      });
    }
    $("datahub-discrepancies").addEventListener("click", ev => {
      const a = ev.target.closest("a.dh-issue");
      if (!a) return;
      ev.preventDefault();
      const tr = a.closest("tr");
      openPoint(tr.dataset.source, tr.dataset.date);
    });

    // Each change starts a request; only the latest may draw, or a slow earlier answer would
    // overwrite the table the user asked for last.
    let worldRequest = 0;
    async function drawWorld() {
      const metric = $("dh-metric").value;
      const date = $("dh-world-date").value;
      if (!date) return;
      const perCapita = $("dh-world-percapita").checked;
      const request = ++worldRequest;
      const w = await Lazaret.api(`/v1/data/world?${qs({ metric, date, source: $("dh-world-source").value })}`);
      if (request !== worldRequest) return;
      const key = r => perCapita ? (r.per100k === null ? -1 : Number(r.per100k)) : r.value;
      const rows = w.rows.slice().sort((a, b) => key(b) - key(a));
      $("datahub-world").querySelector("tbody").innerHTML = rows.map(r => `
        <tr data-place="${esc(r.place)}"><td>${esc(r.name)} <span class="muted">${esc(r.place)}</span></td><td class="dh-world-value">${esc(r.value)}</td>
        <td>${r.per100k === null ? "—" : esc(r.per100k)}</td><td>${esc(r.date)}</td><td>${esc(r.source)}</td></tr>`).join("");
      if (worldChart) {
        const top = rows.filter(r => key(r) >= 0).slice(0, 25);
        worldChart.setOption({
          animation: false,
          grid: { left: 60, right: 20, top: 30, bottom: 70 },
          tooltip: { trigger: "axis" },
          title: { text: `${metric}${perCapita ? " per 100k" : ""} on ${date} (${w.source}), top ${top.length}`, textStyle: { fontSize: 13 } },
          xAxis: { type: "category", data: top.map(r => r.place), axisLabel: { rotate: 60 } },
          yAxis: { type: "value" },
          series: [{ name: metric, type: "bar", data: top.map(key), itemStyle: { color: "#1f5fbf" } }]
        }, true);
      }
    }
    window.DataHub.drawWorld = drawWorld;

    $("dh-place").addEventListener("change", () => { syncMetrics(); draw(); });
    ["dh-metric", "dh-mode", "dh-average", "dh-percapita"].forEach(id => $(id).addEventListener("change", () => { draw(); if (id === "dh-metric") drawWorld(); }));
    ["dh-world-date", "dh-world-source", "dh-world-percapita"].forEach(id => $(id).addEventListener("change", drawWorld));
    syncMetrics();
    await draw();
  });
})();
