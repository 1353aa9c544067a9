// Types of @telecom-consortium/api/definitions (no runtime dependency on @polkadot/api; the types
// come from it, the peer dependency).
import type { ApiPromise } from '@polkadot/api';
import type { ApiOptions } from '@polkadot/api/types';

/** Custom RPC sections of the telecom node (`clearing`, `tender`, `roaming`, `device`, `spectrum`, `sharing`). */
export declare const telecomRpc: NonNullable<ApiOptions['rpc']>;
/** Runtime API definitions of the telecom pallets (`ClearingApi`, `TenderApi`, …), generated from metadata. */
export declare const telecomRuntime: NonNullable<ApiOptions['runtime']>;
/** Named types of the telecom runtime APIs (`PalletClearingPosition`, …), generated from metadata. */
export declare const telecomTypes: NonNullable<ApiOptions['types']>;

/** Namespaces of the JSON-RPC methods any Substrate node may serve. */
export declare const STANDARD_RPC_NAMESPACES: readonly string[];
/** Runtime APIs of Substrate and FRAME that @polkadot/api knows by itself. */
export declare const STANDARD_RUNTIME_APIS: readonly string[];

/** The telecom definitions merged into @polkadot/api options (given definitions take precedence). */
export declare function telecomOptions<T extends ApiOptions>(options?: T): T & Required<Pick<ApiOptions, 'rpc' | 'runtime' | 'types'>>;

/** The telecom node's own methods among those `rpc_methods` lists, sorted. */
export declare function customRpcMethods(methods: ReadonlyArray<string | { toString(): string }>): string[];
/** The JSON-RPC method names the given (default: the package's) RPC definitions define, sorted. */
export declare function definedRpcMethods(rpc?: ApiOptions['rpc']): string[];
/** Runtime API and type definitions derived from the connected node's metadata. */
export declare function definitionsFromMetadata(api: ApiPromise): {
  runtime: NonNullable<ApiOptions['runtime']>;
  types: NonNullable<ApiOptions['types']>;
};
/**
 * Compares the package's (or the given) definitions with the node behind `api`; resolves with
 * one line per difference, empty when they match.
 */
export declare function checkDefinitions(
  api: ApiPromise,
  definitions?: Pick<ApiOptions, 'rpc' | 'runtime' | 'types'>,
): Promise<string[]>;
