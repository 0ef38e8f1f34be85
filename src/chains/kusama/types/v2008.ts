import {sts, Result, Option, Bytes, BitSequence} from './support'

export interface ActiveEraInfo {
    index: EraIndex
    start?: (Moment | undefined)
}

export type Moment = bigint

export type EraIndex = number

export const ActiveEraInfo: sts.Type<ActiveEraInfo> = sts.struct(() => {
    return  {
        index: EraIndex,
        start: sts.option(() => Moment),
    }
})

export const Moment = sts.bigint()

export interface StakingLedger {
    stash: AccountId
    total: bigint
    active: bigint
    unlocking: UnlockChunk[]
    claimedRewards: EraIndex[]
}

export interface UnlockChunk {
    value: bigint
    era: number
}

export const StakingLedger: sts.Type<StakingLedger> = sts.struct(() => {
    return  {
        stash: AccountId,
        total: sts.bigint(),
        active: sts.bigint(),
        unlocking: sts.array(() => UnlockChunk),
        claimedRewards: sts.array(() => EraIndex),
    }
})

export const UnlockChunk: sts.Type<UnlockChunk> = sts.struct(() => {
    return  {
        value: sts.bigint(),
        era: sts.number(),
    }
})

export type AccountId = Bytes

export interface AccountInfo {
    nonce: Index
    refcount: RefCount
    data: AccountData
}

export interface AccountData {
    free: Balance
    reserved: Balance
    miscFrozen: Balance
    feeFrozen: Balance
}

export type Balance = bigint

export type RefCount = number

export type Index = number

export const AccountInfo: sts.Type<AccountInfo> = sts.struct(() => {
    return  {
        nonce: Index,
        refcount: RefCount,
        data: AccountData,
    }
})

export const AccountData: sts.Type<AccountData> = sts.struct(() => {
    return  {
        free: Balance,
        reserved: Balance,
        miscFrozen: Balance,
        feeFrozen: Balance,
    }
})

export const RefCount = sts.number()

export const Index = sts.number()

export const LookupSource = sts.bytes()

export const EraIndex = sts.number()

export const Balance = sts.bigint()

export const AccountId = sts.bytes()
