// Flow 2 in the browser: the platform's Client SDK (connect-sdk-client-js, served by the shop from its own
// node_modules as /vendor/connect-sdk-client-js.umd.js) lists the payment products, renders the chosen
// product's fields, validates the input and encrypts it. Only the encrypted blob (encryptedCustomerInput)
// goes to the shop's server: the card number never reaches it in clear.
/* global connectsdk */

const MESSAGES = {
  required: 'is required',
  luhn: 'is not a valid card number',
  expirationDate: 'is not a valid expiry date (MM/YY, not in the past)',
  length: 'has the wrong length',
  range: 'is out of range',
  regularExpression: 'has the wrong format',
  emailAddress: 'is not a valid e-mail address',
  fixedList: 'is not one of the allowed values',
  iban: 'is not a valid IBAN',
};

const WORDS = { issuerId: 'Your bank' };

const $ = (selector) => document.querySelector(selector);

function say(text, kind) {
  const box = $('#client-messages');
  box.className = `notice ${kind}`;
  box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  box.textContent = text;
  box.hidden = false;
}

async function main() {
  const config = JSON.parse($('#client-config').textContent);
  const session = new connectsdk.Session(config.session);
  const context = config.paymentContext;
  const chooser = $('#product-choice');
  const form = $('#client-form');
  const fieldsBox = $('#product-fields');
  let product;

  const products = await session.getBasicPaymentProducts(context);
  // the methods this shop takes (the server checks again): cards, except wallets that need their own button, and iDEAL
  const supported = (p) => (p.paymentMethod === 'card' && p.id !== 302 && p.id !== 320) || p.id === 809;
  for (const p of products.basicPaymentProducts.filter(supported)) {
    const id = `product-${p.id}`;
    const label = document.createElement('label');
    const input = document.createElement('input');
    Object.assign(input, { type: 'radio', name: 'product', value: String(p.id), id });
    label.append(input, ` ${p.displayHints.label ?? `Product ${p.id}`}`);
    chooser.append(label);
  }
  $('#products-loading').remove();

  chooser.addEventListener('change', async (e) => {
    const id = Number(e.target.value);
    product = await session.getPaymentProduct(id, context);
    fieldsBox.replaceChildren();
    for (const field of product.paymentProductFields) {
      const inputId = `field-${field.id}`;
      const label = document.createElement('label');
      label.htmlFor = inputId;
      label.textContent =
        field.displayHints?.label && field.displayHints.label !== field.id
          ? field.displayHints.label
          : (WORDS[field.id] ?? field.id);
      const list =
        field.displayHints?.formElement?.type === 'list' ? field.displayHints.formElement.valueMapping : null;
      const input = document.createElement(list ? 'select' : 'input');
      Object.assign(
        input,
        list
          ? { id: inputId, name: field.id }
          : { id: inputId, name: field.id, type: field.type === 'password' ? 'password' : 'text' },
      );
      for (const o of list ?? []) {
        const name = o.displayElements?.find((e) => e.id === 'displayName')?.value ?? o.value;
        input.append(new Option(name, o.value));
      }
      input.dataset.fieldId = field.id;
      input.autocomplete = 'off';
      if (field.displayHints?.placeholderLabel) input.placeholder = field.displayHints.placeholderLabel;
      if (field.dataRestrictions?.isRequired) input.required = true;
      const error = document.createElement('p');
      error.id = `${inputId}-error`;
      error.className = 'field-error';
      input.setAttribute('aria-describedby', error.id);
      fieldsBox.append(label, input, error);
    }
    $('input[name="paymentProductId"]').value = String(id);
    form.hidden = false;
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!product) return;
    const request = session.getPaymentRequest();
    request.setPaymentProduct(product);
    for (const field of product.paymentProductFields) {
      const input = document.getElementById(`field-${field.id}`);
      const value = input.value.trim();
      if (value === '') continue;
      // the mask decides which characters are sent (e.g. "12/30" -> "1230")
      request.setValue(field.id, field.displayHints?.mask ? field.applyMask(value).formattedValue : value);
    }
    const errors = request.validate();
    for (const input of fieldsBox.querySelectorAll('input, select')) {
      const mine = errors.filter((x) => x.fieldId === input.dataset.fieldId);
      input.setAttribute('aria-invalid', mine.length > 0 ? 'true' : 'false');
      document.getElementById(`${input.id}-error`).textContent = mine
        .map(
          (x) =>
            `${input.labels[0]?.textContent ?? x.fieldId} ${MESSAGES[x.errorMessageId] ?? `failed check ${x.errorMessageId}`}`,
        )
        .join('. ');
    }
    if (errors.length > 0) {
      say('Please correct the highlighted fields: nothing was sent.', 'error');
      return;
    }
    say('Encrypting your details…', 'info');
    try {
      $('input[name="encryptedCustomerInput"]').value = await session.getEncryptor().encrypt(request);
    } catch (err) {
      say(`Your details could not be encrypted: ${err instanceof Error ? err.message : String(err)}`, 'error');
      return;
    }
    // clear the clear-text fields so the browser never submits them
    for (const input of fieldsBox.querySelectorAll('input, select')) input.removeAttribute('name');
    form.submit();
  });
}

main().catch((err) => {
  say(`The payment form could not be loaded: ${err instanceof Error ? err.message : String(err)}`, 'error');
});
