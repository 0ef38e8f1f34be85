/** Claim signatures for PolkadotPool.claimBonds.
 *  The pool verifies a secp256k1 signature by its consensus (notary) address over the RAW
 *  keccak256(abi.encode(token, claimId, amount, claimBeforeBlock, account)) — no EIP-191 prefix. */
import { AbiCoder, getAddress, keccak256, recoverAddress, Signature, SigningKey } from 'ethers'

export type UintLike = bigint | number | string

const coder = AbiCoder.defaultAbiCoder()

function uint(x: UintLike, what: string): bigint {
    const v = BigInt(x)
    if (v < 0n || v >= 1n << 256n) throw new RangeError(`${what} out of uint256 range: ${x}`)
    return v
}

/** keccak256(abi.encode(address token, uint256 claimId, uint256 amount, uint256 claimBeforeBlock, address account)) */
export function claimHash(token: string, claimId: UintLike, amount: UintLike, claimBeforeBlock: UintLike, account: string): string {
    return keccak256(coder.encode(
        ['address', 'uint256', 'uint256', 'uint256', 'address'],
        [getAddress(token), uint(claimId, 'claimId'), uint(amount, 'amount'), uint(claimBeforeBlock, 'claimBeforeBlock'), getAddress(account)],
    ))
}

/** 65-byte 0x signature (r ‖ s ‖ v, v ∈ {27, 28}, low s) over the raw claim hash. */
export function signClaim(privateKey: string, token: string, claimId: UintLike, amount: UintLike, claimBeforeBlock: UintLike, account: string): string {
    return new SigningKey(privateKey).sign(claimHash(token, claimId, amount, claimBeforeBlock, account)).serialized
}

/** The address that signed the claim (checksummed), or throws on a malformed signature. */
export function recoverClaimSigner(signature: string, token: string, claimId: UintLike, amount: UintLike, claimBeforeBlock: UintLike, account: string): string {
    return recoverAddress(claimHash(token, claimId, amount, claimBeforeBlock, account), Signature.from(signature))
}
