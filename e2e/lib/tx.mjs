function moduleError(api, dispatchError) {
  if (!dispatchError.isModule) return new Error(dispatchError.toString());
  const { section, name } = api.registry.findMetaError(dispatchError.asModule);
  return new Error(`${section}.${name}`);
}

// Signs and submits an extrinsic and resolves with its events once it is in a block (the
// default) or a finalized block; rejects with the decoded module error if it failed.
export function submit(api, tx, signer, { finalized = false } = {}) {
  return new Promise((resolve, reject) => {
    let unsubscribe;
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      const batchFailed = events.find(({ event }) => api.events.utility?.BatchInterrupted?.is(event));
      // `proxy.proxy` succeeds whatever its call did; the call's result is in ProxyExecuted.
      const proxyFailed = events.find(({ event }) => api.events.proxy?.ProxyExecuted?.is(event)
        && event.data.result.isErr);
      if (dispatchError || batchFailed || proxyFailed) {
        unsubscribe?.();
        if (dispatchError) reject(moduleError(api, dispatchError));
        else if (batchFailed) reject(moduleError(api, batchFailed.event.data.error));
        else reject(moduleError(api, proxyFailed.event.data.result.asErr));
        return;
      }
      if (finalized ? status.isFinalized : status.isInBlock) {
        unsubscribe?.();
        resolve({ blockHash: finalized ? status.asFinalized : status.asInBlock, events });
      }
    })
      .then((u) => { unsubscribe = u; })
      .catch(reject);
  });
}

// Signs and submits an extrinsic and resolves with its events once it is in a finalized block;
// rejects with the decoded module error if it failed.
export function submitFinalized(api, tx, signer) {
  return submit(api, tx, signer, { finalized: true });
}
