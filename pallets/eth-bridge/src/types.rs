//! The bridge's data: Ethereum addresses, deposits as relayers attest them, tokens and their
//! limits, transfers out and rate-limit windows.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::{H160, H256};

/// An Ethereum address (a token contract, the vault, a user).
pub type EthAddress = H160;
/// The vault's deposit counter: every deposit on Ethereum gets the next one, so it identifies
/// the deposit (and makes replays impossible: each nonce executes at most once).
pub type DepositNonce = u64;
/// The counter of transfers out: strictly increasing, one per transfer, checked by the vault.
pub type OutboundNonce = u64;
/// Which vault a deposit came from: 1 for the first vault governance set, one more at each
/// `set_vault`. A new vault numbers its deposits from 0 again, so a deposit is identified by
/// `(generation, nonce)`.
pub type VaultGeneration = u32;
/// A deposit's identity: its vault's generation and the vault's deposit nonce.
pub type DepositKey = (VaultGeneration, DepositNonce);

/// How a token crosses the bridge.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum TokenKind {
	/// An Ethereum token (a stablecoin): the vault locks it, the bridge mints the mapped asset
	/// here; going back, the asset is burned here and the vault releases the token.
	Wrapped,
	/// A LabelChain asset (LBL): going out, it is locked in the bridge account here and the
	/// vault mints its wrapped ERC-20; coming back, the vault burns the wrapped token and the
	/// bridge releases the locked asset here.
	Native,
}

/// A token the bridge carries, and its limits.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub struct TokenInfo<AssetId, Balance> {
	/// The pallet-assets asset it is on LabelChain.
	pub asset: AssetId,
	/// Minted and burned here, or locked and released here.
	pub kind: TokenKind,
	/// Largest single transfer, either way.
	pub max_transfer: Balance,
	/// Most that may cross in each direction in one rate period.
	pub rate_limit: Balance,
	/// The token's decimals on Ethereum, which are the asset's here: amounts cross 1:1 in base
	/// units, so a deposit or release of a token with other decimals is refused.
	pub decimals: u8,
}

/// What relayers attest: one deposit event of the Ethereum vault.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Deposit<AccountId, Balance> {
	/// The vault's deposit nonce.
	pub nonce: DepositNonce,
	/// The token contract deposited (for LBL: the wrapped LBL contract, burned by the vault).
	pub token: EthAddress,
	/// Who deposited on Ethereum.
	pub sender: EthAddress,
	/// Who receives on LabelChain.
	pub recipient: AccountId,
	/// Amount, in base units (the same on both sides: see `decimals`).
	pub amount: Balance,
	/// The token's decimals, as the vault read them from the token at the deposit: the deposit
	/// executes only if they are the registered ones.
	pub decimals: u8,
}

/// Where an inbound deposit is.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum InboundState<BlockNumber> {
	/// Attested by some relayers, all with this content digest; not yet the threshold.
	Attesting {
		/// `deposit_digest` of the attested content.
		digest: H256,
		/// The block of its first attestation: after `AttestationExpiry` blocks anyone may
		/// prune it (relayers attest again a real deposit that waited).
		since: BlockNumber,
	},
	/// Relayers attested different contents: it never executes (governance investigates).
	Conflicted {
		/// The first digest attested.
		first: H256,
		/// The first different digest attested.
		second: H256,
	},
	/// Minted or released; attestations for this nonce are refused from now on.
	Executed {
		/// The executed content's digest.
		digest: H256,
	},
}

/// A transfer out, queued for the relayers to sign and the vault to execute.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Outbound<AccountId, AssetId, Balance, BlockNumber> {
	/// The vault that pays it out: the one set when it was queued. Relayers sign it for this
	/// vault only, so that a later vault cannot pay it a second time.
	pub vault: Vault,
	/// The token contract the vault pays out (for LBL: mints as wrapped LBL).
	pub token: EthAddress,
	/// The token's registered decimals, signed with it: the vault checks the token's.
	pub decimals: u8,
	/// The asset burned or locked here.
	pub asset: AssetId,
	/// Who sent it here.
	pub sender: AccountId,
	/// Who receives on Ethereum.
	pub recipient: EthAddress,
	/// Amount.
	pub amount: Balance,
	/// Block it was queued in.
	pub queued_at: BlockNumber,
}

/// Which way value crosses.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum Direction {
	/// Ethereum to LabelChain.
	In,
	/// LabelChain to Ethereum.
	Out,
}

/// What crossed in one direction during one rate period.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
)]
pub struct Flow<Balance> {
	/// The period (block number divided by the period length).
	pub period: u32,
	/// Amount that crossed in it.
	pub amount: Balance,
}

/// The Ethereum side: the chain and the vault contract deposits come from and transfers out go to.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub struct Vault {
	/// The Ethereum chain id (EIP-155).
	pub chain_id: u64,
	/// The vault contract's address.
	pub address: EthAddress,
}

/// The digest relayers agree on: `blake2_256("labelchain/eth-bridge/deposit" ‖ SCALE(vault) ‖
/// SCALE(deposit))`. Two relayers agree on a deposit exactly when they saw the same content from
/// the same vault on the same Ethereum chain.
pub fn deposit_digest<AccountId: Encode, Balance: Encode>(
	vault: &Vault,
	deposit: &Deposit<AccountId, Balance>,
) -> H256 {
	let mut data = b"labelchain/eth-bridge/deposit".to_vec();
	vault.encode_to(&mut data);
	deposit.encode_to(&mut data);
	H256(sp_io::hashing::blake2_256(&data))
}

/// A relayer's secp256k1 signature of an outbound message, as Ethereum's `ecrecover` takes it:
/// `r ‖ s ‖ v`.
pub type EthSignature = [u8; 65];

/// `keccak256("labelchain/eth-bridge/release")`: the domain tag of release digests.
pub fn release_tag() -> [u8; 32] {
	sp_io::hashing::keccak_256(b"labelchain/eth-bridge/release")
}

fn word_u64(v: u64) -> [u8; 32] {
	let mut w = [0u8; 32];
	w[24..].copy_from_slice(&v.to_be_bytes());
	w
}

fn word_u128(v: u128) -> [u8; 32] {
	let mut w = [0u8; 32];
	w[16..].copy_from_slice(&v.to_be_bytes());
	w
}

fn word_address(a: &EthAddress) -> [u8; 32] {
	let mut w = [0u8; 32];
	w[12..].copy_from_slice(a.as_bytes());
	w
}

/// What relayers sign for outbound message `nonce`, exactly as the vault's `releaseDigest`:
/// `keccak256(abi.encode(RELEASE_TAG, chainid, vault, nonce, token, recipient, amount,
/// decimals))`.
pub fn release_digest(
	vault: &Vault,
	nonce: OutboundNonce,
	token: &EthAddress,
	recipient: &EthAddress,
	amount: u128,
	decimals: u8,
) -> [u8; 32] {
	let mut data = alloc::vec::Vec::with_capacity(8 * 32);
	data.extend_from_slice(&release_tag());
	data.extend_from_slice(&word_u64(vault.chain_id));
	data.extend_from_slice(&word_address(&vault.address));
	data.extend_from_slice(&word_u64(nonce));
	data.extend_from_slice(&word_address(token));
	data.extend_from_slice(&word_address(recipient));
	data.extend_from_slice(&word_u128(amount));
	data.extend_from_slice(&word_u64(decimals.into()));
	sp_io::hashing::keccak_256(&data)
}

/// The Ethereum address that signed `digest`, if the signature is valid.
pub fn recover_signer(signature: &EthSignature, digest: &[u8; 32]) -> Option<EthAddress> {
	let public = sp_io::crypto::secp256k1_ecdsa_recover(signature, digest).ok()?;
	let hash = sp_io::hashing::keccak_256(&public);
	Some(EthAddress::from_slice(&hash[12..]))
}
