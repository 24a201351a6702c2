/**
 * The small script the sandbox serves at /pages-assets/card-form.js (progressive enhancement: the forms work
 * without it). It reads the form's JSON (card-form.ts: the catalogue's fields, the accepted brands, the IIN
 * table, the messages in the page's language) and, as the customer types: groups the card number, shows the
 * brand, adds the slash to the expiry date; on leaving a field and on submit it shows the same errors the
 * server would, and sends nothing until every field is valid. Plain ES2015, no dependencies.
 */
export const CARD_FORM_SCRIPT = `(function () {
  'use strict';
  var form = document.querySelector('form[data-checked-form]');
  var data = document.getElementById('form-config');
  if (!form || !data) return;
  var cfg = JSON.parse(data.textContent);
  var summary = document.getElementById('error-summary');
  var brandOut = document.getElementById('brand');

  document.querySelectorAll('[data-fill]').forEach(function (b) {
    b.hidden = false;
    b.addEventListener('click', function () {
      var input = form.elements.namedItem('cardNumber');
      if (!input) return;
      input.value = group(b.getAttribute('data-fill'));
      input.dispatchEvent(new Event('input'));
      input.focus();
    });
  });

  function fill(template, name, value) { return template.replace('{' + name + '}', value); }
  function digits(s) { return s.replace(/\\D/g, ''); }
  function luhn(pan) {
    var sum = 0;
    for (var i = 0; i < pan.length; i++) {
      var d = pan.charCodeAt(pan.length - 1 - i) - 48;
      if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
      sum += d;
    }
    return sum % 10 === 0;
  }
  // the catalogue's IIN table: the longest matching prefix wins; -1 = a known brand this form does not accept
  function brandOf(pan) {
    if (!cfg.iin || pan === '') return undefined;
    var best = null;
    cfg.iin.forEach(function (r) {
      if (pan.length < r[0].length) return;
      var head = pan.slice(0, r[0].length);
      if (head >= r[0] && head <= r[1] && (!best || r[0].length > best[0].length)) best = r;
    });
    if (!best) return undefined;
    if (best[2] === -1) return null;
    for (var i = 0; i < cfg.brands.length; i++) if (cfg.brands[i].id === best[2]) return cfg.brands[i];
    return null;
  }
  // the catalogue's mask ("{{9999}} {{9999}} ...", "{{99}}/{{99}}"): a 9 takes the next digit, other characters
  // are put in only when a digit follows them; digits beyond the mask stay as typed
  function applyMask(mask, value) {
    if (!mask) return value;
    var out = '', pending = '', i = 0, m = 0, inGroup = false;
    while (m < mask.length && i < value.length) {
      var two = mask.substr(m, 2);
      if (two === '{{' || two === '}}') { inGroup = two === '{{'; m += 2; continue; }
      if (inGroup) { out += pending + value.charAt(i++); pending = ''; } else { pending += mask.charAt(m); }
      m++;
    }
    return out + value.slice(i);
  }
  function fieldMask(f, pan) {
    if (f.id !== 'cardNumber') return f.mask;
    var b = brandOf(pan);
    return (b && b.mask) || f.mask;
  }
  function group(pan) {
    var number = null;
    cfg.fields.forEach(function (f) { if (f.id === 'cardNumber') number = f; });
    return number ? applyMask(fieldMask(number, pan), pan) : pan;
  }
  function normalise(f, raw) {
    var v = raw.trim();
    if (f.expiry) { var d = digits(v); return d.length === 6 ? d.slice(0, 2) + d.slice(4) : d; }
    if (f.numeric) return v.replace(/[\\s-]/g, '');
    return v;
  }
  function value(id) {
    var el = form.elements.namedItem(id);
    return el ? el.value : '';
  }
  function problem(f) {
    var v = normalise(f, value(f.id));
    var brand = cfg.brands ? brandOf(digits(value('cardNumber'))) : undefined;
    if (f.id === 'cvv' && brand) {
      if (v === '') return brand.cvvRequired ? f.text.required : '';
      return new RegExp('^[0-9]{' + brand.cvv + '}$').test(v) ? '' : fill(cfg.text.cvvLength, 'digits', brand.cvv);
    }
    if (v === '') return f.required ? f.text.required : '';
    if (f.id === 'cardNumber') {
      if (!/^\\d+$/.test(v)) return cfg.text.luhn;
      if (f.minLength !== undefined && v.length < f.minLength) return cfg.text.tooShort;
      if (f.maxLength !== undefined && v.length > f.maxLength) return cfg.text.tooLong;
      if (f.luhn && !luhn(v)) return cfg.text.luhn;
      if (cfg.brands) {
        if (!brand) return cfg.text.notAccepted;
        if (brand.regex && !new RegExp(brand.regex).test(v)) return fill(cfg.text.wrongBrand, 'brand', brand.name);
      }
      return '';
    }
    if (f.expiry) {
      if (!/^(0[1-9]|1[0-2])[0-9]{2}$/.test(v)) return cfg.text.expiryFormat;
      var months = (2000 + Number(v.slice(2))) * 12 + Number(v.slice(0, 2));
      return months < cfg.now.year * 12 + cfg.now.month ? cfg.text.expired : '';
    }
    if (f.options) {
      for (var i = 0; i < f.options.length; i++) if (f.options[i].value === v) return '';
      return f.text.choose;
    }
    if (f.minLength !== undefined && v.length < f.minLength) {
      return f.id === 'cvv' ? fill(cfg.text.cvvLength, 'digits', f.minLength) : f.text.tooShort;
    }
    if (f.maxLength !== undefined && v.length > f.maxLength) {
      return f.id === 'cvv' ? fill(cfg.text.cvvLength, 'digits', f.maxLength) : f.text.tooLong;
    }
    if (f.regex && !new RegExp(f.regex).test(v)) return f.text.invalid;
    return '';
  }
  function show(f, msg) {
    var el = form.elements.namedItem(f.id);
    var out = document.getElementById('e-' + f.id);
    if (out) out.textContent = msg;
    if (el) { if (msg) el.setAttribute('aria-invalid', 'true'); else el.removeAttribute('aria-invalid'); }
    if (summary && !summary.hidden) summarise();
  }
  // the summary lists the errors shown next to the fields, as they are now
  function summarise() {
    var list = summary.querySelector('ul');
    list.textContent = '';
    cfg.fields.forEach(function (f) {
      var out = document.getElementById('e-' + f.id);
      if (!out || !out.textContent) return;
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = '#f-' + f.id;
      a.textContent = out.textContent;
      li.appendChild(a);
      list.appendChild(li);
    });
    summary.hidden = list.children.length === 0;
  }
  function showBrand() {
    if (!brandOut || !cfg.brands) return;
    var pan = digits(value('cardNumber'));
    var b = brandOf(pan);
    brandOut.textContent = pan.length === 0 ? '' : b ? fill(cfg.text.detectedBrand, 'brand', b.name)
      : b === null ? cfg.text.notAccepted : cfg.text.brandUnknown;
  }

  cfg.fields.forEach(function (f) {
    var el = form.elements.namedItem(f.id);
    if (!el) return;
    el.addEventListener('input', function () {
      // masks only while typing at the end, so that editing in the middle does not move the caret
      var atEnd = el.selectionStart === el.value.length;
      if (f.id === 'cardNumber') {
        var grouped = group(digits(el.value).slice(0, 19));
        if (grouped !== el.value && atEnd) el.value = grouped;
        showBrand();
      } else if (f.mask && f.numeric && atEnd) {
        var masked = applyMask(f.mask, digits(el.value));
        if (masked !== el.value) el.value = masked;
      }
      // an error already shown is cleared as soon as the value is right
      if (el.getAttribute('aria-invalid') === 'true') show(f, problem(f));
    });
    el.addEventListener('blur', function () { if (el.value !== '') show(f, problem(f)); });
  });
  showBrand();

  form.addEventListener('submit', function (ev) {
    var first = null;
    cfg.fields.forEach(function (f) {
      var msg = problem(f);
      show(f, msg);
      if (msg && !first) first = f;
    });
    if (first) {
      ev.preventDefault();
      if (summary) summarise();
      form.elements.namedItem(first.id).focus();
      return;
    }
    // sent once: a second click does not submit the payment again
    var button = form.querySelector('button[type=submit]');
    if (button) button.disabled = true;
  });
  // coming back with the browser's back button shows the form usable again
  window.addEventListener('pageshow', function () {
    var button = form.querySelector('button[type=submit]');
    if (button) button.disabled = false;
  });
})();
`;
