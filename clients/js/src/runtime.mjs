// Generated from the metadata of telecom-chain spec_version 100 by scripts/generate.mjs; do not edit.
// Runtime APIs of the telecom pallets, in @polkadot/api's `runtime` option format. @polkadot/api
// reads the same from metadata v15+ on its own; these serve clients on metadata v14 and tools that
// want the shapes without a node. The package's test compares them with a running node.

/** Runtime API definitions of the telecom pallets, for @polkadot/api's `runtime` option. */
export const telecomRuntime = {
  "ClearingApi": [
    {
      "version": 2,
      "methods": {
        "open_positions": {
          "description": "`who`'s gross and net positions per currency in the open cycle.",
          "params": [
            {
              "name": "who",
              "type": "SpCoreCryptoAccountId32"
            }
          ],
          "type": "Vec<(TelecomPrimitivesMoneyCurrencyCode,PalletClearingPosition,PalletClearingNetPosition)>"
        },
        "cycle": {
          "description": "A cycle and its id; the open cycle when `cycle` is `None`.",
          "params": [
            {
              "name": "cycle",
              "type": "Option<u32>"
            }
          ],
          "type": "Option<(u32,PalletClearingCycle)>"
        },
        "cycle_positions": {
          "description": "Every participant's position in one cycle and currency.",
          "params": [
            {
              "name": "cycle",
              "type": "u32"
            },
            {
              "name": "currency",
              "type": "TelecomPrimitivesMoneyCurrencyCode"
            }
          ],
          "type": "Vec<(AccountId32,PalletClearingPosition,PalletClearingNetPosition)>"
        },
        "instructions": {
          "description": "The settlement instructions of a cycle, in index order.",
          "params": [
            {
              "name": "cycle",
              "type": "u32"
            }
          ],
          "type": "Vec<(u32,PalletClearingInstruction)>"
        },
        "statement": {
          "description": "`who`'s statement of a cycle.",
          "params": [
            {
              "name": "cycle",
              "type": "u32"
            },
            {
              "name": "who",
              "type": "SpCoreCryptoAccountId32"
            }
          ],
          "type": "Option<PalletClearingStatement>"
        },
        "batch": {
          "description": "The audit record of a bulk batch.",
          "params": [
            {
              "name": "batch",
              "type": "u64"
            }
          ],
          "type": "Option<PalletClearingBatchInfo>"
        },
        "batch_record_root": {
          "description": "The Merkle root of a stored batch's records (`None`: unknown batch, or stored before roots were kept).",
          "params": [
            {
              "name": "batch",
              "type": "u64"
            }
          ],
          "type": "Option<H256>"
        }
      }
    }
  ],
  "TenderApi": [
    {
      "version": 1,
      "methods": {
        "tender": {
          "description": "A tender's notice, state, bids, clarifications, awards, challenges and history.",
          "params": [
            {
              "name": "tender",
              "type": "u32"
            }
          ],
          "type": "Option<PalletTenderTenderDetails>"
        },
        "bids_of": {
          "description": "Every bid `bidder` holds in a running tender, by tender and lot.",
          "params": [
            {
              "name": "bidder",
              "type": "SpCoreCryptoAccountId32"
            }
          ],
          "type": "Vec<(u32,u8,PalletTenderBid)>"
        }
      }
    }
  ],
  "RoamingApi": [
    {
      "version": 1,
      "methods": {
        "agreement": {
          "description": "An agreement: parties, networks, status, version, terms and any pending amendment.",
          "params": [
            {
              "name": "agreement",
              "type": "u32"
            }
          ],
          "type": "Option<PalletRoamingSettlementAgreement>"
        },
        "agreement_between": {
          "description": "The current agreement between two networks, if any.",
          "params": [
            {
              "name": "one",
              "type": "TelecomPrimitivesTadigTadigCode"
            },
            {
              "name": "other",
              "type": "TelecomPrimitivesTadigTadigCode"
            }
          ],
          "type": "Option<u32>"
        },
        "batches": {
          "description": "An agreement's stored batches (of one period, or all), by network and sequence.",
          "params": [
            {
              "name": "agreement",
              "type": "u32"
            },
            {
              "name": "period",
              "type": "Option<TelecomPrimitivesPeriodSettlementPeriod>"
            }
          ],
          "type": "Vec<PalletRoamingSettlementBatchInfo>"
        },
        "sequence_control": {
          "description": "File sequence control from `sender` to `recipient`: next expected number and gaps.",
          "params": [
            {
              "name": "sender",
              "type": "TelecomPrimitivesTadigTadigCode"
            },
            {
              "name": "recipient",
              "type": "TelecomPrimitivesTadigTadigCode"
            }
          ],
          "type": "PalletRoamingSettlementSequenceControl"
        },
        "running_balance": {
          "description": "Both directions' totals for a period so far and the net before discounts.",
          "params": [
            {
              "name": "agreement",
              "type": "u32"
            },
            {
              "name": "period",
              "type": "TelecomPrimitivesPeriodSettlementPeriod"
            }
          ],
          "type": "PalletRoamingSettlementRunningBalance"
        },
        "statement": {
          "description": "The statement of a closed period.",
          "params": [
            {
              "name": "agreement",
              "type": "u32"
            },
            {
              "name": "period",
              "type": "TelecomPrimitivesPeriodSettlementPeriod"
            }
          ],
          "type": "Option<PalletRoamingSettlementStatement>"
        }
      }
    }
  ],
  "DeviceIdentityApi": [
    {
      "version": 1,
      "methods": {
        "device": {
          "description": "A device's record, key history and event history.",
          "params": [
            {
              "name": "device",
              "type": "PrimitiveTypesH256"
            }
          ],
          "type": "Option<PalletDeviceIdentityDeviceDetails>"
        },
        "verify": {
          "description": "Whether the device is active and its current key signed `payload` (and whether the attestation key that vouched for it was revoked for compromise, or the device is on the block list).",
          "params": [
            {
              "name": "device",
              "type": "PrimitiveTypesH256"
            },
            {
              "name": "payload",
              "type": "Bytes"
            },
            {
              "name": "signature",
              "type": "TelecomPrimitivesDeviceDeviceSignature"
            }
          ],
          "type": "PalletDeviceIdentityVerification"
        },
        "key_valid_at": {
          "description": "Whether `key` was a valid key of `device` in block `at`.",
          "params": [
            {
              "name": "device",
              "type": "PrimitiveTypesH256"
            },
            {
              "name": "key",
              "type": "TelecomPrimitivesDeviceDeviceKey"
            },
            {
              "name": "at",
              "type": "u32"
            }
          ],
          "type": "bool"
        },
        "attested_devices": {
          "description": "The devices a manufacturer's attestation key vouched for, each with whether it is flagged now because that key was revoked for compromise.",
          "params": [
            {
              "name": "manufacturer",
              "type": "SpCoreCryptoAccountId32"
            },
            {
              "name": "index",
              "type": "u32"
            }
          ],
          "type": "Vec<(H256,bool)>"
        },
        "credentials": {
          "description": "Credentials about a subject, each with whether it is valid now.",
          "params": [
            {
              "name": "subject",
              "type": "PalletDeviceIdentitySubject"
            }
          ],
          "type": "Vec<(u64,PalletDeviceIdentityCredential,bool)>"
        },
        "block_listing": {
          "description": "A device's entry in the shared block list (whether and since when it is listed, the regulator's listing, the open reports), or `None` if nobody reported it.",
          "params": [
            {
              "name": "device",
              "type": "PrimitiveTypesH256"
            }
          ],
          "type": "Option<PalletDeviceIdentityBlockListingDetails>"
        },
        "consent": {
          "description": "A SIM consent receipt, the subscriber key that signed it, and whether it holds now (recorded, not expired, not revoked); `None` if no such receipt is stored.",
          "params": [
            {
              "name": "consent",
              "type": "PrimitiveTypesH256"
            }
          ],
          "type": "Option<PalletDeviceIdentityConsentDetails>"
        }
      }
    }
  ],
  "SpectrumApi": [
    {
      "version": 2,
      "methods": {
        "conflicts": {
          "description": "Live grants that block a priority lease of `range` × `cells` × `window` (none: free).",
          "params": [
            {
              "name": "range",
              "type": "PalletSpectrumMarketFrequencyRange"
            },
            {
              "name": "cells",
              "type": "Vec<u64>"
            },
            {
              "name": "window",
              "type": "PalletSpectrumMarketWindow"
            }
          ],
          "type": "Vec<u64>"
        },
        "grants_of": {
          "description": "Grants of an account, as lessee or holder, each with the radio it names.",
          "params": [
            {
              "name": "who",
              "type": "SpCoreCryptoAccountId32"
            }
          ],
          "type": "Vec<(u64,PalletSpectrumMarketGrant,Option<PalletSpectrumMarketRadioAssignment>)>"
        },
        "grant": {
          "description": "A grant, its recent states and the radio it names.",
          "params": [
            {
              "name": "grant",
              "type": "u64"
            }
          ],
          "type": "Option<(PalletSpectrumMarketGrant,Vec<PalletSpectrumMarketGrantStep>,Option<PalletSpectrumMarketRadioAssignment>)>"
        }
      }
    }
  ],
  "SharingApi": [
    {
      "version": 1,
      "methods": {
        "site": {
          "description": "A project (owners and shares, capex, milestone) and its site once commissioned.",
          "params": [
            {
              "name": "site",
              "type": "u32"
            }
          ],
          "type": "Option<(Pallet5gSharingProject,Option<Pallet5gSharingSite>)>"
        },
        "leases": {
          "description": "A site's leases with their SLA record for `period`.",
          "params": [
            {
              "name": "site",
              "type": "u32"
            },
            {
              "name": "period",
              "type": "TelecomPrimitivesPeriodSettlementPeriod"
            }
          ],
          "type": "Vec<(u32,Pallet5gSharingLease,Pallet5gSharingSlaRecord)>"
        },
        "statement": {
          "description": "A participant's lines of a settled period.",
          "params": [
            {
              "name": "site",
              "type": "u32"
            },
            {
              "name": "period",
              "type": "TelecomPrimitivesPeriodSettlementPeriod"
            },
            {
              "name": "who",
              "type": "SpCoreCryptoAccountId32"
            }
          ],
          "type": "Option<Pallet5gSharingParticipantStatement>"
        }
      }
    }
  ]
};
