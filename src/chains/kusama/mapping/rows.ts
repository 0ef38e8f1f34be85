/** The rows one batch of Kusama blocks produces, one list per entity type (the handler writes each with one insert). */
import {
    ClaimRemark, EraPaid, Nomination, PoolDeposit, PoolFee, PoolTransfer, SessionRotation, Slash, StakingChange, StakingReward,
    ValidatorIncentive,
} from '../../../model'

export interface Rows {
    deposits: PoolDeposit[]
    poolTransfers: PoolTransfer[]
    stakingChanges: StakingChange[]
    rewards: StakingReward[]
    validatorIncentives: ValidatorIncentive[]
    slashes: Slash[]
    eraPaids: EraPaid[]
    sessionRotations: SessionRotation[]
    nominations: Nomination[]
    poolFees: PoolFee[]
    claimRemarks: ClaimRemark[]
}

export function emptyRows(): Rows {
    return {
        deposits: [], poolTransfers: [], stakingChanges: [], rewards: [], validatorIncentives: [], slashes: [], eraPaids: [],
        sessionRotations: [], nominations: [], poolFees: [], claimRemarks: [],
    }
}

export function rowCount(r: Rows): number {
    return Object.values(r).reduce((n, xs) => n + xs.length, 0)
}
