//! Runtime APIs: what the node and RPC clients can ask the runtime.

use crate::{
	genesis_config_presets, opaque, AccountId, Aura, Balance, Block, BlockNumber, Clearing,
	DeviceIdentity, Executive, FiveGSharing, Grandpa, Historical, InherentDataExt, Nonce, Roaming,
	Runtime, RuntimeCall, RuntimeGenesisConfig, Spectrum, System, Tender, TransactionPayment,
	VERSION,
};
use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult, ExtrinsicInclusionMode,
};
use sp_version::RuntimeVersion;
use telecom_primitives::CurrencyCode;

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			opaque::SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			opaque::SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			let key_owner_proof = key_owner_proof.decode()?;
			Grandpa::submit_unsigned_equivocation_report(equivocation_proof, key_owner_proof)
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			use codec::Encode;
			use frame_support::traits::KeyOwnerProofSystem;
			let key = (sp_consensus_grandpa::KEY_TYPE, authority_id);
			// The trie yields a (useless) proof for any key: keep only one that proves a
			// validator's key, so that a node never submits a report bound to fail.
			Historical::prove(key.clone())
				.filter(|proof| Historical::check_proof(key, proof.clone()).is_some())
				.map(|proof| proof.encode())
				.map(sp_consensus_grandpa::OpaqueKeyOwnershipProof::new)
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}

		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}

		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}

		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}

		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}

		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}

		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	#[api_version(2)]
	impl pallet_clearing_runtime_api::ClearingApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn open_positions(
			who: AccountId,
		) -> Vec<(CurrencyCode, pallet_clearing::Position, pallet_clearing::NetPosition)> {
			Clearing::open_positions(&who)
		}

		fn cycle(
			cycle: Option<pallet_clearing::CycleId>,
		) -> Option<(pallet_clearing::CycleId, pallet_clearing::Cycle<BlockNumber>)> {
			Clearing::cycle_info(cycle)
		}

		fn cycle_positions(
			cycle: pallet_clearing::CycleId,
			currency: CurrencyCode,
		) -> Vec<(AccountId, pallet_clearing::Position, pallet_clearing::NetPosition)> {
			Clearing::cycle_positions(cycle, currency)
		}

		fn instructions(
			cycle: pallet_clearing::CycleId,
		) -> Vec<(pallet_clearing::InstructionIndex, pallet_clearing::Instruction<AccountId>)> {
			Clearing::cycle_instructions(cycle)
		}

		fn statement(
			cycle: pallet_clearing::CycleId,
			who: AccountId,
		) -> Option<pallet_clearing::Statement<AccountId, BlockNumber>> {
			Clearing::statement(cycle, &who)
		}

		fn batch(
			batch: pallet_clearing::BatchId,
		) -> Option<pallet_clearing::BatchInfo<AccountId, Balance, BlockNumber>> {
			Clearing::batch_info(batch)
		}

		fn batch_record_root(batch: pallet_clearing::BatchId) -> Option<telecom_primitives::DocumentHash> {
			Clearing::batch_record_root(batch)
		}
	}

	impl pallet_tender_runtime_api::TenderApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn tender(
			tender: telecom_primitives::TenderId,
		) -> Option<pallet_tender::TenderDetails<AccountId, Balance, BlockNumber>> {
			Tender::tender_details(tender)
		}

		fn bids_of(
			bidder: AccountId,
		) -> Vec<(
			telecom_primitives::TenderId,
			telecom_primitives::LotIndex,
			pallet_tender::Bid<Balance, BlockNumber>,
		)> {
			Tender::bids_of(&bidder)
		}
	}

	impl pallet_roaming_settlement_runtime_api::RoamingApi<Block, AccountId, BlockNumber> for Runtime {
		fn agreement(
			agreement: pallet_roaming_settlement::AgreementId,
		) -> Option<pallet_roaming_settlement::Agreement<AccountId, BlockNumber>> {
			pallet_roaming_settlement::Agreements::<Runtime>::get(agreement)
		}

		fn agreement_between(
			one: telecom_primitives::TadigCode,
			other: telecom_primitives::TadigCode,
		) -> Option<pallet_roaming_settlement::AgreementId> {
			pallet_roaming_settlement::PairAgreement::<Runtime>::get(Roaming::pair_key(one, other))
		}

		fn batches(
			agreement: pallet_roaming_settlement::AgreementId,
			period: Option<telecom_primitives::SettlementPeriod>,
		) -> Vec<pallet_roaming_settlement::BatchInfo<BlockNumber>> {
			Roaming::batches(agreement, period)
		}

		fn sequence_control(
			sender: telecom_primitives::TadigCode,
			recipient: telecom_primitives::TadigCode,
		) -> pallet_roaming_settlement::SequenceControl {
			pallet_roaming_settlement::Sequences::<Runtime>::get((sender, recipient))
		}

		fn running_balance(
			agreement: pallet_roaming_settlement::AgreementId,
			period: telecom_primitives::SettlementPeriod,
		) -> pallet_roaming_settlement::RunningBalance<BlockNumber> {
			Roaming::running_balance(agreement, period)
		}

		fn statement(
			agreement: pallet_roaming_settlement::AgreementId,
			period: telecom_primitives::SettlementPeriod,
		) -> Option<pallet_roaming_settlement::Statement<AccountId, BlockNumber>> {
			pallet_roaming_settlement::Statements::<Runtime>::get(agreement, period)
		}
	}

	impl pallet_device_identity_runtime_api::DeviceIdentityApi<Block, AccountId, BlockNumber>
		for Runtime
	{
		fn device(
			device: telecom_primitives::DeviceId,
		) -> Option<pallet_device_identity::DeviceDetails<AccountId, BlockNumber>> {
			DeviceIdentity::device_details(device)
		}

		fn verify(
			device: telecom_primitives::DeviceId,
			payload: Vec<u8>,
			signature: telecom_primitives::DeviceSignature,
		) -> pallet_device_identity::Verification {
			DeviceIdentity::verification(&device, &payload, &signature)
		}

		fn key_valid_at(
			device: telecom_primitives::DeviceId,
			key: telecom_primitives::DeviceKey,
			at: BlockNumber,
		) -> bool {
			DeviceIdentity::key_valid_at(&device, &key, at)
		}

		fn attested_devices(
			manufacturer: AccountId,
			index: pallet_device_identity::AttestationKeyIndex,
		) -> Vec<(telecom_primitives::DeviceId, bool)> {
			DeviceIdentity::attested_devices(manufacturer, index)
		}

		fn credentials(
			subject: pallet_device_identity::Subject,
		) -> Vec<(
			pallet_device_identity::CredentialId,
			pallet_device_identity::Credential<AccountId, BlockNumber>,
			bool,
		)> {
			DeviceIdentity::credentials_of(subject)
		}

		fn block_listing(
			device: telecom_primitives::DeviceId,
		) -> Option<pallet_device_identity::BlockListingDetails<AccountId, BlockNumber>> {
			DeviceIdentity::block_listing(device)
		}

		fn consent(
			consent: pallet_device_identity::ConsentId,
		) -> Option<pallet_device_identity::ConsentDetails<AccountId, BlockNumber>> {
			DeviceIdentity::consent_details(consent)
		}
	}

	#[api_version(2)]
	impl pallet_spectrum_market_runtime_api::SpectrumApi<
		Block,
		AccountId,
		BlockNumber,
		pallet_spectrum_market::GrantOf<Runtime>,
	> for Runtime
	{
		fn conflicts(
			range: pallet_spectrum_market::FrequencyRange,
			cells: Vec<pallet_spectrum_market::CellId>,
			window: pallet_spectrum_market::Window<BlockNumber>,
		) -> Vec<pallet_spectrum_market::GrantId> {
			Spectrum::conflicts(range, cells, window)
		}

		fn grants_of(
			who: AccountId,
		) -> Vec<(
			pallet_spectrum_market::GrantId,
			pallet_spectrum_market::GrantOf<Runtime>,
			Option<pallet_spectrum_market::RadioOf<Runtime>>,
		)> {
			Spectrum::grants_with_radios_of(&who)
		}

		fn grant(
			grant: pallet_spectrum_market::GrantId,
		) -> Option<pallet_spectrum_market::GrantAnswerOf<Runtime>> {
			Spectrum::grant_answer(grant)
		}
	}

	impl pallet_5g_sharing_runtime_api::SharingApi<
		Block,
		AccountId,
		pallet_5g_sharing::ProjectOf<Runtime>,
	> for Runtime
	{
		fn site(
			site: pallet_5g_sharing::ProjectId,
		) -> Option<(pallet_5g_sharing::ProjectOf<Runtime>, Option<pallet_5g_sharing::Site>)> {
			pallet_5g_sharing::Projects::<Runtime>::get(site)
				.map(|p| (p, pallet_5g_sharing::Sites::<Runtime>::get(site)))
		}

		fn leases(
			site: pallet_5g_sharing::ProjectId,
			period: telecom_primitives::SettlementPeriod,
		) -> Vec<(
			pallet_5g_sharing::LeaseId,
			pallet_5g_sharing::Lease<AccountId>,
			pallet_5g_sharing::SlaRecord,
		)> {
			FiveGSharing::leases_of(site, period)
		}

		fn statement(
			site: pallet_5g_sharing::ProjectId,
			period: telecom_primitives::SettlementPeriod,
			who: AccountId,
		) -> Option<pallet_5g_sharing::ParticipantStatement> {
			FiveGSharing::statement(site, period, &who)
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			genesis_config_presets::preset_names()
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::BenchmarkList;
			use frame_support::traits::StorageInfoTrait;
			use frame_system_benchmarking::Pallet as SystemBench;
			use frame_system_benchmarking::extensions::Pallet as SystemExtensionsBench;
			use frame_benchmarking::baseline::Pallet as BaselineBench;
			#[allow(unused_imports)]
			use crate::{
				Assets, Balances, Clearing, Council, CouncilRoot, DeviceIdentity, FiveGSharing, Multisig,
				OperatorNodes, Operators, Proxy, Roaming, Spectrum, Sudo, Tender, Timestamp,
				TransactionPayment, Utility,
			};

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);

			let storage_info = crate::AllPalletsWithSystem::storage_info();
			(list, storage_info)
		}

		#[allow(non_local_definitions)]
		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig,
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::{baseline, BenchmarkBatch};
			use frame_support::traits::TrackedStorageKey;
			use frame_system_benchmarking::Pallet as SystemBench;
			use frame_system_benchmarking::extensions::Pallet as SystemExtensionsBench;
			use frame_benchmarking::baseline::Pallet as BaselineBench;
			#[allow(unused_imports)]
			use crate::{
				Assets, Balances, Clearing, Council, CouncilRoot, DeviceIdentity, FiveGSharing, Multisig,
				OperatorNodes, Operators, Proxy, Roaming, Spectrum, Sudo, Tender, Timestamp,
				TransactionPayment, Utility,
			};

			impl frame_system_benchmarking::Config for Runtime {}
			impl pallet_transaction_payment::BenchmarkConfig for Runtime {}
			impl baseline::Config for Runtime {}

			use frame_support::traits::WhitelistedStorageKeys;
			let whitelist: Vec<TrackedStorageKey> = crate::AllPalletsWithSystem::whitelisted_storage_keys();

			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);

			Ok(batches)
		}
	}

	// The try-runtime tool reads a failed check as a panic of these off-chain-only entry points.
	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			let weight = Executive::try_runtime_upgrade(checks)
				.unwrap_or_else(|error| panic!("try_runtime_upgrade failed: {error:?}")); // panic-ok
			(weight, crate::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.unwrap_or_else(|error| panic!("try_execute_block failed: {error:?}")) // panic-ok
		}
	}
}
