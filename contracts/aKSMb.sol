// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title aKSMb — share-based bond token (also deployed as aDOTb).
/// Balances are derived from shares: balanceOf = sharesToBalance(sharesOf).
/// `ratio` = shares per token unit, 1e18-scaled (starts at 1e18).
contract aKSMb {
    string public name;
    string public symbol;
    uint8 public constant decimals = 18;

    address public operator;
    address public pool;
    uint256 public ratio;

    mapping(address => uint256) private _shares;
    uint256 private _totalShares;
    mapping(address => mapping(address => uint256)) private _allowances;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);
    event RatioUpdate(uint256 newRatio);
    event PoolChanged(address pool);
    event OperatorChanged(address operator);

    error OnlyOperator(address caller);
    error OnlyPool(address caller);
    error ZeroRatio();
    error ZeroAddress();
    error InsufficientShares(address account, uint256 shares, uint256 needed);
    error InsufficientAllowance(address owner, address spender, uint256 allowance, uint256 needed);

    modifier onlyOperator() {
        if (msg.sender != operator) revert OnlyOperator(msg.sender);
        _;
    }

    modifier onlyPool() {
        if (msg.sender != pool) revert OnlyPool(msg.sender);
        _;
    }

    constructor(string memory name_, string memory symbol_, address operator_) {
        if (operator_ == address(0)) revert ZeroAddress();
        name = name_;
        symbol = symbol_;
        operator = operator_;
        ratio = 1e18;
    }

    // ---- administration ----

    function setPool(address pool_) external onlyOperator {
        if (pool_ == address(0)) revert ZeroAddress();
        pool = pool_;
        emit PoolChanged(pool_);
    }

    function changeOperator(address operator_) external onlyOperator {
        if (operator_ == address(0)) revert ZeroAddress();
        operator = operator_;
        emit OperatorChanged(operator_);
    }

    function updateRatio(uint256 newRatio) external onlyOperator {
        if (newRatio == 0) revert ZeroRatio();
        ratio = newRatio;
        emit RatioUpdate(newRatio);
    }

    // ---- share arithmetic ----

    /// floor(amount * ratio / 1e18)
    function balanceToShares(uint256 amount) public view returns (uint256) {
        return (amount * ratio) / 1e18;
    }

    /// ceil(shares * 1e18 / ratio)
    function sharesToBalance(uint256 shares) public view returns (uint256) {
        if (shares == 0) return 0;
        return (shares * 1e18 + ratio - 1) / ratio;
    }

    function sharesOf(address account) external view returns (uint256) {
        return _shares[account];
    }

    function totalSharesSupply() external view returns (uint256) {
        return _totalShares;
    }

    function balanceOf(address account) external view returns (uint256) {
        return sharesToBalance(_shares[account]);
    }

    function totalSupply() external view returns (uint256) {
        return sharesToBalance(_totalShares);
    }

    // ---- ERC-20 (amounts in aKSMb) ----

    function allowance(address owner, address spender) external view returns (uint256) {
        return _allowances[owner][spender];
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        if (spender == address(0)) revert ZeroAddress();
        _allowances[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
        return true;
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        _transfer(msg.sender, to, amount);
        return true;
    }

    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        uint256 allowed = _allowances[from][msg.sender];
        if (allowed != type(uint256).max) {
            if (allowed < amount) revert InsufficientAllowance(from, msg.sender, allowed, amount);
            unchecked {
                _allowances[from][msg.sender] = allowed - amount;
            }
        }
        _transfer(from, to, amount);
        return true;
    }

    function _transfer(address from, address to, uint256 amount) internal {
        if (to == address(0)) revert ZeroAddress();
        uint256 shares = balanceToShares(amount);
        uint256 have = _shares[from];
        if (have < shares) revert InsufficientShares(from, have, shares);
        unchecked {
            _shares[from] = have - shares;
        }
        _shares[to] += shares;
        emit Transfer(from, to, amount);
    }

    // ---- pool-only mint / burn (in shares) ----

    function mint(address account, uint256 shares) external onlyPool {
        if (account == address(0)) revert ZeroAddress();
        _shares[account] += shares;
        _totalShares += shares;
        emit Transfer(address(0), account, shares);
    }

    function burn(address account, uint256 shares) external onlyPool {
        uint256 have = _shares[account];
        if (have < shares) revert InsufficientShares(account, have, shares);
        unchecked {
            _shares[account] = have - shares;
            _totalShares -= shares;
        }
        emit Transfer(account, address(0), shares);
    }
}
