/**
 * Every API error has one shape, whatever the endpoint:
 *   {"error": {"code": "…", "message": "…", "details": […]}}
 * `code` is stable and machine-readable; `message` is a sentence for people;
 * `details` lists field-level problems (for example {row, field, message}).
 */
export interface ApiErrorBody {
  error: { code: string; message: string; details: unknown[] };
}

export function apiError(status: number, code: string, message: string, details: unknown[] = [], headers: Record<string, string> = {}): Response {
  const body: ApiErrorBody = { error: { code, message, details } };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
  });
}

export function json(data: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(data), {
    status: init.status ?? 200,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...init.headers },
  });
}

/** The answer at an address no API serves. */
export const noSuchApiAddress = (): Response => apiError(404, 'not_found', 'No such API address; see /api/openapi.json.');
