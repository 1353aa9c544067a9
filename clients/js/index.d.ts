// Types of @telecom-consortium/api.
import type { ApiPromise } from '@polkadot/api';
import type { ApiOptions } from '@polkadot/api/types';

import './rpc-augment.js';

export * from './definitions.js';

/** Options of `connect`: any `ApiPromise.create` options, plus the package's own. */
export interface ConnectOptions extends Omit<ApiOptions, 'provider'> {
  /** A provider to use instead of one made from the URL. */
  provider?: ApiOptions['provider'];
  /** Compare the package's definitions with the node after connecting; reject on any difference. */
  check?: boolean;
  /** WebSocket reconnect delay in milliseconds (default 2500). */
  retryMs?: number;
}

/**
 * Connects to a telecom node (`ws://`, `wss://`, `http://` or `https://`) and resolves with a
 * ready ApiPromise that knows the chain's custom RPC methods, runtime APIs and types.
 */
export declare function connect(url: string, opts?: ConnectOptions): Promise<ApiPromise>;
