// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// A minimal ERC-20 (EIP-20 events and return values).
contract ERC20 {
    string public name;
    string public symbol;
    uint8 public immutable decimals;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor(string memory name_, string memory symbol_, uint8 decimals_) {
        name = name_;
        symbol = symbol_;
        decimals = decimals_;
    }

    function transfer(address to, uint256 amount) external virtual returns (bool) {
        _transfer(msg.sender, to, amount);
        return true;
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
        return true;
    }

    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        _spend(from, msg.sender, amount);
        _transfer(from, to, amount);
        return true;
    }

    function _spend(address from, address spender, uint256 amount) internal {
        uint256 allowed = allowance[from][spender];
        require(allowed >= amount, "allowance");
        if (allowed != type(uint256).max) allowance[from][spender] = allowed - amount;
    }

    function _transfer(address from, address to, uint256 amount) internal {
        require(to != address(0), "zero address");
        require(balanceOf[from] >= amount, "balance");
        balanceOf[from] -= amount;
        balanceOf[to] += amount;
        emit Transfer(from, to, amount);
    }

    function _mint(address to, uint256 amount) internal {
        totalSupply += amount;
        balanceOf[to] += amount;
        emit Transfer(address(0), to, amount);
    }

    function _burn(address from, uint256 amount) internal {
        require(balanceOf[from] >= amount, "balance");
        balanceOf[from] -= amount;
        totalSupply -= amount;
        emit Transfer(from, address(0), amount);
    }
}

/// A stand-in for USDC in tests: 6 decimals, anyone may mint.
contract MockUSDC is ERC20("Mock USD Coin", "USDC", 6) {
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}

/// LBL on Ethereum: minted by the vault for LBL locked on LabelChain, burned by it on the way
/// back. 12 decimals, as LBL.
contract WrappedLBL is ERC20("Wrapped LabelChain Token", "wLBL", 12) {
    address public vault;
    address private immutable deployer;

    constructor() {
        deployer = msg.sender;
    }

    /// Set once, by the deployer, right after the vault is deployed.
    function setVault(address vault_) external {
        require(msg.sender == deployer && vault == address(0) && vault_ != address(0), "vault");
        vault = vault_;
    }

    function mint(address to, uint256 amount) external {
        require(msg.sender == vault, "only vault");
        _mint(to, amount);
    }

    /// Burns from `from`, spending the vault's allowance (the depositor approves the vault).
    function burnFrom(address from, uint256 amount) external {
        require(msg.sender == vault, "only vault");
        _spend(from, msg.sender, amount);
        _burn(from, amount);
    }
}

/// A token like USDT on Ethereum: `transfer`, `transferFrom` and `approve` return nothing (not
/// the EIP-20 `bool`), which a vault calling through the plain interface cannot decode.
contract MockUSDT {
    string public constant name = "Mock Tether USD";
    string public constant symbol = "USDT";
    uint8 public constant decimals = 6;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    function mint(address to, uint256 amount) external {
        totalSupply += amount;
        balanceOf[to] += amount;
        emit Transfer(address(0), to, amount);
    }

    function approve(address spender, uint256 amount) external {
        allowance[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
    }

    function transfer(address to, uint256 amount) external {
        _transfer(msg.sender, to, amount);
    }

    function transferFrom(address from, address to, uint256 amount) external {
        require(allowance[from][msg.sender] >= amount, "allowance");
        allowance[from][msg.sender] -= amount;
        _transfer(from, to, amount);
    }

    function _transfer(address from, address to, uint256 amount) internal {
        require(balanceOf[from] >= amount, "balance");
        balanceOf[from] -= amount;
        balanceOf[to] += amount;
        emit Transfer(from, to, amount);
    }
}

/// A token whose `transfer` reports failure with `false` (once `failing` is set) instead of
/// reverting, and moves nothing.
contract FalseReturningToken is ERC20("False-returning token", "FALSE", 6) {
    bool public failing;

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setFailing(bool failing_) external {
        failing = failing_;
    }

    function transfer(address to, uint256 amount) external override returns (bool) {
        if (failing) return false;
        _transfer(msg.sender, to, amount);
        return true;
    }
}
