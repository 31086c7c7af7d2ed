// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// The ERC-20 calls the vault makes.
interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function balanceOf(address who) external view returns (uint256);
}

/// The wrapped LBL token: only the vault mints and burns.
interface IWrappedLbl {
    function mint(address to, uint256 amount) external;
    function burnFrom(address from, uint256 amount) external;
}

/// The Ethereum end of the LabelChain bridge.
///
/// In: `deposit` locks an ERC-20 (or burns wrapped LBL) and emits `Deposit` with the next
/// deposit nonce; LabelChain's relayers attest it there, and M of N attestations mint (or
/// release LBL) on LabelChain.
/// Out: LabelChain burns or locks and queues a message with an outbound nonce; its relayers
/// sign `releaseDigest(nonce, token, recipient, amount)` and post their signatures on
/// LabelChain; anyone submits `release` with at least `threshold` signatures of distinct
/// relayers, which pays out once per nonce (wrapped LBL is minted).
/// Limits: each token releases at most `maxRelease` at once and `perPeriod` per hour, set by the
/// owner (a token without limits releases nothing), so that M relayer keys cannot empty the vault
/// at once. A release refused by a limit stays releasable in a later hour.
contract LabelChainVault {
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

    address public owner;
    address public immutable wrappedLbl;
    mapping(address => bool) public isRelayer;
    address[] public relayers;
    uint256 public threshold;
    bool public paused;
    uint64 public nextDepositNonce;
    mapping(uint64 => bool) public released;
    mapping(address => ReleaseLimit) public releaseLimits;

    event Deposit(uint64 indexed nonce, address indexed token, address indexed sender, bytes32 recipient, uint256 amount);
    event Released(uint64 indexed nonce, address indexed token, address indexed recipient, uint256 amount);
    event RelayersSet(address[] relayers, uint256 threshold);
    event PauseSet(bool paused);
    event ReleaseLimitSet(address indexed token, uint256 maxRelease, uint256 perPeriod);

    error NotOwner();
    error Paused();
    error ZeroAmount();
    error ZeroRecipient();
    error AmountMismatch();
    error TransferFailed();
    error AlreadyReleased();
    error NotEnoughSignatures();
    error BadSignature();
    error SignersNotAscending();
    error NotRelayer();
    error InvalidThreshold();
    error TokenNotEnabled();
    error AboveMaxRelease();
    error RateLimited();
    error InvalidLimit();

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner();
        _;
    }

    modifier running() {
        if (paused) revert Paused();
        _;
    }

    constructor(address wrappedLbl_, address[] memory relayers_, uint256 threshold_) {
        owner = msg.sender;
        wrappedLbl = wrappedLbl_;
        _setRelayers(relayers_, threshold_);
    }

    /// Locks `amount` of `token` (or burns wrapped LBL) for `recipient` on LabelChain.
    function deposit(address token, uint256 amount, bytes32 recipient) external running returns (uint64 nonce) {
        if (amount == 0) revert ZeroAmount();
        if (recipient == bytes32(0)) revert ZeroRecipient();
        if (token == wrappedLbl) {
            IWrappedLbl(token).burnFrom(msg.sender, amount);
        } else {
            uint256 before = IERC20(token).balanceOf(address(this));
            if (!IERC20(token).transferFrom(msg.sender, address(this), amount)) revert TransferFailed();
            // Fee-on-transfer or rebasing tokens would credit more than arrived.
            if (IERC20(token).balanceOf(address(this)) - before != amount) revert AmountMismatch();
        }
        nonce = nextDepositNonce++;
        emit Deposit(nonce, token, msg.sender, recipient, amount);
    }

    /// What relayers sign for outbound message `nonce`: bound to this chain and this vault.
    function releaseDigest(uint64 nonce, address token, address recipient, uint256 amount) public view returns (bytes32) {
        return keccak256(abi.encode(RELEASE_TAG, block.chainid, address(this), nonce, token, recipient, amount));
    }

    /// Pays out outbound message `nonce` given `threshold` signatures of distinct relayers,
    /// ordered by ascending signer address. Each nonce pays once.
    function release(uint64 nonce, address token, address recipient, uint256 amount, bytes[] calldata signatures)
        external
        running
    {
        if (released[nonce]) revert AlreadyReleased();
        if (amount == 0) revert ZeroAmount();
        if (recipient == address(0)) revert ZeroRecipient();
        if (signatures.length < threshold) revert NotEnoughSignatures();
        bytes32 digest = releaseDigest(nonce, token, recipient, amount);
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
        } else if (!IERC20(token).transfer(recipient, amount)) {
            revert TransferFailed();
        }
        emit Released(nonce, token, recipient, amount);
    }

    function setRelayers(address[] calldata relayers_, uint256 threshold_) external onlyOwner {
        _setRelayers(relayers_, threshold_);
    }

    /// Sets what `token` may release at once and per hour; `perPeriod` 0 disables its releases.
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

    /// The signer of a 65-byte (r, s, v) signature over `digest`; rejects malleable `s`.
    function _recover(bytes32 digest, bytes calldata sig) internal pure returns (address signer) {
        if (sig.length != 65) revert BadSignature();
        bytes32 r = bytes32(sig[0:32]);
        bytes32 s = bytes32(sig[32:64]);
        uint8 v = uint8(sig[64]);
        if (v < 27) v += 27;
        if (uint256(s) > 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0) revert BadSignature();
        if (v != 27 && v != 28) revert BadSignature();
        signer = ecrecover(digest, v, r, s);
        if (signer == address(0)) revert BadSignature();
    }
}
