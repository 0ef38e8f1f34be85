export enum DepositStatus {
    CREDITED = "CREDITED",
    BELOW_MINIMUM = "BELOW_MINIMUM",
    HELD = "HELD",
    REFUNDED = "REFUNDED",
}
