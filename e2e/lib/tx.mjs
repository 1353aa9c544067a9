// Signs and submits an extrinsic and resolves with its events once it is in a finalized block;
// rejects with the decoded module error if it failed.
export function submitFinalized(api, tx, signer) {
  return new Promise((resolve, reject) => {
    let unsubscribe;
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (dispatchError) {
        unsubscribe?.();
        if (dispatchError.isModule) {
          const { section, name } = api.registry.findMetaError(dispatchError.asModule);
          reject(new Error(`${section}.${name}`));
        } else {
          reject(new Error(dispatchError.toString()));
        }
        return;
      }
      if (status.isFinalized) {
        unsubscribe?.();
        resolve({ blockHash: status.asFinalized, events });
      }
    })
      .then((u) => { unsubscribe = u; })
      .catch(reject);
  });
}

/** Submits `txs` from one signer with consecutive nonces and waits for all to be finalized. */
export async function submitAllFinalized(api, txs, signer) {
  const nonce = (await api.rpc.system.accountNextIndex(signer.address)).toNumber();
  return Promise.all(
    txs.map((tx, i) => new Promise((resolve, reject) => {
      let unsubscribe;
      tx.signAndSend(signer, { nonce: nonce + i }, ({ status, events, dispatchError }) => {
        if (dispatchError) {
          unsubscribe?.();
          const detail = dispatchError.isModule
            ? Object.values(api.registry.findMetaError(dispatchError.asModule)).slice(0, 2).join('.')
            : dispatchError.toString();
          reject(new Error(detail));
        } else if (status.isFinalized) {
          unsubscribe?.();
          resolve({ blockHash: status.asFinalized, events });
        }
      }).then((u) => { unsubscribe = u; }).catch(reject);
    })),
  );
}
