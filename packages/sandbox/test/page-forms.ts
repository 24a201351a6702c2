// Drives the sandbox's customer pages without a browser, as a browser would: GET the page, take its per-page
// token from the form, POST the form. Used by tests that need a page step but not the look of it.

/** GETs `pageUrl`, then POSTs `fields` with the page's token to the form whose action ends with `action`. */
export async function submitPageForm(
  pageUrl: string,
  fields: Record<string, string>,
  action?: string,
): Promise<Response> {
  const page = await fetch(pageUrl);
  const html = await page.text();
  const forms = [...html.matchAll(/<form method="post" action="([^"]+)"[\s\S]*?name="token" value="([^"]+)"/g)];
  const form = forms.find((f) => action === undefined || (f[1] as string).endsWith(action)) ?? forms[0];
  if (!form) throw new Error(`no form on ${pageUrl} (status ${page.status})`);
  const target = new URL((form[1] as string).replace(/&amp;/g, '&'), pageUrl);
  return fetch(target, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, token: form[2] as string }).toString(),
    redirect: 'manual',
  });
}
