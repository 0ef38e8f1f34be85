// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title aKSMb — share-based bond token (also deployed as aDOTb), behaving as Ankr's deployed
/// `AnkrBond_R1` does (SPEC §1). Written from the SPEC, not copied.
///
/// Storage is in SHARES: `sharesOf`, `totalSharesSupply` and the allowances. Token amounts (aKSMb) are
/// derived: balanceOf = sharesToBalance(sharesOf), totalSupply = sharesToBalance(totalSharesSupply).
/// `ratio` = shares per aKSMb, 1e18-scaled (starts at 1e18).
///
/// The unit of a `Transfer` log depends on the function that emitted it:
///  - `transfer(to, amount)`            moves balanceToShares(amount) shares, logs Transfer(from, to, amount) in aKSMb;
///  - `transferFrom(from, to, amount)`  moves balanceToShares(amount) shares through the ERC-20 base, which
///                                      logs Transfer and Approval in SHARES;
///  - `mint` / `burn` (by the pool)     log Transfer from / to the zero address in SHARES.
/// `transfer` to the zero address is an ordinary transfer: the shares are held by 0x0, the total is unchanged.
contract aKSMb {
    string public name;
    string public symbol;
    uint8 public constant decimals = 18;

    address public operator;
    address public pool;
    uint256 public ratio;

    mapping(address => uint256) private _shares;
    uint256 private _totalShares;
    /// allowances in shares
    mapping(address => mapping(address => uint256)) private _allowances;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);
    event RatioUpdate(uint256 newRatio);
    event PoolChanged(address pool);
    event OperatorChanged(address operator);

    error OnlyOperator(address caller);
    error OnlyPool(address caller);
    error OnlyPoolOrOperator(address caller);
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

    modifier onlyPoolOrOperator() {
        if (msg.sender != pool && msg.sender != operator) revert OnlyPoolOrOperator(msg.sender);
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

    /// By the pool or the operator; any value > 0, no bound on the change.
    function updateRatio(uint256 newRatio) external onlyPoolOrOperator {
        if (newRatio == 0) revert ZeroRatio();
        ratio = newRatio;
        emit RatioUpdate(newRatio);
    }

    // ---- share arithmetic (exact for any uint256 amount while ratio·1e18 < 2^256) ----

    /// floor(amount * ratio / 1e18)
    function balanceToShares(uint256 amount) public view returns (uint256) {
        return _mulDivFloor(amount, ratio, 1e18);
    }

    /// ceil(shares * 1e18 / ratio)
    function sharesToBalance(uint256 shares) public view returns (uint256) {
        return _mulDivCeil(shares, 1e18, ratio);
    }

    function _mulDivFloor(uint256 a, uint256 b, uint256 c) private pure returns (uint256) {
        return (a / c) * b + ((a % c) * b) / c;
    }

    function _mulDivCeil(uint256 a, uint256 b, uint256 c) private pure returns (uint256) {
        return (a / c) * b + ((a % c) * b + (c - 1)) / c;
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

    // ---- ERC-20 ----

    /// `transfer` moves balanceToShares(amount) shares and logs the aKSMb `amount`. The recipient may be
    /// the zero address (an ordinary transfer: not a burn).
    function transfer(address to, uint256 amount) external returns (bool) {
        uint256 shares = balanceToShares(amount);
        uint256 have = _shares[msg.sender];
        if (have < shares) revert InsufficientShares(msg.sender, have, shares);
        unchecked {
            _shares[msg.sender] = have - shares;
        }
        _shares[to] += shares;
        emit Transfer(msg.sender, to, amount);
        return true;
    }

    /// The allowance is held in shares; read back as its aKSMb value.
    function allowance(address owner, address spender) external view returns (uint256) {
        return sharesToBalance(_allowances[owner][spender]);
    }

    /// Approves balanceToShares(amount) shares; logs Approval in shares.
    function approve(address spender, uint256 amount) external returns (bool) {
        _approveShares(msg.sender, spender, balanceToShares(amount));
        return true;
    }

    function increaseAllowance(address spender, uint256 addedValue) external returns (bool) {
        _approveShares(msg.sender, spender, _allowances[msg.sender][spender] + balanceToShares(addedValue));
        return true;
    }

    function decreaseAllowance(address spender, uint256 subtractedValue) external returns (bool) {
        uint256 current = _allowances[msg.sender][spender];
        uint256 shares = balanceToShares(subtractedValue);
        if (current < shares) revert InsufficientAllowance(msg.sender, spender, current, shares);
        unchecked {
            _approveShares(msg.sender, spender, current - shares);
        }
        return true;
    }

    /// Moves balanceToShares(amount) shares through the ERC-20 base: Transfer and Approval in shares.
    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        uint256 shares = balanceToShares(amount);
        _transferShares(from, to, shares);
        uint256 allowed = _allowances[from][msg.sender];
        if (allowed < shares) revert InsufficientAllowance(from, msg.sender, allowed, shares);
        unchecked {
            _approveShares(from, msg.sender, allowed - shares);
        }
        return true;
    }

    /// the ERC-20 base, in shares
    function _transferShares(address from, address to, uint256 shares) internal {
        if (from == address(0) || to == address(0)) revert ZeroAddress();
        uint256 have = _shares[from];
        if (have < shares) revert InsufficientShares(from, have, shares);
        unchecked {
            _shares[from] = have - shares;
        }
        _shares[to] += shares;
        emit Transfer(from, to, shares);
    }

    function _approveShares(address owner, address spender, uint256 shares) internal {
        if (owner == address(0) || spender == address(0)) revert ZeroAddress();
        _allowances[owner][spender] = shares;
        emit Approval(owner, spender, shares);
    }

    // ---- pool-only mint / burn (in shares) ----

    function mint(address account, uint256 shares) external onlyPool {
        if (account == address(0)) revert ZeroAddress();
        _shares[account] += shares;
        _totalShares += shares;
        emit Transfer(address(0), account, shares);
    }

    function burn(address account, uint256 shares) external onlyPool {
        if (account == address(0)) revert ZeroAddress();
        uint256 have = _shares[account];
        if (have < shares) revert InsufficientShares(account, have, shares);
        unchecked {
            _shares[account] = have - shares;
            _totalShares -= shares;
        }
        emit Transfer(account, address(0), shares);
    }
}
