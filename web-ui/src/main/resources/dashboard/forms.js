import { postJson } from './api.js';

// Each form posts its fields as one JSON object to its data-path. Numbers are sent as numbers when they look like
// one and as text otherwise, so the API (not this page) decides what is valid and says which field is wrong.
export function wireForm(form, onDone) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    try {
      await postJson(form.dataset.path, collect(form));
      form.reset();
      onDone?.();
    } catch (error) {
      showError(form, error);
    }
  });
}

function collect(form) {
  const body = {};
  for (const input of form.querySelectorAll('input[name], select[name]')) {
    const text = input.value.trim();
    if (text === '') continue;
    body[input.name] = input.dataset.type === 'int' && /^-?\d+$/.test(text) ? Number(text) : text;
  }
  return body;
}

function clearErrors(form) {
  form.querySelectorAll('.field-error, .form-error').forEach((el) => { el.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
}

function showError(form, error) {
  const slot = error.field && form.querySelector(`[data-error-for="${CSS.escape(error.field)}"]`);
  if (slot) {
    slot.textContent = error.reason;
    form.querySelector(`[name="${CSS.escape(error.field)}"]`)?.setAttribute('aria-invalid', 'true');
  } else {
    form.querySelector('.form-error').textContent = error.message;
  }
}
