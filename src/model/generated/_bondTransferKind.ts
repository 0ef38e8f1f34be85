export enum BondTransferKind {
    MINT = "MINT",
    BURN = "BURN",
    TRANSFER = "TRANSFER",
}
