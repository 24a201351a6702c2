/**
 * The pages' stylesheet, served from the sandbox itself (`/pages-assets/pages.css`; no CDN, no web fonts).
 * One neutral look of its own, readable on a phone, with a striped band that marks every page as a sandbox.
 * Colours meet WCAG AA contrast (axe-core checks it in the browser tests).
 */
export const STYLES = `
:root {
  --ink: #1d2433; --muted: #4f5869; --line: #d5d9e0; --paper: #ffffff; --ground: #f2f4f7;
  --brand: #0d5c63; --brand-dark: #08434a; --focus: #f2a900; --error: #b3261e; --error-bg: #fdecea;
  --ok: #1b6b3a; --ok-bg: #e7f4ec; --warn-bg: #fff4d6; --radius: 10px;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: var(--ground); line-height: 1.45;
}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
.sandbox-band {
  background: repeating-linear-gradient(135deg, #ffe08a 0 14px, #ffd15c 14px 28px);
  color: #3b2f00; padding: .45rem 1rem; font-size: .9rem; display: flex; gap: .75rem; align-items: center;
  justify-content: center; flex-wrap: wrap; border-bottom: 1px solid #d9a400;
}
.sandbox-band .badge {
  background: #3b2f00; color: #ffe08a; font-weight: 700; letter-spacing: .12em; padding: .1rem .5rem; border-radius: 4px;
}
.top { background: var(--paper); border-bottom: 1px solid var(--line); }
.top-inner { max-width: 36rem; margin: 0 auto; padding: .9rem 1rem; display: flex; justify-content: space-between;
  align-items: baseline; gap: 1rem; flex-wrap: wrap; }
.merchant { font-weight: 600; }
.order-amount { font-size: 1.25rem; font-weight: 700; }
.order-ref { color: var(--muted); font-size: .9rem; width: 100%; }
main { flex: 1; width: 100%; max-width: 36rem; margin: 1.25rem auto; padding: 0 1rem; }
.panel { background: var(--paper); border: 1px solid var(--line); border-radius: var(--radius); padding: 1.25rem;
  box-shadow: 0 1px 2px rgba(16,24,40,.06); }
h1 { font-size: 1.4rem; margin: 0 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.25rem 0 .75rem; }
p { margin: 0 0 .9rem; }
a { color: var(--brand); }
.methods { list-style: none; margin: 0; padding: 0; display: grid; gap: .6rem; }
.methods a { display: flex; align-items: center; gap: .75rem; padding: .85rem 1rem; border: 1px solid var(--line);
  border-radius: var(--radius); text-decoration: none; color: var(--ink); font-weight: 600; background: var(--paper); }
.methods a:hover { border-color: var(--brand); background: #f4fafa; }
.mark { display: inline-grid; place-items: center; width: 3.7rem; height: 1.8rem; padding: 0 .2rem; border-radius: 5px; font-size: .7rem;
  font-weight: 700; color: #fff; background: var(--brand); letter-spacing: .02em; flex: none; }
.field { margin-bottom: 1rem; }
.field label { display: block; font-weight: 600; margin-bottom: .3rem; }
.field .hint { color: var(--muted); font-size: .85rem; margin: .3rem 0 0; }
input[type=text], select { width: 100%; font: inherit; padding: .65rem .75rem; border: 1px solid #8a93a3;
  border-radius: 8px; background: #fff; color: var(--ink); }
input[aria-invalid=true], select[aria-invalid=true] { border-color: var(--error); box-shadow: 0 0 0 1px var(--error); }
.row { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1rem; }
/* side by side, the inputs line up even when one label takes two lines */
.row .field label { min-height: 2.9em; display: flex; align-items: flex-end; }
@media (max-width: 28rem) { .row { grid-template-columns: 1fr; } .row .field label { min-height: 0; } }
.error { color: var(--error); font-size: .9rem; margin: .3rem 0 0; font-weight: 600; }
.error:empty { display: none; }
.notice { padding: .75rem 1rem; border-radius: 8px; margin-bottom: 1rem; }
.notice.bad { background: var(--error-bg); color: #7a1a14; border: 1px solid #f0b7b2; }
.notice.good { background: var(--ok-bg); color: var(--ok); border: 1px solid #b5dcc3; }
.notice.info { background: var(--warn-bg); color: #4d3b00; border: 1px solid #f0d58a; }
.notice ul { margin: .4rem 0 0; padding-left: 1.2rem; }
.notice p:last-child { margin-bottom: 0; }
.methods .hint { display: block; font-weight: 400; color: var(--muted); font-size: .85rem; margin-top: .15rem; }
.brand { min-height: 1.3rem; color: var(--muted); font-size: .9rem; margin-top: .3rem; }
.actions { display: flex; flex-wrap: wrap; gap: .6rem; margin-top: 1.25rem; align-items: center; }
.actions form { margin: 0; }
button, .button { font: inherit; font-weight: 600; padding: .7rem 1.2rem; border-radius: 8px; cursor: pointer;
  border: 1px solid var(--brand); background: var(--brand); color: #fff; text-decoration: none; display: inline-block; }
button:hover, .button:hover { background: var(--brand-dark); }
button.secondary, .button.secondary { background: #fff; color: var(--brand); }
button.secondary:hover, .button.secondary:hover { background: #eef6f6; }
button.danger { background: #fff; color: var(--error); border-color: var(--error); }
button.danger:hover { background: var(--error-bg); }
button.small { padding: .25rem .7rem; font-size: .85rem; }
button.wide { width: 100%; padding: .85rem; font-size: 1.05rem; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .4rem 1rem; margin: 0 0 1rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
details.testdata { margin-top: 1.25rem; border: 1px dashed #c9a227; border-radius: var(--radius); background: #fffbea;
  padding: .6rem 1rem; }
details.testdata summary { cursor: pointer; font-weight: 600; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin-top: .5rem; }
th, td { text-align: left; padding: .35rem .4rem; border-bottom: 1px solid #eadfb0; }
td code { font-size: .95rem; white-space: nowrap; }
.panel.provider { border-top: 6px solid var(--brand); }
.provider-name { text-transform: uppercase; letter-spacing: .08em; font-size: .75rem; color: var(--muted); margin: 0 0 .25rem; }
.panel.provider.ideal { border-top-color: #cc0066; }
.panel.provider.paypal { border-top-color: #003087; }
.panel.provider.acs { border-top-color: #3949ab; }
.status-icon { font-size: 2rem; line-height: 1; margin-bottom: .5rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
footer { text-align: center; color: var(--muted); font-size: .8rem; padding: 1rem; }
`;
