// Generated from the metadata of telecom-chain spec_version 100 by scripts/generate.mjs; do not edit.
// Named types the telecom runtime APIs take and return, in @polkadot/types' JSON form and under the
// names @polkadot/api gives them from metadata (path names: `PalletClearingPosition`). With
// metadata loaded, the metadata's own definitions take precedence; these let a registry without it
// decode runtime API results. The package's test compares them with a running node.

/** Named types of the telecom runtime APIs, for @polkadot/api's `types` option. */
export const telecomTypes = {
  "Pallet5gSharingLease": {
    "site": "u32",
    "kind": "Pallet5gSharingResourceKind",
    "lessee": "AccountId32",
    "units": "u32",
    "price": "u128",
    "first": "TelecomPrimitivesPeriodSettlementPeriod",
    "last": "TelecomPrimitivesPeriodSettlementPeriod",
    "sla": "Pallet5gSharingSlaTerms",
    "deposit": "u128",
    "settled": "u32",
    "renewal": "Option<TelecomPrimitivesPeriodSettlementPeriod>"
  },
  "Pallet5gSharingMilestone": {
    "_enum": [
      "Approved",
      "Built",
      "Commissioned"
    ]
  },
  "Pallet5gSharingParticipantStatement": {
    "opex": "u128",
    "revenue": "u128",
    "penalties": "u128",
    "leasePayments": "u128",
    "unpaid": "u128"
  },
  "Pallet5gSharingPool": {
    "capacity": "u32",
    "allocated": "u32"
  },
  "Pallet5gSharingProject": {
    "lead": "AccountId32",
    "cell": "u64",
    "technology": "Pallet5gSharingTechnology",
    "capex": "u128",
    "currency": "TelecomPrimitivesMoneyCurrencyCode",
    "document": "H256",
    "stakes": "Vec<Pallet5gSharingStake>",
    "status": "Pallet5gSharingProjectStatus",
    "builder": "AccountId32",
    "tender": "Option<(u32,u8)>",
    "awarded": "bool",
    "deposit": "u128",
    "since": "u64"
  },
  "Pallet5gSharingProjectStatus": {
    "_enum": {
      "Proposed": "Null",
      "Reached": "Pallet5gSharingMilestone"
    }
  },
  "Pallet5gSharingResourceKind": {
    "_enum": [
      "Radio",
      "EdgeVcpu",
      "EdgeMemory",
      "EdgeGpuHours",
      "Backhaul"
    ]
  },
  "Pallet5gSharingResourcePools": {
    "radio": "Pallet5gSharingPool",
    "edgeVcpu": "Pallet5gSharingPool",
    "edgeMemory": "Pallet5gSharingPool",
    "edgeGpuHours": "Pallet5gSharingPool",
    "backhaul": "Pallet5gSharingPool"
  },
  "Pallet5gSharingSite": {
    "device": "H256",
    "pools": "Pallet5gSharingResourcePools",
    "energyPrice": "u128",
    "metered": "Option<u64>",
    "opening": "Option<u64>",
    "billedKwh": "u64"
  },
  "Pallet5gSharingSlaRecord": {
    "samples": "u32",
    "breaches": "u32",
    "worstAvailability": "u16",
    "worstThroughput": "u32",
    "penalty": "u128"
  },
  "Pallet5gSharingSlaTerms": {
    "availability": "u16",
    "throughput": "u32",
    "penalty": "u16"
  },
  "Pallet5gSharingStake": {
    "who": "AccountId32",
    "share": "u16"
  },
  "Pallet5gSharingTechnology": {
    "_enum": [
      "Nr",
      "Lte",
      "NrLte"
    ]
  },
  "PalletClearingBatchInfo": {
    "_alias": {
      "hash_": "hash"
    },
    "submitter": "AccountId32",
    "cycle": "u32",
    "hash_": "H256",
    "records": "u32",
    "pairs": "u32",
    "submittedAt": "u32",
    "deposit": "u128"
  },
  "PalletClearingCycle": {
    "phase": "PalletClearingCyclePhase",
    "openedAt": "u32",
    "cutOffDue": "u32",
    "instructedAt": "Option<u32>",
    "obligations": "u64",
    "instructions": "u32",
    "unsettled": "u32"
  },
  "PalletClearingCyclePhase": {
    "_enum": [
      "Open",
      "CutOff",
      "Netted",
      "Instructed",
      "Acknowledging",
      "Settled",
      "Closed",
      "Aborted"
    ]
  },
  "PalletClearingInstruction": {
    "currency": "TelecomPrimitivesMoneyCurrencyCode",
    "payer": "AccountId32",
    "payee": "AccountId32",
    "amount": "u128",
    "status": "PalletClearingInstructionStatus"
  },
  "PalletClearingInstructionStatus": {
    "_enum": {
      "Pending": "Null",
      "PaymentConfirmed": "H256",
      "NonReceiptDisputed": "H256",
      "Settled": "Null",
      "Defaulted": "{\"carriedTo\":\"Option<u32>\",\"covered\":\"u128\"}"
    }
  },
  "PalletClearingNetPosition": {
    "_enum": {
      "Credit": "u128",
      "Debit": "u128",
      "Flat": "Null"
    }
  },
  "PalletClearingPosition": {
    "payable": "u128",
    "receivable": "u128"
  },
  "PalletClearingStatement": {
    "cycle": "u32",
    "info": "PalletClearingCycle",
    "lines": "Vec<PalletClearingStatementLine>"
  },
  "PalletClearingStatementLine": {
    "currency": "TelecomPrimitivesMoneyCurrencyCode",
    "position": "PalletClearingPosition",
    "net": "PalletClearingNetPosition",
    "instructions": "Vec<(u32,PalletClearingInstruction)>"
  },
  "PalletDeviceIdentityBlockListing": {
    "reports": "u32",
    "regulator": "Option<PalletDeviceIdentityRegulatorListing>",
    "listedSince": "Option<u32>"
  },
  "PalletDeviceIdentityBlockListingDetails": {
    "device": "H256",
    "listing": "PalletDeviceIdentityBlockListing",
    "reports": "Vec<(AccountId32,PalletDeviceIdentityBlockReport)>"
  },
  "PalletDeviceIdentityBlockReason": {
    "_enum": [
      "Lost",
      "Stolen",
      "Fraud",
      "Counterfeit",
      "Faulty"
    ]
  },
  "PalletDeviceIdentityBlockReport": {
    "reason": "PalletDeviceIdentityBlockReason",
    "at": "u32",
    "deposit": "u128"
  },
  "PalletDeviceIdentityConsentDetails": {
    "id": "H256",
    "receipt": "PalletDeviceIdentityConsentReceipt",
    "key": "TelecomPrimitivesDeviceDeviceKey",
    "status": "PalletDeviceIdentityConsentStatus"
  },
  "PalletDeviceIdentityConsentReceipt": {
    "terms": "PalletDeviceIdentityConsentTerms",
    "recordedAt": "u32",
    "revokedAt": "Option<u32>",
    "payer": "AccountId32",
    "deposit": "u128"
  },
  "PalletDeviceIdentityConsentRecipient": {
    "_enum": {
      "Operator": "AccountId32",
      "Partner": "H256"
    }
  },
  "PalletDeviceIdentityConsentStatus": {
    "_enum": [
      "Valid",
      "Expired",
      "Revoked"
    ]
  },
  "PalletDeviceIdentityConsentTerms": {
    "subscriber": "H256",
    "purpose": "Bytes",
    "dataCategory": "Bytes",
    "recipient": "PalletDeviceIdentityConsentRecipient",
    "expiresAt": "u32",
    "nonce": "u64"
  },
  "PalletDeviceIdentityCredential": {
    "issuer": "AccountId32",
    "subject": "PalletDeviceIdentitySubject",
    "claimType": "H256",
    "claim": "H256",
    "issuedAt": "u32",
    "expiresAt": "Option<u32>",
    "revokedAt": "Option<u32>",
    "deposit": "u128"
  },
  "PalletDeviceIdentityDevice": {
    "_alias": {
      "keys_": "keys"
    },
    "manufacturer": "AccountId32",
    "model": "Bytes",
    "batch": "Bytes",
    "firmware": "Bytes",
    "status": "PalletDeviceIdentityDeviceStatus",
    "custodian": "AccountId32",
    "site": "Option<H256>",
    "custodySince": "u32",
    "operator": "Option<AccountId32>",
    "attestedBy": "u32",
    "currentKey": "Option<u32>",
    "keys_": "u32",
    "history": "u32",
    "historyStart": "u32",
    "historyDigest": "H256",
    "registeredAt": "u32",
    "deposit": "u128",
    "hold": "Option<PalletDeviceIdentityHold>"
  },
  "PalletDeviceIdentityDeviceDetails": {
    "_alias": {
      "keys_": "keys"
    },
    "id": "H256",
    "device": "PalletDeviceIdentityDevice",
    "keys_": "Vec<PalletDeviceIdentityKeyRecord>",
    "history": "Vec<PalletDeviceIdentityHistoryEntry>",
    "suspensions": "Vec<PalletDeviceIdentitySuspension>",
    "attesterCompromised": "bool",
    "blockListedSince": "Option<u32>"
  },
  "PalletDeviceIdentityDeviceEvent": {
    "_enum": {
      "Registered": "Null",
      "Activated": "{\"operator\":\"AccountId32\"}",
      "Suspended": "{\"by\":\"AccountId32\",\"reason\":\"PalletDeviceIdentityRevocationReason\"}",
      "Resumed": "{\"by\":\"AccountId32\"}",
      "Revoked": "{\"by\":\"AccountId32\",\"reason\":\"PalletDeviceIdentityRevocationReason\"}",
      "Decommissioned": "{\"by\":\"AccountId32\"}",
      "CustodyTransferred": "{\"from\":\"AccountId32\",\"to\":\"AccountId32\",\"site\":\"Option<H256>\"}",
      "Inspected": "{\"inspector\":\"AccountId32\",\"report\":\"H256\",\"result\":\"PalletDeviceIdentityInspectionResult\",\"deposit\":\"u128\"}",
      "KeyRotated": "{\"key\":\"u32\"}",
      "KeyRevoked": "{\"key\":\"u32\",\"by\":\"AccountId32\",\"reason\":\"PalletDeviceIdentityRevocationReason\"}",
      "KeyReprovisioned": "{\"key\":\"u32\"}",
      "BlockListed": "{\"by\":\"AccountId32\",\"reason\":\"PalletDeviceIdentityBlockReason\"}",
      "BlockListCleared": "{\"by\":\"AccountId32\"}"
    }
  },
  "PalletDeviceIdentityDeviceStatus": {
    "_enum": [
      "Manufactured",
      "Active",
      "Suspended",
      "Revoked",
      "Decommissioned"
    ]
  },
  "PalletDeviceIdentityHistoryEntry": {
    "at": "u32",
    "event": "PalletDeviceIdentityDeviceEvent"
  },
  "PalletDeviceIdentityHold": {
    "by": "AccountId32",
    "reason": "PalletDeviceIdentityRevocationReason",
    "key": "Option<u32>"
  },
  "PalletDeviceIdentityInspectionResult": {
    "_enum": [
      "Pass",
      "Remarks",
      "Fail",
      "Maintained"
    ]
  },
  "PalletDeviceIdentityKeyRecord": {
    "key": "TelecomPrimitivesDeviceDeviceKey",
    "validFrom": "u32",
    "validUntil": "Option<u32>",
    "endedBy": "Option<PalletDeviceIdentityRevocationReason>",
    "attestedBy": "Option<u32>",
    "compromisedSince": "Option<u32>"
  },
  "PalletDeviceIdentityRegulatorListing": {
    "regulator": "AccountId32",
    "reason": "PalletDeviceIdentityBlockReason",
    "at": "u32"
  },
  "PalletDeviceIdentityRevocationReason": {
    "_enum": [
      "KeyCompromise",
      "Superseded",
      "AffiliationChanged",
      "CessationOfOperation",
      "PrivilegeWithdrawn",
      "Lost",
      "Stolen",
      "Faulty",
      "Fraud",
      "CaCompromise"
    ]
  },
  "PalletDeviceIdentitySubject": {
    "_enum": {
      "Device": "H256",
      "Subscriber": "H256"
    }
  },
  "PalletDeviceIdentitySuspension": {
    "from": "u32",
    "until": "Option<u32>"
  },
  "PalletDeviceIdentityVerification": {
    "_enum": {
      "Valid": "Null",
      "AttesterCompromised": "Null",
      "Refused": "TelecomPrimitivesDeviceDeviceCheckError",
      "BlockListed": "Null"
    }
  },
  "PalletRoamingSettlementAgreement": {
    "partyA": "AccountId32",
    "tadigA": "TelecomPrimitivesTadigTadigCode",
    "partyB": "AccountId32",
    "tadigB": "TelecomPrimitivesTadigTadigCode",
    "status": "PalletRoamingSettlementAgreementStatus",
    "version": "u32",
    "terms": "PalletRoamingSettlementAgreementTerms",
    "amendment": "Option<PalletRoamingSettlementPendingAmendment>",
    "proposedAt": "u32",
    "deposit": "u128",
    "previous": "Option<u32>",
    "openPeriods": "u32",
    "withheldDisputes": "u32",
    "sealed": "Option<PalletRoamingSettlementSealedSealedTerms>"
  },
  "PalletRoamingSettlementAgreementStatus": {
    "_enum": [
      "Proposed",
      "Active",
      "Terminating",
      "Ended"
    ]
  },
  "PalletRoamingSettlementAgreementTerms": {
    "validFrom": "TelecomPrimitivesPeriodSettlementPeriod",
    "validTo": "TelecomPrimitivesPeriodSettlementPeriod",
    "currency": "TelecomPrimitivesMoneyCurrencyCode",
    "networkA": "PalletRoamingSettlementNetworkTerms",
    "networkB": "PalletRoamingSettlementNetworkTerms",
    "disputeWindow": "u32",
    "noticePeriods": "u8",
    "taxIncluded": "bool",
    "document": "H256",
    "invoice": "Option<PalletRoamingSettlementInvoicingInvoiceTerms>"
  },
  "PalletRoamingSettlementBatch": {
    "period": "TelecomPrimitivesPeriodSettlementPeriod",
    "usagePeriod": "TelecomPrimitivesPeriodSettlementPeriod",
    "records": "u32",
    "usage": "TelecomRoamingRatingUsageUsageTotals",
    "file": "H256",
    "claimed": "u128",
    "rated": "u128",
    "value": "u128",
    "version": "u32",
    "receivedAt": "u32",
    "disputeDeadline": "u32",
    "resolveBy": "Option<u32>",
    "status": "PalletRoamingSettlementBatchStatus",
    "deposit": "u128",
    "claimedExact": "u128",
    "ratedExact": "u128",
    "valueExact": "u128"
  },
  "PalletRoamingSettlementBatchInfo": {
    "network": "PalletRoamingSettlementSide",
    "sequence": "u32",
    "batch": "PalletRoamingSettlementBatch"
  },
  "PalletRoamingSettlementBatchStatus": {
    "_enum": {
      "Pending": "Null",
      "Accepted": "Null",
      "Disputed": "{\"amount\":\"u128\",\"reason\":\"u16\",\"evidence\":\"H256\",\"proposal\":\"Option<PalletRoamingSettlementSettlementProposal>\",\"escalated\":\"bool\"}",
      "Resolved": "{\"byArbiter\":\"bool\"}"
    }
  },
  "PalletRoamingSettlementDirectionStatement": {
    "batches": "u32",
    "records": "u64",
    "claimed": "u128",
    "accepted": "u128",
    "discount": "u128",
    "payable": "u128",
    "withheld": "u128",
    "payableAtClose": "u128",
    "acceptedExact": "u128"
  },
  "PalletRoamingSettlementExchangeRate": {
    "rate": "u128",
    "decimals": "u8"
  },
  "PalletRoamingSettlementInvoicingInvoiceConversion": {
    "currency": "TelecomPrimitivesMoneyCurrencyCode",
    "rate": "PalletRoamingSettlementExchangeRate",
    "ratePeriod": "TelecomPrimitivesPeriodSettlementPeriod",
    "net": "u128"
  },
  "PalletRoamingSettlementInvoicingInvoiceTerms": {
    "currency": "TelecomPrimitivesMoneyCurrencyCode",
    "rateDate": "PalletRoamingSettlementInvoicingRateDate"
  },
  "PalletRoamingSettlementInvoicingRateDate": {
    "_enum": [
      "UsagePeriod",
      "FollowingPeriod"
    ]
  },
  "PalletRoamingSettlementNetworkTerms": {
    "tariff": "TelecomRoamingRatingTariff",
    "discount": "Option<TelecomRoamingRatingDiscount>",
    "tolerance": "PalletRoamingSettlementTolerance",
    "serviceTolerances": "Vec<PalletRoamingSettlementServiceTolerance>"
  },
  "PalletRoamingSettlementPendingAmendment": {
    "by": "PalletRoamingSettlementSide",
    "terms": "PalletRoamingSettlementAgreementTerms",
    "sealed": "Option<PalletRoamingSettlementSealedSealedTerms>"
  },
  "PalletRoamingSettlementPeriodTotals": {
    "batches": "u32",
    "mismatches": "u32",
    "records": "u64",
    "claimed": "u128",
    "rated": "u128",
    "value": "u128",
    "disputed": "u128",
    "openDisputes": "u32",
    "pending": "u32",
    "latestDeadline": "u32",
    "claimedExact": "u128",
    "ratedExact": "u128",
    "valueExact": "u128",
    "disputedExact": "u128"
  },
  "PalletRoamingSettlementPostingPostedService": {
    "_enum": {
      "Service": "TelecomRoamingRatingTariffService",
      "Charge": "Null"
    }
  },
  "PalletRoamingSettlementRunningBalance": {
    "networkA": "PalletRoamingSettlementPeriodTotals",
    "networkB": "PalletRoamingSettlementPeriodTotals",
    "netToA": "i128",
    "closed": "bool"
  },
  "PalletRoamingSettlementSealedSealedEnvelope": {
    "epoch": "u32",
    "bytes": "Bytes"
  },
  "PalletRoamingSettlementSealedSealedTerms": {
    "commitment": "H256",
    "envelopeA": "PalletRoamingSettlementSealedSealedEnvelope",
    "envelopeB": "PalletRoamingSettlementSealedSealedEnvelope"
  },
  "PalletRoamingSettlementSequenceControl": {
    "expected": "u32",
    "gaps": "Vec<(u32,u32)>"
  },
  "PalletRoamingSettlementServiceTolerance": {
    "service": "PalletRoamingSettlementPostingPostedService",
    "tolerance": "PalletRoamingSettlementTolerance"
  },
  "PalletRoamingSettlementSettlementProposal": {
    "by": "PalletRoamingSettlementSide",
    "amount": "u128"
  },
  "PalletRoamingSettlementSide": {
    "_enum": [
      "A",
      "B"
    ]
  },
  "PalletRoamingSettlementStatement": {
    "networkA": "PalletRoamingSettlementDirectionStatement",
    "networkB": "PalletRoamingSettlementDirectionStatement",
    "currency": "TelecomPrimitivesMoneyCurrencyCode",
    "payer": "Option<AccountId32>",
    "payee": "Option<AccountId32>",
    "net": "u128",
    "obligation": "Option<u64>",
    "reference": "H256",
    "closedAt": "u32",
    "signedByA": "bool",
    "signedByB": "bool",
    "invoice": "Option<PalletRoamingSettlementInvoicingInvoiceConversion>"
  },
  "PalletRoamingSettlementTolerance": {
    "basisPoints": "u16",
    "minimum": "u128"
  },
  "PalletSpectrumMarketFrequencyRange": {
    "low": "u64",
    "high": "u64"
  },
  "PalletSpectrumMarketGrant": {
    "licence": "u32",
    "offer": "u32",
    "holder": "AccountId32",
    "lessee": "AccountId32",
    "range": "PalletSpectrumMarketFrequencyRange",
    "cells": "Vec<u64>",
    "window": "PalletSpectrumMarketWindow",
    "tier": "PalletSpectrumMarketTier",
    "pricing": "PalletSpectrumMarketPricing",
    "currency": "TelecomPrimitivesMoneyCurrencyCode",
    "state": "PalletSpectrumMarketGrantState",
    "lastHeartbeat": "Option<u32>",
    "heartbeatDue": "Option<u32>",
    "incumbents": "u32",
    "billedUntil": "u32",
    "unbilledUnits": "u64",
    "billed": "u128",
    "endedAt": "Option<u32>",
    "incumbentSince": "Option<u32>",
    "incumbentBlocks": "u64",
    "carry": "u128",
    "deposit": "u128",
    "bond": "u128",
    "preemptions": "u32",
    "complaints": "u32"
  },
  "PalletSpectrumMarketGrantState": {
    "_enum": {
      "Granted": "Null",
      "Active": "Null",
      "Suspended": "PalletSpectrumMarketSuspensionCause",
      "Terminated": "Null",
      "Expired": "Null",
      "Relinquished": "Null"
    }
  },
  "PalletSpectrumMarketGrantStep": {
    "at": "u32",
    "state": "PalletSpectrumMarketGrantState"
  },
  "PalletSpectrumMarketPricing": {
    "_enum": {
      "PerMhzHour": "u128",
      "Fixed": "u128",
      "PerReportedUnit": "u128"
    }
  },
  "PalletSpectrumMarketRadioAssignment": {
    "device": "H256",
    "eirp": "i16",
    "antennaHeight": "u16",
    "lastBeat": "Option<u32>"
  },
  "PalletSpectrumMarketSuspensionCause": {
    "_enum": [
      "MissedHeartbeat",
      "Incumbent",
      "Priority"
    ]
  },
  "PalletSpectrumMarketTier": {
    "_enum": [
      "Incumbent",
      "Priority",
      "General"
    ]
  },
  "PalletSpectrumMarketWindow": {
    "start": "u32",
    "end": "u32"
  },
  "PalletTenderBid": {
    "commitment": "H256",
    "sequence": "u32",
    "committedAt": "u32",
    "replacements": "u32",
    "bond": "u128",
    "status": "PalletTenderBidStatus",
    "content": "Option<PalletTenderBidContent>",
    "points": "Option<u128>"
  },
  "PalletTenderBidContent": {
    "price": "u128",
    "document": "H256"
  },
  "PalletTenderBidStatus": {
    "_enum": [
      "Sealed",
      "Revealed",
      "Invalid",
      "Forfeited",
      "Winner",
      "Lost",
      "Withdrawn"
    ]
  },
  "PalletTenderChallenge": {
    "grounds": "H256",
    "status": "PalletTenderChallengeStatus"
  },
  "PalletTenderChallengeStatus": {
    "_enum": [
      "Pending",
      "Rejected",
      "Upheld"
    ]
  },
  "PalletTenderClarification": {
    "asker": "AccountId32",
    "question": "H256",
    "answer": "Option<H256>"
  },
  "PalletTenderHistoryEntry": {
    "at": "u32",
    "step": "PalletTenderTenderStep"
  },
  "PalletTenderLotAward": {
    "winner": "AccountId32",
    "price": "u128",
    "points": "u128",
    "validBids": "u32"
  },
  "PalletTenderProcedure": {
    "_enum": [
      "Restricted",
      "Open",
      "EuOpen",
      "EuOpenWithPriorNotice"
    ]
  },
  "PalletTenderTenderDetails": {
    "id": "u32",
    "notice": "PalletTenderTenderNotice",
    "clarifications": "Vec<(u32,PalletTenderClarification)>",
    "bids": "Vec<(u8,AccountId32,PalletTenderBid)>",
    "awards": "Vec<(u8,PalletTenderLotAward)>",
    "challenges": "Vec<(AccountId32,PalletTenderChallenge)>",
    "history": "Vec<PalletTenderHistoryEntry>"
  },
  "PalletTenderTenderNotice": {
    "buyer": "AccountId32",
    "title": "Bytes",
    "document": "H256",
    "lots": "u8",
    "currency": "TelecomPrimitivesMoneyCurrencyCode",
    "invited": "Option<Vec<AccountId32>>",
    "procedure": "PalletTenderProcedure",
    "bond": "u128",
    "timetable": "PalletTenderTimetable",
    "priceWeight": "Option<Percent>",
    "panel": "Vec<AccountId32>",
    "status": "PalletTenderTenderStatus",
    "publishedAt": "u32",
    "amendments": "u32",
    "openChallenges": "u32",
    "contract": "Option<H256>"
  },
  "PalletTenderTenderStatus": {
    "_enum": [
      "Open",
      "Awarded",
      "Concluded",
      "Cancelled"
    ]
  },
  "PalletTenderTenderStep": {
    "_enum": {
      "Published": "Null",
      "Amended": "{\"document\":\"H256\"}",
      "ClarificationAsked": "{\"index\":\"u32\"}",
      "ClarificationAnswered": "{\"index\":\"u32\"}",
      "BidCommitted": "{\"bidder\":\"AccountId32\",\"lot\":\"u8\"}",
      "BidWithdrawn": "{\"bidder\":\"AccountId32\",\"lot\":\"u8\"}",
      "BidRevealed": "{\"bidder\":\"AccountId32\",\"lot\":\"u8\",\"valid\":\"bool\"}",
      "Scored": "{\"member\":\"AccountId32\",\"lot\":\"u8\"}",
      "Awarded": "Null",
      "Challenged": "{\"bidder\":\"AccountId32\"}",
      "ChallengeDecided": "{\"bidder\":\"AccountId32\",\"upheld\":\"bool\"}",
      "Concluded": "{\"contract\":\"H256\"}",
      "Cancelled": "Null",
      "Lapsed": "Null",
      "PanelDrawn": "Null",
      "DrawFailed": "Null"
    }
  },
  "PalletTenderTimetable": {
    "clarificationDeadline": "u32",
    "bidDeadline": "u32",
    "technicalEnd": "u32",
    "revealEnd": "u32",
    "evaluationEnd": "u32",
    "standstillEnd": "u32"
  },
  "PrimitiveTypesH256": "H256",
  "SpArithmeticPerThingsPercent": "Percent",
  "SpCoreCryptoAccountId32": "AccountId32",
  "TelecomPrimitivesDeviceDeviceCheckError": {
    "_enum": [
      "UnknownDevice",
      "NotActive",
      "NoValidKey",
      "BadSignature"
    ]
  },
  "TelecomPrimitivesDeviceDeviceKey": {
    "_enum": {
      "Sr25519": "[u8;32]",
      "Ed25519": "[u8;32]",
      "Ecdsa": "[u8;33]",
      "P256": "[u8;33]"
    }
  },
  "TelecomPrimitivesDeviceDeviceSignature": {
    "_enum": {
      "Sr25519": "[u8;64]",
      "Ed25519": "[u8;64]",
      "Ecdsa": "[u8;65]",
      "P256": "[u8;64]"
    }
  },
  "TelecomPrimitivesMoneyCurrencyCode": "[u8;3]",
  "TelecomPrimitivesPeriodSettlementPeriod": {
    "year": "u16",
    "month": "u8"
  },
  "TelecomPrimitivesTadigTadigCode": "[u8;5]",
  "TelecomRoamingRatingDiscount": {
    "model": "TelecomRoamingRatingDiscountDiscountModel",
    "tiers": "Vec<TelecomRoamingRatingDiscountDiscountTier>"
  },
  "TelecomRoamingRatingDiscountDiscountModel": {
    "_enum": [
      "Incremental",
      "AllUnits"
    ]
  },
  "TelecomRoamingRatingDiscountDiscountTier": {
    "from": "u128",
    "basisPoints": "u16"
  },
  "TelecomRoamingRatingTariff": {
    "mocLocal": "TelecomRoamingRatingTariffRate",
    "mocHome": "TelecomRoamingRatingTariffRate",
    "mocInternational": "TelecomRoamingRatingTariffRate",
    "mtc": "TelecomRoamingRatingTariffRate",
    "smsMo": "TelecomRoamingRatingTariffRate",
    "smsMt": "TelecomRoamingRatingTariffRate",
    "data": "TelecomRoamingRatingTariffRate",
    "volte": "TelecomRoamingRatingTariffRate",
    "video": "TelecomRoamingRatingTariffRate"
  },
  "TelecomRoamingRatingTariffRate": {
    "price": "u64",
    "increment": "u32",
    "setupFee": "u64",
    "minimumCharge": "u64"
  },
  "TelecomRoamingRatingTariffService": {
    "_enum": [
      "MocLocal",
      "MocHome",
      "MocInternational",
      "Mtc",
      "SmsMo",
      "SmsMt",
      "Data",
      "Volte",
      "Video"
    ]
  },
  "TelecomRoamingRatingUsageDataUsage": {
    "sessions": "u32",
    "kilobytes": "u64"
  },
  "TelecomRoamingRatingUsageUsageTotals": {
    "mocLocal": "TelecomRoamingRatingUsageVoiceUsage",
    "mocHome": "TelecomRoamingRatingUsageVoiceUsage",
    "mocInternational": "TelecomRoamingRatingUsageVoiceUsage",
    "mtc": "TelecomRoamingRatingUsageVoiceUsage",
    "smsMo": "u32",
    "smsMt": "u32",
    "data": "TelecomRoamingRatingUsageDataUsage",
    "volte": "TelecomRoamingRatingUsageVoiceUsage",
    "video": "TelecomRoamingRatingUsageVoiceUsage"
  },
  "TelecomRoamingRatingUsageVoiceUsage": {
    "calls": "u32",
    "seconds": "u64"
  }
};
