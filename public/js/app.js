// Progressive enhancement only: every page works without this file.
// Moves focus to an error summary so screen reader users hear the problems first.
document.addEventListener('DOMContentLoaded', () => {
  const summary = document.querySelector('.error-summary');
  if (summary instanceof HTMLElement) summary.focus();
});
