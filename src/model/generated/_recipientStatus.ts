export enum RecipientStatus {
    VALID = "VALID",
    INVALID_RECIPIENT = "INVALID_RECIPIENT",
}
