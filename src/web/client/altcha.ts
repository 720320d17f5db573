// The anti-robot check in the browser (progressive enhancement: the form works
// without it). The check page carries a signed proof-of-work challenge in the
// hidden field's data-challenge attribute; this solves it with altcha-lib and the
// browser's Web Crypto, and puts the solution in the field. Sending before it is
// solved waits for it. Bundled to public/js/altcha.js by scripts/bundle.mjs.
import { type Challenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';

function toBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function start(field: HTMLInputElement) {
  const form = field.form;
  const status = document.getElementById(`${field.id}-status`);
  const challenge = JSON.parse(field.dataset.challenge ?? 'null') as Challenge | null;
  if (!form || !challenge) return;
  const say = (text: string | undefined) => {
    if (!status || !text) return;
    status.textContent = text;
    status.hidden = false;
  };
  say(field.dataset.checking);
  const solved = solveChallenge({ challenge, deriveKey, timeout: 60_000 })
    .then((solution) => {
      if (solution) field.value = toBase64(JSON.stringify({ challenge, solution }));
      say(field.dataset.done);
    })
    // Without a solution the form goes as it would without JavaScript.
    .catch(() => say(field.dataset.done));
  let sending = false;
  form.addEventListener('submit', (event) => {
    if (field.value || sending) return;
    event.preventDefault();
    sending = true;
    const button = event.submitter instanceof HTMLButtonElement ? event.submitter : null;
    if (button) button.disabled = true;
    void solved.then(() => {
      if (button) button.disabled = false;
      form.requestSubmit(button ?? undefined);
    });
  });
}

document.addEventListener('DOMContentLoaded', () => {
  for (const field of document.querySelectorAll<HTMLInputElement>('input[data-challenge]')) start(field);
});
