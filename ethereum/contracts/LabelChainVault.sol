// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// The wrapped LBL token: only the vault mints and burns.
interface IWrappedLbl {
    function mint(address to, uint256 amount) external;
    function burnFrom(address from, uint256 amount) external;
}

/// The Ethereum end of the LabelChain bridge.
///
/// In: `deposit` locks an ERC-20 (or burns wrapped LBL) and emits `Deposit` with the next
/// deposit nonce and the token's decimals; LabelChain's relayers attest it there, and M of N
/// attestations mint (or release LBL) on LabelChain, if LabelChain registered the token with the
/// same decimals.
/// Out: LabelChain burns or locks and queues a message with an outbound nonce; its relayers
/// sign `releaseDigest(nonce, token, recipient, amount, decimals)` and post their signatures on
/// LabelChain; anyone submits `release` with at least `threshold` signatures of distinct
/// relayers, which pays out once per nonce (wrapped LBL is minted) if the token has the decimals
/// LabelChain signed for.
/// Limits: each token releases at most `maxRelease` at once and `perPeriod` per hour, set by the
/// owner (a token without limits releases nothing and takes no deposit), so that M relayer keys
/// cannot empty the vault at once. A release refused by a limit stays releasable in a later hour.
///
/// Built on OpenZeppelin's audited pieces: `SafeERC20` (tokens whose `transfer` returns nothing,
/// as USDT's, work; one returning `false` reverts), `Ownable2Step` (the owner is handed over in
/// two steps, e.g. to a multisig, and cannot be renounced) and `ECDSA` (malleable high-s
/// signatures, bad `v` and signatures recovering to the zero address are refused).
contract LabelChainVault is Ownable2Step {
    using SafeERC20 for IERC20;

    /// Domain tag of release digests.
    bytes32 public constant RELEASE_TAG = keccak256("labelchain/eth-bridge/release");
    /// The rate-limit period, in seconds of block time.
    uint256 public constant PERIOD = 1 hours;

    /// A token's release limits and what it released in the current period.
    struct ReleaseLimit {
        uint256 maxRelease;
        uint256 perPeriod;
        uint256 period;
        uint256 releasedInPeriod;
    }

    address public immutable wrappedLbl;
    mapping(address => bool) public isRelayer;
    address[] public relayers;
    uint256 public threshold;
    bool public paused;
    /// Set for good when LabelChain moves to a new vault: no deposit is taken any more (it
    /// would never be attested), while the transfers queued for this vault are still released.
    bool public depositsClosed;
    uint64 public nextDepositNonce;
    mapping(uint64 => bool) public released;
    mapping(address => ReleaseLimit) public releaseLimits;

    event Deposit(
        uint64 indexed nonce,
        address indexed token,
        address indexed sender,
        bytes32 recipient,
        uint256 amount,
        uint8 decimals
    );
    event Released(uint64 indexed nonce, address indexed token, address indexed recipient, uint256 amount);
    event RelayersSet(address[] relayers, uint256 threshold);
    event PauseSet(bool paused);
    event DepositsClosed();
    event ReleaseLimitSet(address indexed token, uint256 maxRelease, uint256 perPeriod);

    error Paused();
    error ZeroAmount();
    error ZeroRecipient();
    error AmountMismatch();
    error AlreadyReleased();
    error NotEnoughSignatures();
    error SignersNotAscending();
    error NotRelayer();
    error InvalidThreshold();
    error TokenNotEnabled();
    error AboveMaxRelease();
    error RateLimited();
    error InvalidLimit();
    error DecimalsMismatch(uint8 expected, uint8 actual);
    error RenounceDisabled();
    error Retired();

    modifier running() {
        if (paused) revert Paused();
        _;
    }

    constructor(address wrappedLbl_, address[] memory relayers_, uint256 threshold_) Ownable(msg.sender) {
        wrappedLbl = wrappedLbl_;
        _setRelayers(relayers_, threshold_);
    }

    /// Locks `amount` of `token` (or burns wrapped LBL) for `recipient` on LabelChain. Only
    /// tokens the vault can release again (with limits set) are taken.
    function deposit(address token, uint256 amount, bytes32 recipient) external running returns (uint64 nonce) {
        // A retired vault's deposits would never be attested: its tokens would stay here.
        if (depositsClosed) revert Retired();
        if (amount == 0) revert ZeroAmount();
        if (recipient == bytes32(0)) revert ZeroRecipient();
        // A token the vault never releases would be locked here for good.
        if (releaseLimits[token].perPeriod == 0) revert TokenNotEnabled();
        uint8 decimals = IERC20Metadata(token).decimals();
        if (token == wrappedLbl) {
            IWrappedLbl(token).burnFrom(msg.sender, amount);
        } else {
            uint256 before = IERC20(token).balanceOf(address(this));
            IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
            // Fee-on-transfer or rebasing tokens would credit more than arrived.
            if (IERC20(token).balanceOf(address(this)) - before != amount) revert AmountMismatch();
        }
        nonce = nextDepositNonce++;
        emit Deposit(nonce, token, msg.sender, recipient, amount, decimals);
    }

    /// What relayers sign for outbound message `nonce`: bound to this chain, this vault and the
    /// decimals LabelChain registered for `token`.
    function releaseDigest(uint64 nonce, address token, address recipient, uint256 amount, uint8 decimals)
        public
        view
        returns (bytes32)
    {
        return keccak256(abi.encode(RELEASE_TAG, block.chainid, address(this), nonce, token, recipient, amount, decimals));
    }

    /// Pays out outbound message `nonce` given `threshold` signatures of distinct relayers,
    /// ordered by ascending signer address. Each nonce pays once.
    function release(
        uint64 nonce,
        address token,
        address recipient,
        uint256 amount,
        uint8 decimals,
        bytes[] calldata signatures
    ) external running {
        if (released[nonce]) revert AlreadyReleased();
        if (amount == 0) revert ZeroAmount();
        if (recipient == address(0)) revert ZeroRecipient();
        // Amounts are in the token's units on both sides: a token registered on LabelChain with
        // other decimals would pay out a wrong amount.
        uint8 actual = IERC20Metadata(token).decimals();
        if (actual != decimals) revert DecimalsMismatch(decimals, actual);
        if (signatures.length < threshold) revert NotEnoughSignatures();
        bytes32 digest = releaseDigest(nonce, token, recipient, amount, decimals);
        address last = address(0);
        for (uint256 i = 0; i < signatures.length; i++) {
            address signer = _recover(digest, signatures[i]);
            if (signer <= last) revert SignersNotAscending();
            if (!isRelayer[signer]) revert NotRelayer();
            last = signer;
        }
        _spend(token, amount);
        released[nonce] = true;
        if (token == wrappedLbl) {
            IWrappedLbl(token).mint(recipient, amount);
        } else {
            IERC20(token).safeTransfer(recipient, amount);
        }
        emit Released(nonce, token, recipient, amount);
    }

    function setRelayers(address[] calldata relayers_, uint256 threshold_) external onlyOwner {
        _setRelayers(relayers_, threshold_);
    }

    /// Sets what `token` may release at once and per hour; `perPeriod` 0 disables its releases
    /// and deposits.
    function setReleaseLimit(address token, uint256 maxRelease, uint256 perPeriod) external onlyOwner {
        if (maxRelease > perPeriod) revert InvalidLimit();
        ReleaseLimit storage limit = releaseLimits[token];
        limit.maxRelease = maxRelease;
        limit.perPeriod = perPeriod;
        emit ReleaseLimitSet(token, maxRelease, perPeriod);
    }

    function setPaused(bool paused_) external onlyOwner {
        paused = paused_;
        emit PauseSet(paused_);
    }

    /// Retires the vault before LabelChain moves to a new one: deposits close for good;
    /// releases go on until the transfers queued for this vault are paid.
    function closeDeposits() external onlyOwner {
        depositsClosed = true;
        emit DepositsClosed();
    }

    /// The vault without an owner could never be paused, nor its relayers replaced.
    function renounceOwnership() public view override onlyOwner {
        revert RenounceDisabled();
    }

    function relayerCount() external view returns (uint256) {
        return relayers.length;
    }

    /// Counts `amount` against `token`'s limits, or reverts.
    function _spend(address token, uint256 amount) internal {
        ReleaseLimit storage limit = releaseLimits[token];
        if (limit.perPeriod == 0) revert TokenNotEnabled();
        if (amount > limit.maxRelease) revert AboveMaxRelease();
        uint256 period = block.timestamp / PERIOD;
        if (limit.period != period) {
            limit.period = period;
            limit.releasedInPeriod = 0;
        }
        if (limit.releasedInPeriod + amount > limit.perPeriod) revert RateLimited();
        limit.releasedInPeriod += amount;
    }

    function _setRelayers(address[] memory relayers_, uint256 threshold_) internal {
        uint256 n = relayers_.length;
        // At least two thirds of the relayers, as on LabelChain.
        if (threshold_ == 0 || threshold_ > n || threshold_ * 3 < n * 2) revert InvalidThreshold();
        for (uint256 i = 0; i < relayers.length; i++) {
            isRelayer[relayers[i]] = false;
        }
        delete relayers;
        for (uint256 i = 0; i < n; i++) {
            if (relayers_[i] == address(0) || isRelayer[relayers_[i]]) revert InvalidThreshold();
            isRelayer[relayers_[i]] = true;
            relayers.push(relayers_[i]);
        }
        threshold = threshold_;
        emit RelayersSet(relayers_, threshold_);
    }

    /// The signer of a 65-byte `r ‖ s ‖ v` signature over `digest`, by OpenZeppelin's ECDSA
    /// (which refuses high `s`, a `v` other than 27 or 28 and a zero-address recovery).
    /// LabelChain's keys write `v` as the recovery id (0 or 1): it is moved to 27 or 28 first.
    function _recover(bytes32 digest, bytes calldata sig) internal pure returns (address) {
        if (sig.length != 65) revert ECDSA.ECDSAInvalidSignatureLength(sig.length);
        bytes32 r = bytes32(sig[0:32]);
        bytes32 s = bytes32(sig[32:64]);
        uint8 v = uint8(sig[64]);
        if (v < 2) v += 27;
        return ECDSA.recover(digest, v, r, s);
    }
}
