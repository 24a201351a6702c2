/**
 * The dashboard's stylesheet and script, served from /_dashboard/assets/ (no CDN, no build step: the
 * sandbox runs offline). The script only enhances: every page works without it, it adds live updates.
 */

export const CSS = `
:root{--bg:#f6f7f9;--panel:#fff;--ink:#1c2430;--muted:#4f5b6b;--line:#d9dee5;--brand:#0b5cad;--nav:#14213d;
--good-bg:#dff3e4;--good:#14532d;--bad-bg:#fde2e1;--bad:#8a1c14;--warn-bg:#fff1cc;--warn:#6b4500;--info-bg:#dfeafc;--info:#133d73;
--muted-bg:#eceef1;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
*{box-sizing:border-box}body{margin:0;font-size:15px;line-height:1.45}
a{color:var(--brand)}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #f0a500;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:6px;z-index:9}
.top{display:flex;align-items:center;gap:10px;background:var(--nav);color:#fff;padding:10px 18px}
.brand{color:#fff;font-weight:700;text-decoration:none;font-size:17px}.sub{color:#c9d3e3}
.live-state{margin-left:auto;font-size:13px;color:#c9d3e3}.live-state.on::before{content:"";display:inline-block;width:8px;height:8px;border-radius:50%;background:#4ade80;margin-right:6px}
.frame{display:flex;min-height:calc(100vh - 44px)}
nav[aria-label=Sections]{width:178px;flex:none;background:var(--panel);border-right:1px solid var(--line);padding:12px 0}
nav[aria-label=Sections] ul{list-style:none;margin:0;padding:0}
nav[aria-label=Sections] a{display:block;padding:7px 18px;color:var(--ink);text-decoration:none}
nav[aria-label=Sections] a:hover{background:var(--bg)}
nav[aria-label=Sections] a[aria-current=page]{background:#e7effa;color:#0a3f78;font-weight:600;border-left:3px solid var(--brand);padding-left:15px}
main{flex:1;padding:16px 20px;min-width:0}h1{font-size:22px;margin:4px 0 14px}h2{font-size:17px;margin:22px 0 8px}
table{border-collapse:collapse;width:100%;background:var(--panel);border:1px solid var(--line);border-radius:6px}
caption{text-align:left;font-weight:600;padding:6px 0;color:var(--muted)}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top;font-size:13.5px}
.table-wrap{overflow-x:auto;max-width:100%}
th{background:#eef1f5;font-weight:600}tbody tr:hover{background:#f9fafb}
td code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12.5px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap;background:var(--muted-bg);color:#303844}
.badge.good{background:var(--good-bg);color:var(--good)}.badge.bad{background:var(--bad-bg);color:var(--bad)}
.badge.warn{background:var(--warn-bg);color:var(--warn)}.badge.info{background:var(--info-bg);color:var(--info)}
.filters{display:flex;flex-wrap:wrap;align-items:end;gap:8px 12px;margin:0 0 12px;background:var(--panel);padding:10px;border:1px solid var(--line);border-radius:6px}
.field{display:flex;flex-direction:column;gap:2px}.field.check{flex-direction:row;align-items:center;gap:6px;align-self:center}.field label,.action label{font-size:13px;color:var(--muted)}
time{white-space:nowrap}
input,select{font:inherit;padding:5px 7px;border:1px solid #8893a2;border-radius:4px;background:#fff;color:var(--ink)}
button{font:inherit;padding:5px 12px;border-radius:4px;border:1px solid #0a4a8c;background:var(--brand);color:#fff;cursor:pointer}
button{white-space:nowrap}td .action{display:inline-flex;margin:0 4px 4px 0}
button.secondary{background:#fff;color:#0a3f78;border-color:#8893a2}button.danger{background:#a3241a;border-color:#7d1a12}
.pager{margin:10px 0;display:flex;gap:14px;color:var(--muted)}
.chips{display:flex;flex-wrap:wrap;gap:6px;margin:0 0 10px;padding:0;list-style:none}
.chips a{display:inline-block;padding:2px 10px;border:1px solid var(--line);border-radius:12px;background:var(--panel);text-decoration:none;font-size:13px}
.chips a[aria-current=true]{border-color:var(--brand);background:#e7effa}
.actions{display:flex;flex-wrap:wrap;gap:8px;align-items:end;background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:10px;margin-bottom:8px}
.action{display:flex;gap:6px;align-items:end;flex-wrap:wrap}
.summary{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:8px;margin:0 0 12px}
.summary div{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:8px 10px}
.summary dt{font-size:12px;color:var(--muted)}.summary dd{margin:2px 0 0;font-weight:600;overflow-wrap:anywhere}
.timeline{list-style:none;margin:0;padding:0 0 0 14px;border-left:2px solid var(--line)}
.timeline>li{position:relative;margin:0 0 12px;padding:8px 10px;background:var(--panel);border:1px solid var(--line);border-radius:6px}
.timeline>li::before{content:"";position:absolute;left:-21px;top:13px;width:10px;height:10px;border-radius:50%;background:var(--brand)}
.timeline .when{color:var(--muted);font-size:13px;margin-right:8px}.timeline ul{margin:6px 0 0;padding-left:18px;font-size:13px}
h2+.table-wrap caption{position:absolute;left:-9999px}
.json{background:#0f1724;color:#e5edf7;padding:12px;border-radius:6px;overflow:auto;max-height:460px;font-size:13px}
.flash{padding:8px 12px;border-radius:6px;margin:0 0 12px}.flash.ok{background:var(--good-bg);color:var(--good)}.flash.err{background:var(--bad-bg);color:var(--bad)}
.empty{color:var(--muted);background:var(--panel);border:1px dashed var(--line);padding:14px;border-radius:6px}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:18px}@media (max-width:900px){.cols{grid-template-columns:1fr}nav[aria-label=Sections]{width:140px}}
fieldset{border:1px solid var(--line);border-radius:6px;background:var(--panel);margin:0 0 10px;padding:8px 10px}
legend{font-weight:600;font-size:14px}
`;

/**
 * Live updates: one EventSource on /_dashboard/live; when a notice concerns what the page shows, the
 * page's live region is fetched again (`?fragment=1`, rendered and escaped by the server) and swapped
 * in, at most every 250 ms, and never while a field in it has focus (the user is typing).
 */
export const JS = `(() => {
  const main = document.getElementById('main');
  const region = document.getElementById('live-region');
  const state = document.getElementById('live-state');
  if (!main || !region || !window.EventSource) return;
  const forWhat = main.dataset.liveFor || '';
  if (forWhat === '') return;
  const first = !new URLSearchParams(location.search).has('before');
  if (!first) return;
  let timer = 0;
  const refresh = async () => {
    timer = 0;
    const a = document.activeElement;
    if (a && region.contains(a) && /INPUT|SELECT|TEXTAREA/.test(a.tagName)) { timer = setTimeout(refresh, 1000); return; }
    const u = new URL(location.href); u.searchParams.set('fragment', '1');
    try {
      const res = await fetch(u, { headers: { Accept: 'text/html' } });
      if (res.ok) { region.innerHTML = await res.text(); state.textContent = 'live · updated ' + new Date().toLocaleTimeString(); }
    } catch {}
  };
  const es = new EventSource('/_dashboard/live');
  // what changed between rendering this page and the feed connecting is fetched once on (re)connect
  es.onopen = () => { state.textContent = 'live'; state.classList.add('on'); if (!timer) timer = setTimeout(refresh, 0); };
  es.onerror = () => { state.textContent = 'reconnecting…'; state.classList.remove('on'); };
  es.onmessage = (m) => {
    let n; try { n = JSON.parse(m.data); } catch { return; }
    if (forWhat !== 'all' && !(n.topics || []).includes(forWhat) && !(n.related || []).includes(forWhat)) return;
    if (!timer) timer = setTimeout(refresh, 250);
  };
})();`;
