export enum PoolTransferKind {
    INTERNAL = "INTERNAL",
    INFLOW = "INFLOW",
    OUTFLOW = "OUTFLOW",
}
