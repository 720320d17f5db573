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
});
