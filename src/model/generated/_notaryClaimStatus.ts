export enum NotaryClaimStatus {
    ACTIVE = "ACTIVE",
    CLAIMED = "CLAIMED",
    EXPIRED = "EXPIRED",
}
