// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

interface IBondToken {
    function mint(address account, uint256 shares) external;
    function burn(address account, uint256 shares) external;
    function balanceToShares(uint256 amount) external view returns (uint256);
    function sharesOf(address account) external view returns (uint256);
}

/// @title PolkadotPool — claims (notary-signed mints) and burns (unstake requests) for several bond
/// tokens, behaving as Ankr's deployed `PolkadotPool_R0` / R1 do (SPEC §1). Written from the SPEC, not copied.
///  - `isClaimValid(token, claimId, claimBeforeBlock, amount, account, signature)`: claimBeforeBlock BEFORE
///    amount, unlike `claimBonds(bond, claimId, amount, claimBeforeBlock, account, signature)`.
///  - An expired claim fails as an invalid signature. Neither claims nor burns check that the bond is
///    registered (the bond list below is informational only).
///  - `burnBond` R0 burns `amount` shares (0 allowed); R1 takes aKSMb and burns balanceToShares(amount).
///    A recipient must be a Kusama account (32 bytes, or 35 bytes of SS58 payload), else `incorrect address`.
contract PolkadotPool {
    // secp256k1n / 2
    uint256 private constant HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;
    // blake2b-512 initial state (IV with h0 ^= 0x01010040), little-endian words, as EIP-152 expects.
    bytes32 private constant B2_H0 = 0x48c9bdf267e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5;
    bytes32 private constant B2_H1 = 0xd182e6ad7f520e511f6c3e2b8c68059b6bbd41fbabd9831f79217e1319cde05b;

    address public owner;
    address public consensus;
    uint8 public poolRevision;
    bool public recipientValidation;

    mapping(address => bool) private _bonds;
    mapping(uint256 => bool) private _claimUsed;

    event TokensClaimed(address token, uint256 claimId, uint256 amount, uint256 claimBeforeBlock, address account);
    event TokensBurned(address token, address account, bytes recipient, uint256 amount);
    event TokensBurned(address token, address account, bytes recipient, uint256 amount, uint256 shares);
    event BondAdded(address token);
    event BondRemoved(address token);
    event ConsensusChanged(address consensus);
    event OwnerChanged(address owner);
    event PoolRevisionChanged(uint8 revision);
    event RecipientValidationChanged(bool enabled);

    error OnlyOwner(address caller);
    error ZeroAddress();
    error ClaimAlreadyUsed(uint256 claimId);
    error InvalidSignature();
    error InsufficientShares(address account, uint256 shares, uint256 needed);
    error UnknownRevision(uint8 revision);
    error Blake2fFailed();

    modifier onlyOwner() {
        if (msg.sender != owner) revert OnlyOwner(msg.sender);
        _;
    }

    constructor(address owner_, address consensus_, uint8 revision_) {
        if (owner_ == address(0) || consensus_ == address(0)) revert ZeroAddress();
        if (revision_ > 1) revert UnknownRevision(revision_);
        owner = owner_;
        consensus = consensus_;
        poolRevision = revision_;
        recipientValidation = true;
    }

    // ---- administration ----

    function addBond(address bond) external onlyOwner {
        if (bond == address(0)) revert ZeroAddress();
        _bonds[bond] = true;
        emit BondAdded(bond);
    }

    function removeBond(address bond) external onlyOwner {
        _bonds[bond] = false;
        emit BondRemoved(bond);
    }

    /// informational: claims and burns never consult it
    function isBondSupported(address bond) external view returns (bool) {
        return _bonds[bond];
    }

    function setConsensus(address consensus_) external onlyOwner {
        if (consensus_ == address(0)) revert ZeroAddress();
        consensus = consensus_;
        emit ConsensusChanged(consensus_);
    }

    function changeOwner(address owner_) external onlyOwner {
        if (owner_ == address(0)) revert ZeroAddress();
        owner = owner_;
        emit OwnerChanged(owner_);
    }

    function setPoolRevision(uint8 revision) external onlyOwner {
        if (revision > 1) revert UnknownRevision(revision);
        poolRevision = revision;
        emit PoolRevisionChanged(revision);
    }

    /// Local test switch (not on the deployed pool, where validation is always on): off lets any
    /// recipient bytes through, so INVALID_RECIPIENT burns can be produced.
    function setRecipientValidation(bool enabled) external onlyOwner {
        recipientValidation = enabled;
        emit RecipientValidationChanged(enabled);
    }

    // ---- claims ----

    function claimHash(address bond, uint256 claimId, uint256 amount, uint256 claimBeforeBlock, address account)
        public
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(bond, claimId, amount, claimBeforeBlock, account));
    }

    function isClaimUsed(uint256 claimId) external view returns (bool) {
        return _claimUsed[claimId];
    }

    /// Argument order as deployed: claimBeforeBlock BEFORE amount.
    function isClaimValid(
        address token,
        uint256 claimId,
        uint256 claimBeforeBlock,
        uint256 amount,
        address account,
        bytes calldata signature
    ) external view returns (bool) {
        if (_claimUsed[claimId]) return false;
        return _claimSignatureValid(token, claimId, amount, claimBeforeBlock, account, signature);
    }

    function claimBonds(
        address bond,
        uint256 claimId,
        uint256 amount,
        uint256 claimBeforeBlock,
        address account,
        bytes calldata signature
    ) external {
        if (_claimUsed[claimId]) revert ClaimAlreadyUsed(claimId);
        _claimUsed[claimId] = true;
        if (!_claimSignatureValid(bond, claimId, amount, claimBeforeBlock, account, signature)) revert InvalidSignature();
        IBondToken(bond).mint(account, amount);
        emit TokensClaimed(bond, claimId, amount, claimBeforeBlock, account);
    }

    /// The signature check covers the expiry: a claim past claimBeforeBlock fails as an invalid signature.
    function _claimSignatureValid(
        address token,
        uint256 claimId,
        uint256 amount,
        uint256 claimBeforeBlock,
        address account,
        bytes calldata signature
    ) internal view returns (bool) {
        if (block.number > claimBeforeBlock) return false;
        return _recover(claimHash(token, claimId, amount, claimBeforeBlock, account), signature) == consensus;
    }

    /// ecrecover over the raw hash (no EIP-191 prefix); returns address(0) for malformed signatures.
    function _recover(bytes32 hash, bytes calldata sig) internal pure returns (address) {
        if (sig.length != 65) return address(0);
        bytes32 r = bytes32(sig[0:32]);
        bytes32 s = bytes32(sig[32:64]);
        uint8 v = uint8(sig[64]);
        if (v < 27) v += 27;
        if (v != 27 && v != 28) return address(0);
        if (uint256(s) > HALF_N) return address(0);
        return ecrecover(hash, v, r, s);
    }

    // ---- burns ----

    function burnBond(address bond, uint256 amount, bytes calldata recipient) external {
        require(!recipientValidation || isRecipientValid(recipient), "incorrect address");
        IBondToken token = IBondToken(bond);
        if (poolRevision == 0) {
            _burnShares(token, amount);
            emit TokensBurned(bond, msg.sender, recipient, amount);
        } else {
            uint256 shares = token.balanceToShares(amount);
            _burnShares(token, shares);
            emit TokensBurned(bond, msg.sender, recipient, amount, shares);
        }
    }

    function _burnShares(IBondToken token, uint256 shares) internal {
        uint256 have = token.sharesOf(msg.sender);
        if (have < shares) revert InsufficientShares(msg.sender, have, shares);
        token.burn(msg.sender, shares);
    }

    /// A recipient that can be a Kusama account: a 32-byte public key, or 35 bytes =
    /// network byte in {0x00, 0x02, 0x2a} ‖ key ‖ first two bytes of blake2b-512("SS58PRE" ‖ network ‖ key).
    function isRecipientValid(bytes calldata recipient) public view returns (bool) {
        if (recipient.length == 32) return true;
        if (recipient.length != 35) return false;
        uint8 network = uint8(recipient[0]);
        if (network != 0x00 && network != 0x02 && network != 0x2a) return false;
        bytes32 digestHead = _blake2b512Head(recipient[0:33]);
        return recipient[33] == digestHead[0] && recipient[34] == digestHead[1];
    }

    /// First 32 bytes of blake2b-512("SS58PRE" ‖ data) for a 33-byte `data`, via the EIP-152 precompile (0x09).
    function _blake2b512Head(bytes calldata data) internal view returns (bytes32 head) {
        // message block: "SS58PRE" (7) ‖ data (33) ‖ 88 zero bytes = 128 bytes; t = 40 (LE u64 ‖ 0); final.
        bytes memory input = abi.encodePacked(
            uint32(12),
            B2_H0,
            B2_H1,
            bytes7("SS58PRE"),
            data,
            bytes32(0),
            bytes32(0),
            bytes24(0),
            bytes8(0x2800000000000000),
            bytes8(0),
            bytes1(0x01)
        );
        (bool ok, bytes memory out) = address(0x09).staticcall(input);
        if (!ok || out.length != 64) revert Blake2fFailed();
        assembly {
            head := mload(add(out, 32))
        }
    }
}
