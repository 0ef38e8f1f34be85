export enum BurnRevision {
    R0 = "R0",
    R1 = "R1",
}
