// Cluster: who leads, each member's height, lag and state root, and whether their chains agree,
// read from GET /v1/cluster every two seconds. A node started without a cluster has no such
// resource (404 NOT_FOUND); the page then says the node runs alone, with its height from /health.
"use strict";

(() => {
  const { esc, short } = Lazaret;
  const POLL_MILLIS = 2000;
  const HISTORY_MILLIS = 5 * 60 * 1000;
  const $ = id => document.getElementById(id);
  // Rewrites a part only when its content changed, so a poll that brings nothing new leaves the
  // page (a text selection, an open tooltip) alone.
  const shown = new WeakMap();
  function put(el, html) {
    if (shown.get(el) !== html) { el.innerHTML = html; shown.set(el, html); }
  }
  // Exposed for tests and for a curious operator in the console: the last answer and poll count.
  window.ClusterPage = { polls: 0, last: null };
  let current = null;

  Lazaret.page("/cluster", "Cluster", async (el) => {
    const run = {};
    current = run;
    window.ClusterPage.last = null;
    el.innerHTML = `<h1>Cluster</h1><div id="cluster-error"></div><div id="cluster-body"><p class="muted">Asking the node…</p></div>`;
    const history = new Map();
    let mode = "";
    let chart = null;

    // One request at a time: GET /v1/cluster waits for slow peers, so a fixed interval could pile up.
    async function poll() {
      if (current !== run || location.hash !== "#/cluster") return;
      try {
        const c = await Lazaret.api("/v1/cluster");
        if (current !== run) return;
        if (mode !== "cluster") { mode = "cluster"; chart = skeleton(); }
        record(history, c.nodes);
        drawCluster(c, history, chart);
        put($("cluster-error"), "");
      } catch (e) {
        if (current !== run) return;
        await aloneOrError(e, () => { mode = "alone"; chart = null; });
      }
      window.ClusterPage.polls++;
      setTimeout(poll, POLL_MILLIS);
    }
    await poll();
  });

  async function aloneOrError(e, becomeAlone) {
    try {
      if (e.status !== 404 || e.code !== "NOT_FOUND") throw e;
      const h = await Lazaret.api("/health");
      becomeAlone();
      window.ClusterPage.last = { alone: true, height: h.height };
      put($("cluster-body"), `
        <div class="card" id="cluster-alone">This node runs alone: it orders its own blocks and no cluster is configured.
          Its height is <b id="cluster-alone-height">${esc(h.height)}</b>.</div>
        <p class="muted">To run several nodes, create a network with <code>lazaret network init</code> (or try one on this machine with <code>lazaret cluster</code>); see the operations guide.</p>`);
      put($("cluster-error"), "");
    } catch (failure) {
      const since = window.ClusterPage.last ? " The figures below are from the last answer." : "";
      put($("cluster-error"), `<div class="error" role="alert" id="cluster-failure">Cannot read the cluster status: ${esc(failure.message)}. Retrying every ${POLL_MILLIS / 1000} s.${since}</div>`);
      if (!window.ClusterPage.last) put($("cluster-body"), "");
    }
  }

  function skeleton() {
    put($("cluster-body"), `
      <div class="cards" id="cluster-cards"></div>
      <table id="cluster-nodes"><thead><tr><th>Node</th><th>API</th><th>Role</th><th>Height</th><th>Lag</th><th>State root</th><th id="cluster-compared-at">Agrees</th></tr></thead><tbody></tbody></table>
      <h2>Heights <span class="muted">last ${HISTORY_MILLIS / 60000} minutes</span></h2>
      <div id="cluster-heights" class="card" style="height:220px" role="img" aria-label="each node's height over the last minutes"></div>
      <h2>Divergence</h2>
      <div id="cluster-divergence"></div>
      <h2>Membership on the ledger</h2>
      <div id="cluster-membership"></div>
      <p class="muted" id="cluster-updated"></p>`);
    return window.echarts ? echarts.init($("cluster-heights")) : null;
  }

  function record(history, nodes) {
    const now = Date.now();
    for (const n of nodes) {
      if (!history.has(n.id)) history.set(n.id, []);
      const points = history.get(n.id);
      points.push([now, n.height]);
      while (points.length && points[0][0] < now - HISTORY_MILLIS) points.shift();
    }
  }

  // The block hash at the compared height most members hold; a member agrees when it holds it too.
  function majorityHash(nodes) {
    const counts = new Map();
    const answered = nodes.filter(n => n.comparedBlockHash);
    answered.forEach(n => counts.set(n.comparedBlockHash, (counts.get(n.comparedBlockHash) || 0) + 1));
    for (const [hash, count] of counts) if (count * 2 > answered.length) return hash;
    return null;
  }

  function agreement(n, majority) {
    if (!n.comparedBlockHash) {
      return n.divergence ? `<span class="bad">diverged at ${esc(n.divergence.height)}</span>` : `<span class="muted">not compared</span>`;
    }
    return n.comparedBlockHash === majority
      ? `<span class="ok">agrees</span>`
      : `<span class="bad">differs</span> <span class="mono" title="${esc(n.comparedStateRoot)}">${short(n.comparedStateRoot)}</span>`;
  }

  function drawCluster(c, history, chart) {
    window.ClusterPage.last = c;
    const majority = majorityHash(c.nodes);
    const compared = c.comparedHeight !== undefined;
    const card = (label, id, value) => `<div class="card"><div class="label">${label}</div><div class="value" id="${id}">${value}</div></div>`;
    put($("cluster-cards"),
      card("Leader", "cluster-leader", c.leader ? esc(c.leader) : `<span class="bad">none (election under way)</span>`)
      + card("Term", "cluster-term", esc(c.term))
      + card("Chains", "cluster-agree", !compared ? `<span class="muted">not compared</span>`
        : c.chainsAgree ? `<span class="ok">agree</span> <span class="muted small">at ${esc(c.comparedHeight)}</span>`
        : `<span class="bad">disagree</span> <span class="muted small">at ${esc(c.comparedHeight)}</span>`)
      + card("Divergence", "cluster-diverged", c.diverged ? `<span class="bad">diverged</span>` : `<span class="ok">none</span>`));
    $("cluster-compared-at").textContent = compared ? `Agrees at ${c.comparedHeight}` : "Agrees";
    put(document.querySelector("#cluster-nodes tbody"), c.nodes.map(n => `
      <tr data-node="${esc(n.id)}" class="${n.diverged ? "bad" : ""}">
        <td>${esc(n.id)}${n.id === c.leader ? ` <span class="badge ok">leader</span>` : ""}</td>
        <td>${n.api ? `<a href="${esc(n.api)}/#/cluster" class="mono">${esc(n.api)}</a>` : `<span class="muted">none</span>`}</td>
        <td>${n.role === "unreachable" ? `<span class="bad">unreachable</span>` : esc(n.role)}${n.diverged ? ` <span class="badge bad">diverged</span>` : ""}</td>
        <td>${n.height ?? "—"}</td>
        <td>${n.lag ?? "—"}</td>
        <td class="mono" title="${esc(n.stateRoot || "")}">${n.stateRoot ? short(n.stateRoot) : "—"}</td>
        <td>${agreement(n, majority)}</td>
      </tr>`).join(""));
    const diverged = c.nodes.filter(n => n.divergence);
    put($("cluster-divergence"), diverged.length ? diverged.map(n => {
      const d = n.divergence;
      return `<dl data-diverged="${esc(n.id)}"><dt>Node</dt><dd>${esc(n.id)}</dd><dt>At height</dt><dd>${esc(d.height)}</dd>
        <dt>Majority's state root</dt><dd class="mono">${esc(d.expectedStateRoot)}</dd><dt>Its state root</dt><dd class="mono">${esc(d.actualStateRoot)}</dd>
        <dt>Majority</dt><dd>${(d.majority || []).map(esc).join(", ")}</dd></dl>`;
    }).join("") : c.diverged
      ? `<p class="bad" id="cluster-divergence-seen">A member was seen diverging; it does not answer with its finding now.</p>`
      : `<p class="muted" id="cluster-divergence-none">No node has diverged.</p>`);
    const members = Object.entries(c.membership || {});
    put($("cluster-membership"), members.length
      ? `<table id="cluster-ledger"><thead><tr><th>Node</th><th>Status</th><th>Raft</th><th>API</th><th>Certificate</th></tr></thead><tbody>${members.map(([id, m]) => `
          <tr><td>${esc(id)}</td><td class="${m.status === "active" ? "ok" : "bad"}">${esc(m.status)}</td><td class="mono">${esc(m.raft)}</td><td class="mono">${esc(m.api)}</td><td class="mono" title="${esc(m.certificate)}">${short(m.certificate)}</td></tr>`).join("")}</tbody></table>`
      : `<p class="muted" id="cluster-ledger-none">The ledger records no membership: the members are those of the network file.</p>`);
    $("cluster-updated").textContent = "Updated " + new Date().toLocaleTimeString() + "; refreshed every " + POLL_MILLIS / 1000 + " s.";
    if (chart) {
      // At least the last minute is in view, so the first polls do not stretch the axis over days.
      const now = Date.now();
      const first = Math.min(...[...history.values()].map(points => points.length ? points[0][0] : now));
      chart.setOption({
        animation: false,
        grid: { left: 50, right: 20, top: 30, bottom: 30 },
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        xAxis: { type: "time", min: Math.min(first, now - 60000), max: now, axisLabel: { formatter: "{HH}:{mm}:{ss}" } },
        yAxis: { type: "value", name: "height", minInterval: 1, scale: true },
        series: [...history.entries()].map(([id, points]) => ({ name: id, type: "line", step: "end", symbolSize: 4, data: points }))
      });
    }
  }
})();
