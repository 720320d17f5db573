// The "Get" buttons of a Continuation's achievement form, in place (progressive
// enhancement: without this script they submit the form, and the server answers with
// the page filled). A click asks POST /account/renewal/lookup with the form's CSRF
// token, fills the fields the service gave, and says what happened in the form's
// status region (role="status"), in the page's language as the server wrote it. If
// the request itself fails, the form is submitted as without the script.
// Bundled to public/js/achievement-lookup.js by scripts/bundle.mjs.

interface LookupAnswer {
  ok: boolean;
  details?: Record<string, string>;
  problem?: string;
  message: string;
}

function say(form: HTMLFormElement, message: string, warning: boolean) {
  const status = form.querySelector<HTMLElement>('#lookup-status');
  if (!status) return;
  status.replaceChildren();
  const p = document.createElement('p');
  p.className = warning ? 'body lookup__notice lookup__notice--warning' : 'body lookup__notice';
  p.textContent = message;
  status.append(p);
}

/** Marks the identifier's field as in error (or clears it), as the server's page would. */
function markField(input: HTMLInputElement, message: string | undefined) {
  const group = input.closest('.form-group');
  const id = `${input.name}-error`;
  group?.querySelector(`#${id}`)?.remove();
  const described = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((v) => v && v !== id);
  if (message) {
    const p = document.createElement('p');
    p.id = id;
    p.className = 'error-message';
    p.textContent = message;
    input.before(p);
    described.push(id);
    input.setAttribute('aria-invalid', 'true');
    input.classList.add('input--error');
    group?.classList.add('form-group--error');
  } else {
    input.removeAttribute('aria-invalid');
    input.classList.remove('input--error');
    group?.classList.remove('form-group--error');
  }
  if (described.length) input.setAttribute('aria-describedby', described.join(' '));
  else input.removeAttribute('aria-describedby');
}

async function lookup(form: HTMLFormElement, button: HTMLButtonElement) {
  const source = button.dataset.lookup as 'pmid' | 'doi';
  const input = form.elements.namedItem(source) as HTMLInputElement | null;
  const csrf = form.elements.namedItem('_csrf') as HTMLInputElement | null;
  if (!input || !csrf) return form.requestSubmit(button);
  // Busy, not disabled: a disabled button loses the focus (to the page's body), and a
  // keyboard or screen reader user would lose their place in the form.
  if (button.getAttribute('aria-busy') === 'true') return;
  button.setAttribute('aria-busy', 'true');
  button.setAttribute('aria-disabled', 'true');
  try {
    const response = await fetch('/account/renewal/lookup', {
      method: 'POST',
      headers: { accept: 'application/json' },
      body: new URLSearchParams({ _csrf: csrf.value, source, id: input.value }),
      credentials: 'same-origin',
    });
    if (!response.ok && response.status !== 400) throw new Error(String(response.status));
    const answer = (await response.json()) as LookupAnswer;
    if (answer.ok && answer.details) {
      for (const [name, value] of Object.entries(answer.details)) {
        const field = form.elements.namedItem(name);
        if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) field.value = value;
      }
      markField(input, undefined);
      say(form, answer.message, false);
    } else if (answer.problem === 'unavailable') {
      markField(input, undefined);
      say(form, answer.message, true);
    } else {
      markField(input, answer.message);
      say(form, answer.message, true);
      input.focus();
    }
  } catch {
    // The page's own way: submit with this button, the server fills or explains.
    button.removeAttribute('aria-busy');
    button.removeAttribute('aria-disabled');
    return form.requestSubmit(button);
  }
  button.removeAttribute('aria-busy');
  button.removeAttribute('aria-disabled');
}

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-achievement-form]')) {
  form.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-lookup]');
    if (!button) return;
    event.preventDefault();
    void lookup(form, button);
  });
}
