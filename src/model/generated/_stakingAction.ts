export enum StakingAction {
    BONDED = "BONDED",
    UNBONDED = "UNBONDED",
    WITHDRAWN = "WITHDRAWN",
}
