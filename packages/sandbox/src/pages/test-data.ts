/**
 * The collapsible "sandbox test data" box under the card form: the documented test cards that lead to each
 * outcome (from the sandbox's scenarios), limited to the brands this checkout accepts, each with a "use"
 * button that the script reveals (it fills the card number; without JavaScript the numbers can be copied).
 */
import { cardProductId, testCards } from '../catalogue/index.js';
import { CHALLENGE_CARDS, CHALLENGE_FAILS, COMPLETION_CARD, DECLINE_CARDS } from '../domain/scenarios.js';
import { esc } from './escape.js';
import { type PageLocale, type PageText, translator } from './i18n.js';

function outcomes(): [string, PageText][] {
  const rows: [string, PageText][] = [
    [testCards.visa, 'outApproved'],
    [testCards.mastercardDebit, 'outApproved'],
  ];
  const declineText: Readonly<Record<string, PageText>> = {
    'INSUFFICIENT FUNDS': 'outFunds',
    'SUSPECTED FRAUD': 'outFraud',
  };
  for (const [pan, d] of Object.entries(DECLINE_CARDS)) rows.push([pan, declineText[d.message] ?? 'outDeclined']);
  for (const pan of CHALLENGE_CARDS) rows.push([pan, CHALLENGE_FAILS.has(pan) ? 'out3dsFail' : 'out3dsOk']);
  rows.push([COMPLETION_CARD, 'outCompletion']);
  return rows;
}

const grouped = (pan: string) => pan.replace(/(\d{4})(?=\d)/g, '$1 ');

export function testDataBox(locale: PageLocale, acceptedProducts: ReadonlySet<number>): string {
  const t = translator(locale);
  const rows = outcomes().filter(([pan]) => acceptedProducts.has(cardProductId(pan) ?? -1));
  if (rows.length === 0) return '';
  const body = rows
    .map(
      ([pan, outcome]) =>
        `<tr><td><code>${esc(grouped(pan))}</code></td><td>${esc(t(outcome))}</td>` +
        `<td><button type="button" class="secondary small" data-fill="${esc(pan)}" hidden ` +
        `aria-label="${esc(t('useCard', { number: grouped(pan) }))}">${esc(t('use'))}</button></td></tr>`,
    )
    .join('');
  return (
    `<details class="testdata"><summary>${esc(t('testData'))}</summary><p>${esc(t('testDataIntro'))}</p>` +
    `<table><thead><tr><th scope="col">${esc(t('testCard'))}</th><th scope="col">${esc(t('testOutcome'))}</th>` +
    '<td></td></tr></thead>' +
    `<tbody>${body}</tbody></table></details>`
  );
}
