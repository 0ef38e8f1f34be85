import * as p from '@subsquid/evm-codec'
import { event, fun, viewFun, indexed, ContractBase } from '@subsquid/evm-abi'
import type { EventParams as EParams, FunctionArguments, FunctionReturn } from '@subsquid/evm-abi'

export const events = {
    BondAdded: event("0xafe03ed1b6f7837a8db6c0980af5575373dc506eb62868660d6feeef7af7eec0", "BondAdded(address)", {"token": p.address}),
    BondRemoved: event("0xff88a3b6ae790816ff4f385e4c1acba5a2f5abd3972c4a3c99aa212d8a46f6c3", "BondRemoved(address)", {"token": p.address}),
    ConsensusChanged: event("0x1e2dea1ea1c691deaacf3226024b51e2b907bb9db3a24135738faf96a19b9ed0", "ConsensusChanged(address)", {"consensus": p.address}),
    OwnerChanged: event("0xa2ea9883a321a3e97b8266c2b078bfeec6d50c711ed71f874a90d500ae2eaf36", "OwnerChanged(address)", {"owner": p.address}),
    PoolRevisionChanged: event("0xcd2f99dbcbc2c0aad3c9a6f14ea195f149e1197a8b04a34c9a3981f373cb48de", "PoolRevisionChanged(uint8)", {"revision": p.uint8}),
    RecipientValidationChanged: event("0xdcab18d859816bf7ad092b2e8df51cfca38aae4a66b69d677715d68c5121bd03", "RecipientValidationChanged(bool)", {"enabled": p.bool}),
    'TokensBurned(address,address,bytes,uint256)': event("0x6a8c4f161cfb94c860a1771b7ec921b08d6a3783addd9ff9cab45d53f5e51ec7", "TokensBurned(address,address,bytes,uint256)", {"token": p.address, "account": p.address, "recipient": p.bytes, "amount": p.uint256}),
    'TokensBurned(address,address,bytes,uint256,uint256)': event("0xada0faa3297e03ec0997192680f9e8b9a182bdddf7bb907d6545df1b5b268cb0", "TokensBurned(address,address,bytes,uint256,uint256)", {"token": p.address, "account": p.address, "recipient": p.bytes, "amount": p.uint256, "shares": p.uint256}),
    TokensClaimed: event("0xf9a0a094faccea2220e1808201c29d2c9fe7d526046fe1d7faae3c863f9c016c", "TokensClaimed(address,uint256,uint256,uint256,address)", {"token": p.address, "claimId": p.uint256, "amount": p.uint256, "claimBeforeBlock": p.uint256, "account": p.address}),
}

export const functions = {
    addBond: fun("0x12522ec0", "addBond(address)", {"bond": p.address}, ),
    burnBond: fun("0x561f1e63", "burnBond(address,uint256,bytes)", {"bond": p.address, "amount": p.uint256, "recipient": p.bytes}, ),
    changeOwner: fun("0xa6f9dae1", "changeOwner(address)", {"owner_": p.address}, ),
    claimBonds: fun("0x1cdbbf9b", "claimBonds(address,uint256,uint256,uint256,address,bytes)", {"bond": p.address, "claimId": p.uint256, "amount": p.uint256, "claimBeforeBlock": p.uint256, "account": p.address, "signature": p.bytes}, ),
    claimHash: viewFun("0x7aedda4c", "claimHash(address,uint256,uint256,uint256,address)", {"bond": p.address, "claimId": p.uint256, "amount": p.uint256, "claimBeforeBlock": p.uint256, "account": p.address}, p.bytes32),
    consensus: viewFun("0x8ef3f761", "consensus()", {}, p.address),
    isBondSupported: viewFun("0x359c58f3", "isBondSupported(address)", {"bond": p.address}, p.bool),
    isClaimUsed: viewFun("0x31c7ca40", "isClaimUsed(uint256)", {"claimId": p.uint256}, p.bool),
    isClaimValid: viewFun("0x7c2f54fc", "isClaimValid(address,uint256,uint256,uint256,address,bytes)", {"token": p.address, "claimId": p.uint256, "claimBeforeBlock": p.uint256, "amount": p.uint256, "account": p.address, "signature": p.bytes}, p.bool),
    isRecipientValid: viewFun("0xd10ef19b", "isRecipientValid(bytes)", {"recipient": p.bytes}, p.bool),
    owner: viewFun("0x8da5cb5b", "owner()", {}, p.address),
    poolRevision: viewFun("0xf16f3412", "poolRevision()", {}, p.uint8),
    recipientValidation: viewFun("0xbf982155", "recipientValidation()", {}, p.bool),
    removeBond: fun("0xfd5b9092", "removeBond(address)", {"bond": p.address}, ),
    setConsensus: fun("0x5da7560c", "setConsensus(address)", {"consensus_": p.address}, ),
    setPoolRevision: fun("0x5f9fdd16", "setPoolRevision(uint8)", {"revision": p.uint8}, ),
    setRecipientValidation: fun("0x09fcc8c6", "setRecipientValidation(bool)", {"enabled": p.bool}, ),
}

export class Contract extends ContractBase {

    claimHash(bond: ClaimHashParams["bond"], claimId: ClaimHashParams["claimId"], amount: ClaimHashParams["amount"], claimBeforeBlock: ClaimHashParams["claimBeforeBlock"], account: ClaimHashParams["account"]) {
        return this.eth_call(functions.claimHash, {bond, claimId, amount, claimBeforeBlock, account})
    }

    consensus() {
        return this.eth_call(functions.consensus, {})
    }

    isBondSupported(bond: IsBondSupportedParams["bond"]) {
        return this.eth_call(functions.isBondSupported, {bond})
    }

    isClaimUsed(claimId: IsClaimUsedParams["claimId"]) {
        return this.eth_call(functions.isClaimUsed, {claimId})
    }

    isClaimValid(token: IsClaimValidParams["token"], claimId: IsClaimValidParams["claimId"], claimBeforeBlock: IsClaimValidParams["claimBeforeBlock"], amount: IsClaimValidParams["amount"], account: IsClaimValidParams["account"], signature: IsClaimValidParams["signature"]) {
        return this.eth_call(functions.isClaimValid, {token, claimId, claimBeforeBlock, amount, account, signature})
    }

    isRecipientValid(recipient: IsRecipientValidParams["recipient"]) {
        return this.eth_call(functions.isRecipientValid, {recipient})
    }

    owner() {
        return this.eth_call(functions.owner, {})
    }

    poolRevision() {
        return this.eth_call(functions.poolRevision, {})
    }

    recipientValidation() {
        return this.eth_call(functions.recipientValidation, {})
    }
}

/// Event types
export type BondAddedEventArgs = EParams<typeof events.BondAdded>
export type BondRemovedEventArgs = EParams<typeof events.BondRemoved>
export type ConsensusChangedEventArgs = EParams<typeof events.ConsensusChanged>
export type OwnerChangedEventArgs = EParams<typeof events.OwnerChanged>
export type PoolRevisionChangedEventArgs = EParams<typeof events.PoolRevisionChanged>
export type RecipientValidationChangedEventArgs = EParams<typeof events.RecipientValidationChanged>
export type TokensBurnedEventArgs_0 = EParams<typeof events['TokensBurned(address,address,bytes,uint256)']>
export type TokensBurnedEventArgs_1 = EParams<typeof events['TokensBurned(address,address,bytes,uint256,uint256)']>
export type TokensClaimedEventArgs = EParams<typeof events.TokensClaimed>

/// Function types
export type AddBondParams = FunctionArguments<typeof functions.addBond>
export type AddBondReturn = FunctionReturn<typeof functions.addBond>

export type BurnBondParams = FunctionArguments<typeof functions.burnBond>
export type BurnBondReturn = FunctionReturn<typeof functions.burnBond>

export type ChangeOwnerParams = FunctionArguments<typeof functions.changeOwner>
export type ChangeOwnerReturn = FunctionReturn<typeof functions.changeOwner>

export type ClaimBondsParams = FunctionArguments<typeof functions.claimBonds>
export type ClaimBondsReturn = FunctionReturn<typeof functions.claimBonds>

export type ClaimHashParams = FunctionArguments<typeof functions.claimHash>
export type ClaimHashReturn = FunctionReturn<typeof functions.claimHash>

export type ConsensusParams = FunctionArguments<typeof functions.consensus>
export type ConsensusReturn = FunctionReturn<typeof functions.consensus>

export type IsBondSupportedParams = FunctionArguments<typeof functions.isBondSupported>
export type IsBondSupportedReturn = FunctionReturn<typeof functions.isBondSupported>

export type IsClaimUsedParams = FunctionArguments<typeof functions.isClaimUsed>
export type IsClaimUsedReturn = FunctionReturn<typeof functions.isClaimUsed>

export type IsClaimValidParams = FunctionArguments<typeof functions.isClaimValid>
export type IsClaimValidReturn = FunctionReturn<typeof functions.isClaimValid>

export type IsRecipientValidParams = FunctionArguments<typeof functions.isRecipientValid>
export type IsRecipientValidReturn = FunctionReturn<typeof functions.isRecipientValid>

export type OwnerParams = FunctionArguments<typeof functions.owner>
export type OwnerReturn = FunctionReturn<typeof functions.owner>

export type PoolRevisionParams = FunctionArguments<typeof functions.poolRevision>
export type PoolRevisionReturn = FunctionReturn<typeof functions.poolRevision>

export type RecipientValidationParams = FunctionArguments<typeof functions.recipientValidation>
export type RecipientValidationReturn = FunctionReturn<typeof functions.recipientValidation>

export type RemoveBondParams = FunctionArguments<typeof functions.removeBond>
export type RemoveBondReturn = FunctionReturn<typeof functions.removeBond>

export type SetConsensusParams = FunctionArguments<typeof functions.setConsensus>
export type SetConsensusReturn = FunctionReturn<typeof functions.setConsensus>

export type SetPoolRevisionParams = FunctionArguments<typeof functions.setPoolRevision>
export type SetPoolRevisionReturn = FunctionReturn<typeof functions.setPoolRevision>

export type SetRecipientValidationParams = FunctionArguments<typeof functions.setRecipientValidation>
export type SetRecipientValidationReturn = FunctionReturn<typeof functions.setRecipientValidation>

