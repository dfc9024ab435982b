// http.send: offered only when network access is allowed. Its parameters are checked as OPA
// checks them (those checks are what policies meet when the built-in is mocked or denied), and
// an allowed request runs synchronously in a child Node process, since built-ins are synchronous.

import { execFileSync } from 'node:child_process';
import { T } from '../types.js';
import { RObject, RSet, toJSONText, type Value, regoText } from '../value.js';
import { parseDuration, GoTimeError } from './gotime.js';
import { parseJSON } from './gojson.js';
import { type BuiltinDef, BuiltinError, BuiltinHalt, obj, operandError } from './registry.js';

const ALLOWED_KEYS = new Set([
  'method', 'url', 'body', 'enable_redirect', 'force_json_decode', 'force_yaml_decode', 'headers', 'raw_body',
  'tls_use_system_certs', 'tls_ca_cert', 'tls_ca_cert_file', 'tls_ca_cert_env_variable', 'tls_client_cert',
  'tls_client_cert_file', 'tls_client_cert_env_variable', 'tls_client_key', 'tls_client_key_file',
  'tls_client_key_env_variable', 'tls_insecure_skip_verify', 'tls_server_name', 'timeout', 'cache', 'force_cache',
  'force_cache_duration_seconds', 'raise_error', 'caching_mode', 'max_retry_attempts', 'cache_ignored_headers',
]);

const REQUIRED_KEYS = ['method', 'url'];

/** OPA's check of an HTTP request object: no unknown keys, `method` and `url` present. */
export function validateRequest(args: Value[], pos: number): RObject {
  const req = obj(args, pos);
  const invalid = RSet.of(req.keys().filter((k) => typeof k !== 'string' || !ALLOWED_KEYS.has(k)));
  if (invalid.size > 0) throw operandError(pos, `invalid request parameters(s): ${regoText(invalid)}`);
  const missing = RSet.of(REQUIRED_KEYS.filter((k) => !req.has(k)));
  if (missing.size > 0) throw operandError(pos, `missing required request parameters(s): ${regoText(missing)}`);
  return req;
}

function raiseError(req: RObject): boolean {
  const v = req.get('raise_error');
  if (v === undefined) return true;
  if (typeof v !== 'boolean') throw new BuiltinError('invalid value for raise_error field');
  return v;
}

/** The response object OPA gives instead of an error when raise_error is false. */
function errorResult(code: string, message: string): Value {
  return RObject.fromEntries([
    ['status_code', 0],
    ['error', RObject.fromEntries([['code', code], ['message', message]])],
  ]);
}

// ---- performing a request ---------------------------------------------------------------------------

const STRING_PARAMS = new Set([
  'method', 'url', 'raw_body', 'tls_ca_cert', 'tls_ca_cert_file', 'tls_ca_cert_env_variable', 'tls_client_cert',
  'tls_client_cert_file', 'tls_client_cert_env_variable', 'tls_client_key', 'tls_client_key_file',
  'tls_client_key_env_variable', 'tls_server_name',
]);

interface Plan {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  timeoutMs: number;
  redirect: boolean;
  insecure: boolean;
}

function boolParam(v: Value, key: string): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/.test(v)) return /^(1|t|T|TRUE|true|True)$/.test(v);
  throw new BuiltinError(`strconv.ParseBool: parsing ${JSON.stringify(regoText(v))}: invalid syntax (${key})`);
}

function timeoutParam(v: Value): number {
  if (typeof v === 'number') return v / 1e6;
  if (typeof v === 'string') {
    try {
      return Number(parseDuration(v)) / 1e6;
    } catch (e) {
      if (e instanceof GoTimeError) throw new BuiltinError(e.message);
      throw e;
    }
  }
  throw new BuiltinError('invalid timeout value');
}

function plan(req: RObject): Plan {
  const p: Plan = { method: '', url: '', headers: {}, body: null, timeoutMs: 5000, redirect: false, insecure: false };
  let raw: string | null = null;
  for (const [k, v] of req.entries()) {
    const key = k as string;
    if (typeof v !== 'string' && STRING_PARAMS.has(key)) throw new BuiltinError(`${JSON.stringify(key)} must be a string`);
    switch (key) {
      case 'method':
        p.method = (v as string).replace(/^"+|"+$/g, '').toUpperCase();
        break;
      case 'url':
        p.url = (v as string).replace(/^"+|"+$/g, '');
        break;
      case 'body':
        p.body = toJSONText(v, { escapeHTML: true, sortKeysAsText: true });
        break;
      case 'raw_body':
        raw = v as string;
        break;
      case 'headers':
        if (!(v instanceof RObject)) throw new BuiltinError('invalid type for headers key');
        for (const [hk, hv] of v.entries()) {
          if (typeof hv !== 'string') throw new BuiltinError(`invalid type for headers value ${JSON.stringify(regoText(hv))}`);
          p.headers[String(hk)] = hv;
        }
        break;
      case 'enable_redirect':
        p.redirect = boolParam(v, key);
        break;
      case 'tls_insecure_skip_verify':
        p.insecure = boolParam(v, key);
        break;
      case 'timeout':
        p.timeoutMs = timeoutParam(v);
        break;
    }
  }
  if (raw !== null) p.body = raw;
  return p;
}

const SEND_SCRIPT = `
const p = JSON.parse(process.argv[1]);
if (p.insecure) process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
const ctl = new AbortController();
const timer = p.timeoutMs > 0 ? setTimeout(() => ctl.abort(), p.timeoutMs) : null;
fetch(p.url, { method: p.method, headers: p.headers, body: p.body ?? undefined, redirect: p.redirect ? 'follow' : 'manual', signal: ctl.signal })
  .then(async (r) => {
    const headers = {};
    r.headers.forEach((v, k) => { (headers[k] ??= []).push(v); });
    const body = await r.text();
    process.stdout.write(JSON.stringify({ status: r.status + ' ' + r.statusText, code: r.status, headers, body }));
  })
  .catch((e) => process.stdout.write(JSON.stringify({ error: String(e.cause?.message ?? e.message), timeout: e.name === 'AbortError' })))
  .finally(() => timer && clearTimeout(timer));
`;

interface Reply {
  status?: string;
  code?: number;
  headers?: Record<string, string[]>;
  body?: string;
  error?: string;
  timeout?: boolean;
}

function send(req: RObject): Value {
  const p = plan(req);
  const text = execFileSync(process.execPath, ['-e', SEND_SCRIPT, JSON.stringify(p)], { encoding: 'utf8', timeout: p.timeoutMs + 10_000 });
  const reply = JSON.parse(text) as Reply;
  if (reply.error !== undefined) {
    const verb = p.method.charAt(0) + p.method.slice(1).toLowerCase();
    throw new NetworkError(`${verb} "${p.url}": ${reply.timeout ? 'request timed out' : reply.error}`);
  }
  const headers = new RObject();
  for (const [k, vs] of Object.entries(reply.headers ?? {})) headers.set(k, vs);
  const out = RObject.fromEntries([
    ['status', reply.status!],
    ['status_code', reply.code!],
    ['headers', headers],
    ['raw_body', reply.body!],
  ]);
  const forceJSON = req.get('force_json_decode') === true;
  const type = (reply.headers?.['content-type'] ?? [''])[0]!;
  if (forceJSON || /^application\/(.+\+)?json/.test(type)) {
    try {
      out.set('body', parseJSON(reply.body!));
    } catch {
      out.set('body', null);
    }
  } else out.set('body', null);
  return out;
}

class NetworkError extends Error {}

function httpSend(args: Value[]): Value {
  const req = obj(args, 1);
  const raise = raiseError(req);
  try {
    return send(validateRequest(args, 1));
  } catch (e) {
    if (!(e instanceof BuiltinError || e instanceof NetworkError)) throw e;
    if (raise) {
      // A raised http.send error ends the query even without strict built-in errors.
      throw new BuiltinHalt(e.message, e instanceof BuiltinError ? e.kind : 'builtin');
    }
    const code = e instanceof NetworkError ? 'eval_http_send_network_error' : 'eval_http_send_internal_error';
    const prefix = e instanceof BuiltinError && e.kind === 'type' ? 'eval_type_error' : 'eval_builtin_error';
    return errorResult(code, e instanceof NetworkError ? e.message : `${prefix}: http.send: ${e.message}`);
  }
}

export const builtins: BuiltinDef[] = [
  {
    name: 'http.send',
    decl: T.fn([T.object(T.string, T.any)], T.object(T.any, T.any)),
    nondeterministic: true,
    network: true,
    fn: httpSend,
  },
];
