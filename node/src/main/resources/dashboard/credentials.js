// Certificates: a verifier pastes the text of a health certificate (HC1:...) or uploads a picture
// of its QR code and sees the verdict the node reaches against the ledger's trust list,
// revocations and venue policies; below, the registered signers and the policies.
"use strict";

(() => {
  const { esc, time } = Lazaret;

  const EXPLAIN = {
    picture: "The picture could not be read, or holds no QR code.",
    prefix: "The text does not start with HC1: — it is not an EU digital COVID certificate.",
    base45: "The QR text is damaged: it is not valid base45.",
    compression: "The QR content is damaged: it is not a valid zlib stream.",
    cose: "The signed envelope (COSE/CWT) of the certificate is malformed.",
    signature: "The signature does not verify: the certificate was altered, or not signed by the key it names.",
    unknown_key: "The signing key is not on the ledger's trust list (never registered, suspended or revoked).",
    key_usage: "The signing key is not allowed to sign this type of certificate.",
    expired: "The certificate, or the key that signed it, has expired.",
    not_yet_valid: "The certificate is not valid yet.",
    schema: "The content does not follow the EU DCC schema.",
    revoked: "The issuer has revoked this certificate on the ledger.",
    policy: "The chosen policy does not accept this certificate.",
  };

  async function post(path, body) {
    const r = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify(body) });
    const json = await r.json().catch(() => ({}));
    if (!r.ok) { throw new Error(json.detail || ("HTTP " + r.status)); }
    return json;
  }

  function readAsDataUrl(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(new Error("cannot read " + file.name));
      reader.readAsDataURL(file);
    });
  }

  function person(payload) {
    if (!payload || !payload.nam) return "";
    const n = payload.nam;
    const kind = payload.v ? "vaccination" : payload.t ? "test" : payload.r ? "recovery" : "certificate";
    const entry = (payload.v || payload.t || payload.r || [{}])[0];
    return `<dt>Holder</dt><dd>${esc([n.gn, n.fn].filter(Boolean).join(" "))} (born ${esc(payload.dob || "?")})</dd>`
      + `<dt>Kind</dt><dd>${esc(kind)}${entry.dn ? ` — dose ${esc(entry.dn)} of ${esc(entry.sd)}` : ""}${entry.dt ? `, ${esc(entry.dt)}` : ""}</dd>`
      + (entry.ci ? `<dt>Identifier</dt><dd class="mono">${esc(entry.ci)}</dd>` : "");
  }

  function verdictHtml(v) {
    const badge = v.valid ? `<span class="badge ok" id="cert-result">VALID</span>` : `<span class="badge bad" id="cert-result">NOT VALID</span>`;
    const failures = v.failures.map(f => `<li data-failure="${esc(f)}"><b>${esc(f)}</b> — ${esc(EXPLAIN[f] || f)}<ul>`
      + v.details.filter(d => d.failure === f).map(d => `<li class="muted">${esc(d.detail)}</li>`).join("") + `</ul></li>`).join("");
    const s = v.signer;
    const signer = s
      ? `<dt>Signer</dt><dd id="cert-signer"><code>${esc(s.kid)}</code> · ${esc(s.org)} · <span class="${s.status === "active" ? "ok" : "bad"}">${esc(s.status)}</span>${s.reason ? " — " + esc(s.reason) : ""}<br><span class="muted">${esc(s.subject)}</span></dd>`
      : `<dt>Signer</dt><dd id="cert-signer" class="muted">not identified</dd>`;
    const t = v.trust;
    const current = t.stale
      ? `<span class="bad">stale</span> — ${esc(t.detail || "")}`
      : t.source === "ledger" ? `<span class="ok">current</span> — the ledger's state at block <a href="#/block/${t.height}">${t.height}</a> (${esc(t.blockTime.replace("T", " ").replace("Z", " UTC"))})`
        : `<span class="ok">current</span> — snapshot of block ${t.height}`;
    return `<p>${badge}${v.policy ? ` <span class="muted">under policy <b>${esc(v.policy)}</b></span>` : ""}</p>`
      + (failures ? `<ul id="cert-failures">${failures}</ul>` : `<p class="ok">Every check passed: signature, signer on the trust list, validity, schema, revocation${v.policy ? ", policy" : ""}.</p>`)
      + `<dl>${signer}<dt>Trust data</dt><dd id="cert-current">${current}</dd>${person(v.payload)}</dl>`;
  }

  Lazaret.page("/credentials", "Certificates", async (el) => {
    // A node started without the credentials API module (an embedded or test node) has no such
    // routes: say so plainly rather than show an error.
    const probe = await fetch("/v1/credentials/policies", { headers: { Accept: "application/json" } });
    if (probe.status === 404) {
      el.innerHTML = `<h1>Certificates</h1><p class="muted" id="cert-unavailable">This node does not serve the credentials API; nodes started with 'lazaret node start' or 'lazaret demo' do.</p>`;
      return;
    }
    const [signers, policies] = await Promise.all([Lazaret.api("/v1/credentials/signers"), Lazaret.api("/v1/credentials/policies")]);
    const policyOptions = [`<option value="">no policy</option>`]
      .concat(policies.policies.map(p => `<option value="${esc(p.name)}">${esc(p.name)} (ledger, ${esc(p.org)})</option>`))
      .concat(policies.builtIn.filter(n => !policies.policies.some(p => p.name === n)).map(n => `<option value="${esc(n)}">${esc(n)} (built in)</option>`)).join("");
    el.innerHTML = `<h1>Certificates</h1>
      <p class="muted">Paste the text of an EU digital COVID certificate (it starts with HC1:) or upload a picture of its QR code. The node checks it against the trust list, revocations and policies on the ledger; nothing you submit is stored.</p>
      <div class="card">
        <label for="cert-text">Certificate text</label><br>
        <textarea id="cert-text" rows="4" style="width:100%" placeholder="HC1:..."></textarea><br>
        <label for="cert-image">or a QR picture (PNG)</label> <input type="file" id="cert-image" accept="image/png,image/*">
        <label for="cert-policy">Policy</label> <select id="cert-policy">${policyOptions}</select>
        <button id="cert-verify">Verify</button>
      </div>
      <div id="cert-verdict" aria-live="polite"></div>
      <h2>Registered signers</h2>
      <table id="cert-signers"><thead><tr><th>kid</th><th>organisation</th><th>subject</th><th>status</th><th>valid until</th></tr></thead><tbody>
      ${signers.signers.map(s => `<tr data-kid="${esc(s.kid)}"><td><code>${esc(s.kid)}</code></td><td>${esc(s.org)}</td><td>${esc(s.subject)}</td>`
        + `<td class="${s.status === "active" ? "ok" : "bad"}">${esc(s.status)}${s.reason ? " — " + esc(s.reason) : ""}</td><td>${time(s.notAfter)}</td></tr>`).join("")
        || `<tr><td colspan="5" class="muted">No signer is registered yet.</td></tr>`}
      </tbody></table>
      <h2>Policies</h2>
      <table id="cert-policies"><thead><tr><th>name</th><th>source</th><th>rules</th></tr></thead><tbody>
      ${policies.policies.map(p => `<tr><td>${esc(p.name)}</td><td>ledger · ${esc(p.org)} · v${esc(p.version)}</td><td>${p.rules.map(r => esc(r.identifier + ": " + (r.description || ""))).join("<br>")}</td></tr>`).join("")}
      ${policies.builtIn.map(n => `<tr><td>${esc(n)}</td><td>built in</td><td class="muted">shipped with Lazaret</td></tr>`).join("")}
      </tbody></table>
      <p class="muted">Verifiers offline: <code>lazaret cert trust export</code> writes these lists with their state proofs; trust data older than ${Math.round(policies.maxAgeMillis / 3600000)} h is reported as stale.</p>`;

    const out = el.querySelector("#cert-verdict");
    el.querySelector("#cert-image").addEventListener("change", () => { el.querySelector("#cert-text").value = ""; });
    el.querySelector("#cert-verify").addEventListener("click", async () => {
      const text = el.querySelector("#cert-text").value.trim();
      const file = el.querySelector("#cert-image").files[0];
      const policy = el.querySelector("#cert-policy").value;
      out.innerHTML = `<p class="muted">Verifying…</p>`;
      try {
        const body = text ? { qr: text } : file ? { qrImage: await readAsDataUrl(file) } : null;
        if (!body) { throw new Error("Paste a certificate's text or choose a QR picture first."); }
        if (policy) { body.policy = policy; }
        out.innerHTML = verdictHtml(await post("/v1/credentials/verify", body));
      } catch (e) {
        out.innerHTML = `<div class="error" role="alert">${esc(e.message)}</div>`;
      }
    });
  });
})();
