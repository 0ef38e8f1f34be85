export enum ClaimRemarkStatus {
    ISSUED = "ISSUED",
    REFUSED = "REFUSED",
}
