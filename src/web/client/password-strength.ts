// A password strength meter (progressive enhancement: the server's password rules,
// src/domain/password-policy.ts, decide; this only advises). For every
// <input data-password-strength="ID"> it rates what is typed, with zxcvbn-ts and its
// offline common-password list, into the element with that id: an empty
// <p aria-live="polite"> the page renders with its labels in the page's language,
// data-label-0 ("Very weak") to data-label-4 ("Very strong"). The rating goes in as the
// element's text and as data-score="0".."4" for the CSS (public/css/app.css) to colour.
// Bundled to public/js/password-strength.js by scripts/bundle.mjs; the dictionaries make it
// large, so only the password pages load it.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { passwordProblem, USER_PASSWORD_MAX } from '../../domain/password-policy.js';

const DEBOUNCE_MS = 150;

let factory: ZxcvbnFactory | undefined;

/** Built on first use: ranking the dictionaries takes a moment the page load need not wait for. */
function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs, maxLength: USER_PASSWORD_MAX });
  return factory;
}

/** 0 to 4, or undefined for an empty field. */
function score(password: string): number | undefined {
  if (password === '') return undefined;
  const problem = passwordProblem(password, '');
  if (problem === 'required') return undefined;
  // What the server would refuse as too short or common is never more than "very weak",
  // whatever zxcvbn makes of it.
  if (problem === 'too_short' || problem === 'common') return 0;
  return estimator().check(password.normalize('NFKC')).score;
}

function show(output: HTMLElement, rating: number | undefined) {
  const value = rating === undefined ? undefined : String(rating);
  if (output.dataset.score === value) return; // unchanged: nothing new to announce
  if (value === undefined) {
    delete output.dataset.score;
    output.textContent = '';
    return;
  }
  output.dataset.score = value;
  output.textContent = output.getAttribute(`data-label-${value}`) ?? '';
}

function start(input: HTMLInputElement) {
  const output = document.getElementById(input.dataset.passwordStrength ?? '');
  if (!output) return;
  // Read along with the field when it has the focus, not only when it changes.
  const describedBy = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  if (!describedBy.includes(output.id)) input.setAttribute('aria-describedby', [...describedBy, output.id].join(' '));
  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => show(output, score(input.value)), DEBOUNCE_MS);
  });
  // A value the browser kept (back button) or filled in before the script ran.
  if (input.value !== '') show(output, score(input.value));
}

function startAll() {
  for (const input of document.querySelectorAll<HTMLInputElement>('input[data-password-strength]')) start(input);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', startAll);
else startAll();
