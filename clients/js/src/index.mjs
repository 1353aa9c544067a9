// @telecom-consortium/api: the telecom consortium chain's custom JSON-RPC methods, runtime APIs and
// types for @polkadot/api, and `connect()`, which returns an ApiPromise that has them.

import { ApiPromise, HttpProvider, WsProvider } from '@polkadot/api';
import { checkDefinitions, telecomOptions } from './definitions.mjs';

export * from './definitions.mjs';

/**
 * Connects to a telecom node and resolves with a ready `ApiPromise` that knows the chain's custom
 * RPC methods (`api.rpc.clearing.cycle()`, …), runtime APIs and types.
 *
 * `url`: `ws://` or `wss://` (subscriptions; reconnects after a dropped connection), or `http://`
 * or `https://` (no subscriptions). A private CA for `wss://`/`https://` is trusted through
 * Node.js's `NODE_EXTRA_CA_CERTS` environment variable.
 *
 * `opts`: any `ApiPromise.create` options (they override the defaults `noInitWarn: true`,
 * `throwOnConnect: true`; `rpc`, `runtime` and `types` are merged over the package's), plus
 * `check: true` to compare the package's definitions with the node after connecting and reject,
 * listing every difference, when the node's runtime no longer matches them (see
 * `checkDefinitions`), and `retryMs` (WebSocket reconnect delay, default 2500 ms).
 */
export async function connect(url, opts = {}) {
  const { check = false, retryMs = 2_500, provider: given, ...options } = opts;
  const provider = given ?? (/^https?:\/\//.test(url) ? new HttpProvider(url) : new WsProvider(url, retryMs));
  let api;
  try {
    api = await ApiPromise.create(telecomOptions({ noInitWarn: true, throwOnConnect: true, ...options, provider }));
  } catch (error) {
    // A WebSocket provider would go on reconnecting in the background: stop it.
    await provider.disconnect().catch(() => {});
    throw error;
  }
  if (check) {
    const problems = await checkDefinitions(api).catch(async (error) => {
      await api.disconnect();
      throw error;
    });
    if (problems.length) {
      await api.disconnect();
      throw new Error(`the node at ${url} does not match @telecom-consortium/api:\n  ${problems.join('\n  ')}`);
    }
  }
  return api;
}
