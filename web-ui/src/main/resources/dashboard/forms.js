import { sendJson } from './api.js';

// Each form posts its fields as one JSON object to its data-path. Numbers are sent as numbers when they look like
// one and as text otherwise, so the API (not this page) decides what is valid and says which field is wrong. A
// dotted name nests ("replication.mode" → {replication: {mode}}); a data-type="list" field is sent as an array of
// its comma- or space-separated words. A form that is editing (see editInForm) PUTs the whole object to
// data-path/<key> (the key as a path, already encoded) instead: what is left empty goes back to its default, as on create. A form whose
// data-edit-method is PATCH sends only its data-patch fields when editing, an empty one as null (a merge patch:
// the API decides what null means, and says so when it refuses it).
export function wireForm(form, onDone) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const key = form.dataset.editing;
    const method = key ? form.dataset.editMethod ?? 'PUT' : 'POST';
    try {
      await sendJson(method, key ? `${form.dataset.path}/${key}` : form.dataset.path,
        method === 'PATCH' ? patch(form) : collect(form));
      stopEditing(form);
      onDone?.();
    } catch (error) {
      showError(form, error);
    }
  });
  form.querySelector('.cancel-edit')?.addEventListener('click', () => {
    clearErrors(form);
    stopEditing(form);
  });
}

// Fills the form with an existing object's fields (by input name) to change it; its key fields cannot be edited,
// nor can a data-fixed one. {@code key} is the object's path under the form's data-path, encoded.
export function editInForm(form, key, fields) {
  clearErrors(form);
  form.reset();
  for (const [name, text] of Object.entries(fields)) {
    const input = form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (input) input.value = text;
  }
  form.dataset.editing = String(key);
  form.querySelectorAll('[data-key]').forEach((field) => { field.readOnly = true; });
  form.querySelectorAll('[data-fixed]').forEach((field) => { field.disabled = true; });
  form.querySelector('button[type=submit]').textContent = form.dataset.editLabel;
  form.querySelector('.cancel-edit').hidden = false;
}

function stopEditing(form) {
  delete form.dataset.editing;
  form.reset();
  form.querySelectorAll('[data-key]').forEach((field) => { field.readOnly = false; });
  form.querySelectorAll('[data-fixed]').forEach((field) => { field.disabled = false; });
  const submit = form.querySelector('button[type=submit]');
  if (form.dataset.createLabel) submit.textContent = form.dataset.createLabel;
  const cancel = form.querySelector('.cancel-edit');
  if (cancel) cancel.hidden = true;
}

function collect(form) {
  const body = {};
  for (const input of form.querySelectorAll('input[name], select[name]')) {
    const text = input.value.trim();
    if (text === '') continue;
    const path = input.name.split('.');
    const parent = path.slice(0, -1).reduce((object, key) => (object[key] ??= {}), body);
    parent[path[path.length - 1]] = value(input.dataset.type, text);
  }
  return body;
}

function patch(form) {
  const body = {};
  for (const input of form.querySelectorAll('[data-patch]')) {
    const text = input.value.trim();
    body[input.name] = text === '' ? null : value(input.dataset.type, text);
  }
  return body;
}

function value(type, text) {
  if (type === 'int' && /^-?\d+$/.test(text)) return Number(text);
  if (type === 'list') return text.split(/[\s,]+/).filter((word) => word !== '');
  return text;
}

function clearErrors(form) {
  form.querySelectorAll('.field-error, .form-error').forEach((el) => { el.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
}

// An error about one element of a list ("replication.serviceNodes[1]") is shown at the list's field.
function showError(form, error) {
  const field = error.field?.replace(/\[\d+\]$/, '');
  const slot = field && form.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
  if (slot) {
    slot.textContent = error.field === field ? error.reason : `${error.field.slice(field.length)} ${error.reason}`;
    form.querySelector(`[name="${CSS.escape(field)}"]`)?.setAttribute('aria-invalid', 'true');
  } else {
    form.querySelector('.form-error').textContent = error.message;
  }
}
