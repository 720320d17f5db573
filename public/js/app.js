// Progressive enhancement only: every page works without this file.
document.addEventListener('DOMContentLoaded', () => {
  // Move focus to an error summary so screen reader users hear the problems first.
  const summary = document.querySelector('.error-summary');
  if (summary instanceof HTMLElement) summary.focus();

  // Live character counters: the same count as the server's (src/domain/text.ts):
  // NFC, visible characters (grapheme clusters), line breaks not counted.
  const segmenter = 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : undefined;
  const visibleLength = (text) => {
    const value = text.replace(/\r\n?/g, '\n').normalize('NFC').trim();
    if (!segmenter) return [...value].filter((c) => c !== '\n').length;
    let n = 0;
    for (const { segment } of segmenter.segment(value)) if (segment !== '\n') n++;
    return n;
  };
  const lang = document.documentElement.lang;
  for (const area of document.querySelectorAll('textarea[data-count-min]')) {
    const min = Number(area.dataset.countMin);
    const counter = document.createElement('p');
    counter.className = 'character-count';
    counter.id = `${area.id}-count`;
    counter.setAttribute('aria-live', 'polite');
    area.insertAdjacentElement('afterend', counter);
    const described = area.getAttribute('aria-describedby');
    area.setAttribute('aria-describedby', described ? `${described} ${counter.id}` : counter.id);
    const update = () => {
      const n = visibleLength(area.value);
      counter.textContent = lang === 'ja' ? `${n} 文字（${min} 文字以上）` : `${n} characters (at least ${min})`;
      counter.classList.toggle('character-count--short', n < min);
    };
    area.addEventListener('input', update);
    update();
  }

  // Live checks of a field's value (e.g. whether an account name is free) as it is
  // typed. Only a help: the server checks the same again on Continue.
  for (const input of document.querySelectorAll('input[data-live-check]')) {
    const status = document.createElement('p');
    status.className = 'field-status';
    status.id = `${input.id}-status`;
    status.setAttribute('aria-live', 'polite');
    input.insertAdjacentElement('afterend', status);
    const described = input.getAttribute('aria-describedby');
    input.setAttribute('aria-describedby', described ? `${described} ${status.id}` : status.id);
    let timer;
    let latest = 0;
    const check = async () => {
      const value = input.value.trim();
      const mine = ++latest;
      if (!value) {
        status.textContent = '';
        return;
      }
      try {
        const url = `${input.dataset.liveCheck}?name=${encodeURIComponent(value)}`;
        const res = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
        const body = await res.json();
        if (mine !== latest) return; // a newer value is being checked
        status.textContent = body.message;
        status.classList.toggle('field-status--ok', body.ok === true);
        status.classList.toggle('field-status--problem', body.ok !== true);
      } catch {
        if (mine === latest) status.textContent = '';
      }
    };
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(check, 300);
    });
  }

  // Names derived from a field as it is typed (the PG twin: name + "-pg").
  for (const target of document.querySelectorAll('[data-twin-of]')) {
    const source = document.getElementById(target.dataset.twinOf);
    if (!source) continue;
    const fallback = target.textContent;
    source.addEventListener('input', () => {
      const value = source.value.trim();
      target.textContent = value ? `${value}-pg` : fallback;
    });
  }

  // Conditional reveal (GOV.UK): questions that follow from an answer are shown only
  // while it is given. `data-reveal-when="resident=no|specific=yes"`: shown when any of
  // the named fields has that value (a ticked box counts as its value; `!=` reverses).
  // Without this script they are always shown and say when they apply.
  for (const block of document.querySelectorAll('[data-reveal-when]')) {
    const conditions = block.dataset.revealWhen.split('|').map((c) => {
      const [name, op, value] = c.split(/(!?=)/);
      return { name, negate: op === '!=', value };
    });
    const inputs = conditions.flatMap((c) => [...document.querySelectorAll(`input[name="${c.name}"]`)]);
    if (inputs.length === 0) continue;
    const given = (c) =>
      [...document.querySelectorAll(`input[name="${c.name}"]`)].some((i) => i.checked && i.value === c.value);
    const update = () => {
      const shown = conditions.some((c) => given(c) !== c.negate);
      block.hidden = !shown;
      for (const c of conditions.filter((c) => !c.negate)) {
        for (const input of document.querySelectorAll(`input[name="${c.name}"][value="${c.value}"]`)) {
          input.setAttribute('aria-controls', block.id);
          if (input.type === 'checkbox') input.setAttribute('aria-expanded', String(input.checked));
        }
      }
    };
    for (const input of inputs) input.addEventListener('change', update);
    update();
  }

  // A print button (the recovery codes): shown only where the script can print.
  for (const button of document.querySelectorAll('button[data-print]')) {
    button.hidden = false;
    button.addEventListener('click', () => window.print());
  }
});
