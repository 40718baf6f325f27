// A standard OpenID provider for clauth's tests: panva's oidc-provider (npm), configured as a company's
// IdP would be, with nothing of Claude's in it — no /api/oauth/profile, no user:* scopes, no page that shows a
// code to paste. One public native client (PKCE, loopback redirect on any port, device flow, refresh),
// scopes openid email profile offline_access, revocation, userinfo. Sign-in and consent are one form
// (username, password). Beside it, on the same origin, a stand-in API: POST /v1/messages answers
// "You said: …" to an access token this provider issued and 401 to anything else; GET /test/stats counts
// refresh grants and revocations. Prints "oidc-provider listening on <issuer>" when ready.
import http from 'node:http';
import Provider from 'oidc-provider';

const EMAIL = process.env.TEST_EMAIL;
const PASSWORD = process.env.TEST_PASSWORD;
const ACCESS_TTL = Number(process.env.ACCESS_TTL || 300);
const stats = { refreshes: 0, revocations: 0, messages: 0 };

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) => `<!doctype html><html><head><title>${escape(title)}</title></head><body>${body}</body></html>`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'clauth-cli',
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    redirect_uris: ['http://127.0.0.1/callback'],
    grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
    response_types: ['code'],
  }],
  scopes: ['openid', 'offline_access', 'email', 'profile'],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  findAccount: async (ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: id, email: EMAIL, email_verified: true, name: 'Ada' }),
  }),
  issueRefreshToken: async (ctx, client, code) => client.grantTypeAllowed('refresh_token'),
  ttl: { AccessToken: ACCESS_TTL, IdToken: ACCESS_TTL, RefreshToken: 86400, DeviceCode: 600, Interaction: 600,
         Session: 3600, Grant: 86400 },
  cookies: { keys: ['clauth-tests-only'] },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  features: {
    devInteractions: { enabled: false },
    revocation: { enabled: true },
    userinfo: { enabled: true },
    deviceFlow: {
      enabled: true,
      userCodeInputSource: async (ctx, form, out, err) => {
        ctx.body = page('Enter code', form.replace('id="op.deviceInputForm"', 'id="code-form"')
          .replace('</form>', '<button type="submit">Continue</button></form>')
          + (err ? `<p id="error">${escape(err.message || err)}</p>` : ''));
      },
      userCodeConfirmSource: async (ctx, form, client, deviceInfo, userCode) => {
        ctx.body = page('Confirm', `<p>Code ${escape(userCode)}</p>`
          + form.replace('</form>', '<button type="submit">Approve</button></form>'));
      },
      successSource: async (ctx) => { ctx.body = page('Signed in', '<p id="result">Signed in; return to your terminal.</p>'); },
    },
  },
  pkce: { required: () => true },
});
provider.proxy = false;
provider.on('grant.success', (ctx) => { if (ctx.oidc.params.grant_type === 'refresh_token') stats.refreshes += 1; });

const readBody = (req) => new Promise((resolve) => {
  let data = '';
  req.on('data', (c) => { data += c; if (data.length > 65536) req.destroy(); });
  req.on('end', () => resolve(data));
});

provider.use(async (ctx, next) => {
  if (ctx.path === '/token/revocation') {
    await next();
    if (ctx.status === 200) stats.revocations += 1;
    return;
  }
  const interaction = ctx.path.match(/^\/interaction\/([A-Za-z0-9_-]+)$/);
  if (interaction && ctx.method === 'GET') {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    ctx.body = page('Sign in', `<p>Sign in to ${escape(details.params.client_id)}</p>`
      + `<form method="post" action="/interaction/${escape(details.uid)}">`
      + '<input name="username"><input type="password" name="password"><button type="submit">Sign in</button></form>');
    return;
  }
  if (interaction && ctx.method === 'POST') {
    const form = new URLSearchParams(await readBody(ctx.req));
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (form.get('username') !== EMAIL || form.get('password') !== PASSWORD) {
      ctx.status = 401;
      ctx.body = page('Sign in', '<p id="error">Wrong email or password</p>');
      return;
    }
    const grant = details.grantId ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: 'ada', clientId: details.params.client_id });
    if (details.params.scope) grant.addOIDCScope(details.params.scope);
    const grantId = await grant.save();
    await provider.interactionFinished(ctx.req, ctx.res, { login: { accountId: 'ada' }, consent: { grantId } },
      { mergeWithLastSubmission: false });
    ctx.respond = false;
    return;
  }
  if (ctx.path === '/v1/messages' && ctx.method === 'POST') {
    const body = await readBody(ctx.req);
    const auth = ctx.get('authorization') || '';
    const token = auth.startsWith('Bearer ') ? await provider.AccessToken.find(auth.slice(7)) : undefined;
    ctx.type = 'application/json';
    if (!token || token.isExpired) {
      ctx.status = 401;
      ctx.set('x-should-retry', 'false');
      ctx.body = JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: 'invalid token' } });
      return;
    }
    stats.messages += 1;
    let text = '';
    try { const m = JSON.parse(body).messages.at(-1).content; text = typeof m === 'string' ? m : m.map((b) => b.text || '').join(''); } catch {}
    ctx.body = JSON.stringify({ id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5',
      content: [{ type: 'text', text: `You said: ${text}` }], stop_reason: 'end_turn', stop_sequence: null,
      usage: { input_tokens: 1, output_tokens: 3 } });
    return;
  }
  if (ctx.path === '/test/stats') {
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(stats);
    return;
  }
  await next();
});

server.on('request', provider.callback());
console.log(`oidc-provider listening on ${issuer}`);
