// The REST API as the dashboard uses it. A refusal becomes an ApiError carrying the API's {error, field, reason}.
export class ApiError extends Error {
  constructor(status, body) {
    super(body.reason ? `${body.field}: ${body.reason}` : `HTTP ${status}`);
    this.status = status;
    this.field = body.field;
    this.reason = body.reason ?? this.message;
  }
}

export async function getJson(path) {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new ApiError(response.status, await errorBody(response));
  return response.json();
}

// POST to create, PUT to replace, PATCH to change some fields.
export async function sendJson(method, path, body) {
  const response = await fetch(path, { method, headers: withToken({ 'content-type': 'application/json' }),
    body: JSON.stringify(body) });
  if (!response.ok) throw new ApiError(response.status, await errorBody(response));
  return response.json();
}

// DELETE answers 204 with no body.
export async function deleteResource(path) {
  const response = await fetch(path, { method: 'DELETE', headers: withToken({}) });
  if (!response.ok) throw new ApiError(response.status, await errorBody(response));
}

// A manager run with --api-token-file takes changes only with its token, which the operator types into the
// header's field; it is kept nowhere else, so a reload asks for it again. Reads need none.
function withToken(headers) {
  const token = document.getElementById('api-token')?.value.trim();
  return token ? { ...headers, authorization: `Bearer ${token}` } : headers;
}

async function errorBody(response) {
  try {
    return await response.json();
  } catch {
    return {};
  }
}
